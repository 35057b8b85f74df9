// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/vulkan_backend.h"

#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/core/paths.h"
#include "engine/core/system.h"
#include "engine/model/model.h"
#include "engine/vulkan/bandwidth.h"
#include "engine/vulkan/device.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/profiler.h"
#include "engine/vulkan/self_test.h"
#include "engine/vulkan/transformer.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

namespace hearth {
namespace {

/// The pipeline cache file for `device`: in `dir` when given (empty: none), else in the user's
/// cache folder unless HEARTH_VK_PIPELINE_CACHE=off.
std::string cacheFileFor(const std::optional<std::string>& dir, const vk::DeviceInfo& device) {
    if (dir) {
        return dir->empty() ? std::string() : vk::pipelineCachePath(*dir, device);
    }
    if (const char* env = std::getenv("HEARTH_VK_PIPELINE_CACHE");
        env && std::string_view(env) == "off") {
        return {};
    }
    const auto base = userCacheDir();
    return base ? vk::pipelineCachePath(*base + "/vulkan", device) : std::string();
}

/// Memory to plan for: the device-local heaps. A CPU implementation of Vulkan (lavapipe) keeps
/// "device" memory in the computer's RAM and reports a heap size of its own choosing (2 GiB), so
/// there half the RAM counts when that is more (an allocation that still fails is reported and
/// the CPU backend is used).
uint64_t memoryBudgetFor(const vk::DeviceInfo& info) {
    uint64_t budget = info.deviceLocalBytes;
    if (info.type == vk::DeviceType::Cpu) {
        budget = std::max(budget, physicalMemoryBytes() / 2);
    }
    return budget;
}

/// The weight types of the model's matrices (what the matrix kernels read), each once.
std::vector<TensorType> matrixTypes(const ModelWeights& w) {
    std::vector<TensorType> types;
    const auto add = [&](const WeightTensor& t) {
        if (t && std::find(types.begin(), types.end(), t.type) == types.end()) {
            types.push_back(t.type);
        }
    };
    add(w.tokenEmbd);
    add(w.output);
    for (const LayerWeights& L : w.layers) {
        for (const WeightTensor* t :
             {&L.wq, &L.wk, &L.wv, &L.wqkv, &L.wo, &L.gate, &L.up, &L.down}) {
            add(*t);
        }
    }
    return types;
}

} // namespace

/// Everything the backend holds, destroyed in reverse order: the forward pass before the
/// pipelines, the pipelines before the device, the device before the instance.
struct VulkanBackend::Impl {
    std::shared_ptr<const void> keepAlive;
    std::unique_ptr<vk::Instance> instance;
    std::unique_ptr<vk::Device> device;
    std::unique_ptr<vk::Kernels> kernels;
    std::unique_ptr<vk::Transformer> transformer;
    std::unique_ptr<vk::Profiler> profiler; ///< while profiling
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
    if (const char* env = std::getenv("HEARTH_VK_KERNELS"); env && !options.portableKernels) {
        vk::applyKernelOverrides(kernelConfig, env);
    }
    if (options.rowKernels) {
        kernelConfig.rowKernels = *options.rowKernels;
    }
    log(LogLevel::Info, "vulkan", "kernels: " + vk::describeKernelConfig(kernelConfig));
    const std::string cacheFile = cacheFileFor(options.pipelineCacheDir, info);
    m.kernels = std::make_unique<vk::Kernels>(*m.device, kernelConfig, cacheFile);

    // Some drivers compute wrong results in some variants: check the matrix kernels this model
    // needs against the CPU on tiny inputs, and fall back to the portable variants.
    const std::vector<TensorType> types = matrixTypes(weights);
    if (const vk::SelfTestResult r = vk::selfTest(*m.kernels, types); !r) {
        log(LogLevel::Warning, "vulkan",
            "the shader variants chosen for \"" + info.name + "\" computed a wrong result (" +
                r.failure + "); using the portable variants");
        vk::KernelConfig portable = vk::portableKernelConfig();
        portable.rowKernels = false;
        m.kernels = std::make_unique<vk::Kernels>(*m.device, portable, cacheFile);
        if (const vk::SelfTestResult again = vk::selfTest(*m.kernels, types); !again) {
            throw Error("the Vulkan driver of \"" + info.name + "\" computes wrong results (" +
                        again.failure + "); use the CPU backend (--backend cpu)");
        }
    }

    vk::TransformerOptions t;
    t.contextSize = options.contextSize ? options.contextSize : config.nCtxTrain;
    t.maxBatch = options.maxBatch;
    t.memoryBudget = options.memoryBudget.value_or(memoryBudgetFor(info));
    t.maxBindingBytes = options.maxBindingBytes;
    t.forceStaging = options.forceStaging;
    t.uploadProgress = options.uploadProgress;
    if (t.contextSize == 0 || t.maxBatch == 0) {
        throw Error("the Vulkan backend needs a context and a batch of at least one token");
    }
    m.transformer = std::make_unique<vk::Transformer>(*m.kernels, config, weights, t);
    m.kernels->pipelineCache().save(); // every pipeline of the model exists now
}

VulkanBackend::VulkanBackend(std::shared_ptr<const Model> model, const VulkanOptions& options)
    : VulkanBackend(model->config(), model->weights(), model, options) {}

VulkanBackend::~VulkanBackend() = default;

std::string VulkanBackend::name() const {
    return impl_->name;
}

std::string VulkanBackend::kernelsDescription() const {
    return vk::describeKernelConfig(impl_->kernels->config());
}

std::string VulkanBackend::pipelineCacheFile() const {
    return impl_->kernels->pipelineCache().path();
}

std::size_t VulkanBackend::pipelineCacheLoadedBytes() const {
    return impl_->kernels->pipelineCache().loadedBytes();
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

bool VulkanBackend::canProfile() const {
    return vk::Profiler::supported(*impl_->device);
}

void VulkanBackend::setProfiling(bool on) {
    Impl& m = *impl_;
    if (on && !m.profiler) {
        m.profiler = std::make_unique<vk::Profiler>(*m.device);
    }
    m.transformer->setProfiler(on ? m.profiler.get() : nullptr);
}

std::vector<vk::ProfileEntry> VulkanBackend::profile() const {
    return impl_->profiler ? impl_->profiler->entries() : std::vector<vk::ProfileEntry>{};
}

void VulkanBackend::clearProfile() {
    if (impl_->profiler) {
        impl_->profiler->clear();
    }
}

vk::CopyBandwidth VulkanBackend::measureBandwidth(uint64_t bufferBytes, int repetitions) {
    return vk::measureCopyBandwidth(*impl_->device, bufferBytes, repetitions);
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
