// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/backend.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"
#include "engine/vulkan/profile.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace hearth {

class Model;

namespace vk {
struct DeviceInfo;
}

/// How to create a VulkanBackend.
struct VulkanOptions {
    uint32_t contextSize = 0;       ///< KV-cache positions; 0 means the model's training context
    std::optional<uint32_t> device; ///< Vulkan device index; default HEARTH_VK_DEVICE, then the
                                    ///< best device (discrete, integrated, ..., CPU)
    uint32_t maxBatch = 256;        ///< tokens per forward() at most (less if buffers are limited)
    /// Called while the weights are copied to the device: bytes done, bytes in all.
    std::function<void(uint64_t done, uint64_t total)> uploadProgress;
    /// Device memory to plan for instead of the device's size (tests simulate a small GPU).
    std::optional<uint64_t> memoryBudget;
    /// Largest range of one weight binding instead of maxStorageBufferRange (tests force tensors
    /// to be split across bindings).
    std::optional<uint64_t> maxBindingBytes;
    bool forceStaging = false;    ///< upload through staging even on unified memory (tests)
    bool portableKernels = false; ///< only the shader variants that need no optional feature
    /// Matrix products by the row kernels (true) or the tiled ones (false) instead of the
    /// device's choice (it wins over HEARTH_VK_KERNELS, which also forces decode variants: see
    /// vk::applyKernelOverrides).
    std::optional<bool> rowKernels;
    /// Folder of the compiled-pipeline cache file (an empty string: no file). Default: the
    /// "vulkan" folder in userCacheDir(), unless HEARTH_VK_PIPELINE_CACHE=off.
    std::optional<std::string> pipelineCacheDir;
};

/// The transformer on a Vulkan device: weights uploaded once in their stored (quantized) types,
/// an f16 KV cache, activations in float32, and every forward() recorded into one command buffer
/// whose only output read back is the logits. Computes the same function as CpuBackend.
///
/// Construction throws hearth::Error with a message for the user when there is no Vulkan loader,
/// driver or device (the caller falls back to the CPU backend), when the model does not fit the
/// device's memory (saying how much it needs and has), or when a shader cannot be built (naming
/// it). forward() throws hearth::Error when the device is lost; the object stays safe to destroy
/// and every later forward() throws the same error.
class VulkanBackend : public Backend {
public:
    /// `keepAlive` owns the memory `weights` point into (the mapped GGUF file); weights are copied
    /// to the device during construction, so it is only held for the backend's lifetime.
    VulkanBackend(const ModelConfig& config, const ModelWeights& weights,
                  std::shared_ptr<const void> keepAlive, const VulkanOptions& options = {});
    VulkanBackend(std::shared_ptr<const Model> model, const VulkanOptions& options = {});
    ~VulkanBackend() override;
    VulkanBackend(const VulkanBackend&) = delete;
    VulkanBackend& operator=(const VulkanBackend&) = delete;

    /// "vulkan (<device name>)"
    std::string name() const override;
    /// The compiled-pipeline cache file (empty: none) and the bytes this start took from it.
    std::string pipelineCacheFile() const;
    /// The shader variants in use, e.g. "tiles, 16-bit storage, integer dot products".
    std::string kernelsDescription() const;
    std::size_t pipelineCacheLoadedBytes() const;
    uint32_t contextSize() const override;
    uint32_t maxBatch() const override;
    void forward(std::span<const int32_t> tokens, uint32_t pos, bool allLogits,
                 std::vector<float>& logits) override;

    /// The device the backend runs on.
    const vk::DeviceInfo& device() const;

    /// Whether the device can time commands (timestamp queries on its compute queue).
    bool canProfile() const;
    /// Times every command of later forward() calls (summed per shader variant) or stops.
    /// Throws hearth::Error when the device cannot time commands.
    void setProfiling(bool on);
    /// The times summed since profiling started or clearProfile(), the longest first.
    std::vector<vk::ProfileEntry> profile() const;
    void clearProfile();
    /// Measures the device's memory bandwidth with a buffer copy (see measureCopyBandwidth).
    vk::CopyBandwidth measureBandwidth(uint64_t bufferBytes, int repetitions);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The factory the session and the CLI use: a VulkanBackend for `model`. Throws hearth::Error
/// (the caller may then fall back to the CPU backend, showing the message).
std::unique_ptr<Backend> createVulkanBackend(std::shared_ptr<const Model> model,
                                             const VulkanOptions& options = {});

} // namespace hearth
