// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/systemtheme.h"

#include <QEvent>
#include <QGuiApplication>
#include <QPalette>

namespace hearth::app {

namespace {
/// A window colour darker than this (HSL lightness, 0-255) means a dark scheme.
constexpr int kDarkLightnessThreshold = 128;
} // namespace

SystemTheme::SystemTheme(QObject* parent) : QObject(parent) {
    if (qGuiApp) {
        qGuiApp->installEventFilter(this);
    }
    update();
}

bool SystemTheme::eventFilter(QObject* watched, QEvent* event) {
    if (watched == qGuiApp && event->type() == QEvent::ApplicationPaletteChange) {
        update();
    }
    return QObject::eventFilter(watched, event);
}

void SystemTheme::update() {
    bool dark = false;
    const QByteArray forced = qgetenv("HEARTH_COLOR_SCHEME");
    if (forced == "dark" || forced == "light") {
        dark = forced == "dark";
    } else if (qGuiApp) {
        dark = QGuiApplication::palette().color(QPalette::Window).lightness() <
               kDarkLightnessThreshold;
    }
    if (dark != dark_) {
        dark_ = dark;
        emit darkChanged();
    }
}

} // namespace hearth::app
