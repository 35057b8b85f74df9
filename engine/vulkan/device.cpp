// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/device.h"

#include "engine/core/error.h"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>

namespace hearth::vk {
namespace {

constexpr uint32_t kSetsPerPool = 1024;
constexpr uint32_t kBuffersPerPool = 8192;

/// HEARTH_VK_FAULT=device-lost: the next submission fails as if the GPU had been lost.
bool deviceLossInjected() {
    const char* fault = std::getenv("HEARTH_VK_FAULT");
    return fault && std::string_view(fault) == "device-lost";
}

/// VK_KHR_portability_subset (a provisional extension, so its macro needs VK_ENABLE_BETA).
constexpr const char* kPortabilitySubset = "VK_KHR_portability_subset";

constexpr const char* kLostMessage =
    "the GPU stopped responding (Vulkan device lost); the model must be loaded again";

} // namespace

Device::Device(const Instance& instance, uint32_t index)
    : physical_(instance.physicalDevice(index)), info_(instance.devices().at(index)) {
    vkGetPhysicalDeviceMemoryProperties(physical_, &memory_);

    uint32_t familyCount = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &familyCount, nullptr);
    std::vector<VkQueueFamilyProperties> families(familyCount);
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &familyCount, families.data());
    bool found = false;
    // Prefer a compute-only family (often an async compute queue), else any with compute.
    for (int pass = 0; pass < 2 && !found; ++pass) {
        for (uint32_t i = 0; i < familyCount; ++i) {
            const VkQueueFlags f = families[i].queueFlags;
            const bool compute = f & VK_QUEUE_COMPUTE_BIT;
            const bool graphics = f & VK_QUEUE_GRAPHICS_BIT;
            if (compute && (pass == 1 || !graphics)) {
                queueFamily_ = i;
                found = true;
                break;
            }
        }
    }
    if (!found) {
        throw Error("Vulkan device \"" + info_.name + "\" has no compute queue");
    }

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queueInfo{};
    queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    queueInfo.queueFamilyIndex = queueFamily_;
    queueInfo.queueCount = 1;
    queueInfo.pQueuePriorities = &priority;

    // Enable what the device has of the optional features; shader variants check DeviceInfo.
    const bool v12 = info_.apiVersion >= VK_API_VERSION_1_2;
    VkPhysicalDeviceFeatures2 features{};
    features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
    VkPhysicalDevice16BitStorageFeatures s16{};
    s16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
    s16.storageBuffer16BitAccess = info_.storage16Bit;
    features.pNext = &s16;
    void** tail = &s16.pNext;
    std::vector<const char*> extensions;
    VkPhysicalDevice8BitStorageFeatures s8{};
    s8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES;
    s8.storageBuffer8BitAccess = info_.storage8Bit;
    VkPhysicalDeviceShaderFloat16Int8Features f16{};
    f16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES;
    f16.shaderFloat16 = info_.fp16Arithmetic;
    f16.shaderInt8 = info_.int8Arithmetic;
    if (info_.storage8Bit) {
        *tail = &s8;
        tail = &s8.pNext;
        if (!v12) {
            extensions.push_back(VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
        }
    }
    if (info_.fp16Arithmetic || info_.int8Arithmetic) {
        *tail = &f16;
        tail = &f16.pNext;
        if (!v12) {
            extensions.push_back(VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
        }
    }
    VkPhysicalDeviceSubgroupSizeControlFeatures sizeControl{};
    sizeControl.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_FEATURES;
    sizeControl.subgroupSizeControl = VK_TRUE;
    sizeControl.computeFullSubgroups = VK_TRUE;
    if (info_.subgroupSizeControl) {
        *tail = &sizeControl;
        tail = &sizeControl.pNext;
        if (info_.apiVersion < VK_API_VERSION_1_3) {
            extensions.push_back(VK_EXT_SUBGROUP_SIZE_CONTROL_EXTENSION_NAME);
        }
    }
    VkPhysicalDeviceShaderIntegerDotProductFeatures dot{};
    dot.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES;
    dot.shaderIntegerDotProduct = VK_TRUE;
    if (info_.integerDotProduct) {
        *tail = &dot;
        tail = &dot.pNext;
        if (info_.apiVersion < VK_API_VERSION_1_3) {
            extensions.push_back(VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
        }
    }
    // Devices layered over another API (MoltenVK on macOS) must have their portability subset
    // enabled when they expose it.
    {
        uint32_t count = 0;
        vkEnumerateDeviceExtensionProperties(physical_, nullptr, &count, nullptr);
        std::vector<VkExtensionProperties> available(count);
        vkEnumerateDeviceExtensionProperties(physical_, nullptr, &count, available.data());
        for (uint32_t i = 0; i < count; ++i) {
            if (std::strcmp(available[i].extensionName, kPortabilitySubset) == 0) {
                extensions.push_back(kPortabilitySubset);
            }
        }
    }
    VkPhysicalDeviceFeatures available{};
    vkGetPhysicalDeviceFeatures(physical_, &available);
    features.features.shaderInt16 = available.shaderInt16;
    features.features.shaderInt64 = available.shaderInt64;

    VkDeviceCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    info.pNext = &features;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queueInfo;
    info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    check(vkCreateDevice(physical_, &info, nullptr, &device_),
          ("creating a logical device on \"" + info_.name + "\"").c_str());
    vkGetDeviceQueue(device_, queueFamily_, 0, &queue_);

    VkCommandPoolCreateInfo poolInfo{};
    poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    poolInfo.queueFamilyIndex = queueFamily_;
    check(vkCreateCommandPool(device_, &poolInfo, nullptr, &commandPool_),
          "creating a command pool");

    VkFenceCreateInfo fenceInfo{};
    fenceInfo.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    check(vkCreateFence(device_, &fenceInfo, nullptr, &fence_), "creating a fence");
}

Device::~Device() {
    if (device_ == VK_NULL_HANDLE) {
        return;
    }
    // On a lost device this reports VK_ERROR_DEVICE_LOST; destroying objects is still valid.
    vkDeviceWaitIdle(device_);
    for (const auto& [count, layout] : setLayouts_) {
        vkDestroyDescriptorSetLayout(device_, layout, nullptr);
    }
    for (VkDescriptorPool pool : descriptorPools_) {
        vkDestroyDescriptorPool(device_, pool, nullptr);
    }
    vkDestroyFence(device_, fence_, nullptr);
    vkDestroyCommandPool(device_, commandPool_, nullptr);
    vkDestroyDevice(device_, nullptr);
}

uint32_t Device::findMemoryType(uint32_t typeBits, VkMemoryPropertyFlags required,
                                VkMemoryPropertyFlags preferred) const {
    uint32_t fallback = std::numeric_limits<uint32_t>::max();
    for (uint32_t i = 0; i < memory_.memoryTypeCount; ++i) {
        if (!(typeBits & (1u << i))) {
            continue;
        }
        const VkMemoryPropertyFlags f = memory_.memoryTypes[i].propertyFlags;
        if ((f & required) != required) {
            continue;
        }
        if ((f & preferred) == preferred) {
            return i;
        }
        if (fallback == std::numeric_limits<uint32_t>::max()) {
            fallback = i;
        }
    }
    if (fallback == std::numeric_limits<uint32_t>::max()) {
        throw Error("Vulkan device \"" + info_.name + "\" has no suitable memory type");
    }
    return fallback;
}

VkDescriptorPool Device::newDescriptorPool() {
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kBuffersPerPool};
    VkDescriptorPoolCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    info.maxSets = kSetsPerPool;
    info.poolSizeCount = 1;
    info.pPoolSizes = &size;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    check(vkCreateDescriptorPool(device_, &info, nullptr, &pool), "creating a descriptor pool");
    descriptorPools_.push_back(pool);
    return pool;
}

VkDescriptorSetLayout Device::storageSetLayout(uint32_t bindings) {
    if (const auto it = setLayouts_.find(bindings); it != setLayouts_.end()) {
        return it->second;
    }
    std::vector<VkDescriptorSetLayoutBinding> slots(bindings);
    for (uint32_t i = 0; i < bindings; ++i) {
        slots[i].binding = i;
        slots[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        slots[i].descriptorCount = 1;
        slots[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    info.bindingCount = bindings;
    info.pBindings = slots.data();
    VkDescriptorSetLayout layout = VK_NULL_HANDLE;
    check(vkCreateDescriptorSetLayout(device_, &info, nullptr, &layout),
          "creating a descriptor set layout");
    setLayouts_.emplace(bindings, layout);
    return layout;
}

VkDescriptorSet Device::allocateDescriptorSet(std::span<const BufferBinding> buffers) {
    const VkDescriptorSetLayout layout = storageSetLayout(static_cast<uint32_t>(buffers.size()));
    VkDescriptorSetAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    alloc.descriptorSetCount = 1;
    alloc.pSetLayouts = &layout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    VkResult r = VK_ERROR_OUT_OF_POOL_MEMORY;
    if (!descriptorPools_.empty()) {
        alloc.descriptorPool = descriptorPools_.back();
        r = vkAllocateDescriptorSets(device_, &alloc, &set);
    }
    if (r == VK_ERROR_OUT_OF_POOL_MEMORY || r == VK_ERROR_FRAGMENTED_POOL) {
        alloc.descriptorPool = newDescriptorPool();
        r = vkAllocateDescriptorSets(device_, &alloc, &set);
    }
    check(r, "allocating a descriptor set");

    std::vector<VkDescriptorBufferInfo> infos(buffers.size());
    std::vector<VkWriteDescriptorSet> writes(buffers.size());
    for (size_t i = 0; i < buffers.size(); ++i) {
        infos[i] = {buffers[i].buffer, buffers[i].offset, buffers[i].range};
        writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
        writes[i].dstSet = set;
        writes[i].dstBinding = static_cast<uint32_t>(i);
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        writes[i].pBufferInfo = &infos[i];
    }
    vkUpdateDescriptorSets(device_, static_cast<uint32_t>(writes.size()), writes.data(), 0,
                           nullptr);
    return set;
}

void Device::submitAndWait(VkCommandBuffer commands) {
    if (lost_) {
        throw DeviceLostError(kLostMessage);
    }
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &commands;
    check(vkResetFences(device_, 1, &fence_), "resetting a fence");
    VkResult r =
        deviceLossInjected() ? VK_ERROR_DEVICE_LOST : vkQueueSubmit(queue_, 1, &submit, fence_);
    if (r == VK_SUCCESS) {
        r = vkWaitForFences(device_, 1, &fence_, VK_TRUE, std::numeric_limits<uint64_t>::max());
    }
    if (r == VK_ERROR_DEVICE_LOST) {
        lost_ = true;
        throw DeviceLostError(kLostMessage);
    }
    check(r, "running work on the GPU");
}

} // namespace hearth::vk
