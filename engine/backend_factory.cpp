// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/backend_factory.h"

#include "engine/core/error.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/model/model.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/vulkan_backend.h"

#include <exception>

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

std::optional<std::string> softwareVulkanDevice() {
    try {
        const vk::Instance instance;
        const vk::DeviceInfo& d = instance.devices().at(instance.chooseDevice());
        if (d.type == vk::DeviceType::Cpu) {
            return d.name;
        }
    } catch (const std::exception&) {
        // No loader, no driver or a bad HEARTH_VK_DEVICE: creating the backend will say so.
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
