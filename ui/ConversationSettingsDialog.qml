// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// This conversation's system prompt and, when chosen, its own sampling settings instead of
/// the defaults from Settings.
Dialog {
    id: dialog

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(640, parent.width - Theme.unit * 8)
    height: Math.min(implicitHeight, parent.height - Theme.unit * 8)
    modal: true
    title: qsTr("Conversation settings")
    standardButtons: Dialog.Save | Dialog.Cancel
    onAccepted: ChatController.saveConversationOptions()
    onRejected: ChatController.openConversation(ChatController.conversationId)

    ScrollView {
        anchors.fill: parent
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
}
