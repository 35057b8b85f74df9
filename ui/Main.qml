// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

/// The main window: the app shell at a comfortable size, in the theme's palette.
ApplicationWindow {
    id: window

    width: 1180
    height: 780
    minimumWidth: 720
    minimumHeight: 480
    visible: true
    title: shell.windowTitle
    color: Theme.window

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.surfaceAlt
    palette.text: Theme.text
    palette.button: Theme.surface
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textMuted
    palette.mid: Theme.border
    palette.midlight: Theme.hover
    palette.light: Theme.surface
    palette.dark: Theme.border
    palette.shadow: "#40000000"
    palette.toolTipBase: Theme.text
    palette.toolTipText: Theme.window
    palette.link: Theme.link

    AppShell {
        id: shell
        anchors.fill: parent
    }
}
