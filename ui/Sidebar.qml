// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// Conversations: a new-chat button, the search box, the list and settings. Empty until the
/// first conversation exists, and then says how to start one.
Rectangle {
    id: sidebar

    /// The conversations to list (a model from Hearth.App); none yet means the empty state.
    property alias conversations: list.model

    color: Theme.sidebar

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.unit * 1.5
        spacing: Theme.unit

        Button {
            id: newChat
            objectName: "newChatButton"
            Layout.fillWidth: true
            text: qsTr("+ New chat")
            Accessible.name: qsTr("New chat")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Start a new conversation (Ctrl+N)")
        }

        TextField {
            id: search
            objectName: "searchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Search all chats")
            Accessible.name: qsTr("Search all chats")
        }

        ListView {
            id: list
            objectName: "conversationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: null

            Label {
                objectName: "sidebarEmptyState"
                anchors.fill: parent
                anchors.margins: Theme.unit
                visible: list.count === 0
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                text: qsTr("No conversations yet.\nYour chats will appear here, saved on this computer.")
            }
        }

        Label {
            objectName: "privacyIndicator"
            Layout.fillWidth: true
            text: qsTr("● Offline · on this computer")
            color: Theme.success
            font.pixelSize: Theme.fontSmall
            Accessible.name: qsTr("Everything stays on this computer")
        }

        Button {
            objectName: "settingsButton"
            Layout.fillWidth: true
            flat: true
            text: qsTr("⚙ Settings")
            Accessible.name: qsTr("Settings")
        }
    }
}
