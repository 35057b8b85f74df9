// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/vk_api.h"

#include "engine/core/error.h"

#include <cstdlib>
#include <mutex>
#include <string>

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

namespace hearth::vk {

#define HEARTH_VK_DEFINE(name) PFN_##name name = nullptr;
HEARTH_VK_GLOBAL_FUNCTIONS(HEARTH_VK_DEFINE)
HEARTH_VK_INSTANCE_FUNCTIONS(HEARTH_VK_DEFINE)
#undef HEARTH_VK_DEFINE

namespace {

PFN_vkGetInstanceProcAddr getInstanceProcAddr = nullptr;

void* openLibrary(const char* name) {
#if defined(_WIN32)
    return reinterpret_cast<void*>(LoadLibraryA(name));
#else
    return dlopen(name, RTLD_NOW | RTLD_LOCAL);
#endif
}

void* findSymbol(void* library, const char* name) {
#if defined(_WIN32)
    return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(library), name));
#else
    return dlsym(library, name);
#endif
}

} // namespace

bool loadLoader(std::string& error) {
    static std::once_flag once;
    static std::string loadError;
    std::call_once(once, [] {
        const char* override = std::getenv("HEARTH_VULKAN_LIBRARY");
#if defined(_WIN32)
        const char* candidates[] = {"vulkan-1.dll"};
#elif defined(__APPLE__)
        const char* candidates[] = {"libvulkan.1.dylib", "libvulkan.dylib", "libMoltenVK.dylib"};
#else
        const char* candidates[] = {"libvulkan.so.1", "libvulkan.so"};
#endif
        void* library = nullptr;
        if (override && *override) {
            library = openLibrary(override);
        } else {
            for (const char* name : candidates) {
                if ((library = openLibrary(name))) {
                    break;
                }
            }
        }
        if (!library) {
            loadError = "no Vulkan loader found (install your GPU driver, or on Debian the "
                        "packages libvulkan1 and mesa-vulkan-drivers)";
            return;
        }
        getInstanceProcAddr = reinterpret_cast<PFN_vkGetInstanceProcAddr>(
            findSymbol(library, "vkGetInstanceProcAddr"));
        if (!getInstanceProcAddr) {
            loadError = "the Vulkan loader lacks vkGetInstanceProcAddr";
            return;
        }
#define HEARTH_VK_LOAD_GLOBAL(name)                                                                \
    name = reinterpret_cast<PFN_##name>(getInstanceProcAddr(nullptr, #name));
        HEARTH_VK_GLOBAL_FUNCTIONS(HEARTH_VK_LOAD_GLOBAL)
#undef HEARTH_VK_LOAD_GLOBAL
        if (!vkCreateInstance) {
            loadError = "the Vulkan loader lacks vkCreateInstance";
        }
    });
    error = loadError;
    return loadError.empty();
}

void loadInstanceFunctions(VkInstance instance) {
#define HEARTH_VK_LOAD_INSTANCE(name)                                                              \
    name = reinterpret_cast<PFN_##name>(getInstanceProcAddr(instance, #name));
    HEARTH_VK_INSTANCE_FUNCTIONS(HEARTH_VK_LOAD_INSTANCE)
#undef HEARTH_VK_LOAD_INSTANCE
}

const char* resultName(VkResult result) {
    switch (result) {
#define HEARTH_VK_CASE(r)                                                                          \
    case r:                                                                                        \
        return #r;
        HEARTH_VK_CASE(VK_SUCCESS)
        HEARTH_VK_CASE(VK_NOT_READY)
        HEARTH_VK_CASE(VK_TIMEOUT)
        HEARTH_VK_CASE(VK_INCOMPLETE)
        HEARTH_VK_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
        HEARTH_VK_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        HEARTH_VK_CASE(VK_ERROR_INITIALIZATION_FAILED)
        HEARTH_VK_CASE(VK_ERROR_DEVICE_LOST)
        HEARTH_VK_CASE(VK_ERROR_MEMORY_MAP_FAILED)
        HEARTH_VK_CASE(VK_ERROR_LAYER_NOT_PRESENT)
        HEARTH_VK_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
        HEARTH_VK_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
        HEARTH_VK_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        HEARTH_VK_CASE(VK_ERROR_TOO_MANY_OBJECTS)
        HEARTH_VK_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
        HEARTH_VK_CASE(VK_ERROR_FRAGMENTED_POOL)
        HEARTH_VK_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
        HEARTH_VK_CASE(VK_ERROR_INVALID_SHADER_NV)
        HEARTH_VK_CASE(VK_ERROR_UNKNOWN)
#undef HEARTH_VK_CASE
    default:
        return "VK_ERROR (unrecognised code)";
    }
}

void check(VkResult result, const char* what) {
    if (result == VK_SUCCESS) {
        return;
    }
    const std::string message = std::string(what) + ": " + resultName(result);
    switch (result) {
    case VK_ERROR_DEVICE_LOST:
        throw DeviceLostError(message);
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
    case VK_ERROR_OUT_OF_HOST_MEMORY:
        throw OutOfMemoryError(message);
    default:
        throw Error(message);
    }
}

} // namespace hearth::vk
