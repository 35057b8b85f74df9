// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace hearth::services {

/// Total physical memory of this computer in bytes, or 0 when the system does not say.
qint64 systemMemoryBytes();

} // namespace hearth::services
