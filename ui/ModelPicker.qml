// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The model picker in the header: the model in use (or "No model installed"), a progress bar
/// in place while it loads, and a list of the installed models with size, quantization and fit
/// badge; "Manage models…" at the bottom.
AbstractButton {
    id: picker

    signal manageModels()

    readonly property string displayText: !ModelController.hasModels ? qsTr("No model installed")
        : ModelController.loading ? qsTr("Loading %1…").arg(ModelController.modelName)
        : ModelController.ready ? ModelController.modelName
          + (ModelController.quantization.length > 0 ? " · " + ModelController.quantization : "")
        : qsTr("Choose a model")

    implicitHeight: Theme.controlHeight + 4
    implicitWidth: Math.min(400, pickerRow.implicitWidth)
    focusPolicy: Qt.StrongFocus
    Accessible.name: qsTr("Model: %1").arg(displayText)
    Accessible.role: Accessible.ComboBox
    onClicked: popup.opened ? popup.close() : popup.open()

    background: Rectangle {
        radius: Theme.radius
        color: picker.hovered || popup.opened ? Theme.hover : "transparent"

        FocusRing {
            shown: picker.visualFocus
        }
    }

    contentItem: RowLayout {
        id: pickerRow
        spacing: Theme.unit

        Icon {
            name: "chip"
            tint: ModelController.ready ? Theme.accent : Theme.textMuted
            Layout.leftMargin: Theme.unit
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                objectName: "modelPickerText"
                Layout.fillWidth: true
                Layout.maximumWidth: 320
                text: picker.displayText
                elide: Text.ElideRight
                font.pixelSize: Theme.fontBody
                font.weight: Font.DemiBold
                color: ModelController.ready || ModelController.loading ? Theme.text
                                                                         : Theme.textMuted
            }

            ProgressBar {
                objectName: "modelLoadProgress"
                Layout.fillWidth: true
                Layout.preferredWidth: 160
                visible: ModelController.loading
                indeterminate: ModelController.loadProgress < 0
                value: Math.max(0, ModelController.loadProgress)
                implicitHeight: 4
                Accessible.name: qsTr("Loading the model")
            }
        }

        Icon {
            name: "chevron-down"
            size: Theme.iconSize - 4
            Layout.rightMargin: Theme.unit
        }
    }

    Popup {
        id: popup
        objectName: "modelPickerPopup"
        y: picker.height + 4
        width: Math.max(picker.width, 400)
        padding: Theme.unit
        focus: true

        background: Rectangle {
            radius: Theme.radiusLarge
            color: Theme.surface
            border.width: 1
            border.color: Theme.border
        }

        contentItem: ColumnLayout {
            spacing: Theme.unit / 2

            Label {
                Layout.fillWidth: true
                Layout.margins: Theme.unit
                visible: !ModelController.hasModels
                text: qsTr("No model is installed yet. Download one, or import a GGUF file you already have.")
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }

            ListView {
                id: models
                objectName: "installedModels"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, 320)
                clip: true
                model: ModelManager.installed
                keyNavigationEnabled: true
                focus: true
                Accessible.name: qsTr("Installed models")

                delegate: ItemDelegate {
                    id: entry
                    required property int index
                    required property real modelId
                    required property string name
                    required property string sizeText
                    required property string quantization
                    required property string parametersText
                    required property string fit
                    required property string fitText
                    required property string problem

                    objectName: "modelEntry_" + index
                    width: ListView.view.width
                    enabled: problem.length === 0
                    highlighted: ListView.isCurrentItem
                    Accessible.name: qsTr("%1, %2, %3").arg(name).arg(sizeText).arg(fitText)
                    onClicked: {
                        popup.close()
                        ModelController.load(modelId)
                    }

                    background: Rectangle {
                        radius: Theme.radius
                        color: entry.hovered || entry.highlighted ? Theme.hover : "transparent"
                    }

                    contentItem: RowLayout {
                        spacing: Theme.unit
                        Icon {
                            name: "check"
                            tint: Theme.accent
                            opacity: entry.modelId === ModelController.modelId ? 1 : 0
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Label {
                                Layout.fillWidth: true
                                text: entry.name
                                elide: Text.ElideRight
                                color: Theme.text
                                font.pixelSize: Theme.fontSmall + 1
                            }
                            Label {
                                Layout.fillWidth: true
                                text: entry.problem.length > 0 ? entry.problem
                                      : [entry.parametersText, entry.quantization, entry.sizeText]
                                        .filter(s => s.length > 0).join(" · ")
                                elide: Text.ElideRight
                                color: entry.problem.length > 0 ? Theme.danger : Theme.textMuted
                                font.pixelSize: Theme.fontTiny
                            }
                        }
                        FitBadge {
                            fit: entry.fit
                            text: entry.fitText
                            compact: true
                        }
                    }
                }
            }

            Rectangle {
                Layout.fillWidth: true
                implicitHeight: 1
                color: Theme.border
            }

            RowLayout {
                Layout.fillWidth: true
                AppButton {
                    objectName: "manageModelsButton"
                    text: qsTr("Manage models…")
                    primary: !ModelController.hasModels
                    onClicked: {
                        popup.close()
                        picker.manageModels()
                    }
                }
                Item {
                    Layout.fillWidth: true
                }
                AppButton {
                    objectName: "unloadButton"
                    visible: ModelController.ready
                    text: qsTr("Unload")
                    onClicked: {
                        popup.close()
                        ModelController.unload()
                    }
                }
            }
        }
    }
}
