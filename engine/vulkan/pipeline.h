// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/device.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::vk {

/// How to build a compute pipeline from an embedded shader variant.
struct PipelineDesc {
    std::string_view shader;              ///< variant name in the shader registry
    uint32_t bindings = 0;                ///< storage buffers at bindings 0..n-1
    uint32_t pushConstantBytes = 0;       ///< size of the push-constant block (<= 128)
    std::vector<uint32_t> specialization; ///< values of constant_id 0..n-1
};

/// A compute pipeline with its descriptor-set and pipeline layouts. Move-only.
class Pipeline {
public:
    /// Throws hearth::Error naming the shader when it is missing or the driver rejects it.
    Pipeline(Device& device, const PipelineDesc& desc, VkPipelineCache cache = VK_NULL_HANDLE);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    const std::string& name() const { return name_; }
    VkPipeline handle() const { return pipeline_; }
    VkPipelineLayout layout() const { return layout_; }
    VkDescriptorSetLayout setLayout() const { return setLayout_; }
    uint32_t pushConstantBytes() const { return pushBytes_; }

    /// A descriptor set for this pipeline's layout pointing at `buffers` (prepared once, reused).
    VkDescriptorSet makeDescriptorSet(std::span<const BufferBinding> buffers) const;

private:
    Device& device_;
    std::string name_;
    uint32_t bindings_ = 0;
    uint32_t pushBytes_ = 0;
    VkDescriptorSetLayout setLayout_ = VK_NULL_HANDLE;
    VkPipelineLayout layout_ = VK_NULL_HANDLE;
    VkPipeline pipeline_ = VK_NULL_HANDLE;
};

} // namespace hearth::vk
