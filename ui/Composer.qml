// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The message box under the chat: grows to about eight lines, then scrolls; Enter sends,
/// Shift+Enter adds a line; while an answer is written Send becomes Stop (Esc stops too).
/// Without a loaded model it says why and offers the way there. Below it, how full the
/// model's context is and the speed of the last answer.
Rectangle {
    id: composer

    signal manageModels()

    readonly property bool modelReady: ModelController.ready
    readonly property string disabledReason: !ModelController.hasModels
        ? qsTr("Download or import a model to start")
        : ModelController.loading ? qsTr("Loading the model…") : qsTr("Load a model to start")

    function focusInput() {
        input.forceActiveFocus()
    }
    function send() {
        if (ChatController.send(input.text))
            input.clear()
    }

    implicitHeight: column.implicitHeight + Theme.unit * 2
    color: Theme.window

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.topMargin: Theme.unit / 2
        spacing: Theme.unit * 0.75

        Rectangle {
            id: box
            Layout.fillWidth: true
            Layout.maximumWidth: Theme.contentMaxWidth
            Layout.leftMargin: Theme.unit * 3
            Layout.rightMargin: Theme.unit * 3
            Layout.alignment: Qt.AlignHCenter
            implicitHeight: Math.max(scroll.implicitHeight, Theme.controlHeight) + Theme.unit * 2
            radius: Theme.radiusLarge
            color: Theme.surface
            border.width: input.activeFocus ? 2 : 1
            border.color: input.activeFocus ? Theme.focus : Theme.border

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.unit
                anchors.rightMargin: Theme.unit
                anchors.topMargin: Theme.unit
                anchors.bottomMargin: Theme.unit
                spacing: Theme.unit

                ScrollView {
                    id: scroll
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignVCenter
                    Layout.maximumHeight: input.font.pixelSize * Theme.lineHeight * 8
                                          + input.topPadding + input.bottomPadding
                    implicitHeight: Math.min(input.implicitHeight, Layout.maximumHeight)

                    TextArea {
                        id: input
                        objectName: "composerInput"
                        enabled: composer.modelReady
                        wrapMode: TextEdit.Wrap
                        font.pixelSize: Theme.fontBody
                        placeholderText: composer.modelReady ? qsTr("Message Hearth…")
                                                             : composer.disabledReason
                        placeholderTextColor: Theme.textMuted
                        color: Theme.text
                        selectionColor: Theme.accent
                        selectedTextColor: Theme.accentText
                        background: null
                        Accessible.name: qsTr("Message")
                        Accessible.description: composer.modelReady ? "" : composer.disabledReason
                        Keys.onPressed: (event) => {
                            const enter = event.key === Qt.Key_Return || event.key === Qt.Key_Enter
                            if (enter && !(event.modifiers & Qt.ShiftModifier)) {
                                event.accepted = true
                                if (!ChatController.generating)
                                    composer.send()
                            }
                        }
                    }
                }

                AppButton {
                    id: modelButton
                    objectName: "composerModelButton"
                    visible: !composer.modelReady && !ModelController.loading
                    text: ModelController.hasModels ? qsTr("Choose a model") : qsTr("Get a model")
                    onClicked: composer.manageModels()
                }

                RoundButton {
                    id: sendButton
                    objectName: "sendButton"
                    readonly property bool stopMode: ChatController.generating
                    implicitWidth: Theme.controlHeight
                    implicitHeight: Theme.controlHeight
                    Layout.alignment: Qt.AlignBottom
                    enabled: stopMode || (ChatController.canSend && input.text.trim().length > 0)
                    focusPolicy: Qt.StrongFocus
                    icon.source: stopMode ? "icons/stop.svg" : "icons/send.svg"
                    icon.color: enabled ? Theme.accentText : Theme.textMuted
                    icon.width: Theme.iconSize
                    icon.height: Theme.iconSize
                    display: AbstractButton.IconOnly
                    text: stopMode ? qsTr("Stop") : qsTr("Send")
                    Accessible.name: stopMode ? qsTr("Stop the answer (Esc)") : qsTr("Send message")
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: stopMode ? qsTr("Stop (Esc)") : qsTr("Send (Enter)")
                    background: Rectangle {
                        radius: height / 2
                        color: !sendButton.enabled ? Theme.hover
                               : sendButton.hovered ? Qt.lighter(Theme.accent, 1.08) : Theme.accent
                        FocusRing {
                            shown: sendButton.visualFocus
                            baseRadius: parent.radius
                        }
                    }
                    onClicked: stopMode ? ChatController.stop() : composer.send()
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.maximumWidth: Theme.contentMaxWidth
            Layout.leftMargin: Theme.unit * 4
            Layout.rightMargin: Theme.unit * 4
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.unit
            visible: ChatController.contextSize > 0

            ProgressBar {
                objectName: "contextMeter"
                implicitWidth: 96
                implicitHeight: 4
                value: ChatController.contextFraction
                Accessible.name: qsTr("Context used")
                Accessible.description: ChatController.contextText
                background: Rectangle {
                    radius: 2
                    color: Theme.border
                }
                contentItem: Item {
                    Rectangle {
                        width: parent.width * ChatController.contextFraction
                        height: parent.height
                        radius: 2
                        color: ChatController.contextFraction > 0.9 ? Theme.danger
                               : ChatController.contextFraction > 0.7 ? Theme.warning : Theme.accent
                    }
                }
            }
            Label {
                objectName: "contextText"
                text: ChatController.contextText
                    + (ChatController.lastTokensPerSecond > 0
                       ? " · " + qsTr("%1 tok/s").arg(ChatController.lastTokensPerSecond.toFixed(1))
                       : "")
                color: Theme.textMuted
                font.pixelSize: Theme.fontTiny
            }
            Item {
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Enter to send · Shift+Enter for a new line")
                color: Theme.textMuted
                font.pixelSize: Theme.fontTiny
                elide: Text.ElideRight
                Layout.maximumWidth: 300
            }
        }
    }
}
