// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Hearth.App

/// The installed models: size on disk, last use, details from the GGUF header (architecture,
/// weight types, context, chat template), fit badge; Load, Show in folder, Delete (confirmed,
/// with the space it frees); import of a local GGUF by file dialog or drag and drop.
Item {
    id: tab

    signal loaded()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.unit * 2
        spacing: Theme.unit * 1.5

        RowLayout {
            Layout.fillWidth: true
            AppButton {
                objectName: "importModelButton"
                text: qsTr("Import a GGUF file…")
                iconName: "folder"
                enabled: !ModelManager.importing
                onClicked: fileDialog.open()
            }
            Label {
                Layout.fillWidth: true
                text: ModelManager.importing
                      ? qsTr("Importing %1… %2%").arg(ModelManager.importFileName)
                                                .arg(Math.round(ModelManager.importProgress * 100))
                      : qsTr("or drop a .gguf file on this page")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            AppButton {
                visible: ModelManager.importing
                text: qsTr("Cancel")
                onClicked: ModelManager.cancelImport()
            }
            AppButton {
                text: qsTr("Open models folder")
                onClicked: Qt.openUrlExternally(ModelManager.modelsFolderUrl)
            }
        }

        ListView {
            id: list
            objectName: "installedList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.unit
            model: ModelManager.installed
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property int index
                required property real modelId
                required property string name
                required property string sizeText
                required property string parametersText
                required property string quantization
                required property string architecture
                required property string typeMix
                required property int contextLength
                required property bool hasChatTemplate
                required property string chatTemplate
                required property bool detailsKnown
                required property string problem
                required property date lastUsedAt
                required property url folderUrl
                required property string spaceFreedText
                required property string fit
                required property string fitText

                objectName: "installedModel_" + index
                width: ListView.view.width
                implicitHeight: content.implicitHeight + Theme.unit * 3
                radius: Theme.radiusLarge
                color: Theme.surface
                border.width: 1
                border.color: modelId === ModelController.modelId ? Theme.accent : Theme.border

                ColumnLayout {
                    id: content
                    anchors.fill: parent
                    anchors.margins: Theme.unit * 1.5
                    spacing: Theme.unit / 2

                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            Layout.fillWidth: true
                            text: row.name
                            font.pixelSize: Theme.fontBody
                            font.weight: Font.DemiBold
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        FitBadge {
                            fit: row.fit
                            text: row.fitText
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: [row.parametersText, row.quantization, row.sizeText,
                               !isNaN(row.lastUsedAt.getTime())
                               ? qsTr("last used %1").arg(row.lastUsedAt.toLocaleDateString(Qt.locale(), Locale.ShortFormat))
                               : qsTr("never used")].filter(s => s.length > 0).join(" · ")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: row.detailsKnown || row.problem.length > 0
                        text: row.problem.length > 0 ? row.problem
                              : qsTr("%1 · weights %2 · context %3 · %4")
                                .arg(row.architecture).arg(row.typeMix).arg(row.contextLength)
                                .arg(row.hasChatTemplate ? qsTr("own chat template")
                                                         : qsTr("built-in chat template"))
                        color: row.problem.length > 0 ? Theme.danger : Theme.textMuted
                        font.pixelSize: Theme.fontTiny
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        Layout.topMargin: Theme.unit / 2
                        spacing: Theme.unit
                        AppButton {
                            objectName: "loadModelButton"
                            primary: true
                            enabled: row.problem.length === 0 && row.modelId !== ModelController.modelId
                            text: row.modelId === ModelController.modelId
                                  ? (ModelController.loading ? qsTr("Loading…") : qsTr("Loaded"))
                                  : qsTr("Load")
                            Accessible.name: qsTr("Load %1").arg(row.name)
                            onClicked: {
                                ModelController.load(row.modelId)
                                tab.loaded()
                            }
                        }
                        AppButton {
                            text: qsTr("Show in folder")
                            onClicked: Qt.openUrlExternally(row.folderUrl)
                        }
                        Item {
                            Layout.fillWidth: true
                        }
                        AppButton {
                            objectName: "showTemplateButton"
                            visible: row.chatTemplate.length > 0
                            text: qsTr("Chat template")
                            Accessible.name: qsTr("Chat template of %1").arg(row.name)
                            onClicked: {
                                templateDialog.title = qsTr("Chat template of %1").arg(row.name)
                                templateDialog.text = row.chatTemplate
                                templateDialog.open()
                            }
                        }
                        AppButton {
                            objectName: "deleteModelButton"
                            danger: true
                            iconName: "trash"
                            text: qsTr("Delete")
                            Accessible.name: qsTr("Delete %1").arg(row.name)
                            onClicked: {
                                confirm.modelId = row.modelId
                                confirm.modelName = row.name
                                confirm.freed = row.spaceFreedText
                                confirm.open()
                            }
                        }
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - Theme.unit * 8
                horizontalAlignment: Text.AlignHCenter
                visible: list.count === 0
                wrapMode: Text.Wrap
                text: qsTr("No models installed yet. Download one from Discover, or import a GGUF file.")
                color: Theme.textMuted
            }
        }
    }

    DropArea {
        anchors.fill: parent
        keys: ["text/uri-list"]
        onDropped: (event) => {
            if (event.hasUrls && event.urls.length > 0)
                importChoice.ask(event.urls[0])
        }
    }

    ImportChoiceDialog {
        id: importChoice
    }

    AppDialog {
        id: templateDialog
        objectName: "templateDialog"
        property string text
        width: Math.min(720, tab.width - Theme.unit * 8)
        height: Math.min(560, tab.height - Theme.unit * 8)

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.unit * 2
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    objectName: "templateText"
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.Wrap
                    font.family: "monospace"
                    font.pixelSize: Theme.fontSmall
                    text: templateDialog.text
                    Accessible.name: templateDialog.title
                }
            }
            DialogButtons {
                cancelText: qsTr("Close")
                onCancelled: templateDialog.close()
            }
        }
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Import a model")
        nameFilters: [qsTr("GGUF models (*.gguf)"), qsTr("All files (*)")]
        onAccepted: importChoice.ask(selectedFile)
    }

    AppDialog {
        id: confirm
        objectName: "deleteModelDialog"
        property real modelId: -1
        property string modelName
        property string freed
        title: qsTr("Delete %1?").arg(modelName)
        width: 460

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.unit * 2
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: confirm.freed.length > 0
                      ? qsTr("The model file is deleted from this computer, freeing %1. Your conversations stay.").arg(confirm.freed)
                      : qsTr("The model is removed from Hearth; the file itself is kept where it is. Your conversations stay.")
            }
            DialogButtons {
                acceptText: qsTr("Delete")
                danger: true
                onCancelled: confirm.close()
                onAccepted: {
                    ModelManager.installed.remove(confirm.modelId)
                    confirm.close()
                }
            }
        }
    }
}
