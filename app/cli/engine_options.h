// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/args.h"
#include "engine/backend.h"
#include "engine/sampling/sampler.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace hearth {
class Model;
}

namespace hearth::cli {

/// The options every engine command shares: the model file and where it runs.
struct EngineOptions {
    std::string model;                   ///< -m / --model
    std::optional<uint32_t> contextSize; ///< --ctx / -c
    std::string backend = "vulkan";      ///< --backend vulkan|cpu
    std::optional<uint32_t> device;      ///< --device N
    unsigned threads = 0;                ///< --threads N (CPU backend)
};

/// Reads -m, --ctx/-c (when `contextFlagC`, `-c` means the context), --backend, --device,
/// --threads from `args`. Without `modelRequired`, -m may be absent (model stays empty).
EngineOptions parseEngineOptions(Args& args, bool contextFlagC = false, bool modelRequired = true);

/// Reads --temp, --top-k, --top-p, --min-p, --repeat-penalty, --repeat-last-n, --seed.
SamplingParams parseSamplingOptions(Args& args);

/// Loads the model (one-line errors as hearth::Error).
std::shared_ptr<const Model> loadModel(const EngineOptions& options);

/// Creates the requested backend; Vulkan shows upload progress on stderr when it is a terminal.
/// With --backend vulkan and no usable Vulkan device, says so on stderr and uses the CPU.
std::unique_ptr<Backend> createBackend(const EngineOptions& options,
                                       const std::shared_ptr<const Model>& model,
                                       uint32_t contextSize);

/// The context size to use: --ctx if given, else min(training context, `fallback`).
uint32_t chooseContextSize(const EngineOptions& options, const Model& model, uint32_t fallback);

} // namespace hearth::cli
