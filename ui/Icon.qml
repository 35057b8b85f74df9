// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

/// A tinted icon from ui/icons (decoration only: not focusable, ignored by screen readers).
Button {
    /// The icon's file name in ui/icons without ".svg".
    property string name
    property color tint: Theme.textMuted
    property int size: Theme.iconSize

    enabled: false
    padding: 0
    background: null
    display: AbstractButton.IconOnly
    focusPolicy: Qt.NoFocus
    icon.source: name.length > 0 ? "icons/" + name + ".svg" : ""
    icon.color: tint
    icon.width: size
    icon.height: size
    Accessible.ignored: true
}
