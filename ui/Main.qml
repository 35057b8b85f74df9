// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

/// The main window: the app shell at a comfortable size.
ApplicationWindow {
    id: window

    width: 1180
    height: 780
    minimumWidth: 720
    minimumHeight: 480
    visible: true
    title: qsTr("Hearth")
    color: Theme.window

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.text: Theme.text
    palette.button: Theme.surface
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textMuted
    palette.mid: Theme.border
    palette.light: Theme.surface
    palette.dark: Theme.border

    AppShell {
        anchors.fill: parent
    }
}
