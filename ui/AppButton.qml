// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

/// A push button in Hearth's look: rounded, primary (accent-filled), danger or plain, with an
/// optional icon and a visible focus ring.
Button {
    id: control

    property bool primary: false
    property bool danger: false
    /// The icon's file name in ui/icons without ".svg".
    property string iconName

    implicitHeight: Theme.controlHeight
    leftPadding: Theme.unit * 2
    rightPadding: Theme.unit * 2
    font.pixelSize: Theme.fontSmall + 1
    font.weight: primary ? Font.DemiBold : Font.Normal
    focusPolicy: Qt.StrongFocus
    icon.source: iconName.length > 0 ? "icons/" + iconName + ".svg" : ""
    icon.width: Theme.iconSize - 2
    icon.height: Theme.iconSize - 2
    icon.color: contentColor
    Accessible.name: text

    readonly property color contentColor: !enabled ? Theme.textMuted
                                          : primary ? Theme.accentText
                                          : danger ? Theme.danger : Theme.text
    palette.buttonText: contentColor

    background: Rectangle {
        implicitWidth: 88
        implicitHeight: Theme.controlHeight
        radius: Theme.radius
        opacity: control.enabled ? 1 : 0.55
        color: control.primary ? (control.down ? Qt.darker(Theme.accent, 1.15)
                                  : control.hovered ? Qt.lighter(Theme.accent, 1.08) : Theme.accent)
             : control.down ? Theme.selected : control.hovered ? Theme.hover : Theme.surface
        border.width: control.primary ? 0 : 1
        border.color: Theme.border

        FocusRing {
            shown: control.visualFocus
        }
    }
}
