// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/instance.h"

#include "engine/core/error.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hearth::vk {
namespace {

bool hasExtension(const std::vector<VkExtensionProperties>& list, const char* name) {
    return std::any_of(list.begin(), list.end(), [&](const VkExtensionProperties& e) {
        return std::strcmp(e.extensionName, name) == 0;
    });
}

std::vector<VkExtensionProperties> deviceExtensions(VkPhysicalDevice device) {
    uint32_t count = 0;
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> list(count);
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, list.data());
    list.resize(count);
    return list;
}

DeviceType toDeviceType(VkPhysicalDeviceType t) {
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return DeviceType::Discrete;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return DeviceType::Integrated;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return DeviceType::Virtual;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return DeviceType::Cpu;
    default:
        return DeviceType::Other;
    }
}

int typeRank(DeviceType t) {
    switch (t) {
    case DeviceType::Discrete:
        return 0;
    case DeviceType::Integrated:
        return 1;
    case DeviceType::Virtual:
        return 2;
    case DeviceType::Other:
        return 3;
    case DeviceType::Cpu:
        return 4;
    }
    return 5;
}

} // namespace

const char* deviceTypeName(DeviceType type) {
    switch (type) {
    case DeviceType::Discrete:
        return "discrete";
    case DeviceType::Integrated:
        return "integrated";
    case DeviceType::Virtual:
        return "virtual";
    case DeviceType::Cpu:
        return "cpu";
    case DeviceType::Other:
        return "other";
    }
    return "other";
}

Instance::Instance() {
    std::string error;
    if (!loadLoader(error)) {
        throw Error(error);
    }
    uint32_t loaderVersion = VK_API_VERSION_1_0;
    if (vkEnumerateInstanceVersion) {
        vkEnumerateInstanceVersion(&loaderVersion);
    }
    if (loaderVersion < VK_API_VERSION_1_1) {
        throw Error("the Vulkan loader supports only Vulkan 1.0; Hearth needs Vulkan 1.1 or newer");
    }

    uint32_t extCount = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &extCount, nullptr);
    std::vector<VkExtensionProperties> instanceExts(extCount);
    vkEnumerateInstanceExtensionProperties(nullptr, &extCount, instanceExts.data());
    instanceExts.resize(extCount);

    std::vector<const char*> enabled;
    VkInstanceCreateFlags flags = 0;
    // MoltenVK (macOS) is only enumerated when the application opts into portability drivers.
    if (hasExtension(instanceExts, VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
        enabled.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
        flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
    }

    VkApplicationInfo app{};
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = "Hearth";
    app.applicationVersion = VK_MAKE_API_VERSION(0, 0, 1, 0);
    app.pEngineName = "Hearth";
    app.engineVersion = VK_MAKE_API_VERSION(0, 0, 1, 0);
    app.apiVersion = std::min<uint32_t>(loaderVersion, VK_API_VERSION_1_3);

    VkInstanceCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    info.flags = flags;
    info.pApplicationInfo = &app;
    info.enabledExtensionCount = static_cast<uint32_t>(enabled.size());
    info.ppEnabledExtensionNames = enabled.data();

    const VkResult r = vkCreateInstance(&info, nullptr, &instance_);
    if (r == VK_ERROR_INCOMPATIBLE_DRIVER) {
        throw Error("no Vulkan driver is installed (the Vulkan loader found no usable driver)");
    }
    check(r, "creating the Vulkan instance");
    loadInstanceFunctions(instance_);

    uint32_t count = 0;
    const VkResult er = vkEnumeratePhysicalDevices(instance_, &count, nullptr);
    if (er != VK_SUCCESS || count == 0) {
        vkDestroyInstance(instance_, nullptr);
        instance_ = VK_NULL_HANDLE;
        throw Error("no Vulkan device found (no GPU driver with Vulkan support is installed)");
    }
    physical_.resize(count);
    vkEnumeratePhysicalDevices(instance_, &count, physical_.data());
    physical_.resize(count);
    for (uint32_t i = 0; i < count; ++i) {
        devices_.push_back(queryDeviceInfo(physical_[i], i));
    }
}

Instance::~Instance() {
    if (instance_ != VK_NULL_HANDLE) {
        vkDestroyInstance(instance_, nullptr);
    }
}

uint32_t Instance::chooseDevice(std::optional<uint32_t> requested) const {
    if (!requested) {
        if (const char* env = std::getenv("HEARTH_VK_DEVICE"); env && *env) {
            char* end = nullptr;
            const unsigned long v = std::strtoul(env, &end, 10);
            if (*end != '\0') {
                throw Error(std::string("HEARTH_VK_DEVICE must be a device number, not \"") + env +
                            "\"");
            }
            requested = static_cast<uint32_t>(v);
        }
    }
    if (requested) {
        if (*requested >= devices_.size()) {
            throw Error("Vulkan device " + std::to_string(*requested) + " does not exist (" +
                        std::to_string(devices_.size()) +
                        " device(s) found; see hearth-cli devices)");
        }
        return *requested;
    }
    const auto best = std::min_element(devices_.begin(), devices_.end(),
                                       [](const DeviceInfo& a, const DeviceInfo& b) {
                                           return typeRank(a.type) < typeRank(b.type);
                                       });
    return best->index;
}

DeviceInfo queryDeviceInfo(VkPhysicalDevice device, uint32_t index) {
    DeviceInfo d;
    d.index = index;
    const std::vector<VkExtensionProperties> exts = deviceExtensions(device);

    VkPhysicalDeviceProperties base{};
    vkGetPhysicalDeviceProperties(device, &base);
    d.apiVersion = base.apiVersion;
    const bool v12 = base.apiVersion >= VK_API_VERSION_1_2;
    const bool v13 = base.apiVersion >= VK_API_VERSION_1_3;

    // Properties: chain only structures the device knows.
    VkPhysicalDeviceProperties2 props{};
    props.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
    VkPhysicalDeviceSubgroupProperties subgroup{};
    subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES;
    props.pNext = &subgroup;
    void** tail = &subgroup.pNext;

    VkPhysicalDeviceDriverProperties driver{};
    driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES;
    if (v12 || hasExtension(exts, VK_KHR_DRIVER_PROPERTIES_EXTENSION_NAME)) {
        *tail = &driver;
        tail = &driver.pNext;
    }
    VkPhysicalDeviceSubgroupSizeControlProperties sizeControl{};
    sizeControl.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES;
    const bool hasSizeControl =
        v13 || hasExtension(exts, VK_EXT_SUBGROUP_SIZE_CONTROL_EXTENSION_NAME);
    if (hasSizeControl) {
        *tail = &sizeControl;
        tail = &sizeControl.pNext;
    }
    VkPhysicalDeviceShaderIntegerDotProductProperties dotProps{};
    dotProps.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_PROPERTIES;
    const bool hasDot = v13 || hasExtension(exts, VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
    if (hasDot) {
        *tail = &dotProps;
        tail = &dotProps.pNext;
    }
    VkPhysicalDeviceMaintenance3Properties maint3{};
    maint3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES;
    *tail = &maint3;
    tail = &maint3.pNext;
    vkGetPhysicalDeviceProperties2(device, &props);

    // Features.
    VkPhysicalDeviceFeatures2 feats{};
    feats.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
    VkPhysicalDevice16BitStorageFeatures s16{};
    s16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
    feats.pNext = &s16;
    tail = &s16.pNext;
    VkPhysicalDevice8BitStorageFeatures s8{};
    s8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES;
    if (v12 || hasExtension(exts, VK_KHR_8BIT_STORAGE_EXTENSION_NAME)) {
        *tail = &s8;
        tail = &s8.pNext;
    }
    VkPhysicalDeviceShaderFloat16Int8Features f16{};
    f16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES;
    if (v12 || hasExtension(exts, VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME)) {
        *tail = &f16;
        tail = &f16.pNext;
    }
    VkPhysicalDeviceShaderIntegerDotProductFeatures dotFeats{};
    dotFeats.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES;
    if (hasDot) {
        *tail = &dotFeats;
        tail = &dotFeats.pNext;
    }
    VkPhysicalDeviceSubgroupSizeControlFeatures sizeFeats{};
    sizeFeats.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_FEATURES;
    if (hasSizeControl) {
        *tail = &sizeFeats;
        tail = &sizeFeats.pNext;
    }
    vkGetPhysicalDeviceFeatures2(device, &feats);

    d.name = base.deviceName;
    d.type = toDeviceType(base.deviceType);
    d.vendorId = base.vendorID;
    d.deviceId = base.deviceID;
    if (driver.driverName[0] != '\0') {
        d.driverName = driver.driverName;
        d.driverInfo = driver.driverInfo;
    } else {
        d.driverInfo = std::to_string(base.driverVersion);
    }

    VkPhysicalDeviceMemoryProperties mem{};
    vkGetPhysicalDeviceMemoryProperties(device, &mem);
    for (uint32_t h = 0; h < mem.memoryHeapCount; ++h) {
        if (mem.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) {
            d.deviceLocalBytes += mem.memoryHeaps[h].size;
        }
    }
    for (uint32_t t = 0; t < mem.memoryTypeCount; ++t) {
        const VkMemoryPropertyFlags f = mem.memoryTypes[t].propertyFlags;
        if ((f & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) &&
            (f & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)) {
            const VkDeviceSize heap = mem.memoryHeaps[mem.memoryTypes[t].heapIndex].size;
            // A small host-visible window into VRAM (resizable BAR off) is not unified memory.
            if (d.type != DeviceType::Discrete || heap >= d.deviceLocalBytes) {
                d.unifiedMemory = true;
            }
        }
    }

    d.subgroupSize = subgroup.subgroupSize;
    d.minSubgroupSize = d.maxSubgroupSize = subgroup.subgroupSize;
    d.subgroupArithmetic = (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
                           (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT);
    if (hasSizeControl && sizeFeats.subgroupSizeControl && sizeControl.minSubgroupSize > 0) {
        d.subgroupSizeControl = true;
        d.minSubgroupSize = sizeControl.minSubgroupSize;
        d.maxSubgroupSize = sizeControl.maxSubgroupSize;
    }
    d.fp16Arithmetic = f16.shaderFloat16 == VK_TRUE;
    d.int8Arithmetic = f16.shaderInt8 == VK_TRUE;
    d.storage8Bit = s8.storageBuffer8BitAccess == VK_TRUE;
    d.storage16Bit = s16.storageBuffer16BitAccess == VK_TRUE;
    d.integerDotProduct = hasDot && dotFeats.shaderIntegerDotProduct == VK_TRUE;
    d.integerDotProductAccelerated =
        d.integerDotProduct && dotProps.integerDotProduct4x8BitPackedSignedAccelerated == VK_TRUE;
    d.cooperativeMatrix = hasExtension(exts, "VK_KHR_cooperative_matrix");

    d.maxStorageBufferRange = base.limits.maxStorageBufferRange;
    d.minStorageBufferOffsetAlignment = base.limits.minStorageBufferOffsetAlignment;
    d.maxMemoryAllocationSize = maint3.maxMemoryAllocationSize;
    d.maxComputeSharedMemorySize = base.limits.maxComputeSharedMemorySize;
    d.maxComputeWorkGroupInvocations = base.limits.maxComputeWorkGroupInvocations;
    d.maxComputeWorkGroupSizeX = base.limits.maxComputeWorkGroupSize[0];
    for (int i = 0; i < 3; ++i) {
        d.maxComputeWorkGroupCount[i] = base.limits.maxComputeWorkGroupCount[i];
    }
    d.timestampPeriod = base.limits.timestampPeriod;

    uint32_t qCount = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &qCount, nullptr);
    std::vector<VkQueueFamilyProperties> families(qCount);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &qCount, families.data());
    for (const auto& f : families) {
        if ((f.queueFlags & VK_QUEUE_COMPUTE_BIT) && f.timestampValidBits > 0) {
            d.timestamps = true;
            break;
        }
    }
    return d;
}

} // namespace hearth::vk
