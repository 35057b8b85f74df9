// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// A catalog model as a card (welcome page and Discover): name, size, what it is good at,
/// licence, context, fit badge, a quantization chooser, and Download, with the download's
/// progress and Pause / Resume / Cancel in place once it runs.
Rectangle {
    id: card

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
    /// Offer a choice of quantizations (Discover) or only the recommended file (welcome).
    property bool showChoices: true

    objectName: "modelCard_" + index
    implicitWidth: 320
    implicitHeight: layout.implicitHeight + Theme.unit * 4
    radius: Theme.radiusLarge
    color: Theme.surface
    border.width: 1
    border.color: Theme.border
    Accessible.role: Accessible.Grouping
    Accessible.name: name

    QuantizationChoices {
        id: choices
        catalogId: card.catalogId
    }

    ColumnLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.unit * 2
        spacing: Theme.unit

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: card.name
                font.pixelSize: Theme.fontBody + 1
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.Wrap
            }
            FitBadge {
                fit: card.fit
                text: card.fitText
                compact: true
            }
        }

        Label {
            Layout.fillWidth: true
            text: card.description
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            maximumLineCount: 3
            elide: Text.ElideRight
        }

        Label {
            Layout.fillWidth: true
            text: [qsTr("%1 parameters").arg(card.parametersText),
                   qsTr("%1 context").arg(card.contextLength >= 1024
                                          ? Math.round(card.contextLength / 1024) + "k"
                                          : card.contextLength),
                   card.license].filter(s => s.length > 0).join(" · ")
            color: Theme.textMuted
            font.pixelSize: Theme.fontTiny
            wrapMode: Text.Wrap
        }

        Label {
            Layout.fillWidth: true
            text: card.fitText
            color: Theme.fitColor(card.fit)
            font.pixelSize: Theme.fontTiny
            visible: text.length > 0
        }

        ComboBox {
            id: quantChooser
            objectName: "quantizationChooser"
            Layout.fillWidth: true
            visible: card.showChoices && choices.count > 1 && !card.installed
                     && card.downloadId < 0
            model: choices
            textRole: "label"
            valueRole: "fileId"
            currentIndex: choices.defaultIndex
            font.pixelSize: Theme.fontSmall
            Accessible.name: qsTr("Quantization of %1").arg(card.name)
        }

        // The running download of this model, if any.
        Repeater {
            model: ModelManager.downloads
            delegate: ColumnLayout {
                id: dl
                required property real downloadId
                required property double progress
                required property string statusText
                required property bool canPause
                required property bool canResume
                required property bool canRetry
                required property bool canCancel
                Layout.fillWidth: true
                visible: downloadId === card.downloadId
                spacing: Theme.unit / 2

                ProgressBar {
                    objectName: "cardDownloadProgress"
                    Layout.fillWidth: true
                    indeterminate: dl.progress < 0
                    value: Math.max(0, dl.progress)
                    Accessible.name: qsTr("Downloading %1").arg(card.name)
                }
                Label {
                    Layout.fillWidth: true
                    text: dl.statusText
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontTiny
                    wrapMode: Text.Wrap
                }
                RowLayout {
                    AppButton {
                        visible: dl.canPause
                        text: qsTr("Pause")
                        iconName: "pause"
                        onClicked: ModelManager.downloads.pause(dl.downloadId)
                    }
                    AppButton {
                        visible: dl.canResume || dl.canRetry
                        text: dl.canRetry ? qsTr("Retry") : qsTr("Resume")
                        iconName: "play"
                        onClicked: dl.canRetry ? ModelManager.downloads.retry(dl.downloadId)
                                                     : ModelManager.downloads.resume(dl.downloadId)
                    }
                    AppButton {
                        visible: dl.canCancel
                        text: qsTr("Cancel")
                        onClicked: ModelManager.downloads.cancel(dl.downloadId)
                    }
                }
            }
        }

        Item {
            Layout.fillHeight: true
        }

        RowLayout {
            Layout.fillWidth: true
            visible: card.downloadId < 0
            AppButton {
                objectName: "downloadButton"
                visible: !card.installed
                primary: true
                iconName: "download"
                text: qsTr("Download")
                Accessible.name: qsTr("Download %1").arg(card.name)
                onClicked: {
                    const file = card.showChoices && quantChooser.visible
                        ? choices.fileIdAt(quantChooser.currentIndex) : card.defaultFileId
                    ModelManager.download(file)
                }
            }
            Label {
                visible: card.installed
                text: qsTr("✓ Installed")
                color: Theme.success
                font.pixelSize: Theme.fontSmall
            }
            Item {
                Layout.fillWidth: true
            }
            AppButton {
                visible: card.installed && card.installedModelId !== ModelController.modelId
                text: qsTr("Load")
                onClicked: ModelController.load(card.installedModelId)
            }
        }
    }
}
