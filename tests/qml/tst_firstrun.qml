// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Hearth.App
import Hearth.Testing
import Hearth.Ui

/// The first run: no model, the welcome page; a model is downloaded (from a local server) and
/// checked; it loads by itself, a new chat opens, and the first message is answered.
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
        name: "FirstRun"
        when: windowShown

        function init() {
            TestBackend.reset(false)
        }

        function test_downloadThenChat() {
            const shell = createTemporaryObject(shellComponent, root)
            const welcome = findChild(shell, "welcome")
            verify(welcome.visible)
            verify(!ModelController.hasModels)
            verify(!findChild(shell, "composer").visible)

            const url = TestBackend.serveTestModel()
            verify(url.length > 0)
            const id = ModelManager.download(url)
            verify(id >= 0, ModelManager.lastError)

            tryVerify(() => ModelController.hasModels, 20000, "the download is installed")
            tryVerify(() => ModelController.ready, 10000, "and loads by itself")
            tryVerify(() => !welcome.visible, 20000)
            compare(ChatController.conversationId, 0, "a new chat is open")
            verify(findChild(shell, "composer").visible)
            compare(findChild(shell, "modelPickerText").text.indexOf("stories"), 0)

            TestBackend.engine.queueReply("Hello from the new model.")
            const input = findChild(shell, "composerInput")
            input.forceActiveFocus()
            input.text = "My first message"
            keyClick(Qt.Key_Return)
            tryVerify(() => ChatController.messages.count === 2 && !ChatController.generating, 20000)
            compare(findChild(shell, "message_1").content, "Hello from the new model.")
            compare(TestBackend.storedConversations(), 1)
        }

        function test_importFromWelcome() {
            const shell = createTemporaryObject(shellComponent, root)
            verify(findChild(shell, "welcome").visible)
            const installed = TestBackend.installTestModel()
            verify(installed >= 0)
            tryVerify(() => !findChild(shell, "welcome").visible, 20000)
            verify(findChild(shell, "composer").visible)
        }
        // A local file (dropped or chosen) asks whether to copy it into Hearth's models folder or
        // link to it where it is; either way it is installed, and the original stays.
        function test_importAsksCopyOrLink_data() {
            return [{tag: "copy", link: false}, {tag: "link", link: true}]
        }

        function test_importAsksCopyOrLink(data) {
            const shell = createTemporaryObject(shellComponent, root)
            const welcome = findChild(shell, "welcome")
            verify(welcome.visible)
            const name = "elsewhere-" + data.tag + ".gguf"
            const url = TestBackend.placeTestModel(name)
            verify(url.length > 0)
            const dialog = findChild(welcome, "importChoiceDialog")
            verify(dialog)
            dialog.ask(url)
            tryVerify(() => dialog.opened, 20000)
            verify(dialog.title.indexOf(name) >= 0, dialog.title)
            mouseClick(findChild(dialog.contentItem, data.link ? "importLinkChoice" : "importCopyChoice"))
            compare(dialog.link, data.link)
            mouseClick(findChild(dialog.contentItem, "dialogAcceptButton"))
            tryVerify(() => !dialog.visible, 20000)
            tryVerify(() => ModelController.hasModels, 10000, "the file is installed")
            const paths = TestBackend.installedPaths()
            compare(paths.length, 1)
            const original = TestBackend.tempPath(name)
            // A link is the same file (no second copy on disk); a copy is another one.
            compare(TestBackend.sameFile(paths[0], original), data.link)
            verify(TestBackend.fileExists(paths[0]))
            verify(TestBackend.fileExists(original))
        }
    }
}
