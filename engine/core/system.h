// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace hearth {

/// Total physical memory of this computer in bytes, or 0 when the system does not say.
uint64_t physicalMemoryBytes();

} // namespace hearth
