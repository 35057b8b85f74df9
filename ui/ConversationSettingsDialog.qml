// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// This conversation's system prompt and, when chosen, its own sampling settings instead of
/// the defaults from Settings.
AppDialog {
    id: dialog

    width: Math.min(680, parent.width - Theme.unit * 8)
    height: Math.min(implicitHeight, parent.height - Theme.unit * 8)
    title: qsTr("Conversation settings")
    onAccepted: ChatController.saveConversationOptions()
    onRejected: {
        if (ChatController.conversationId !== 0)
            ChatController.openConversation(ChatController.conversationId)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.unit

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth

            ColumnLayout {
                width: parent.width
                spacing: Theme.unit

                CheckBox {
                    objectName: "customSamplingBox"
                    text: qsTr("Use its own sampling settings")
                    checked: ChatController.customSampling
                    onToggled: ChatController.customSampling = checked
                }
                SamplingFields {
                    Layout.fillWidth: true
                    options: ChatController.conversationOptions
                    samplingEnabled: ChatController.customSampling
                }
            }
        }
        DialogButtons {
            acceptText: qsTr("Save")
            onAccepted: dialog.accept()
            onCancelled: dialog.reject()
        }
    }
}
