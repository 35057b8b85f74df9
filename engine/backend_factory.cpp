// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/backend_factory.h"

#include "engine/core/error.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/model/model.h"
#include "engine/vulkan/vulkan_backend.h"

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
    case BackendKind::Vulkan: {
        VulkanOptions v;
        v.contextSize = options.contextSize;
        v.device = options.device;
        v.uploadProgress = options.progress;
        return std::make_unique<VulkanBackend>(model, v);
    }
    }
    throw Error("unknown backend");
}

} // namespace hearth
