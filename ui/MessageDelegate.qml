// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// One message: the user's in a tinted bubble on the right (editable in place), an answer
/// full-width as Markdown with code blocks; the "‹ 2 / 3 ›" version switcher; actions on hover
/// or keyboard focus (copy, edit or regenerate, delete) with the answer's statistics; an error
/// card with Retry / Load on CPU / New chat when generation failed.
FocusScope {
    id: delegate

    required property int index
    required property real messageId
    required property string author
    required property string content
    required property string messageState
    required property string error
    required property string statsText
    required property string modelName
    required property int siblingIndex
    required property int siblingCount
    required property real prefillProgress
    required property bool isLast
    property real highlightedId: 0
    property bool editing: false

    signal linkActivated(string url)

    readonly property bool isUser: author === "user"
    readonly property bool streaming: messageState === "streaming"
    readonly property bool showActions: hover.hovered || actions.activeFocus || editing
    readonly property int columnWidth: Math.min(Theme.contentMaxWidth, width - Theme.unit * 6)

    function startEdit() {
        editing = true
        editArea.text = content
        editArea.forceActiveFocus()
        editArea.cursorPosition = editArea.length
    }
    function finishEdit(send) {
        if (send && editArea.text.trim().length > 0 && editArea.text !== content)
            ChatController.editMessage(messageId, editArea.text)
        editing = false
    }

    objectName: "message_" + index
    implicitHeight: column.implicitHeight + Theme.unit
    Accessible.role: Accessible.ListItem
    Accessible.name: (isUser ? qsTr("You: %1") : qsTr("Answer: %1")).arg(content)

    HoverHandler {
        id: hover
    }

    Rectangle {
        id: flash
        x: column.x - Theme.unit
        y: column.y - Theme.unit / 2
        width: column.width + Theme.unit * 2
        height: column.height + Theme.unit
        radius: Theme.radius
        color: Theme.highlightFlash
        opacity: 0

        SequentialAnimation {
            id: flashAnimation
            NumberAnimation {
                target: flash
                property: "opacity"
                to: 1
                duration: 250
            }
            PauseAnimation {
                duration: 900
            }
            NumberAnimation {
                target: flash
                property: "opacity"
                to: 0
                duration: 600
            }
            ScriptAction {
                script: ChatController.clearHighlight()
            }
        }
    }

    onHighlightedIdChanged: {
        if (highlightedId === messageId && highlightedId !== 0)
            flashAnimation.restart()
    }
    Component.onCompleted: {
        if (highlightedId === messageId && highlightedId !== 0)
            flashAnimation.restart()
    }

    ColumnLayout {
        id: column
        width: delegate.columnWidth
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: Theme.unit

        // The user's message: a bubble on the right.
        Rectangle {
            id: bubble
            objectName: "userBubble"
            visible: delegate.isUser && !delegate.editing
            Layout.alignment: Qt.AlignRight
            Layout.maximumWidth: column.width * 0.85
            implicitWidth: Math.min(userText.implicitWidth, column.width * 0.85 - Theme.unit * 4)
                           + Theme.unit * 4
            implicitHeight: userText.implicitHeight + Theme.unit * 2.5
            radius: Theme.radiusLarge
            color: Theme.userBubble

            TextEdit {
                id: userText
                x: Theme.unit * 2
                y: Theme.unit * 1.25
                width: bubble.width - Theme.unit * 4
                text: delegate.content
                textFormat: TextEdit.PlainText
                wrapMode: TextEdit.Wrap
                readOnly: true
                selectByMouse: true
                color: Theme.text
                selectionColor: Theme.accent
                selectedTextColor: Theme.accentText
                font.pixelSize: Theme.fontBody
                Accessible.name: delegate.content
            }
        }

        // Editing the user's message: a new version is sent.
        ColumnLayout {
            visible: delegate.editing
            Layout.fillWidth: true
            spacing: Theme.unit

            TextArea {
                id: editArea
                objectName: "editArea"
                Layout.fillWidth: true
                wrapMode: TextEdit.Wrap
                font.pixelSize: Theme.fontBody
                Accessible.name: qsTr("Edit message")
                background: Rectangle {
                    radius: Theme.radiusLarge
                    color: Theme.surface
                    border.width: editArea.activeFocus ? 2 : 1
                    border.color: editArea.activeFocus ? Theme.focus : Theme.border
                }
                Keys.onPressed: (event) => {
                    const enter = event.key === Qt.Key_Return || event.key === Qt.Key_Enter
                    if (enter && !(event.modifiers & Qt.ShiftModifier)) {
                        delegate.finishEdit(true)
                        event.accepted = true
                    } else if (event.key === Qt.Key_Escape) {
                        delegate.finishEdit(false)
                        event.accepted = true
                    }
                }
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                Label {
                    text: qsTr("The answer below will be written again; the old version is kept.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontTiny
                }
                AppButton {
                    objectName: "cancelEditButton"
                    text: qsTr("Cancel")
                    onClicked: delegate.finishEdit(false)
                }
                AppButton {
                    objectName: "saveEditButton"
                    text: qsTr("Send")
                    primary: true
                    enabled: ChatController.canSend && editArea.text.trim().length > 0
                    onClicked: delegate.finishEdit(true)
                }
            }
        }

        // The answer: Markdown prose and code blocks.
        Repeater {
            model: MessageSegments {
                text: delegate.isUser ? "" : delegate.content
                linkColor: Theme.link
                ruleColor: Theme.border
                codeBackground: Theme.codeBackground
                headerBackground: Theme.surfaceAlt
                pixelSize: Theme.fontBody
            }
            delegate: Loader {
                id: segment
                required property string kind
                required property string content
                required property string html
                required property string language
                required property bool closed
                Layout.fillWidth: true
                sourceComponent: kind === "code" ? codeComponent : textComponent

                Component {
                    id: textComponent
                    MarkdownText {
                        markdown: segment.content
                        html: segment.html
                        onLinkActivated: (url) => delegate.linkActivated(url)
                    }
                }
                Component {
                    id: codeComponent
                    CodeBlock {
                        code: segment.content
                        language: segment.language
                    }
                }
            }
        }

        // Waiting for the first words.
        RowLayout {
            visible: delegate.streaming && delegate.content.length === 0
            spacing: Theme.unit
            BusyIndicator {
                implicitWidth: 24
                implicitHeight: 24
                running: parent.visible
            }
            Label {
                objectName: "thinkingLabel"
                text: delegate.prefillProgress >= 0 && delegate.prefillProgress < 1
                      ? qsTr("Reading the conversation… %1%").arg(Math.round(delegate.prefillProgress * 100))
                      : qsTr("Thinking…")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }

        Label {
            objectName: "stateNote"
            visible: text.length > 0
            text: delegate.messageState === "stopped" ? qsTr("Stopped")
                  : delegate.messageState === "interrupted" ? qsTr("Interrupted: Hearth closed while this answer was being written.")
                  : ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontTiny
            font.italic: true
        }

        ErrorCard {
            visible: delegate.messageState === "failed"
            Layout.fillWidth: true
            messageId: delegate.messageId
            error: delegate.error
        }

        // Versions, actions and statistics.
        FocusScope {
            id: actions
            Layout.fillWidth: true
            implicitHeight: actionRow.implicitHeight
            visible: !delegate.streaming && !delegate.editing

            RowLayout {
                id: actionRow
                anchors.left: delegate.isUser ? undefined : parent.left
                anchors.right: delegate.isUser ? parent.right : undefined
                spacing: 2
                layoutDirection: delegate.isUser ? Qt.RightToLeft : Qt.LeftToRight

                VersionSwitcher {
                    messageId: delegate.messageId
                    index: delegate.siblingIndex
                    count: delegate.siblingCount
                }

                IconButton {
                    objectName: "copyButton"
                    opacity: delegate.showActions ? 1 : 0
                    iconName: "copy"
                    label: qsTr("Copy")
                    implicitWidth: 30
                    implicitHeight: 30
                    onClicked: ChatController.copyMessage(delegate.messageId)
                }
                IconButton {
                    objectName: "editButton"
                    visible: delegate.isUser
                    opacity: delegate.showActions ? 1 : 0
                    enabled: ChatController.canSend
                    iconName: "edit"
                    label: qsTr("Edit")
                    implicitWidth: 30
                    implicitHeight: 30
                    onClicked: delegate.startEdit()
                }
                IconButton {
                    objectName: "regenerateButton"
                    visible: !delegate.isUser
                    opacity: delegate.showActions ? 1 : 0
                    enabled: ChatController.canSend
                    iconName: "refresh"
                    label: qsTr("Regenerate")
                    implicitWidth: 30
                    implicitHeight: 30
                    onClicked: ChatController.regenerate(delegate.messageId)
                }
                IconButton {
                    objectName: "deleteButton"
                    opacity: delegate.showActions ? 1 : 0
                    enabled: !ChatController.generating
                    iconName: "trash"
                    label: qsTr("Delete")
                    implicitWidth: 30
                    implicitHeight: 30
                    onClicked: ChatController.deleteMessage(delegate.messageId)
                }
                Label {
                    objectName: "statsLabel"
                    visible: !delegate.isUser && text.length > 0
                    opacity: delegate.showActions ? 1 : 0
                    Layout.leftMargin: Theme.unit
                    text: [delegate.statsText, delegate.modelName].filter(s => s.length > 0)
                                                                  .join(" · ")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontTiny
                    elide: Text.ElideRight
                    Layout.maximumWidth: column.width - 240
                }
            }
        }
    }
}
