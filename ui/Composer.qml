// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// The message box under the chat: grows with its text, Enter sends, Shift+Enter adds a line.
/// Disabled, with the reason shown, while no model is loaded.
Rectangle {
    id: composer

    property bool modelReady: false
    readonly property string disabledReason: qsTr("Load a model to start")
    signal sendRequested(string text)

    implicitHeight: column.implicitHeight + Theme.unit * 3
    color: Theme.window

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.unit * 1.5
        spacing: Theme.unit / 2

        RowLayout {
            Layout.fillWidth: true
            Layout.maximumWidth: Theme.contentMaxWidth
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.unit

            ScrollView {
                Layout.fillWidth: true
                Layout.maximumHeight: input.font.pixelSize * 1.5 * 8 + Theme.unit * 2

                TextArea {
                    id: input
                    objectName: "composerInput"
                    enabled: composer.modelReady
                    wrapMode: TextEdit.Wrap
                    font.pixelSize: Theme.fontBody
                    placeholderText: composer.modelReady ? qsTr("Message Hearth…")
                                                         : composer.disabledReason
                    Accessible.name: qsTr("Message")
                    Keys.onPressed: (event) => {
                        const enter = event.key === Qt.Key_Return || event.key === Qt.Key_Enter
                        if (enter && !(event.modifiers & Qt.ShiftModifier)) {
                            event.accepted = true
                            sendButton.clicked()
                        }
                    }
                }
            }

            Button {
                id: sendButton
                objectName: "sendButton"
                text: qsTr("Send")
                enabled: composer.modelReady && input.text.trim().length > 0
                highlighted: true
                Accessible.name: qsTr("Send message")
                onClicked: {
                    if (!enabled)
                        return
                    composer.sendRequested(input.text)
                    input.clear()
                }
            }
        }
    }
}
