// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/vulkan_backend.h"

#include "engine/core/error.h"
#include "engine/model/model.h"
#include "engine/vulkan/device.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/transformer.h"

#include <cstdlib>
#include <string>
#include <string_view>

namespace hearth {

/// Everything the backend holds, destroyed in reverse order: the forward pass before the
/// pipelines, the pipelines before the device, the device before the instance.
struct VulkanBackend::Impl {
    std::shared_ptr<const void> keepAlive;
    std::unique_ptr<vk::Instance> instance;
    std::unique_ptr<vk::Device> device;
    std::unique_ptr<vk::Kernels> kernels;
    std::unique_ptr<vk::Transformer> transformer;
    std::string name;
};

VulkanBackend::VulkanBackend(const ModelConfig& config, const ModelWeights& weights,
                             std::shared_ptr<const void> keepAlive, const VulkanOptions& options)
    : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.keepAlive = std::move(keepAlive);
    m.instance = std::make_unique<vk::Instance>();
    m.device = std::make_unique<vk::Device>(*m.instance, m.instance->chooseDevice(options.device));
    const vk::DeviceInfo& info = m.device->info();
    m.name = "vulkan (" + info.name + ")";
    vk::KernelConfig kernelConfig =
        options.portableKernels ? vk::portableKernelConfig() : vk::chooseKernelConfig(info);
    std::optional<bool> rows = options.rowKernels;
    if (const char* env = std::getenv("HEARTH_VK_KERNELS"); env && !rows) {
        const std::string_view v(env);
        if (v != "rows" && v != "tiles") {
            throw Error("HEARTH_VK_KERNELS must be \"rows\" or \"tiles\", not \"" + std::string(v) +
                        "\"");
        }
        rows = v == "rows";
    }
    if (rows) {
        kernelConfig.rowKernels = *rows;
    }
    m.kernels = std::make_unique<vk::Kernels>(*m.device, kernelConfig);

    vk::TransformerOptions t;
    t.contextSize = options.contextSize ? options.contextSize : config.nCtxTrain;
    t.maxBatch = options.maxBatch;
    t.memoryBudget = options.memoryBudget.value_or(info.deviceLocalBytes);
    t.maxBindingBytes = options.maxBindingBytes;
    t.forceStaging = options.forceStaging;
    t.uploadProgress = options.uploadProgress;
    if (t.contextSize == 0 || t.maxBatch == 0) {
        throw Error("the Vulkan backend needs a context and a batch of at least one token");
    }
    m.transformer = std::make_unique<vk::Transformer>(*m.kernels, config, weights, t);
}

VulkanBackend::VulkanBackend(std::shared_ptr<const Model> model, const VulkanOptions& options)
    : VulkanBackend(model->config(), model->weights(), model, options) {}

VulkanBackend::~VulkanBackend() = default;

std::string VulkanBackend::name() const {
    return impl_->name;
}

uint32_t VulkanBackend::contextSize() const {
    return impl_->transformer->contextSize();
}

uint32_t VulkanBackend::maxBatch() const {
    return impl_->transformer->maxBatch();
}

const vk::DeviceInfo& VulkanBackend::device() const {
    return impl_->device->info();
}

void VulkanBackend::forward(std::span<const int32_t> tokens, uint32_t pos, bool allLogits,
                            std::vector<float>& logits) {
    if (impl_->device->lost()) {
        throw vk::DeviceLostError("the GPU stopped responding earlier (Vulkan device lost); the "
                                  "model must be loaded again");
    }
    impl_->transformer->forward(tokens, pos, allLogits, logits);
}

std::unique_ptr<Backend> createVulkanBackend(std::shared_ptr<const Model> model,
                                             const VulkanOptions& options) {
    return std::make_unique<VulkanBackend>(std::move(model), options);
}

} // namespace hearth
