// SPDX-License-Identifier: GPL-3.0-or-later
pragma Singleton

import QtQuick
import Hearth.App

/// Colours, spacing and type sizes. Follows the system's light or dark scheme unless the user
/// picks one in Settings ("system", "light", "dark").
QtObject {
    id: theme

    readonly property string mode: AppSettings.theme
    readonly property bool dark: mode === "dark" || (mode === "system" && SystemTheme.dark)

    // 8-px spacing grid.
    readonly property int unit: 8
    readonly property int radius: 8
    readonly property int radiusLarge: 12
    readonly property int sidebarWidth: 272
    readonly property int contentMaxWidth: 760
    readonly property int iconSize: 18
    readonly property int controlHeight: 36

    // Type.
    readonly property int fontBody: 15
    readonly property int fontSmall: 13
    readonly property int fontTiny: 12
    readonly property int fontTitle: 18
    readonly property int fontHeading: 26
    readonly property int fontCode: 14
    readonly property real lineHeight: 1.4
    readonly property string monoFamily: "DejaVu Sans Mono"

    // Palette: warm neutrals and one accent.
    readonly property color accent: dark ? "#f0a35e" : "#b9531a"
    readonly property color accentText: dark ? "#1b1410" : "#ffffff"
    readonly property color accentSoft: dark ? "#3d2c1f" : "#fbe9dc"
    readonly property color window: dark ? "#1c1b1a" : "#fbfaf8"
    readonly property color sidebar: dark ? "#232120" : "#f2efeb"
    readonly property color surface: dark ? "#2a2826" : "#ffffff"
    readonly property color surfaceAlt: dark ? "#312e2b" : "#f6f3ef"
    readonly property color hover: dark ? "#34312d" : "#e9e4de"
    readonly property color selected: dark ? "#3e3832" : "#e4ddd5"
    readonly property color userBubble: dark ? "#3a322b" : "#f6e6d8"
    readonly property color codeBackground: dark ? "#161514" : "#f4f1ed"
    readonly property color border: dark ? "#3b3835" : "#e2ddd6"
    readonly property color text: dark ? "#eeeae6" : "#22201d"
    readonly property color textMuted: dark ? "#a9a39c" : "#6d665e"
    readonly property color link: dark ? "#f5b77f" : "#a2460f"
    readonly property color focus: dark ? "#f5b77f" : "#b9531a"
    readonly property color danger: dark ? "#ff8a80" : "#b42318"
    readonly property color dangerSoft: dark ? "#3c2422" : "#fdecea"
    readonly property color warning: dark ? "#f2c66d" : "#8a5a00"
    readonly property color warningSoft: dark ? "#3a3120" : "#fdf3dc"
    readonly property color success: dark ? "#7ccf8a" : "#1f7a37"
    readonly property color successSoft: dark ? "#213326" : "#e6f4ea"
    readonly property color highlightFlash: dark ? "#4d3d22" : "#fff1c2"

    /// The colour of a fit badge ("fits", "tight", "tooBig").
    function fitColor(fit) {
        return fit === "fits" ? success : fit === "tight" ? warning : fit === "tooBig" ? danger
                                                                                     : textMuted
    }
    function fitBackground(fit) {
        return fit === "fits" ? successSoft : fit === "tight" ? warningSoft
                              : fit === "tooBig" ? dangerSoft : surfaceAlt
    }
}
