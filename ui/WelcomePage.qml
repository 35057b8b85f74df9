// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Hearth.App

/// The first run: what Hearth is, three models recommended for this machine (by its memory)
/// with Download, and the import of a GGUF file the user already has (button or drag and
/// drop). When the first model arrives it loads and a new chat opens.
Flickable {
    id: page

    signal manageModels()

    contentHeight: column.implicitHeight + Theme.unit * 8
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    ColumnLayout {
        id: column
        width: Math.min(page.width - Theme.unit * 6, 1040)
        x: (page.width - width) / 2
        y: Theme.unit * 5
        spacing: Theme.unit * 2

        Label {
            objectName: "welcomeTitle"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Welcome to Hearth")
            font.pixelSize: Theme.fontHeading + 4
            font.weight: Font.DemiBold
            color: Theme.text
        }

        Label {
            objectName: "welcomeBody"
            Layout.alignment: Qt.AlignHCenter
            Layout.maximumWidth: 620
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("Chat with AI models that run entirely on this computer. Your conversations and everything you type stay here; Hearth goes online only to download a model you choose.")
            font.pixelSize: Theme.fontBody
            lineHeight: 1.3
            color: Theme.textMuted
        }

        Label {
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.unit * 2
            text: ModelManager.deviceKnown
                  ? qsTr("Recommended for this computer (%1)").arg(ModelManager.memoryText)
                  : qsTr("Recommended for this computer")
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.Wrap
        }

        Flow {
            id: cards
            objectName: "recommendedModels"
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.unit * 2

            readonly property int columns: Math.max(1, Math.min(3, Math.floor((width + spacing) / (300 + spacing))))
            readonly property real cardWidth: (width - spacing * (columns - 1)) / columns

            Repeater {
                model: ModelManager.recommended
                delegate: ModelCard {
                    width: cards.cardWidth
                    showChoices: false
                }
            }
        }

        Label {
            Layout.alignment: Qt.AlignHCenter
            visible: ModelManager.recommended.count === 0
            text: qsTr("Looking at this computer's memory…")
            color: Theme.textMuted
        }

        Rectangle {
            id: dropZone
            objectName: "importDropZone"
            Layout.fillWidth: true
            Layout.topMargin: Theme.unit
            implicitHeight: importRow.implicitHeight + Theme.unit * 4
            radius: Theme.radiusLarge
            color: drop.containsDrag ? Theme.accentSoft : "transparent"
            border.width: 1
            border.color: drop.containsDrag ? Theme.accent : Theme.border

            ColumnLayout {
                id: importRow
                anchors.centerIn: parent
                width: parent.width - Theme.unit * 4
                spacing: Theme.unit

                RowLayout {
                    Layout.alignment: Qt.AlignHCenter
                    spacing: Theme.unit
                    AppButton {
                        objectName: "importButton"
                        text: qsTr("I already have a GGUF file…")
                        iconName: "folder"
                        enabled: !ModelManager.importing
                        onClicked: fileDialog.open()
                    }
                    AppButton {
                        objectName: "browseModelsButton"
                        text: qsTr("Browse all models")
                        onClicked: page.manageModels()
                    }
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: ModelManager.importing
                          ? qsTr("Importing %1… %2%").arg(ModelManager.importFileName)
                                                    .arg(Math.round(ModelManager.importProgress * 100))
                          : qsTr("…or drop a .gguf file here")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    visible: ModelManager.lastError.length > 0
                    text: ModelManager.lastError
                    color: Theme.danger
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.Wrap
                }
            }

            DropArea {
                id: drop
                anchors.fill: parent
                keys: ["text/uri-list"]
                onDropped: (event) => {
                    if (event.hasUrls && event.urls.length > 0)
                        importChoice.ask(event.urls[0])
                }
            }
        }
    }

    ImportChoiceDialog {
        id: importChoice
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Import a model")
        nameFilters: [qsTr("GGUF models (*.gguf)"), qsTr("All files (*)")]
        onAccepted: importChoice.ask(selectedFile)
    }
}
