// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/instance.h"

#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace hearth::vk {

/// One storage-buffer binding of a descriptor set.
struct BufferBinding {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize range = VK_WHOLE_SIZE;
};

/// A logical device with one compute queue, a command pool and a growing descriptor-pool list.
/// Enables the optional features the shaders can use (16/8-bit storage, fp16/int8 arithmetic,
/// subgroup size control) whenever the physical device has them.
///
/// Once a submission reports VK_ERROR_DEVICE_LOST the device stays lost: every later submission
/// throws DeviceLostError at once, and destruction still works. For tests, the environment
/// variable HEARTH_VK_FAULT=device-lost makes the next submission report a lost device without
/// reaching the driver.
class Device {
public:
    Device(const Instance& instance, uint32_t index);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    VkDevice handle() const { return device_; }
    VkPhysicalDevice physical() const { return physical_; }
    const DeviceInfo& info() const { return info_; }
    VkQueue queue() const { return queue_; }
    uint32_t queueFamily() const { return queueFamily_; }
    VkCommandPool commandPool() const { return commandPool_; }
    const VkPhysicalDeviceMemoryProperties& memoryProperties() const { return memory_; }

    /// A memory type allowed by `typeBits` with every `required` flag; among those, one that also
    /// has the `preferred` flags if any. Throws hearth::Error when none exists.
    uint32_t findMemoryType(uint32_t typeBits, VkMemoryPropertyFlags required,
                            VkMemoryPropertyFlags preferred = 0) const;

    /// The descriptor-set layout of `bindings` storage buffers at bindings 0..n-1, shared by
    /// every pipeline with that many buffers (so one descriptor set serves all of them).
    VkDescriptorSetLayout storageSetLayout(uint32_t bindings);

    /// Allocates a descriptor set of `bindings.size()` storage buffers and points it at them.
    VkDescriptorSet allocateDescriptorSet(std::span<const BufferBinding> bindings);

    /// Submits one recorded command buffer and blocks until the device has finished it.
    /// Throws DeviceLostError when the device is (or was earlier) lost.
    void submitAndWait(VkCommandBuffer commands);

    /// Whether a submission has reported the device lost.
    bool lost() const { return lost_; }

private:
    VkDescriptorPool newDescriptorPool();

    VkPhysicalDevice physical_ = VK_NULL_HANDLE;
    DeviceInfo info_;
    VkPhysicalDeviceMemoryProperties memory_{};
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    uint32_t queueFamily_ = 0;
    VkCommandPool commandPool_ = VK_NULL_HANDLE;
    VkFence fence_ = VK_NULL_HANDLE;
    std::vector<VkDescriptorPool> descriptorPools_;
    std::map<uint32_t, VkDescriptorSetLayout> setLayouts_;
    bool lost_ = false;
};

} // namespace hearth::vk
