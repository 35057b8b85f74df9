// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Hearth.App

/// Settings, one page in sections: General (language, theme, start), Models (default model,
/// context length, GPU device, data folder), Generation defaults, Privacy (retention, import,
/// delete all data, what is stored where) and About.
Rectangle {
    id: page

    signal back()
    signal importRequested()
    signal manageModels()

    color: Theme.window

    component SectionTitle: Label {
        Layout.fillWidth: true
        Layout.topMargin: Theme.unit * 3
        font.pixelSize: Theme.fontTitle
        font.weight: Font.DemiBold
        color: Theme.text
        Accessible.role: Accessible.Heading
    }
    component FieldLabel: Label {
        Layout.preferredWidth: 200
        Layout.alignment: Qt.AlignVCenter
        color: Theme.text
        wrapMode: Text.Wrap
    }
    component Hint: Label {
        Layout.fillWidth: true
        Layout.columnSpan: 2
        wrapMode: Text.Wrap
        color: Theme.textMuted
        font.pixelSize: Theme.fontTiny
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Theme.unit * 7
            color: Theme.window
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.unit
                spacing: Theme.unit
                IconButton {
                    objectName: "settingsBackButton"
                    iconName: "chevron-left"
                    label: qsTr("Back to the chat")
                    onClicked: page.back()
                }
                Label {
                    text: qsTr("Settings")
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
            }
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: form.implicitHeight + Theme.unit * 8
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            ColumnLayout {
                id: form
                width: Math.min(flick.width - Theme.unit * 6, 720)
                x: (flick.width - width) / 2
                y: Theme.unit
                spacing: Theme.unit

                // ---- General --------------------------------------------------------------
                SectionTitle {
                    text: qsTr("General")
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: Theme.unit * 2
                    rowSpacing: Theme.unit

                    FieldLabel {
                        text: qsTr("Language")
                    }
                    ComboBox {
                        id: languageBox
                        objectName: "languageBox"
                        Layout.fillWidth: true
                        textRole: "text"
                        valueRole: "value"
                        model: [{ text: qsTr("System language"), value: "system" },
                                { text: "English", value: "en" },
                                { text: "한국어", value: "ko" }]
                        currentIndex: ["system", "en", "ko"].indexOf(AppSettings.language)
                        Accessible.name: qsTr("Language")
                        onActivated: AppSettings.language = currentValue
                    }
                    FieldLabel {
                        text: qsTr("Theme")
                    }
                    ComboBox {
                        objectName: "themeBox"
                        Layout.fillWidth: true
                        textRole: "text"
                        valueRole: "value"
                        model: [{ text: qsTr("Follow the system"), value: "system" },
                                { text: qsTr("Light"), value: "light" },
                                { text: qsTr("Dark"), value: "dark" }]
                        currentIndex: ["system", "light", "dark"].indexOf(AppSettings.theme)
                        Accessible.name: qsTr("Theme")
                        onActivated: AppSettings.theme = currentValue
                    }
                    FieldLabel {
                        text: qsTr("At start")
                    }
                    CheckBox {
                        objectName: "loadOnStartBox"
                        text: qsTr("Load the default model")
                        checked: AppSettings.loadModelOnStart
                        onToggled: AppSettings.loadModelOnStart = checked
                    }
                }

                // ---- Models ---------------------------------------------------------------
                SectionTitle {
                    text: qsTr("Models")
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: Theme.unit * 2
                    rowSpacing: Theme.unit

                    FieldLabel {
                        text: qsTr("Default model")
                    }
                    ComboBox {
                        id: defaultModelBox
                        objectName: "defaultModelBox"
                        Layout.fillWidth: true
                        model: ModelManager.installed
                        textRole: "name"
                        valueRole: "modelId"
                        displayText: currentIndex < 0 ? qsTr("The last one used") : currentText
                        currentIndex: ModelManager.installed.indexOf(AppSettings.defaultModelId)
                        Accessible.name: qsTr("Default model")
                        onActivated: AppSettings.defaultModelId = currentValue
                    }
                    FieldLabel {
                        text: qsTr("Context length")
                    }
                    RowLayout {
                        SpinBox {
                            objectName: "contextLengthBox"
                            from: 512
                            to: 131072
                            stepSize: 512
                            editable: true
                            value: AppSettings.contextLength
                            Accessible.name: qsTr("Context length in tokens")
                            onValueModified: AppSettings.contextLength = value
                        }
                        Label {
                            text: qsTr("tokens")
                            color: Theme.textMuted
                        }
                    }
                    Hint {
                        text: qsTr("How much of the conversation the model keeps in mind. Longer needs more memory; it applies the next time a model loads.")
                    }
                    FieldLabel {
                        text: qsTr("Run models on")
                    }
                    ComboBox {
                        objectName: "gpuDeviceBox"
                        Layout.fillWidth: true
                        textRole: "text"
                        valueRole: "value"
                        model: {
                            const items = [{ text: qsTr("The best GPU (or the CPU)"), value: -1 },
                                           { text: qsTr("The CPU only"), value: -2 }]
                            for (let i = 0; i < AppSettings.gpuDeviceNames.length; ++i)
                                items.push({ text: AppSettings.gpuDeviceNames[i], value: i })
                            return items
                        }
                        currentIndex: AppSettings.gpuDevice === -1 ? 0
                                      : AppSettings.gpuDevice === -2 ? 1 : AppSettings.gpuDevice + 2
                        Accessible.name: qsTr("Device")
                        onActivated: AppSettings.gpuDevice = currentValue
                        Component.onCompleted: AppSettings.queryDevices()
                    }
                    FieldLabel {
                        text: qsTr("Data folder")
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            objectName: "dataFolderLabel"
                            Layout.fillWidth: true
                            text: AppSettings.dataFolder
                            elide: Text.ElideMiddle
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                        }
                        AppButton {
                            text: qsTr("Open")
                            onClicked: Qt.openUrlExternally(AppSettings.dataFolderUrl)
                        }
                        AppButton {
                            text: qsTr("Change…")
                            onClicked: folderDialog.open()
                        }
                    }
                    Hint {
                        visible: AppSettings.nextDataFolder.length > 0
                                 && AppSettings.nextDataFolder !== AppSettings.dataFolder
                        text: qsTr("From the next start, Hearth keeps its data in %1. Nothing is moved: copy the folder there first to keep your chats and models.")
                              .arg(AppSettings.nextDataFolder)
                    }
                }

                // ---- Generation defaults ----------------------------------------------------
                SectionTitle {
                    text: qsTr("Generation defaults")
                }
                Hint {
                    text: qsTr("Used by every new conversation; a conversation can change them in its own settings (⋯ in the header).")
                }
                SamplingFields {
                    Layout.fillWidth: true
                    options: AppSettings.generation
                }
                AppButton {
                    objectName: "resetSamplingButton"
                    text: qsTr("Reset to defaults")
                    enabled: !AppSettings.generation.samplingIsDefault
                    onClicked: AppSettings.generation.resetSampling()
                }

                // ---- Privacy ----------------------------------------------------------------
                SectionTitle {
                    text: qsTr("Privacy")
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    text: qsTr("Hearth works offline. Your conversations, settings and the list of models are kept in one database in the data folder; model files are in its “models” folder. Nothing is sent anywhere; the only network traffic is a model download you start.")
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: Theme.unit * 2
                    rowSpacing: Theme.unit

                    FieldLabel {
                        text: qsTr("Keep conversations")
                    }
                    ComboBox {
                        objectName: "retentionBox"
                        Layout.fillWidth: true
                        textRole: "text"
                        valueRole: "value"
                        model: [{ text: qsTr("Forever"), value: 0 },
                                { text: qsTr("For 30 days"), value: 30 },
                                { text: qsTr("For 90 days"), value: 90 },
                                { text: qsTr("For a year"), value: 365 }]
                        currentIndex: Math.max(0, [0, 30, 90, 365].indexOf(AppSettings.retentionDays))
                        Accessible.name: qsTr("Keep conversations")
                        onActivated: {
                            AppSettings.retentionDays = currentValue
                            AppSettings.applyRetention()
                            ChatController.conversations.reload()
                        }
                    }
                    Hint {
                        text: qsTr("Older conversations are deleted for good; pinned ones are kept.")
                    }
                }
                RowLayout {
                    spacing: Theme.unit
                    AppButton {
                        objectName: "importJsonButton"
                        text: qsTr("Import conversations…")
                        iconName: "download"
                        onClicked: page.importRequested()
                    }
                    AppButton {
                        objectName: "deleteAllButton"
                        danger: true
                        iconName: "trash"
                        text: qsTr("Delete all data…")
                        onClicked: deleteAll.open()
                    }
                }

                // ---- About ----------------------------------------------------------------
                SectionTitle {
                    text: qsTr("About")
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    text: qsTr("Hearth %1 — chat with language models on your own computer.\nFree software under the GNU General Public License, version 3 or later. Each model has its own licence, shown in the model manager.")
                          .arg(AppInfo.version)
                }
            }
        }
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose the data folder")
        onAccepted: AppSettings.setNextDataFolder(selectedFolder)
    }

    AppDialog {
        id: deleteAll
        objectName: "deleteAllDialog"
        width: 480
        title: qsTr("Delete all data?")

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.unit * 2
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Every conversation and setting is deleted from this computer for good, and the list of models is cleared (model files stay in the models folder). This cannot be undone.")
            }
            DialogButtons {
                acceptText: qsTr("Delete everything")
                danger: true
                onCancelled: deleteAll.close()
                onAccepted: {
                    deleteAll.close()
                    AppSettings.deleteAllData()
                }
            }
        }
    }
}
