// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// What went wrong with an answer, in place under it, with the ways forward: try again, load
/// the model on the CPU, or start a new chat.
Rectangle {
    id: card

    property real messageId
    property string error

    objectName: "errorCard"
    implicitHeight: layout.implicitHeight + Theme.unit * 3
    radius: Theme.radius
    color: Theme.dangerSoft
    border.width: 1
    border.color: Qt.rgba(Theme.danger.r, Theme.danger.g, Theme.danger.b, 0.35)
    Accessible.role: Accessible.AlertMessage
    Accessible.name: qsTr("The answer failed: %1").arg(error)

    ColumnLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.unit * 1.5
        spacing: Theme.unit

        RowLayout {
            spacing: Theme.unit
            Icon {
                name: "alert"
                tint: Theme.danger
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("The answer could not be finished.")
                font.weight: Font.DemiBold
                color: Theme.danger
                wrapMode: Text.Wrap
            }
        }
        Label {
            objectName: "errorText"
            Layout.fillWidth: true
            text: card.error
            color: Theme.text
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }
        RowLayout {
            spacing: Theme.unit
            AppButton {
                objectName: "retryButton"
                text: qsTr("Retry")
                iconName: "refresh"
                primary: true
                enabled: ChatController.canSend
                onClicked: ChatController.retry(card.messageId)
            }
            AppButton {
                objectName: "loadOnCpuButton"
                text: qsTr("Load on CPU")
                visible: ModelController.onGpu || ModelController.status === ModelController.Failed
                onClicked: ModelController.loadOnCpu()
            }
            AppButton {
                objectName: "errorNewChatButton"
                text: qsTr("New chat")
                onClicked: ChatController.newChat()
            }
        }
    }
}
