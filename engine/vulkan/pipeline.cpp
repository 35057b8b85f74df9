// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/pipeline.h"

#include "engine/core/error.h"
#include "engine/vulkan/shader_registry.h"

namespace hearth::vk {

namespace {
constexpr uint32_t kMaxPushConstantBytes = 128; // the minimum every Vulkan device guarantees
}

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
    const VkDevice dev = device.handle();

    std::vector<VkDescriptorSetLayoutBinding> slots(bindings_);
    for (uint32_t i = 0; i < bindings_; ++i) {
        slots[i].binding = i;
        slots[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        slots[i].descriptorCount = 1;
        slots[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo setInfo{};
    setInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    setInfo.bindingCount = bindings_;
    setInfo.pBindings = slots.data();
    check(vkCreateDescriptorSetLayout(dev, &setInfo, nullptr, &setLayout_),
          ("creating the descriptor layout of shader " + name_).c_str());

    VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, pushBytes_};
    VkPipelineLayoutCreateInfo layoutInfo{};
    layoutInfo.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    layoutInfo.setLayoutCount = 1;
    layoutInfo.pSetLayouts = &setLayout_;
    layoutInfo.pushConstantRangeCount = pushBytes_ > 0 ? 1 : 0;
    layoutInfo.pPushConstantRanges = &push;
    check(vkCreatePipelineLayout(dev, &layoutInfo, nullptr, &layout_),
          ("creating the pipeline layout of shader " + name_).c_str());

    VkShaderModuleCreateInfo moduleInfo{};
    moduleInfo.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
    moduleInfo.codeSize = blob->words * sizeof(uint32_t);
    moduleInfo.pCode = blob->code;
    VkShaderModule module = VK_NULL_HANDLE;
    check(vkCreateShaderModule(dev, &moduleInfo, nullptr, &module),
          ("loading shader " + name_).c_str());

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
    check(r, ("creating the pipeline of shader " + name_).c_str());
}

Pipeline::~Pipeline() {
    const VkDevice dev = device_.handle();
    if (pipeline_ != VK_NULL_HANDLE) {
        vkDestroyPipeline(dev, pipeline_, nullptr);
    }
    if (layout_ != VK_NULL_HANDLE) {
        vkDestroyPipelineLayout(dev, layout_, nullptr);
    }
    if (setLayout_ != VK_NULL_HANDLE) {
        vkDestroyDescriptorSetLayout(dev, setLayout_, nullptr);
    }
}

VkDescriptorSet Pipeline::makeDescriptorSet(std::span<const BufferBinding> buffers) const {
    if (buffers.size() != bindings_) {
        throw Error("shader " + name_ + " takes " + std::to_string(bindings_) + " buffers, not " +
                    std::to_string(buffers.size()));
    }
    return device_.allocateDescriptorSet(setLayout_, buffers);
}

} // namespace hearth::vk
