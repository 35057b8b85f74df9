// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The chat area: header with the model picker, notices, the messages (or, on a machine with
/// no model yet, the welcome page), and the composer.
Rectangle {
    id: page

    property bool sidebarOpen: true
    signal toggleSidebar()
    signal manageModels()
    signal conversationSettingsRequested()
    signal exportRequested()
    signal linkActivated(string url)

    function focusComposer() {
        composer.focusInput()
    }

    readonly property bool firstRun: !ModelController.hasModels && ChatController.conversationId === 0
                                     && ChatController.messages.count === 0

    color: Theme.window

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ChatHeader {
            id: header
            objectName: "chatHeader"
            Layout.fillWidth: true
            sidebarOpen: page.sidebarOpen
            onToggleSidebar: page.toggleSidebar()
            onManageModels: page.manageModels()
            onConversationSettingsRequested: page.conversationSettingsRequested()
            onExportRequested: page.exportRequested()
        }

        NoticeBar {
            objectName: "modelNotice"
            Layout.fillWidth: true
            text: ModelController.notice
            kind: "warning"
            onDismissed: ModelController.dismissNotice()
        }

        NoticeBar {
            objectName: "modelError"
            Layout.fillWidth: true
            text: ModelController.status === ModelController.Failed ? ModelController.error : ""
            kind: "error"
            actionText: qsTr("Load on CPU")
            secondActionText: qsTr("Manage models")
            onActionTriggered: ModelController.loadOnCpu()
            onSecondActionTriggered: page.manageModels()
            dismissible: false
        }

        NoticeBar {
            objectName: "chatNotice"
            Layout.fillWidth: true
            text: ChatController.notice
            kind: "info"
            onDismissed: ChatController.dismissNotice()
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: page.firstRun ? 0 : 1

            WelcomePage {
                id: welcome
                objectName: "welcome"
                onManageModels: page.manageModels()
            }

            ChatView {
                id: chatView
                objectName: "chatView"
                onLinkActivated: (url) => page.linkActivated(url)
            }
        }

        Composer {
            id: composer
            objectName: "composer"
            Layout.fillWidth: true
            visible: !page.firstRun
            onManageModels: page.manageModels()
        }
    }
}
