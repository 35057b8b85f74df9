// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// Asks how a local GGUF file joins Hearth before importing it: copied into Hearth's models
/// folder (the original can then be moved or deleted) or linked where it is (no extra disk).
/// Call ask(url); the import runs in the background through ModelManager.importFile().
AppDialog {
    id: dialog
    objectName: "importChoiceDialog"

    property url file
    /// Whether the last choice was to link (remembered while the app runs).
    property bool link: false

    function ask(url) {
        file = url
        open()
    }

    function fileName(url) {
        const s = url.toString()
        return decodeURIComponent(s.substring(s.lastIndexOf("/") + 1))
    }

    title: qsTr("Import %1").arg(fileName(file))
    width: 500

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.unit * 2

        ButtonGroup { id: choice }

        RadioButton {
            objectName: "importCopyChoice"
            Layout.fillWidth: true
            checked: !dialog.link
            ButtonGroup.group: choice
            text: qsTr("Copy it into Hearth's models folder")
            Accessible.name: text
            onToggled: if (checked) dialog.link = false
        }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit * 4
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            text: qsTr("Uses as much disk space again; the original can then be moved or deleted.")
        }
        RadioButton {
            objectName: "importLinkChoice"
            Layout.fillWidth: true
            checked: dialog.link
            ButtonGroup.group: choice
            text: qsTr("Link to it where it is")
            Accessible.name: text
            onToggled: if (checked) dialog.link = true
        }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit * 4
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            text: qsTr("No second copy on disk where the drive allows a link (otherwise it is copied).")
        }
        DialogButtons {
            acceptText: qsTr("Import")
            onCancelled: dialog.close()
            onAccepted: {
                ModelManager.importFile(dialog.file, dialog.link)
                dialog.close()
            }
        }
    }
}
