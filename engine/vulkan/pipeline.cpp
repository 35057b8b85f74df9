// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/pipeline.h"

#include "engine/core/error.h"
#include "engine/vulkan/kernel_params.h"
#include "engine/vulkan/shader_registry.h"

namespace hearth::vk {

Pipeline::Pipeline(Device& device, const PipelineDesc& desc, VkPipelineCache cache)
    : device_(device), name_(desc.shader), bindings_(desc.bindings),
      pushBytes_(desc.pushConstantBytes) {
    const ShaderBlob* blob = findShader(desc.shader);
    if (!blob) {
        throw Error("shader \"" + name_ + "\" is not built into this Hearth");
    }
    if (pushBytes_ > kMaxPushConstantBytes) {
        throw Error("shader \"" + name_ + "\": push constants exceed 128 bytes");
    }
    if (!desc.specialization.empty()) {
        workgroupSize_ = desc.specialization[0];
        const DeviceInfo& info = device.info();
        if (workgroupSize_ == 0 || workgroupSize_ > info.maxComputeWorkGroupInvocations ||
            workgroupSize_ > info.maxComputeWorkGroupSizeX) {
            throw Error("shader \"" + name_ + "\": workgroup size " +
                        std::to_string(workgroupSize_) + " is not supported by \"" + info.name +
                        "\" (at most " + std::to_string(info.maxComputeWorkGroupInvocations) + ")");
        }
    }
    const VkDevice dev = device.handle();
    const VkDescriptorSetLayout setLayout = device.storageSetLayout(bindings_);

    VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, pushBytes_};
    VkPipelineLayoutCreateInfo layoutInfo{};
    layoutInfo.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    layoutInfo.setLayoutCount = 1;
    layoutInfo.pSetLayouts = &setLayout;
    layoutInfo.pushConstantRangeCount = pushBytes_ > 0 ? 1 : 0;
    layoutInfo.pPushConstantRanges = &push;
    check(vkCreatePipelineLayout(dev, &layoutInfo, nullptr, &layout_),
          ("creating the pipeline layout of shader " + name_).c_str());

    VkShaderModuleCreateInfo moduleInfo{};
    moduleInfo.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
    moduleInfo.codeSize = blob->words * sizeof(uint32_t);
    moduleInfo.pCode = blob->code;
    VkShaderModule module = VK_NULL_HANDLE;
    const VkResult mr = vkCreateShaderModule(dev, &moduleInfo, nullptr, &module);
    if (mr != VK_SUCCESS) {
        vkDestroyPipelineLayout(dev, layout_, nullptr);
        layout_ = VK_NULL_HANDLE;
        check(mr, ("loading shader " + name_).c_str());
    }

    std::vector<VkSpecializationMapEntry> entries(desc.specialization.size());
    for (uint32_t i = 0; i < entries.size(); ++i) {
        entries[i] = {i, static_cast<uint32_t>(i * sizeof(uint32_t)), sizeof(uint32_t)};
    }
    VkSpecializationInfo spec{};
    spec.mapEntryCount = static_cast<uint32_t>(entries.size());
    spec.pMapEntries = entries.data();
    spec.dataSize = desc.specialization.size() * sizeof(uint32_t);
    spec.pData = desc.specialization.data();

    VkComputePipelineCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
    info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = module;
    info.stage.pName = "main";
    info.stage.pSpecializationInfo = entries.empty() ? nullptr : &spec;
    info.layout = layout_;
    const VkResult r = vkCreateComputePipelines(dev, cache, 1, &info, nullptr, &pipeline_);
    vkDestroyShaderModule(dev, module, nullptr);
    if (r != VK_SUCCESS) {
        vkDestroyPipelineLayout(dev, layout_, nullptr);
        layout_ = VK_NULL_HANDLE;
        pipeline_ = VK_NULL_HANDLE;
        check(r, ("creating the pipeline of shader " + name_).c_str());
    }
}

Pipeline::~Pipeline() {
    const VkDevice dev = device_.handle();
    if (pipeline_ != VK_NULL_HANDLE) {
        vkDestroyPipeline(dev, pipeline_, nullptr);
    }
    if (layout_ != VK_NULL_HANDLE) {
        vkDestroyPipelineLayout(dev, layout_, nullptr);
    }
}

VkDescriptorSet Pipeline::makeDescriptorSet(std::span<const BufferBinding> buffers) const {
    if (buffers.size() != bindings_) {
        throw Error("shader " + name_ + " takes " + std::to_string(bindings_) + " buffers, not " +
                    std::to_string(buffers.size()));
    }
    return device_.allocateDescriptorSet(buffers);
}

} // namespace hearth::vk
