// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// One conversation in the sidebar: its title (renamed in place), a pin mark, and a menu
/// (⋯ or right-click) to rename, pin, export or delete it.
ItemDelegate {
    id: row

    required property int index
    required property real conversationId
    required property string title
    required property bool pinned
    property bool current: false
    property bool renaming: false

    signal openRequested()
    signal exportRequested()

    function startRename() {
        renaming = true
        renameField.text = title
        renameField.selectAll()
        renameField.forceActiveFocus()
    }
    function finishRename(save) {
        if (save && renameField.text.trim().length > 0)
            ChatController.conversations.rename(conversationId, renameField.text)
        renaming = false
    }

    objectName: "conversation_" + index
    implicitHeight: Theme.controlHeight + 2
    topPadding: 0
    bottomPadding: 0
    leftPadding: Theme.unit * 2.5
    rightPadding: Theme.unit * 1.5
    highlighted: current
    focusPolicy: Qt.StrongFocus
    Accessible.name: pinned ? qsTr("%1, pinned").arg(title) : title
    Accessible.role: Accessible.ListItem
    onClicked: openRequested()

    background: Rectangle {
        anchors.fill: parent
        anchors.leftMargin: Theme.unit
        anchors.rightMargin: Theme.unit
        radius: Theme.radius
        color: row.current ? Theme.selected : row.hovered ? Theme.hover : "transparent"

        FocusRing {
            shown: row.visualFocus
        }
    }

    contentItem: RowLayout {
        spacing: Theme.unit / 2

        Label {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            visible: !row.renaming
            text: row.title
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSmall + 1
            font.weight: row.current ? Font.DemiBold : Font.Normal
        }

        TextField {
            id: renameField
            objectName: "renameField"
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            visible: row.renaming
            font.pixelSize: Theme.fontSmall + 1
            Accessible.name: qsTr("Conversation title")
            onAccepted: row.finishRename(true)
            onActiveFocusChanged: {
                if (!activeFocus && row.renaming)
                    row.finishRename(true)
            }
            Keys.onEscapePressed: row.finishRename(false)
        }

        Icon {
            visible: row.pinned && !menuButton.visible
            name: "pin"
            size: Theme.iconSize - 4
            Layout.alignment: Qt.AlignVCenter
        }

        IconButton {
            id: menuButton
            objectName: "conversationMenuButton"
            visible: !row.renaming && (row.hovered || row.current || menu.visible)
            implicitWidth: 28
            implicitHeight: 28
            Layout.alignment: Qt.AlignVCenter
            iconName: "more"
            label: qsTr("More actions for “%1”").arg(row.title)
            onClicked: menu.popup(this, 0, height)
        }
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: (eventPoint) => menu.popup()
    }

    Keys.onPressed: (event) => {
        if (event.key === Qt.Key_F2) {
            row.startRename()
            event.accepted = true
        } else if (event.key === Qt.Key_Delete) {
            ChatController.conversations.remove(row.conversationId)
            event.accepted = true
        } else if (event.key === Qt.Key_Menu) {
            menu.popup(row, row.width - menu.width, row.height)
            event.accepted = true
        }
    }

    Menu {
        id: menu
        objectName: "conversationMenu"

        MenuItem {
            text: qsTr("Rename")
            onTriggered: row.startRename()
        }
        MenuItem {
            text: row.pinned ? qsTr("Unpin") : qsTr("Pin")
            onTriggered: ChatController.conversations.setPinned(row.conversationId, !row.pinned)
        }
        MenuItem {
            text: qsTr("Export…")
            onTriggered: row.exportRequested()
        }
        MenuSeparator {}
        MenuItem {
            text: qsTr("Delete")
            palette.windowText: Theme.danger
            onTriggered: ChatController.conversations.remove(row.conversationId)
        }
    }
}
