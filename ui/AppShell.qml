// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The frame of the app: the conversation sidebar (resizable, collapsible) and the main area,
/// which shows the chat, the model manager or the settings; the search overlay, the export and
/// conversation-settings dialogs, toasts, and the keyboard shortcuts.
Item {
    id: shell

    objectName: "appShell"

    /// "chat", "models" or "settings".
    property string page: "chat"
    property bool sidebarOpen: true
    readonly property string windowTitle: page === "models" ? qsTr("Models — Hearth")
                                          : page === "settings" ? qsTr("Settings — Hearth")
                                          : ChatController.conversationId !== 0
                                            ? qsTr("%1 — Hearth").arg(ChatController.title)
                                            : qsTr("Hearth")

    function showChat() {
        page = "chat"
        chatPage.focusComposer()
    }
    function showModels(tab) {
        page = "models"
        modelsPage.currentTab = tab === undefined ? modelsPage.currentTab : tab
    }
    function showSettings() {
        page = "settings"
    }
    function newChat() {
        ChatController.newChat()
        showChat()
    }
    function openSearch() {
        searchOverlay.open()
    }
    function openExport(all) {
        exportDialog.openFor(all)
    }
    function openConversationSettings() {
        conversationSettings.open()
    }
    function openLink(url) {
        linkDialog.ask(url)
    }

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal

        handle: Rectangle {
            implicitWidth: 1
            color: SplitHandle.hovered || SplitHandle.pressed ? Theme.accent : Theme.border
        }

        Sidebar {
            id: sidebar
            objectName: "sidebar"
            visible: shell.sidebarOpen
            SplitView.preferredWidth: Theme.sidebarWidth
            SplitView.minimumWidth: 208
            SplitView.maximumWidth: 440
            onNewChatRequested: shell.newChat()
            onSearchRequested: shell.openSearch()
            onSettingsRequested: shell.showSettings()
            onModelsRequested: shell.showModels()
            onConversationOpened: shell.showChat()
            onExportRequested: shell.openExport(false)
        }

        StackLayout {
            id: pages
            SplitView.fillWidth: true
            currentIndex: shell.page === "models" ? 1 : shell.page === "settings" ? 2 : 0

            ChatPage {
                id: chatPage
                objectName: "chatPage"
                sidebarOpen: shell.sidebarOpen
                onToggleSidebar: shell.sidebarOpen = !shell.sidebarOpen
                onManageModels: shell.showModels()
                onConversationSettingsRequested: shell.openConversationSettings()
                onExportRequested: shell.openExport(false)
                onLinkActivated: (url) => shell.openLink(url)
            }

            ModelManagerPage {
                id: modelsPage
                objectName: "modelsPage"
                onBack: shell.showChat()
            }

            SettingsPage {
                id: settingsPage
                objectName: "settingsPage"
                onBack: shell.showChat()
                onImportRequested: exportDialog.openImport()
                onManageModels: shell.showModels()
            }
        }
    }

    SearchOverlay {
        id: searchOverlay
        objectName: "searchOverlay"
        onOpened: shell.page = "chat"
        onResultOpened: chatPage.focusComposer()
    }

    ExportDialog {
        id: exportDialog
        objectName: "exportDialog"
    }

    ConversationSettingsDialog {
        id: conversationSettings
        objectName: "conversationSettingsDialog"
    }

    LinkConfirmDialog {
        id: linkDialog
        objectName: "linkDialog"
    }

    Toast {
        id: toast
        objectName: "toast"
        onActionTriggered: (key) => {
            if (key === "undo")
                ChatController.conversations.undoRemove()
            else if (key === "showFolder")
                Qt.openUrlExternally(ExportController.lastFolder)
        }
    }

    Connections {
        target: ChatController.conversations
        function onUndoChanged() {
            if (ChatController.conversations.canUndo)
                toast.show(qsTr("Deleted “%1”").arg(ChatController.conversations.undoTitle),
                           qsTr("Undo"), "undo", 6000)
        }
    }
    Connections {
        target: ExportController
        function onFinished(success, message) {
            if (success)
                toast.show(message, qsTr("Show in folder"), "showFolder", 8000)
            else
                toast.show(message, "", "", 10000)
        }
    }
    Connections {
        target: ChatController
        function onErrorOccurred(message) {
            toast.show(message, "", "", 10000)
        }
    }
    Connections {
        target: AppSettings
        function onErrorOccurred(message) {
            toast.show(message, "", "", 10000)
        }
    }

    Shortcut {
        sequence: StandardKey.New
        onActivated: shell.newChat()
    }
    Shortcut {
        sequence: "Ctrl+F"
        onActivated: shell.openSearch()
    }
    Shortcut {
        sequence: "Ctrl+,"
        onActivated: shell.showSettings()
    }
    Shortcut {
        sequence: "Ctrl+L"
        onActivated: shell.showChat()
    }
    Shortcut {
        sequence: "Ctrl+E"
        onActivated: shell.openExport(false)
    }
    Shortcut {
        sequence: "Ctrl+Shift+C"
        onActivated: {
            if (ChatController.copyLastAnswer())
                toast.show(qsTr("Answer copied"), "", "", 2500)
        }
    }
    Shortcut {
        sequence: "Ctrl+Shift+R"
        enabled: ChatController.canSend
        onActivated: ChatController.regenerateLast()
    }
    Shortcut {
        sequence: "Alt+Up"
        onActivated: ChatController.openAdjacent(-1)
    }
    Shortcut {
        sequence: "Alt+Down"
        onActivated: ChatController.openAdjacent(1)
    }
    Shortcut {
        sequence: "Esc"
        enabled: ChatController.generating
        onActivated: ChatController.stop()
    }
    Shortcut {
        sequence: "Esc"
        enabled: !ChatController.generating && shell.page !== "chat"
        onActivated: shell.showChat()
    }
}
