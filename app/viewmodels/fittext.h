// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/fitestimate.h"

#include <QString>

namespace hearth::app {

/// The fit badge's words, translated: "Fits · 1.1 of 4.0 GB", "Tight · 3.9 of 4.0 GB",
/// "Too big for this GPU; runs on CPU", "Too big for this computer", and on a machine without
/// a GPU "Runs on CPU · 1.1 of 12 GB".
QString fitBadgeText(const services::FitEstimate& fit);

/// "fits", "tight" or "tooBig": the badge's style, for QML.
QString fitVerdictKey(services::FitVerdict verdict);

/// "discrete", "integrated" or "cpu".
QString memoryKindKey(services::MemoryKind kind);

} // namespace hearth::app
