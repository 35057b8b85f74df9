// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Hearth.App
import Hearth.Testing
import Hearth.Ui

/// The chat flows through the real UI: send → stream → stop; regenerate and switch versions;
/// edit a message; an error with Retry; the context meter and the keyboard.
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
        id: test
        name: "Chat"
        when: windowShown

        property var shell: null

        function init() {
            const model = TestBackend.reset(true)
            TestBackend.engine.tokenDelayMs = 1
            shell = createTemporaryObject(shellComponent, root)
            verify(shell !== null)
            ModelController.load(model)
            tryVerify(() => ModelController.ready, 20000, "the model loads")
        }

        function child(name) {
            const item = findChild(shell, name)
            verify(item !== null, "found " + name)
            return item
        }

        function typeAndSend(text) {
            const input = child("composerInput")
            input.forceActiveFocus()
            input.text = text
            keyClick(Qt.Key_Return)
        }

        function messageRow(index) {
            // Rows replaced by a new version get their delegates on the next frame.
            tryVerify(() => findChild(shell, "message_" + index) !== null, 20000,
                      "message_" + index + " is shown")
            return findChild(shell, "message_" + index)
        }

        function test_sendStreamStop() {
            TestBackend.engine.tokenDelayMs = 20
            const words = []
            for (let i = 0; i < 150; ++i)
                words.push("word" + i)
            TestBackend.engine.queueReply(words.join(" "))
            const list = child("messageList")
            typeAndSend("Tell me a long story please")
            compare(child("composerInput").text, "", "the composer empties")
            tryCompare(list, "count", 2, 20000)
            compare(ChatController.conversations.count, 1)
            verify(ChatController.generating)
            const send = child("sendButton")
            compare(send.text, "Stop", "Send becomes Stop")
            tryVerify(() => ChatController.messages.count === 2
                      && messageRow(1).content.length > 30, 20000, "text streams in")
            const before = messageRow(1).content
            mouseClick(send)
            tryVerify(() => !ChatController.generating, 20000)
            const answer = messageRow(1)
            compare(answer.messageState, "stopped")
            verify(answer.content.length >= before.length)
            verify(words.join(" ").startsWith(answer.content))
            compare(TestBackend.storedState(answer.messageId), "stopped")
            compare(TestBackend.storedContent(answer.messageId), answer.content)
            compare(child("sendButton").text, "Send")
            verify(findChild(answer, "stateNote").visible)
        }

        function test_copyLastAnswerShortcut() {
            TestBackend.engine.queueReply("An answer worth **copying**.")
            typeAndSend("Something to copy")
            tryVerify(() => ChatController.messages.count === 2 && !ChatController.generating, 20000)
            keyClick(Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
            tryVerify(() => TestBackend.clipboardText() === "An answer worth **copying**.", 20000)
            tryVerify(() => child("toast").opened, 20000, "it says so")
        }

        function test_escapeStops() {
            TestBackend.engine.tokenDelayMs = 30
            TestBackend.engine.queueReply("one two three four five six seven eight nine ten eleven")
            typeAndSend("Count to eleven for me")
            tryVerify(() => ChatController.generating, 20000)
            tryVerify(() => messageRow(1).content.length > 0, 20000)
            keyClick(Qt.Key_Escape)
            tryVerify(() => !ChatController.generating, 20000)
            compare(messageRow(1).messageState, "stopped")
        }

        function test_markdownAndCode() {
            TestBackend.engine.queueReply("# Title\n\nSome **bold** text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('hi')\n```\n\nDone.")
            typeAndSend("Show me markdown things")
            tryVerify(() => !ChatController.generating, 20000)
            const answer = messageRow(1)
            const code = findChild(answer, "codeBlock")
            verify(code !== null, "the code block is rendered apart")
            compare(findChild(code, "codeLanguage").text, "python")
            compare(findChild(code, "codeText").text, "print('hi')")
            compare(findChild(code, "codeText").font.family, Theme.monoFamily)
            const copy = findChild(code, "copyCodeButton")
            mouseClick(copy)
            compare(copy.text, "Copied")
            const prose = findChild(answer, "markdownText")
            verify(prose !== null)
            verify(prose.markdown.indexOf("**bold**") >= 0)
            verify(prose.html.indexOf("<table") >= 0, "the table is rendered")
            compare(prose.textFormat, TextEdit.RichText)
        }

        function test_regenerateAndSwitchVersions() {
            TestBackend.engine.queueReply("First version.")
            TestBackend.engine.queueReply("Second version.")
            typeAndSend("Give me two versions")
            tryVerify(() => !ChatController.generating, 20000)
            const answer = messageRow(1)
            const regenerate = findChild(answer, "regenerateButton")
            mouseMove(answer, 20, 20)
            mouseClick(regenerate)
            tryVerify(() => !ChatController.generating, 20000)
            tryCompare(messageRow(1), "content", "Second version.", 20000)
            const switcher = findChild(messageRow(1), "versionSwitcher")
            verify(switcher.visible)
            compare(findChild(switcher, "versionLabel").text, "2 / 2")
            mouseClick(findChild(switcher, "previousVersion"))
            tryCompare(messageRow(1), "content", "First version.", 20000)
            compare(findChild(messageRow(1), "versionLabel").text, "1 / 2")
            mouseClick(findChild(messageRow(1), "nextVersion"))
            tryCompare(messageRow(1), "content", "Second version.", 20000)
        }

        function test_editMessage() {
            TestBackend.engine.queueReply("About cats.")
            TestBackend.engine.queueReply("About dogs.")
            typeAndSend("Tell me about cats")
            tryVerify(() => !ChatController.generating, 20000)
            const question = messageRow(0)
            mouseMove(question, question.width - 20, 10)
            mouseClick(findChild(question, "editButton"))
            verify(question.editing)
            const area = findChild(question, "editArea")
            verify(area.activeFocus)
            area.text = "Tell me about dogs"
            mouseClick(findChild(question, "saveEditButton"))
            tryVerify(() => !ChatController.generating, 20000)
            tryCompare(messageRow(0), "content", "Tell me about dogs", 20000)
            tryCompare(messageRow(1), "content", "About dogs.", 20000)
            compare(findChild(messageRow(0), "versionLabel").text, "2 / 2")
            mouseClick(findChild(messageRow(0), "previousVersion"))
            tryCompare(messageRow(0), "content", "Tell me about cats", 20000)
            tryCompare(messageRow(1), "content", "About cats.", 20000)
        }

        function test_errorInPlaceWithRetry() {
            TestBackend.engine.failNextGeneration("The GPU stopped responding.", 0)
            typeAndSend("This will fail")
            tryVerify(() => !ChatController.generating, 20000)
            const card = findChild(messageRow(1), "errorCard")
            verify(card.visible)
            compare(findChild(card, "errorText").text, "The GPU stopped responding.")
            verify(findChild(card, "errorNewChatButton").visible)
            TestBackend.engine.queueReply("It works now.")
            mouseClick(findChild(card, "retryButton"))
            tryVerify(() => !ChatController.generating, 20000)
            tryCompare(messageRow(1), "content", "It works now.", 20000)
            verify(!findChild(messageRow(1), "errorCard").visible)
        }

        function test_contextMeterAndShiftEnter() {
            const input = child("composerInput")
            input.forceActiveFocus()
            keyClick(Qt.Key_A)
            keyClick(Qt.Key_Return, Qt.ShiftModifier)
            keyClick(Qt.Key_B)
            compare(input.text, "a\nb", "Shift+Enter adds a line")
            keyClick(Qt.Key_Return)
            tryVerify(() => !ChatController.generating && ChatController.messages.count === 2, 20000)
            tryVerify(() => ChatController.contextUsed > 0, 20000)
            const meter = child("contextMeter")
            verify(meter.visible)
            verify(meter.value > 0 && meter.value < 1)
            verify(child("contextText").text.indexOf("Context") === 0)
        }

        function test_newChatShortcutAndSidebar() {
            typeAndSend("First conversation here")
            tryVerify(() => !ChatController.generating, 20000)
            const first = ChatController.conversationId
            keyClick(Qt.Key_N, Qt.ControlModifier)
            compare(ChatController.conversationId, 0)
            compare(ChatController.messages.count, 0)
            typeAndSend("Second conversation here")
            tryVerify(() => !ChatController.generating, 20000)
            const list = child("conversationList")
            tryCompare(list, "count", 2, 20000)
            const older = findChild(list, "conversation_1")
            mouseClick(older)
            compare(ChatController.conversationId, first)
            keyClick(Qt.Key_Up, Qt.AltModifier)
            verify(ChatController.conversationId !== first)
        }

        function test_deleteWithUndo() {
            typeAndSend("A conversation to delete")
            tryVerify(() => !ChatController.generating, 20000)
            const list = child("conversationList")
            tryCompare(list, "count", 1, 20000)
            ChatController.conversations.remove(ChatController.conversationId)
            compare(list.count, 0)
            compare(ChatController.conversationId, 0)
            const toast = child("toast")
            tryVerify(() => toast.opened, 20000)
            compare(findChild(toast.contentItem, "toastAction").text, "Undo")
            mouseClick(findChild(toast.contentItem, "toastAction"))
            tryCompare(list, "count", 1, 20000)
        }

        function test_accessibleNames() {
            for (const name of ["newChatButton", "searchField", "modelPicker", "sendButton",
                                "composerInput", "settingsButton", "modelsButton",
                                "sidebarToggle", "conversationMenuButton"]) {
                const item = child(name)
                verify(item.Accessible.name.length > 0, name + " has an accessible name")
            }
        }
    }
}
