// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/device.h"
#include "engine/vulkan/profile.h"

#include <cstdint>

namespace hearth::vk {

/// Copies a device-local buffer of about `bufferBytes` (less when the device has little memory)
/// into another `repetitions` times and reports the fastest copy: the traffic (the buffer read
/// once and written once) over the time. Timed with timestamp queries when the device has them,
/// else with the host's clock around each submission. Throws hearth::Error (out of memory).
CopyBandwidth measureCopyBandwidth(Device& device, uint64_t bufferBytes, int repetitions);

} // namespace hearth::vk
