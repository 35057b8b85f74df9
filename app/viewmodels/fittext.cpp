// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/fittext.h"

#include "app/services/units.h"

#include <QCoreApplication>

namespace hearth::app {
QString fitBadgeText(const services::FitEstimate& fit) {
    const QString need = services::formatBytes(static_cast<qint64>(fit.need.total()));
    const QString budget = services::formatBytes(fit.usableBytes);
    switch (fit.verdict) {
    case services::FitVerdict::Fits:
        return (fit.onCpu ? QCoreApplication::translate("FitText", "Runs on CPU \u00b7 %1 of %2")
                          : QCoreApplication::translate("FitText", "Fits \u00b7 %1 of %2"))
            .arg(need, budget);
    case services::FitVerdict::Tight:
        return (fit.onCpu
                    ? QCoreApplication::translate("FitText", "Tight, runs on CPU \u00b7 %1 of %2")
                    : QCoreApplication::translate("FitText", "Tight \u00b7 %1 of %2"))
            .arg(need, budget);
    case services::FitVerdict::TooBig:
        break;
    }
    if (fit.fitsOnCpu) {
        return QCoreApplication::translate("FitText", "Too big for this GPU; runs on CPU");
    }
    return QCoreApplication::translate("FitText", "Too big for this computer \u00b7 needs %1")
        .arg(need);
}

QString fitVerdictKey(services::FitVerdict verdict) {
    switch (verdict) {
    case services::FitVerdict::Fits:
        return QStringLiteral("fits");
    case services::FitVerdict::Tight:
        return QStringLiteral("tight");
    case services::FitVerdict::TooBig:
        break;
    }
    return QStringLiteral("tooBig");
}

QString memoryKindKey(services::MemoryKind kind) {
    switch (kind) {
    case services::MemoryKind::DiscreteGpu:
        return QStringLiteral("discrete");
    case services::MemoryKind::IntegratedGpu:
        return QStringLiteral("integrated");
    case services::MemoryKind::Cpu:
        break;
    }
    return QStringLiteral("cpu");
}

} // namespace hearth::app
