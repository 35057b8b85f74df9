// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

/// Markdown prose of an answer (headings, lists, tables, links, inline code), selectable.
/// Links are not opened here: linkActivated asks the shell, which confirms first.
TextEdit {
    id: text

    property string markdown

    objectName: "markdownText"
    text: markdown
    textFormat: TextEdit.MarkdownText
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
