// SPDX-License-Identifier: GPL-3.0-or-later
pragma Singleton

import QtQuick
import Hearth.App

/// Colours, spacing and type sizes. Follows the system's light or dark scheme unless the user
/// picks one ("system", "light", "dark").
QtObject {
    id: theme

    property string mode: "system"
    readonly property bool dark: mode === "dark" || (mode === "system" && SystemTheme.dark)

    // 8-px spacing grid.
    readonly property int unit: 8
    readonly property int radius: 8
    readonly property int sidebarWidth: 264
    readonly property int contentMaxWidth: 760

    // Type.
    readonly property int fontBody: 15
    readonly property int fontSmall: 13
    readonly property int fontTitle: 20
    readonly property int fontHeading: 28
    readonly property int fontCode: 14
    readonly property string monoFamily: "monospace"

    // Palette.
    readonly property color accent: dark ? "#f0a35e" : "#c2571a"
    readonly property color accentText: dark ? "#1b1410" : "#ffffff"
    readonly property color window: dark ? "#1c1b1a" : "#fbfaf8"
    readonly property color sidebar: dark ? "#242220" : "#f1eeea"
    readonly property color surface: dark ? "#2b2926" : "#ffffff"
    readonly property color userBubble: dark ? "#3a332c" : "#f6e7da"
    readonly property color border: dark ? "#3b3835" : "#e2ddd6"
    readonly property color text: dark ? "#eeeae6" : "#22201d"
    readonly property color textMuted: dark ? "#a9a39c" : "#6d665e"
    readonly property color selection: dark ? "#4a3f35" : "#f3d9c4"
    readonly property color danger: dark ? "#ff7b72" : "#b42318"
    readonly property color success: dark ? "#7ccf8a" : "#1f7a37"
}
