// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Hearth.Ui

/// The app shell offscreen: its parts are there and its empty state tells a new user what to do.
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

        function test_emptyState() {
            const shell = createTemporaryObject(shellComponent, root)
            verify(shell !== null, "the shell loads")

            const sidebar = findChild(shell, "sidebar")
            verify(sidebar.visible && sidebar.width >= 200, "sidebar shown")
            const list = findChild(shell, "conversationList")
            compare(list.count, 0)
            const sidebarEmpty = findChild(shell, "sidebarEmptyState")
            verify(sidebarEmpty.visible)
            verify(sidebarEmpty.text.indexOf("No conversations yet") >= 0)

            const welcome = findChild(shell, "welcome")
            verify(welcome.visible)
            compare(findChild(welcome, "emptyStateTitle").text, "Welcome to Hearth")
            verify(findChild(welcome, "emptyStateBody").text.indexOf("download a model") >= 0,
                   "says what to do next")

            compare(findChild(shell, "modelPicker").displayText, "No model installed")

            const input = findChild(shell, "composerInput")
            verify(!input.enabled, "no model, no typing")
            compare(input.placeholderText, "Load a model to start")
            verify(!findChild(shell, "sendButton").enabled)

            verify(findChild(shell, "privacyIndicator").text.indexOf("Offline") >= 0)
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
