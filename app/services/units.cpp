// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/units.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace hearth::services {
namespace {

constexpr double kThousand = 1000.0;
constexpr qint64 kSecondsPerMinute = 60;
constexpr qint64 kSecondsPerHour = 3600;
/// Below this many units a value gets one decimal ("4.2 GB"), above it none ("42 GB").
constexpr double kOneDecimalBelow = 10.0;

/// `value` scaled to the largest unit of `units` it reaches, with one decimal below 10.
QString scaled(double value, const std::array<const char*, 5>& units) {
    std::size_t unit = 0;
    while (std::abs(value) >= kThousand && unit + 1 < units.size()) {
        value /= kThousand;
        ++unit;
    }
    const int decimals = unit > 0 && std::abs(value) < kOneDecimalBelow ? 1 : 0;
    return QStringLiteral("%1 %2").arg(value, 0, 'f', decimals).arg(QLatin1String(units[unit]));
}

} // namespace

QString formatBytes(qint64 bytes) {
    return scaled(static_cast<double>(bytes), {"B", "KB", "MB", "GB", "TB"});
}

QString formatRate(double bytesPerSecond) {
    return formatBytes(static_cast<qint64>(bytesPerSecond)) + QStringLiteral("/s");
}

QString formatDuration(qint64 seconds) {
    if (seconds < kSecondsPerMinute) {
        return QStringLiteral("%1 s").arg(std::max<qint64>(seconds, 0));
    }
    if (seconds < kSecondsPerHour) {
        return QStringLiteral("%1 min").arg((seconds + kSecondsPerMinute / 2) / kSecondsPerMinute);
    }
    const qint64 minutes = (seconds % kSecondsPerHour) / kSecondsPerMinute;
    const QString hours = QStringLiteral("%1 h").arg(seconds / kSecondsPerHour);
    return minutes == 0 ? hours : hours + QStringLiteral(" %1 min").arg(minutes);
}

QString formatParameterCount(qint64 parameters) {
    constexpr double kBillion = 1e9;
    constexpr double kMillion = 1e6;
    const auto p = static_cast<double>(parameters);
    if (p >= kBillion) {
        const double b = p / kBillion;
        // "1.5B", "3.2B", "8B": one decimal unless it is a whole number of billions.
        const double rounded = std::round(b * kOneDecimalBelow) / kOneDecimalBelow;
        const bool whole = std::abs(rounded - std::round(rounded)) < 1e-9;
        return QStringLiteral("%1B").arg(rounded, 0, 'f', whole ? 0 : 1);
    }
    if (p >= kMillion) {
        return QStringLiteral("%1M").arg(std::round(p / kMillion), 0, 'f', 0);
    }
    return QString::number(parameters);
}

} // namespace hearth::services
