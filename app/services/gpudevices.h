// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/instance.h"

#include <string>
#include <vector>

namespace hearth::services {

/// The Vulkan devices of this machine, or why there are none.
struct GpuInventory {
    std::vector<vk::DeviceInfo> devices; ///< every device, in Vulkan's order
    int preferred = -1;                  ///< index Hearth would use, -1 when none
    std::string error;                   ///< set when no device is usable (one line)
};

/// Enumerates the Vulkan devices. Never throws: a missing loader, driver or device is reported
/// in `error`. Creating an instance takes tens of milliseconds, so call it off the UI thread.
GpuInventory queryGpuInventory();

} // namespace hearth::services
