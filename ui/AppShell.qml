// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// The frame of the app: a resizable conversation sidebar, and the chat area with its header
/// and composer.
Item {
    id: shell

    objectName: "appShell"

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal

        handle: Rectangle {
            implicitWidth: 1
            color: Theme.border
        }

        Sidebar {
            id: sidebar
            objectName: "sidebar"
            SplitView.preferredWidth: Theme.sidebarWidth
            SplitView.minimumWidth: 200
            SplitView.maximumWidth: 420
        }

        ColumnLayout {
            SplitView.fillWidth: true
            spacing: 0

            ChatHeader {
                id: header
                Layout.fillWidth: true
            }

            ChatPane {
                id: chatPane
                Layout.fillWidth: true
                Layout.fillHeight: true
            }

            Composer {
                id: composer
                Layout.fillWidth: true
            }
        }
    }
}
