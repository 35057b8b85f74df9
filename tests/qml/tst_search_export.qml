// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Hearth.App
import Hearth.Testing
import Hearth.Ui

/// Search over every conversation and the jump to the message; export through the dialog
/// and the import of the JSON export.
Item {
    id: root
    width: 1200
    height: 800

    Component {
        id: shellComponent
        AppShell {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "SearchExport"
        when: windowShown

        property var shell: null

        function init() {
            const model = TestBackend.reset(true)
            shell = createTemporaryObject(shellComponent, root)
            ModelController.load(model)
            tryVerify(() => ModelController.ready, 20000)
        }

        function send(text, reply) {
            TestBackend.engine.queueReply(reply)
            verify(ChatController.send(text))
            tryVerify(() => !ChatController.generating, 20000)
        }

        function test_searchAndJump() {
            send("Where do penguins live?", "Penguins live mostly in the Southern Hemisphere.")
            const penguins = ChatController.conversationId
            ChatController.newChat()
            send("Tell me about volcanoes", "Volcanoes are openings in the crust of a planet.")
            verify(ChatController.conversationId !== penguins)

            keyClick(Qt.Key_F, Qt.ControlModifier)
            const overlay = findChild(shell, "searchOverlay")
            tryVerify(() => overlay.opened, 20000)
            const input = findChild(overlay.contentItem, "searchInput")
            tryVerify(() => input.activeFocus, 20000)
            keyClick(Qt.Key_S)
            keyClick(Qt.Key_O)
            keyClick(Qt.Key_U)
            keyClick(Qt.Key_T)
            keyClick(Qt.Key_H)
            const results = findChild(overlay.contentItem, "searchResults")
            tryCompare(results, "count", 1, 20000)
            const hit = findChild(results, "searchResult_0")
            compare(hit.conversationTitle, "Where do penguins live?")
            verify(hit.snippet.indexOf("<b>Southern</b>") >= 0, "the match is highlighted")
            keyClick(Qt.Key_Return)
            tryVerify(() => !overlay.opened, 20000)
            compare(ChatController.conversationId, penguins)
            compare(ChatController.highlightedMessageId, ChatController.messages.data(
                        ChatController.messages.index(1, 0), MessageListModel.MessageIdRole))
            // The highlight flashes and clears.
            tryCompare(ChatController, "highlightedMessageId", 0, 20000)
        }

        function test_exportAndImport() {
            send("Export me please", "Exported answer text.")
            keyClick(Qt.Key_E, Qt.ControlModifier)
            const dialog = findChild(shell, "exportDialog")
            tryVerify(() => dialog.opened, 20000)
            const path = TestBackend.tempPath("export-test.json")
            mouseClick(findChild(dialog.contentItem, "formatJson"))
            const field = findChild(dialog.contentItem, "exportPath")
            verify(field.text.endsWith(".json"), "the suggested name follows the format")
            field.text = path
            mouseClick(findChild(dialog.contentItem, "exportButton"))
            tryVerify(() => !ExportController.busy && TestBackend.fileExists(path), 20000)
            verify(ExportController.lastSucceeded)
            const json = TestBackend.readFile(path)
            verify(json.indexOf("Exported answer text.") >= 0)
            const toast = findChild(shell, "toast")
            tryVerify(() => toast.opened, 20000)

            // Markdown of the same conversation.
            const md = TestBackend.tempPath("export-test.md")
            verify(ExportController.exportTo(md, "md", false, true, false))
            tryVerify(() => !ExportController.busy && TestBackend.fileExists(md), 20000)
            verify(TestBackend.readFile(md).indexOf("Export me please") >= 0)

            // Import adds the conversation again.
            compare(TestBackend.storedConversations(), 1)
            dialog.openImport()
            tryVerify(() => dialog.opened, 20000)
            findChild(dialog.contentItem, "exportPath").text = path
            mouseClick(findChild(dialog.contentItem, "exportButton"))
            tryVerify(() => !ExportController.busy && TestBackend.storedConversations() === 2, 20000)
            tryCompare(findChild(shell, "conversationList"), "count", 2, 20000)
        }
    }
}
