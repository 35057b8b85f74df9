// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// Every download with its progress, speed and time left, and Pause / Resume / Retry /
/// Cancel; failures say what happened.
Item {
    id: tab

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.unit * 2
        spacing: Theme.unit * 1.5

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: qsTr("Downloads resume where they stopped, after a pause, a lost connection or a restart. Every file is checked before it is used.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
            }
            AppButton {
                text: qsTr("Clear finished")
                enabled: list.count > 0
                onClicked: ModelManager.downloads.clearFinished()
            }
        }

        ListView {
            id: list
            objectName: "downloadList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.unit
            model: ModelManager.downloads
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property int index
                required property real downloadId
                required property string name
                required property string stateText
                required property string statusText
                required property string error
                required property double progress
                required property bool canPause
                required property bool canResume
                required property bool canRetry
                required property bool canCancel

                objectName: "download_" + index
                width: ListView.view.width
                implicitHeight: content.implicitHeight + Theme.unit * 3
                radius: Theme.radiusLarge
                color: Theme.surface
                border.width: 1
                border.color: row.error.length > 0 ? Theme.danger : Theme.border

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
                            font.weight: Font.DemiBold
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Label {
                            text: row.stateText
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                    ProgressBar {
                        Layout.fillWidth: true
                        visible: row.canCancel
                        indeterminate: row.progress < 0
                        value: Math.max(0, row.progress)
                        Accessible.name: qsTr("Progress of %1").arg(row.name)
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.statusText
                        color: row.error.length > 0 ? Theme.danger : Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        spacing: Theme.unit
                        AppButton {
                            objectName: "pauseDownloadButton"
                            visible: row.canPause
                            iconName: "pause"
                            text: qsTr("Pause")
                            onClicked: ModelManager.downloads.pause(row.downloadId)
                        }
                        AppButton {
                            objectName: "resumeDownloadButton"
                            visible: row.canResume
                            iconName: "play"
                            text: qsTr("Resume")
                            onClicked: ModelManager.downloads.resume(row.downloadId)
                        }
                        AppButton {
                            objectName: "retryDownloadButton"
                            visible: row.canRetry
                            iconName: "refresh"
                            text: qsTr("Retry")
                            onClicked: ModelManager.downloads.retry(row.downloadId)
                        }
                        AppButton {
                            objectName: "cancelDownloadButton"
                            visible: row.canCancel
                            text: qsTr("Cancel")
                            onClicked: ModelManager.downloads.cancel(row.downloadId)
                        }
                        AppButton {
                            objectName: "removeDownloadButton"
                            visible: !row.canCancel
                            text: qsTr("Remove from list")
                            onClicked: ModelManager.downloads.remove(row.downloadId)
                        }
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No downloads.")
                color: Theme.textMuted
            }
        }
    }
}
