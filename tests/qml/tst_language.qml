// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Hearth.App
import Hearth.Testing
import Hearth.Ui

/// Switching the language at run time: every string follows (QML and view-models), Hangul
/// is shown, and switching back restores English.
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
        name: "Language"
        when: windowShown

        function init() {
            const model = TestBackend.reset(true)
            ModelController.load(model)
            tryVerify(() => ModelController.ready, 20000)
        }

        function cleanup() {
            AppSettings.language = "en"
        }

        function test_switchToKoreanAndBack() {
            const shell = createTemporaryObject(shellComponent, root)
            TestBackend.engine.queueReply("안녕하세요! 무엇을 도와드릴까요?")
            verify(ChatController.send("Hello there my friend"))
            tryVerify(() => !ChatController.generating, 20000)

            const newChat = findChild(shell, "newChatButton")
            compare(newChat.text, "New chat")
            const privacy = findChild(shell, "privacyIndicator")
            const section = ChatController.conversations.data(
                        ChatController.conversations.index(0, 0),
                        ConversationListModel.SectionRole)
            compare(section, "Today")

            AppSettings.language = "ko"
            compare(AppSettings.effectiveLanguage, "ko")
            compare(newChat.text, "새 채팅")
            verify(privacy.text.indexOf("오프라인") >= 0, privacy.text)
            compare(findChild(shell, "sendButton").text, "보내기")
            compare(ChatController.conversations.data(ChatController.conversations.index(0, 0),
                                                      ConversationListModel.SectionRole), "오늘")
            verify(ChatController.contextText.indexOf("컨텍스트") >= 0, ChatController.contextText)
            const answer = findChild(shell, "message_1")
            compare(answer.content, "안녕하세요! 무엇을 도와드릴까요?")

            AppSettings.language = "en"
            compare(newChat.text, "New chat")
            compare(ChatController.conversations.data(ChatController.conversations.index(0, 0),
                                                      ConversationListModel.SectionRole), "Today")
        }

        function test_settingsPageSwitch() {
            const shell = createTemporaryObject(shellComponent, root)
            shell.showSettings()
            const box = findChild(shell, "languageBox")
            verify(box !== null)
            box.currentIndex = 2
            box.activated(2)
            compare(AppSettings.language, "ko")
            compare(findChild(shell, "settingsPage").visible, true)
            box.currentIndex = 1
            box.activated(1)
            compare(AppSettings.language, "en")
        }
    }
}
