// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/device.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::vk {

/// How to build a compute pipeline from an embedded shader variant.
struct PipelineDesc {
    std::string_view shader;              ///< variant name in the shader registry
    uint32_t bindings = 0;                ///< storage buffers at bindings 0..n-1
    uint32_t pushConstantBytes = 0;       ///< size of the push-constant block (<= 128)
    std::vector<uint32_t> specialization; ///< values of constant_id 0..n-1; 0 is the workgroup size
};

/// A compute pipeline and its layout. Its descriptor-set layout is the device's shared layout
/// for its number of buffers, so descriptor sets are interchangeable between pipelines that take
/// the same number of buffers. Not copyable.
class Pipeline {
public:
    /// Throws hearth::Error naming the shader when it is missing, its workgroup size exceeds the
    /// device's limits, or the driver fails to create it.
    Pipeline(Device& device, const PipelineDesc& desc, VkPipelineCache cache = VK_NULL_HANDLE);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    const std::string& name() const { return name_; }
    VkPipeline handle() const { return pipeline_; }
    VkPipelineLayout layout() const { return layout_; }
    uint32_t bindings() const { return bindings_; }
    uint32_t pushConstantBytes() const { return pushBytes_; }
    /// Invocations per workgroup (specialization constant 0).
    uint32_t workgroupSize() const { return workgroupSize_; }

    /// A descriptor set pointing at `buffers` (prepared once, reused for every dispatch).
    VkDescriptorSet makeDescriptorSet(std::span<const BufferBinding> buffers) const;

private:
    Device& device_;
    std::string name_;
    uint32_t bindings_ = 0;
    uint32_t pushBytes_ = 0;
    uint32_t workgroupSize_ = 1;
    VkPipelineLayout layout_ = VK_NULL_HANDLE;
    VkPipeline pipeline_ = VK_NULL_HANDLE;
};

} // namespace hearth::vk
