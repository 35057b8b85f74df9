// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/catalog.h"
#include "app/services/gpudevices.h"
#include "engine/model/config.h"
#include "engine/model/memory.h"

#include <QString>

namespace hearth::services {

// "Fits your GPU" compares what a model needs (weights + KV cache at the chosen context +
// scratch, engine/model/memory.h) with the memory it may use on the selected device:
//  - a discrete GPU: its device-local memory (VRAM);
//  - an integrated GPU (or any device whose device-local heap is host-visible, i.e. unified
//    memory): the smaller of that heap and kIntegratedShare of the system memory, because the
//    GPU borrows system memory that the rest of the computer needs too;
//  - no GPU, or a CPU-only Vulkan driver (llvmpipe): kCpuShare of the system memory, and the
//    verdict says the model runs on the CPU.
// Up to kFitsShare of that budget is "fits", up to all of it "tight" (it loads, with little
// left for other programs), more is "too big". A model too big for the GPU that fits the CPU
// budget "runs on the CPU" instead.

/// Share of the budget a model may take and still be called a fit.
inline constexpr double kFitsShare = 0.85;
/// Share of the system memory an integrated GPU may use.
inline constexpr double kIntegratedShare = 0.5;
/// Share of the system memory a model run on the CPU may use.
inline constexpr double kCpuShare = 0.75;

/// Where the model's memory would be.
enum class MemoryKind { DiscreteGpu, IntegratedGpu, Cpu };

/// The memory a model may use on the chosen device.
struct MemoryBudget {
    MemoryKind kind = MemoryKind::Cpu;
    QString deviceName;        ///< the GPU's name; empty for the CPU
    qint64 deviceBytes = 0;    ///< device-local memory of the GPU (0 for the CPU)
    qint64 systemBytes = 0;    ///< physical memory of the computer
    qint64 usableBytes = 0;    ///< what a model may take on this device (rules above)
    qint64 cpuUsableBytes = 0; ///< what a model may take when it runs on the CPU instead
};

/// The three answers of "fits your GPU".
enum class FitVerdict { Fits, Tight, TooBig };

/// A verdict with its numbers.
struct FitEstimate {
    FitVerdict verdict = FitVerdict::TooBig;
    MemoryEstimate need;    ///< what the model needs
    qint64 usableBytes = 0; ///< the budget it was compared with
    bool onCpu = false;     ///< the budget is the CPU's (no GPU)
    bool fitsOnCpu = false; ///< too big for the GPU, but within the CPU budget
};

/// The budget of `device` (nullptr: no usable GPU, run on the CPU).
MemoryBudget budgetForDevice(const vk::DeviceInfo* device, qint64 systemBytes);
/// The budget of device `index` of `inventory` (-1: the one Hearth would choose).
MemoryBudget budgetFromInventory(const GpuInventory& inventory, int index, qint64 systemBytes);

/// Compares a need with a budget.
FitEstimate judgeFit(const MemoryEstimate& need, const MemoryBudget& budget);

/// The context actually used: the requested one, at most what the model was trained for.
uint32_t effectiveContext(int requested, int trained);

/// The configuration a catalog model's GGUF will have (from its shape).
ModelConfig configFromCatalog(const CatalogEntry& entry);
/// What a catalog file needs at `contextLength` (weights taken as the file size).
MemoryEstimate estimateCatalogFile(const CatalogEntry& entry, const CatalogFile& file,
                                   int contextLength);
/// What a GGUF file needs at `contextLength`, from its header. Throws hearth::Error.
MemoryEstimate estimateModelFile(const QString& path, int contextLength);

/// One line for people: "fits: needs 1.1 GB of 4.0 GB on NVIDIA …", "too big for this GPU
/// (needs 9.2 GB of 4.0 GB); runs on the CPU", "fits in memory; runs on the CPU".
QString describeFit(const FitEstimate& fit, const MemoryBudget& budget);
/// "fits", "tight" or "too-big".
QString fitVerdictName(FitVerdict verdict);

} // namespace hearth::services
