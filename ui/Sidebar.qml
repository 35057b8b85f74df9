// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// Conversations: a new-chat button, the search box, the conversations grouped by date
/// (Pinned, Today, Yesterday, Previous 7 days, Older), download progress, and the way to the
/// models and settings.
Rectangle {
    id: sidebar

    signal newChatRequested()
    signal searchRequested()
    signal settingsRequested()
    signal modelsRequested()
    signal conversationOpened()
    signal exportRequested()

    color: Theme.sidebar

    ColumnLayout {
        anchors.fill: parent
        anchors.topMargin: Theme.unit * 1.5
        anchors.bottomMargin: Theme.unit
        spacing: Theme.unit

        AppButton {
            id: newChat
            objectName: "newChatButton"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit * 1.5
            Layout.rightMargin: Theme.unit * 1.5
            primary: true
            iconName: "plus"
            text: qsTr("New chat")
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: qsTr("Start a new conversation (Ctrl+N)")
            onClicked: sidebar.newChatRequested()
        }

        // Looks like a search field; opens the search overlay.
        AbstractButton {
            id: searchBox
            objectName: "searchField"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit * 1.5
            Layout.rightMargin: Theme.unit * 1.5
            implicitHeight: Theme.controlHeight
            focusPolicy: Qt.StrongFocus
            Accessible.name: qsTr("Search all chats")
            Accessible.role: Accessible.Button
            onClicked: sidebar.searchRequested()

            background: Rectangle {
                radius: Theme.radius
                color: searchBox.hovered ? Theme.hover : Theme.surface
                border.width: 1
                border.color: Theme.border

                FocusRing {
                    shown: searchBox.visualFocus
                }
            }
            contentItem: RowLayout {
                spacing: Theme.unit
                Icon {
                    name: "search"
                    Layout.leftMargin: Theme.unit
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Search all chats")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall + 1
                    elide: Text.ElideRight
                }
                Label {
                    text: qsTr("Ctrl+F")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontTiny
                    Layout.rightMargin: Theme.unit
                }
            }
        }

        ListView {
            id: list
            objectName: "conversationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.topMargin: Theme.unit / 2
            clip: true
            model: ChatController.conversations
            currentIndex: ChatController.conversations.indexOf(ChatController.conversationId)
            keyNavigationEnabled: true
            activeFocusOnTab: true
            boundsBehavior: Flickable.StopAtBounds
            Accessible.name: qsTr("Conversations")
            Accessible.role: Accessible.List
            ScrollBar.vertical: ScrollBar {}

            section.property: "section"
            section.criteria: ViewSection.FullString
            section.delegate: Label {
                required property string section
                width: ListView.view.width
                topPadding: Theme.unit * 1.5
                bottomPadding: Theme.unit / 2
                leftPadding: Theme.unit * 2.5
                text: section
                font.pixelSize: Theme.fontTiny
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                font.letterSpacing: 0.5
                color: Theme.textMuted
            }

            delegate: ConversationDelegate {
                width: ListView.view.width
                current: conversationId === ChatController.conversationId
                onOpenRequested: {
                    ChatController.openConversation(conversationId)
                    sidebar.conversationOpened()
                }
                onExportRequested: {
                    ChatController.openConversation(conversationId)
                    sidebar.exportRequested()
                }
            }

            Keys.onReturnPressed: {
                if (currentItem)
                    currentItem.openRequested()
            }

            Label {
                objectName: "sidebarEmptyState"
                anchors.fill: parent
                anchors.margins: Theme.unit * 2
                visible: list.count === 0
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                lineHeight: 1.3
                text: qsTr("No conversations yet.\nYour chats will appear here, saved on this computer.")
            }
        }

        DownloadFooter {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit * 1.5
            Layout.rightMargin: Theme.unit * 1.5
            onClicked: sidebar.modelsRequested()
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit * 2
            Layout.rightMargin: Theme.unit * 2
            spacing: Theme.unit * 0.75

            Icon {
                name: "lock"
                tint: Theme.success
                size: Theme.iconSize - 4
            }
            Label {
                objectName: "privacyIndicator"
                Layout.fillWidth: true
                text: qsTr("Offline · on this computer")
                color: Theme.success
                font.pixelSize: Theme.fontTiny
                elide: Text.ElideRight
                Accessible.name: qsTr("Offline: everything stays on this computer")
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit
            Layout.rightMargin: Theme.unit
            spacing: Theme.unit / 2

            IconButton {
                objectName: "modelsButton"
                iconName: "chip"
                text: qsTr("Models")
                label: qsTr("Manage models")
                onClicked: sidebar.modelsRequested()
            }

            IconButton {
                objectName: "settingsButton"
                iconName: "settings"
                text: qsTr("Settings")
                label: qsTr("Settings (Ctrl+,)")
                onClicked: sidebar.settingsRequested()
            }
        }
    }
}
