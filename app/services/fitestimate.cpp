// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/fitestimate.h"

#include "app/services/units.h"
#include "engine/gguf/gguf.h"

#include <algorithm>

namespace hearth::services {
namespace {

qint64 share(qint64 bytes, double fraction) {
    return static_cast<qint64>(static_cast<double>(bytes) * fraction);
}

Architecture architectureFromName(const QString& name) {
    if (name == QLatin1String("qwen2")) {
        return Architecture::Qwen2;
    }
    if (name == QLatin1String("phi3")) {
        return Architecture::Phi3;
    }
    if (name == QLatin1String("gemma")) {
        return Architecture::Gemma;
    }
    if (name == QLatin1String("gemma2")) {
        return Architecture::Gemma2;
    }
    return Architecture::Llama;
}

} // namespace

MemoryBudget budgetForDevice(const vk::DeviceInfo* device, qint64 systemBytes) {
    MemoryBudget b;
    b.systemBytes = systemBytes;
    b.cpuUsableBytes = share(systemBytes, kCpuShare);
    if (device == nullptr || device->type == vk::DeviceType::Cpu) {
        b.kind = MemoryKind::Cpu;
        b.usableBytes = b.cpuUsableBytes;
        return b;
    }
    b.deviceName = QString::fromStdString(device->name);
    b.deviceBytes = static_cast<qint64>(device->deviceLocalBytes);
    const bool integrated = device->type == vk::DeviceType::Integrated || device->unifiedMemory;
    if (integrated) {
        b.kind = MemoryKind::IntegratedGpu;
        const qint64 systemShare = share(systemBytes, kIntegratedShare);
        b.usableBytes = systemBytes > 0 ? std::min(b.deviceBytes, systemShare) : b.deviceBytes;
    } else {
        b.kind = MemoryKind::DiscreteGpu;
        b.usableBytes = b.deviceBytes;
    }
    return b;
}

MemoryBudget budgetFromInventory(const GpuInventory& inventory, int index, qint64 systemBytes) {
    const int chosen = index >= 0 ? index : inventory.preferred;
    if (chosen < 0 || chosen >= static_cast<int>(inventory.devices.size())) {
        return budgetForDevice(nullptr, systemBytes);
    }
    return budgetForDevice(&inventory.devices[static_cast<std::size_t>(chosen)], systemBytes);
}

FitEstimate judgeFit(const MemoryEstimate& need, const MemoryBudget& budget) {
    FitEstimate f;
    f.need = need;
    f.usableBytes = budget.usableBytes;
    f.onCpu = budget.kind == MemoryKind::Cpu;
    const auto total = static_cast<qint64>(need.total());
    if (total <= share(budget.usableBytes, kFitsShare)) {
        f.verdict = FitVerdict::Fits;
    } else if (total <= budget.usableBytes) {
        f.verdict = FitVerdict::Tight;
    } else {
        f.verdict = FitVerdict::TooBig;
        f.fitsOnCpu = !f.onCpu && total <= budget.cpuUsableBytes;
    }
    return f;
}

uint32_t effectiveContext(int requested, int trained) {
    const int wanted = requested > 0 ? requested : trained;
    const int ctx = trained > 0 ? std::min(wanted, trained) : wanted;
    return static_cast<uint32_t>(std::max(ctx, 1));
}

ModelConfig configFromCatalog(const CatalogEntry& entry) {
    ModelConfig c;
    c.arch = architectureFromName(entry.architecture);
    c.name = entry.name.toStdString();
    c.nVocab = entry.shape.vocab;
    c.nCtxTrain = static_cast<uint32_t>(entry.contextLength);
    c.nEmbd = entry.shape.embedding;
    c.nLayer = entry.shape.layers;
    c.nHead = entry.shape.heads;
    c.nHeadKv = entry.shape.kvHeads;
    c.headDim = entry.shape.headDim;
    c.headDimV = entry.shape.headDim;
    c.nFf = entry.shape.feedForward;
    c.nRot = entry.shape.headDim;
    return c;
}

MemoryEstimate estimateCatalogFile(const CatalogEntry& entry, const CatalogFile& file,
                                   int contextLength) {
    return estimateMemory(configFromCatalog(entry), static_cast<uint64_t>(file.sizeBytes),
                          effectiveContext(contextLength, entry.contextLength));
}

MemoryEstimate estimateModelFile(const QString& path, int contextLength) {
    const auto file = gguf::File::open(path.toStdString());
    const ModelConfig config = readModelConfig(*file);
    uint64_t weights = 0;
    for (const gguf::TensorInfo& t : file->tensors()) {
        weights += t.bytes;
    }
    return estimateMemory(config, weights,
                          effectiveContext(contextLength, static_cast<int>(config.nCtxTrain)));
}

QString describeFit(const FitEstimate& fit, const MemoryBudget& budget) {
    const QString numbers =
        QStringLiteral("needs %1 of %2")
            .arg(formatBytes(static_cast<qint64>(fit.need.total())), formatBytes(fit.usableBytes));
    if (fit.onCpu) {
        switch (fit.verdict) {
        case FitVerdict::Fits:
            return QStringLiteral("fits in memory (%1); runs on the CPU").arg(numbers);
        case FitVerdict::Tight:
            return QStringLiteral("tight in memory (%1); runs on the CPU").arg(numbers);
        case FitVerdict::TooBig:
            return QStringLiteral("too big for this computer (%1)").arg(numbers);
        }
    }
    const QString device =
        budget.deviceName.isEmpty() ? QStringLiteral("the GPU") : budget.deviceName;
    switch (fit.verdict) {
    case FitVerdict::Fits:
        return QStringLiteral("fits on %1 (%2)").arg(device, numbers);
    case FitVerdict::Tight:
        return QStringLiteral("tight on %1 (%2)").arg(device, numbers);
    case FitVerdict::TooBig:
        break;
    }
    return fit.fitsOnCpu
               ? QStringLiteral("too big for %1 (%2); runs on the CPU").arg(device, numbers)
               : QStringLiteral("too big for this computer (%1)").arg(numbers);
}

QString fitVerdictName(FitVerdict verdict) {
    switch (verdict) {
    case FitVerdict::Fits:
        return QStringLiteral("fits");
    case FitVerdict::Tight:
        return QStringLiteral("tight");
    case FitVerdict::TooBig:
        break;
    }
    return QStringLiteral("too-big");
}

} // namespace hearth::services
