// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The header over the chat: the sidebar toggle, the model picker, the device in use and the
/// conversation menu (its settings, export, delete).
Rectangle {
    id: header

    property bool sidebarOpen: true
    signal toggleSidebar()
    signal manageModels()
    signal conversationSettingsRequested()
    signal exportRequested()

    implicitHeight: Theme.unit * 7
    color: Theme.window

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.unit
        anchors.rightMargin: Theme.unit * 1.5
        spacing: Theme.unit

        IconButton {
            objectName: "sidebarToggle"
            iconName: "sidebar"
            label: header.sidebarOpen ? qsTr("Hide the sidebar") : qsTr("Show the sidebar")
            onClicked: header.toggleSidebar()
        }

        ModelPicker {
            id: modelPicker
            objectName: "modelPicker"
            onManageModels: header.manageModels()
        }

        Item {
            Layout.fillWidth: true
        }

        Label {
            objectName: "deviceIndicator"
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideRight
            Layout.maximumWidth: 280
            text: ModelController.ready ? "● " + ModelController.deviceText
                  : !AppInfo.gpuKnown ? qsTr("Looking for a GPU…")
                  : AppInfo.gpuName.length > 0 ? qsTr("● GPU: %1").arg(AppInfo.gpuName)
                  : qsTr("No GPU · runs on the CPU")
            Accessible.name: qsTr("Device: %1").arg(text)
            ToolTip.visible: deviceHover.hovered && AppInfo.gpuError.length > 0
            ToolTip.text: AppInfo.gpuError

            HoverHandler {
                id: deviceHover
            }
        }

        IconButton {
            objectName: "conversationMenuButton"
            iconName: "more"
            label: qsTr("Conversation menu")
            onClicked: menu.popup(this, width - menu.width, height)

            Menu {
                id: menu
                objectName: "headerMenu"

                MenuItem {
                    text: qsTr("Conversation settings…")
                    onTriggered: header.conversationSettingsRequested()
                }
                MenuItem {
                    text: qsTr("Export…")
                    enabled: ChatController.conversationId !== 0
                    onTriggered: header.exportRequested()
                }
                MenuItem {
                    text: qsTr("Rename")
                    enabled: ChatController.conversationId !== 0
                    onTriggered: renameDialog.open()
                }
                MenuSeparator {}
                MenuItem {
                    text: qsTr("Delete chat")
                    enabled: ChatController.conversationId !== 0
                    onTriggered: ChatController.conversations.remove(ChatController.conversationId)
                }
            }
        }
    }

    AppDialog {
        id: renameDialog
        objectName: "renameDialog"
        title: qsTr("Rename conversation")
        onAboutToShow: {
            titleField.text = ChatController.title
            titleField.selectAll()
            titleField.forceActiveFocus()
        }
        onAccepted: ChatController.conversations.rename(ChatController.conversationId,
                                                        titleField.text)

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.unit
            TextField {
                id: titleField
                Layout.preferredWidth: 380
                Accessible.name: qsTr("Conversation title")
                onAccepted: renameDialog.accept()
            }
            DialogButtons {
                acceptText: qsTr("Rename")
                acceptEnabled: titleField.text.trim().length > 0
                onAccepted: renameDialog.accept()
                onCancelled: renameDialog.reject()
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
