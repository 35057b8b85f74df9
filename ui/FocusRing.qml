// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

/// The ring drawn around a control that has keyboard focus (place it inside the control's
/// background and bind `shown` to the control's visualFocus).
Rectangle {
    property bool shown: false
    property int baseRadius: Theme.radius

    anchors.fill: parent
    anchors.margins: -3
    radius: baseRadius + 3
    color: "transparent"
    border.width: 2
    border.color: Theme.focus
    visible: shown
}
