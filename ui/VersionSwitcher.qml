// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// "‹ 2 / 3 ›": switches between the versions of a message (edits, regenerations); the rest
/// of the conversation follows the chosen version. Hidden when there is only one.
RowLayout {
    id: switcher

    property real messageId
    property int index: 0
    property int count: 1

    objectName: "versionSwitcher"
    visible: count > 1
    spacing: 0

    IconButton {
        objectName: "previousVersion"
        implicitWidth: 28
        implicitHeight: 28
        iconName: "chevron-left"
        label: qsTr("Previous version")
        enabled: switcher.index > 0 && !ChatController.generating
        onClicked: ChatController.switchVersion(switcher.messageId, -1)
    }
    Label {
        objectName: "versionLabel"
        text: qsTr("%1 / %2").arg(switcher.index + 1).arg(switcher.count)
        color: Theme.textMuted
        font.pixelSize: Theme.fontTiny
        Accessible.name: qsTr("Version %1 of %2").arg(switcher.index + 1).arg(switcher.count)
    }
    IconButton {
        objectName: "nextVersion"
        implicitWidth: 28
        implicitHeight: 28
        iconName: "chevron-right"
        label: qsTr("Next version")
        enabled: switcher.index < switcher.count - 1 && !ChatController.generating
        onClicked: ChatController.switchVersion(switcher.messageId, 1)
    }
}
