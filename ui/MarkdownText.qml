// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

/// Markdown prose of an answer (headings, lists, tables, links, inline code), selectable, shown
/// from its rich-text rendering (MessageSegments). Links are not opened here: linkActivated asks
/// the shell, which confirms first.
TextEdit {
    id: text

    /// The Markdown source (for screen readers and copying).
    property string markdown
    /// Its rendering.
    property string html

    objectName: "markdownText"
    text: html
    textFormat: TextEdit.RichText
    wrapMode: TextEdit.Wrap
    readOnly: true
    selectByMouse: true
    persistentSelection: false
    activeFocusOnPress: false
    color: Theme.text
    selectionColor: Theme.accent
    selectedTextColor: Theme.accentText
    font.pixelSize: Theme.fontBody
    Accessible.role: Accessible.StaticText
    Accessible.name: markdown

    HoverHandler {
        cursorShape: text.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }
}
