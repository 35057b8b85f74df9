// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// A modal dialog in Hearth's look: a titled, rounded card over a dimmed window. Its content
/// brings its own buttons (DialogButtons); Esc closes it.
Dialog {
    id: dialog

    parent: Overlay.overlay
    anchors.centerIn: parent
    modal: true
    padding: Theme.unit * 3
    topPadding: Theme.unit
    closePolicy: Popup.CloseOnEscape

    Overlay.modal: Rectangle {
        color: Qt.rgba(0, 0, 0, Theme.dark ? 0.55 : 0.3)
    }

    background: Rectangle {
        radius: Theme.radiusLarge
        color: Theme.surface
        border.width: 1
        border.color: Theme.border
    }

    header: Label {
        text: dialog.title
        visible: text.length > 0
        padding: Theme.unit * 3
        bottomPadding: Theme.unit
        font.pixelSize: Theme.fontTitle
        font.weight: Font.DemiBold
        color: Theme.text
        wrapMode: Text.Wrap
        Accessible.role: Accessible.Heading
    }

    footer: null
}
