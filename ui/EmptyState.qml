// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// A centred title, explanation and optional action for a place that has nothing to show yet.
ColumnLayout {
    id: root

    property alias title: titleLabel.text
    property alias body: bodyLabel.text
    property alias actionText: action.text
    signal actionTriggered()

    spacing: Theme.unit * 2

    Label {
        id: titleLabel
        objectName: "emptyStateTitle"
        Layout.alignment: Qt.AlignHCenter
        Layout.maximumWidth: Theme.contentMaxWidth
        font.pixelSize: Theme.fontHeading
        font.weight: Font.DemiBold
        color: Theme.text
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
    }

    Label {
        id: bodyLabel
        objectName: "emptyStateBody"
        Layout.alignment: Qt.AlignHCenter
        Layout.maximumWidth: 520
        font.pixelSize: Theme.fontBody
        color: Theme.textMuted
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        lineHeight: 1.3
    }

    Button {
        id: action
        objectName: "emptyStateAction"
        Layout.alignment: Qt.AlignHCenter
        visible: text.length > 0
        highlighted: true
        onClicked: root.actionTriggered()
    }
}
