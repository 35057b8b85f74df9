// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/systemmemory.h"

#include "engine/core/system.h"

namespace hearth::services {

qint64 systemMemoryBytes() {
    return static_cast<qint64>(physicalMemoryBytes());
}

} // namespace hearth::services
