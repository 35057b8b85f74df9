// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/gpudevices.h"

#include "engine/core/error.h"

namespace hearth::services {

GpuInventory queryGpuInventory() {
    GpuInventory inv;
    try {
        const vk::Instance instance;
        inv.devices = instance.devices();
        inv.preferred = static_cast<int>(instance.chooseDevice());
    } catch (const Error& e) {
        inv.error = e.what();
    } catch (const std::exception& e) {
        inv.error = std::string("Vulkan could not be initialised: ") + e.what();
    }
    return inv;
}

} // namespace hearth::services
