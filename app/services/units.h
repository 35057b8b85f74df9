// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace hearth::services {

/// Decimal byte sizes as download sites show them: "812 B", "4.2 KB", "808 MB", "1.3 GB".
QString formatBytes(qint64 bytes);

/// A transfer rate: "4.2 MB/s", "12 MB/s".
QString formatRate(double bytesPerSecond);

/// Time left, rounded the way people say it: "8 s", "3 min", "1 h 20 min".
QString formatDuration(qint64 seconds);

/// A parameter count as model names give it: "494M", "1.5B", "8B".
QString formatParameterCount(qint64 parameters);

} // namespace hearth::services
