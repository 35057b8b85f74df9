// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Hearth.App

/// Export: this conversation or all, as Markdown, JSON, HTML or plain text, with or without
/// system prompts and older versions, to a file chosen here; and the import of a JSON export.
/// The work runs off the UI thread; a toast reports the outcome.
AppDialog {
    id: dialog

    /// "export" or "import".
    property string mode: "export"

    function openFor(all) {
        mode = "export"
        allBox.checked = all || ChatController.conversationId === 0
        updateSuggestion()
        open()
    }
    function openImport() {
        mode = "import"
        pathField.text = ""
        open()
    }
    function updateSuggestion() {
        pathField.text = ExportController.suggestedFile(formatGroup.format, allBox.checked)
    }

    width: 560
    title: mode === "export" ? qsTr("Export conversations") : qsTr("Import conversations")

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.unit * 1.5

        Label {
            visible: dialog.mode === "import"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Choose a JSON export from Hearth. Its conversations are added as new ones; nothing here is changed or replaced.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }

        ColumnLayout {
            visible: dialog.mode === "export"
            spacing: Theme.unit

            Label {
                text: qsTr("What")
                font.weight: Font.DemiBold
            }
            RowLayout {
                RadioButton {
                    id: thisBox
                    objectName: "exportThis"
                    text: qsTr("This conversation")
                    enabled: ChatController.conversationId !== 0
                    checked: !allBox.checked
                    onToggled: dialog.updateSuggestion()
                }
                RadioButton {
                    id: allBox
                    objectName: "exportAll"
                    text: qsTr("All conversations")
                    onToggled: dialog.updateSuggestion()
                }
            }

            Label {
                text: qsTr("Format")
                font.weight: Font.DemiBold
            }
            RowLayout {
                id: formatGroup
                property string format: "md"
                RadioButton {
                    objectName: "formatMarkdown"
                    text: qsTr("Markdown")
                    checked: formatGroup.format === "md"
                    onToggled: { formatGroup.format = "md"; dialog.updateSuggestion() }
                }
                RadioButton {
                    objectName: "formatJson"
                    text: qsTr("JSON")
                    checked: formatGroup.format === "json"
                    onToggled: { formatGroup.format = "json"; dialog.updateSuggestion() }
                }
                RadioButton {
                    objectName: "formatHtml"
                    text: qsTr("HTML")
                    checked: formatGroup.format === "html"
                    onToggled: { formatGroup.format = "html"; dialog.updateSuggestion() }
                }
                RadioButton {
                    objectName: "formatText"
                    text: qsTr("Plain text")
                    checked: formatGroup.format === "txt"
                    onToggled: { formatGroup.format = "txt"; dialog.updateSuggestion() }
                }
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                visible: formatGroup.format === "json"
                text: qsTr("JSON keeps everything and can be imported again: use it for backups.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontTiny
            }
            CheckBox {
                id: systemBox
                objectName: "includeSystem"
                text: qsTr("Include system prompts")
                checked: true
            }
            CheckBox {
                id: versionsBox
                objectName: "includeVersions"
                text: qsTr("Include every version of edited and regenerated messages")
                checked: formatGroup.format === "json"
            }
        }

        Label {
            text: dialog.mode === "export" ? qsTr("Save as") : qsTr("File")
            font.weight: Font.DemiBold
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: pathField
                objectName: "exportPath"
                Layout.fillWidth: true
                placeholderText: dialog.mode === "export" ? "" : qsTr("hearth-export.json")
                Accessible.name: dialog.mode === "export" ? qsTr("File to save") : qsTr("File to import")
            }
            AppButton {
                text: qsTr("Browse…")
                onClicked: dialog.mode === "export" ? saveDialog.open() : openDialog.open()
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.unit
            spacing: Theme.unit
            BusyIndicator {
                implicitWidth: 28
                implicitHeight: 28
                running: ExportController.busy && ExportController.progress < 0
                visible: running
            }
            ProgressBar {
                objectName: "exportProgress"
                Layout.preferredWidth: 140
                visible: ExportController.busy && ExportController.progress >= 0
                value: Math.max(0, ExportController.progress)
                Accessible.name: qsTr("Export progress")
            }
            Label {
                visible: ExportController.busy
                text: dialog.mode === "export"
                      ? qsTr("Exporting… %1%").arg(Math.round(Math.max(0, ExportController.progress) * 100))
                      : qsTr("Importing…")
                color: Theme.textMuted
            }
            Item {
                Layout.fillWidth: true
            }
            AppButton {
                text: qsTr("Cancel")
                onClicked: dialog.close()
            }
            AppButton {
                objectName: "exportButton"
                primary: true
                text: dialog.mode === "export" ? qsTr("Export") : qsTr("Import")
                enabled: !ExportController.busy && pathField.text.trim().length > 0
                onClicked: {
                    const started = dialog.mode === "export"
                        ? ExportController.exportTo(pathField.text, formatGroup.format,
                                                    allBox.checked, systemBox.checked,
                                                    versionsBox.checked)
                        : ExportController.importFrom(pathField.text)
                    if (started)
                        dialog.close()
                }
            }
        }
    }

    FileDialog {
        id: saveDialog
        fileMode: FileDialog.SaveFile
        title: qsTr("Export to")
        onAccepted: pathField.text = ExportController.toLocalPath(selectedFile)
    }
    FileDialog {
        id: openDialog
        fileMode: FileDialog.OpenFile
        title: qsTr("Import a JSON export")
        nameFilters: [qsTr("Hearth JSON export (*.json)"), qsTr("All files (*)")]
        onAccepted: pathField.text = ExportController.toLocalPath(openDialog.selectedFile)
    }
}
