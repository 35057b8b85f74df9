// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Hearth.App
import Hearth.Testing
import Hearth.Ui

/// The app shell offscreen with nothing installed: the welcome page, an empty sidebar that
/// says what will appear there, a composer that says why it cannot send, the privacy
/// indicator, the pages for models and settings, and the device indicator.
Item {
    id: root
    width: 1100
    height: 720

    Component {
        id: shellComponent
        AppShell {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "Shell"
        when: windowShown

        function init() {
            TestBackend.reset(false)
        }

        function test_emptyState() {
            const shell = createTemporaryObject(shellComponent, root)
            verify(shell !== null, "the shell loads")

            const sidebar = findChild(shell, "sidebar")
            verify(sidebar.visible && sidebar.width >= 200, "sidebar shown")
            compare(findChild(shell, "conversationList").count, 0)
            const sidebarEmpty = findChild(shell, "sidebarEmptyState")
            verify(sidebarEmpty.visible)
            verify(sidebarEmpty.text.indexOf("No conversations yet") >= 0)

            const welcome = findChild(shell, "welcome")
            verify(welcome.visible, "first run shows the welcome page")
            compare(findChild(welcome, "welcomeTitle").text, "Welcome to Hearth")
            verify(findChild(welcome, "welcomeBody").text.indexOf("stay here") >= 0)
            verify(findChild(welcome, "importButton").visible)
            tryVerify(() => findChild(welcome, "recommendedModels").children.length > 1, 20000,
                      "recommended models are offered")

            compare(findChild(shell, "modelPickerText").text, "No model installed")
            verify(findChild(shell, "privacyIndicator").text.indexOf("Offline") >= 0)
        }

        function test_composerExplainsWhy() {
            TestBackend.installTestModel()
            const shell = createTemporaryObject(shellComponent, root)
            verify(!findChild(shell, "welcome").visible, "with a model, no welcome page")
            const input = findChild(shell, "composerInput")
            verify(!input.enabled, "no model loaded, no typing")
            compare(input.placeholderText, "Load a model to start")
            verify(!findChild(shell, "sendButton").enabled)
            verify(findChild(shell, "composerModelButton").visible)
        }

        function test_pages() {
            const shell = createTemporaryObject(shellComponent, root)
            mouseClick(findChild(shell, "settingsButton"))
            compare(shell.page, "settings")
            verify(findChild(shell, "settingsPage").visible)
            keyClick(Qt.Key_Escape)
            compare(shell.page, "chat")
            keyClick(Qt.Key_Comma, Qt.ControlModifier)
            compare(shell.page, "settings")
            mouseClick(findChild(shell, "settingsBackButton"))
            compare(shell.page, "chat")
            mouseClick(findChild(shell, "modelsButton"))
            compare(shell.page, "models")
            verify(findChild(shell, "modelsPage").visible)
            mouseClick(findChild(shell, "modelsBackButton"))
            compare(shell.page, "chat")
            mouseClick(findChild(shell, "sidebarToggle"))
            verify(!findChild(shell, "sidebar").visible)
            mouseClick(findChild(shell, "sidebarToggle"))
            verify(findChild(shell, "sidebar").visible)
        }

        function test_themes() {
            const shell = createTemporaryObject(shellComponent, root)
            AppSettings.theme = "dark"
            compare(Theme.mode, "dark")
            verify(Theme.dark)
            const darkWindow = Theme.window.toString()
            AppSettings.theme = "light"
            compare(AppSettings.theme, "light")
            compare(Theme.mode, "light")
            verify(!Theme.dark)
            verify(Theme.window.toString() !== darkWindow)
            AppSettings.theme = "system"
        }

        function test_deviceIndicatorResolves() {
            const shell = createTemporaryObject(shellComponent, root)
            const indicator = findChild(shell, "deviceIndicator")
            // The GPU query runs on a worker thread; it ends with a device name or "No GPU".
            tryVerify(() => indicator.text.indexOf("Looking") < 0, 20000)
            verify(indicator.text.length > 0)
        }
    }
}
