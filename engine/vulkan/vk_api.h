// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The engine loads the Vulkan loader at run time, so that Hearth starts (and falls back to the
// CPU) on machines without one. Every Vulkan entry point the engine uses is a function pointer in
// namespace hearth::vk, filled in by loadLoader() and loadInstanceFunctions().

#ifndef VK_NO_PROTOTYPES
#define VK_NO_PROTOTYPES
#endif
#include <vulkan/vulkan.h>

#include "engine/core/error.h"

#include <string>

// clang-format off
#define HEARTH_VK_GLOBAL_FUNCTIONS(X)                                                              \
    X(vkCreateInstance)                                                                            \
    X(vkEnumerateInstanceVersion)                                                                  \
    X(vkEnumerateInstanceExtensionProperties)                                                      \
    X(vkEnumerateInstanceLayerProperties)

#define HEARTH_VK_INSTANCE_FUNCTIONS(X)                                                            \
    X(vkDestroyInstance)                                                                           \
    X(vkEnumeratePhysicalDevices)                                                                  \
    X(vkGetPhysicalDeviceProperties)                                                               \
    X(vkGetPhysicalDeviceProperties2)                                                              \
    X(vkGetPhysicalDeviceFeatures)                                                                 \
    X(vkGetPhysicalDeviceFeatures2)                                                                \
    X(vkGetPhysicalDeviceMemoryProperties)                                                         \
    X(vkGetPhysicalDeviceMemoryProperties2)                                                        \
    X(vkGetPhysicalDeviceQueueFamilyProperties)                                                    \
    X(vkEnumerateDeviceExtensionProperties)                                                        \
    X(vkCreateDevice)                                                                              \
    X(vkGetDeviceProcAddr)                                                                         \
    X(vkDestroyDevice)                                                                             \
    X(vkGetDeviceQueue)                                                                            \
    X(vkCreateBuffer)                                                                              \
    X(vkDestroyBuffer)                                                                             \
    X(vkGetBufferMemoryRequirements)                                                               \
    X(vkAllocateMemory)                                                                            \
    X(vkFreeMemory)                                                                                \
    X(vkBindBufferMemory)                                                                          \
    X(vkMapMemory)                                                                                 \
    X(vkUnmapMemory)                                                                               \
    X(vkFlushMappedMemoryRanges)                                                                   \
    X(vkInvalidateMappedMemoryRanges)                                                              \
    X(vkCreateShaderModule)                                                                        \
    X(vkDestroyShaderModule)                                                                       \
    X(vkCreateDescriptorSetLayout)                                                                 \
    X(vkDestroyDescriptorSetLayout)                                                                \
    X(vkCreatePipelineLayout)                                                                      \
    X(vkDestroyPipelineLayout)                                                                     \
    X(vkCreateComputePipelines)                                                                    \
    X(vkDestroyPipeline)                                                                           \
    X(vkCreatePipelineCache)                                                                       \
    X(vkDestroyPipelineCache)                                                                      \
    X(vkGetPipelineCacheData)                                                                      \
    X(vkCreateDescriptorPool)                                                                      \
    X(vkDestroyDescriptorPool)                                                                     \
    X(vkResetDescriptorPool)                                                                       \
    X(vkAllocateDescriptorSets)                                                                    \
    X(vkUpdateDescriptorSets)                                                                      \
    X(vkCreateCommandPool)                                                                         \
    X(vkDestroyCommandPool)                                                                        \
    X(vkAllocateCommandBuffers)                                                                    \
    X(vkFreeCommandBuffers)                                                                        \
    X(vkBeginCommandBuffer)                                                                        \
    X(vkEndCommandBuffer)                                                                          \
    X(vkResetCommandBuffer)                                                                        \
    X(vkCmdBindPipeline)                                                                           \
    X(vkCmdBindDescriptorSets)                                                                     \
    X(vkCmdPushConstants)                                                                          \
    X(vkCmdDispatch)                                                                               \
    X(vkCmdPipelineBarrier)                                                                        \
    X(vkCmdCopyBuffer)                                                                             \
    X(vkCmdFillBuffer)                                                                             \
    X(vkCmdResetQueryPool)                                                                         \
    X(vkCmdWriteTimestamp)                                                                         \
    X(vkCreateQueryPool)                                                                           \
    X(vkDestroyQueryPool)                                                                          \
    X(vkGetQueryPoolResults)                                                                       \
    X(vkQueueSubmit)                                                                               \
    X(vkQueueWaitIdle)                                                                             \
    X(vkDeviceWaitIdle)                                                                            \
    X(vkCreateFence)                                                                               \
    X(vkDestroyFence)                                                                              \
    X(vkWaitForFences)                                                                             \
    X(vkResetFences)
// clang-format on

namespace hearth::vk {

#define HEARTH_VK_DECLARE(name) extern PFN_##name name;
HEARTH_VK_GLOBAL_FUNCTIONS(HEARTH_VK_DECLARE)
HEARTH_VK_INSTANCE_FUNCTIONS(HEARTH_VK_DECLARE)
#undef HEARTH_VK_DECLARE

/// Loads the Vulkan loader library (libvulkan.so.1, vulkan-1.dll, libvulkan.1.dylib; the
/// environment variable HEARTH_VULKAN_LIBRARY overrides the name) and its global entry points.
/// Idempotent and thread-safe. Returns false and sets `error` when no loader can be found.
bool loadLoader(std::string& error);

/// Resolves the instance- and device-level entry points through `instance`. Entry points the
/// driver lacks stay null.
void loadInstanceFunctions(VkInstance instance);

/// A readable name for a VkResult ("VK_ERROR_DEVICE_LOST").
const char* resultName(VkResult result);

/// The GPU stopped responding (VK_ERROR_DEVICE_LOST): a driver reset, a hung or too long
/// dispatch, a removed GPU. Everything on the device is gone; the work must be redone elsewhere.
class DeviceLostError : public Error {
public:
    using Error::Error;
};

/// The device or host ran out of memory for a Vulkan allocation.
class OutOfMemoryError : public Error {
public:
    using Error::Error;
};

/// Throws when `result` is not VK_SUCCESS: DeviceLostError for VK_ERROR_DEVICE_LOST,
/// OutOfMemoryError for the out-of-memory codes, else hearth::Error; the message is
/// "<what>: <result name>".
void check(VkResult result, const char* what);

} // namespace hearth::vk
