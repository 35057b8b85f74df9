// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/backend_factory.h"

#include "engine/core/error.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/model/model.h"

namespace hearth {

std::optional<BackendKind> parseBackendKind(const std::string& name) {
    if (name == "vulkan") {
        return BackendKind::Vulkan;
    }
    if (name == "cpu") {
        return BackendKind::Cpu;
    }
    return std::nullopt;
}

std::unique_ptr<Backend> createBackend(const std::shared_ptr<const Model>& model,
                                       const BackendOptions& options) {
    switch (options.kind) {
    case BackendKind::Cpu:
        return std::make_unique<CpuBackend>(model, options.contextSize, options.threads);
    case BackendKind::Vulkan:
        break;
    }
    throw Error("the Vulkan backend is not part of this build");
}

} // namespace hearth
