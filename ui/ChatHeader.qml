// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The header over the chat: the model picker and the device in use.
Rectangle {
    id: header

    implicitHeight: Theme.unit * 7
    color: Theme.window

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.unit * 2
        anchors.rightMargin: Theme.unit * 2
        spacing: Theme.unit * 2

        ComboBox {
            id: modelPicker
            objectName: "modelPicker"
            Layout.preferredWidth: 320
            model: []
            displayText: count === 0 ? qsTr("No model installed") : currentText
            Accessible.name: qsTr("Model")
        }

        Item {
            Layout.fillWidth: true
        }

        Label {
            objectName: "deviceIndicator"
            color: AppInfo.gpuName.length > 0 ? Theme.text : Theme.textMuted
            font.pixelSize: Theme.fontSmall
            text: !AppInfo.gpuKnown ? qsTr("Looking for a GPU…")
                  : AppInfo.gpuName.length > 0 ? qsTr("● %1").arg(AppInfo.gpuName)
                  : qsTr("No GPU · runs on the CPU")
            elide: Text.ElideRight
            Layout.maximumWidth: 320
            ToolTip.visible: hoverArea.containsMouse && AppInfo.gpuError.length > 0
            ToolTip.text: AppInfo.gpuError

            MouseArea {
                id: hoverArea
                anchors.fill: parent
                hoverEnabled: true
                acceptedButtons: Qt.NoButton
            }
        }
    }

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.border
    }
}
