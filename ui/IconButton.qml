// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

/// A small flat button showing an icon (ui/icons/<name>.svg), with a tooltip, an accessible
/// name and a visible focus ring. Set `text` to show a label next to the icon.
ToolButton {
    id: control

    /// The icon's file name in ui/icons without ".svg".
    property string iconName
    /// What the button does, for the tooltip and screen readers.
    property string label
    property color tint: Theme.textMuted

    implicitWidth: text.length > 0 ? implicitContentWidth + leftPadding + rightPadding
                                   : Theme.controlHeight
    implicitHeight: Theme.controlHeight
    padding: 6
    icon.source: iconName.length > 0 ? "icons/" + iconName + ".svg" : ""
    icon.width: Theme.iconSize
    icon.height: Theme.iconSize
    icon.color: hovered || visualFocus ? Theme.text : tint
    display: text.length > 0 ? AbstractButton.TextBesideIcon : AbstractButton.IconOnly
    font.pixelSize: Theme.fontSmall
    palette.buttonText: hovered ? Theme.text : tint
    focusPolicy: Qt.StrongFocus

    Accessible.name: label.length > 0 ? label : text
    ToolTip.visible: hovered && label.length > 0
    ToolTip.delay: 600
    ToolTip.text: label

    background: Rectangle {
        implicitWidth: Theme.controlHeight
        implicitHeight: Theme.controlHeight
        radius: Theme.radius
        color: control.down ? Theme.selected : control.hovered || control.checked ? Theme.hover
                                                                                 : "transparent"

        FocusRing {
            shown: control.visualFocus
        }
    }
}
