// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/vk_api.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hearth::vk {

enum class DeviceType { Discrete, Integrated, Virtual, Cpu, Other };

/// "discrete", "integrated", "virtual", "cpu" or "other".
const char* deviceTypeName(DeviceType type);

/// What Hearth needs to know about one physical device to choose it and its shader variants.
struct DeviceInfo {
    uint32_t index = 0; ///< position in vkEnumeratePhysicalDevices
    std::string name;   ///< "llvmpipe (LLVM 15.0.6, 256 bits)"
    DeviceType type = DeviceType::Other;
    uint32_t vendorId = 0; ///< PCI vendor (0x10de NVIDIA, 0x1002 AMD, 0x8086 Intel)
    uint32_t deviceId = 0;
    uint32_t apiVersion = 0;       ///< VK_MAKE_API_VERSION of the device
    std::string driverName;        ///< "llvmpipe", "NVIDIA", ... (empty before Vulkan 1.2)
    std::string driverInfo;        ///< driver version string
    uint64_t deviceLocalBytes = 0; ///< total size of device-local heaps
    bool unifiedMemory = false;    ///< a device-local heap is also host-visible (integrated GPUs)

    uint32_t subgroupSize = 0;    ///< default subgroup size
    uint32_t minSubgroupSize = 0; ///< with subgroup size control, else = subgroupSize
    uint32_t maxSubgroupSize = 0;
    bool subgroupArithmetic = false; ///< subgroupAdd and friends in compute shaders
    bool subgroupSizeControl = false;

    bool fp16Arithmetic = false;               ///< shaderFloat16
    bool int8Arithmetic = false;               ///< shaderInt8
    bool storage8Bit = false;                  ///< storageBuffer8BitAccess
    bool storage16Bit = false;                 ///< storageBuffer16BitAccess
    bool integerDotProduct = false;            ///< VK_KHR_shader_integer_dot_product
    bool integerDotProductAccelerated = false; ///< packed signed 4x8-bit dot is accelerated
    bool cooperativeMatrix = false;            ///< VK_KHR_cooperative_matrix

    uint64_t maxStorageBufferRange = 0; ///< largest range one storage-buffer binding can see
    uint64_t minStorageBufferOffsetAlignment = 0; ///< binding offsets are multiples of this
    uint64_t maxMemoryAllocationSize = 0;
    uint32_t maxComputeSharedMemorySize = 0;
    uint32_t maxComputeWorkGroupInvocations = 0;
    uint32_t maxComputeWorkGroupSizeX = 0;
    uint32_t maxComputeWorkGroupCount[3] = {0, 0, 0};
    bool timestamps = false;      ///< compute queue supports timestamp queries
    float timestampPeriod = 0.0f; ///< nanoseconds per timestamp tick
};

/// A Vulkan instance and the physical devices it sees. Creating one never crashes: with no loader,
/// no driver or no device it throws hearth::Error with a one-line explanation.
class Instance {
public:
    Instance();
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    VkInstance handle() const { return instance_; }
    const std::vector<DeviceInfo>& devices() const { return devices_; }
    VkPhysicalDevice physicalDevice(uint32_t index) const { return physical_.at(index); }

    /// The device to use: `requested` if given, else the HEARTH_VK_DEVICE environment variable,
    /// else the first discrete GPU, then integrated, virtual, other, and last a CPU device.
    /// Throws hearth::Error when the requested index does not exist.
    uint32_t chooseDevice(std::optional<uint32_t> requested = std::nullopt) const;

private:
    VkInstance instance_ = VK_NULL_HANDLE;
    std::vector<VkPhysicalDevice> physical_;
    std::vector<DeviceInfo> devices_;
};

/// Queries everything in DeviceInfo for one physical device.
DeviceInfo queryDeviceInfo(VkPhysicalDevice device, uint32_t index);

} // namespace hearth::vk
