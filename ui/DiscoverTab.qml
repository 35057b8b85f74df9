// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The catalog: filters (search, family, size, fits my GPU, language), cards with fit badges
/// and quantization choices, and "Download from Hugging Face…" for any repository file.
Item {
    id: tab

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.unit * 2
        spacing: Theme.unit * 1.5

        Flow {
            Layout.fillWidth: true
            spacing: Theme.unit

            TextField {
                objectName: "catalogSearch"
                width: 220
                placeholderText: qsTr("Search models")
                Accessible.name: qsTr("Search models")
                text: ModelManager.catalog.searchText
                onTextChanged: ModelManager.catalog.searchText = text
            }
            ComboBox {
                objectName: "familyFilter"
                width: 170
                model: [qsTr("All families")].concat(ModelManager.catalog.families)
                Accessible.name: qsTr("Family")
                onActivated: (i) => ModelManager.catalog.family = i === 0 ? "" : currentText
            }
            ComboBox {
                objectName: "sizeFilter"
                width: 150
                textRole: "text"
                valueRole: "value"
                model: [{ text: qsTr("Any size"), value: 0 },
                        { text: qsTr("Up to 2B"), value: 2 },
                        { text: qsTr("Up to 4B"), value: 4 },
                        { text: qsTr("Up to 8B"), value: 8 }]
                Accessible.name: qsTr("Size")
                onActivated: ModelManager.catalog.maxParametersBillions = currentValue
            }
            ComboBox {
                objectName: "languageFilter"
                width: 150
                textRole: "text"
                valueRole: "value"
                model: [{ text: qsTr("Any language"), value: "" },
                        { text: qsTr("Korean"), value: "ko" },
                        { text: qsTr("Japanese"), value: "ja" },
                        { text: qsTr("Chinese"), value: "zh" },
                        { text: qsTr("German"), value: "de" },
                        { text: qsTr("French"), value: "fr" },
                        { text: qsTr("Spanish"), value: "es" }]
                Accessible.name: qsTr("Language")
                onActivated: ModelManager.catalog.language = currentValue
            }
            CheckBox {
                objectName: "fitsFilter"
                text: qsTr("Fits my GPU")
                checked: ModelManager.catalog.fitsOnly
                onToggled: ModelManager.catalog.fitsOnly = checked
            }
            AppButton {
                objectName: "huggingFaceButton"
                text: qsTr("Download from Hugging Face…")
                onClicked: hfDialog.open()
            }
        }

        Label {
            text: ModelManager.deviceKnown ? qsTr("Fit badges are for %1 at a context of %2 tokens.")
                                             .arg(ModelManager.memoryText)
                                             .arg(ModelManager.contextLength)
                                           : ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontTiny
            Layout.fillWidth: true
            wrapMode: Text.Wrap
        }

        GridView {
            id: grid
            objectName: "catalogGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            readonly property int columns: Math.max(1, Math.floor(width / 330))
            cellWidth: Math.floor(width / columns)
            cellHeight: 268
            model: ModelManager.catalog
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: Item {
                id: cell
                required property int index
                required property string catalogId
                required property string name
                required property string description
                required property string parametersText
                required property string license
                required property int contextLength
                required property string fit
                required property string fitText
                required property bool installed
                required property real installedModelId
                required property real downloadId
                required property string downloadState
                required property string defaultFileId
                width: grid.cellWidth
                height: grid.cellHeight

                ModelCard {
                    anchors.fill: parent
                    anchors.margins: Theme.unit
                    index: cell.index
                    catalogId: cell.catalogId
                    name: cell.name
                    description: cell.description
                    parametersText: cell.parametersText
                    license: cell.license
                    contextLength: cell.contextLength
                    fit: cell.fit
                    fitText: cell.fitText
                    installed: cell.installed
                    installedModelId: cell.installedModelId
                    downloadId: cell.downloadId
                    downloadState: cell.downloadState
                    defaultFileId: cell.defaultFileId
                }
            }

            Label {
                anchors.centerIn: parent
                visible: grid.count === 0
                text: qsTr("No model matches these filters.")
                color: Theme.textMuted
            }
        }
    }

    AppDialog {
        id: hfDialog
        objectName: "huggingFaceDialog"
        title: qsTr("Download from Hugging Face")
        width: 520

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.unit
            Label {
                Layout.fillWidth: true
                text: qsTr("The repository and the GGUF file in it, e.g. “Qwen/Qwen2.5-1.5B-Instruct-GGUF” and “qwen2.5-1.5b-instruct-q4_k_m.gguf”.")
                wrapMode: Text.Wrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            TextField {
                id: repoField
                objectName: "hfRepoField"
                Layout.fillWidth: true
                placeholderText: qsTr("owner/repository")
                Accessible.name: qsTr("Repository")
            }
            TextField {
                id: fileField
                objectName: "hfFileField"
                Layout.fillWidth: true
                placeholderText: qsTr("file.gguf")
                Accessible.name: qsTr("File")
            }
            DialogButtons {
                acceptText: qsTr("Download")
                acceptEnabled: repoField.text.trim().length > 0 && fileField.text.trim().length > 0
                onCancelled: hfDialog.close()
                onAccepted: {
                    if (ModelManager.downloadFromHuggingFace(repoField.text.trim(),
                                                             fileField.text.trim()) >= 0)
                        hfDialog.close()
                }
            }
        }
    }
}
