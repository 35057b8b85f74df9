// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Hearth.App

/// The model manager, a page with three tabs: Discover (the catalog with filters and fit
/// badges, downloads from Hugging Face), Installed (details, load, delete, show in folder,
/// import by file dialog or drag and drop) and Downloads (progress, pause, resume, cancel).
Rectangle {
    id: page

    signal back()
    property int currentTab: 0

    component PageTab: TabButton {
        id: tabButton
        width: implicitWidth
        leftPadding: Theme.unit * 2
        rightPadding: Theme.unit * 2
        implicitHeight: Theme.unit * 7
        font.pixelSize: Theme.fontSmall + 1
        font.weight: checked ? Font.DemiBold : Font.Normal
        palette.buttonText: checked ? Theme.text : Theme.textMuted
        focusPolicy: Qt.StrongFocus
        background: Item {
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 2
                color: tabButton.checked ? Theme.accent : "transparent"
            }
            Rectangle {
                anchors.fill: parent
                anchors.margins: 4
                radius: Theme.radius
                color: tabButton.hovered && !tabButton.checked ? Theme.hover : "transparent"
            }
            FocusRing {
                shown: tabButton.visualFocus
            }
        }
    }

    color: Theme.window

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Title bar with the tabs.
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Theme.unit * 7
            color: Theme.window

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.unit
                anchors.rightMargin: Theme.unit * 2
                spacing: Theme.unit

                IconButton {
                    objectName: "modelsBackButton"
                    iconName: "chevron-left"
                    label: qsTr("Back to the chat")
                    onClicked: page.back()
                }
                Label {
                    text: qsTr("Models")
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                TabBar {
                    id: tabs
                    objectName: "modelTabs"
                    Layout.leftMargin: Theme.unit * 3
                    currentIndex: page.currentTab
                    onCurrentIndexChanged: page.currentTab = currentIndex
                    background: null
                    PageTab {
                        objectName: "discoverTabButton"
                        text: qsTr("Discover")
                    }
                    PageTab {
                        objectName: "installedTabButton"
                        text: qsTr("Installed (%1)").arg(ModelManager.installed.count)
                    }
                    PageTab {
                        objectName: "downloadsTabButton"
                        text: ModelManager.downloads.activeCount > 0
                              ? qsTr("Downloads (%1)").arg(ModelManager.downloads.activeCount)
                              : qsTr("Downloads")
                    }
                }
                Item {
                    Layout.fillWidth: true
                }
                Label {
                    text: ModelManager.freeDiskText
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }
        }

        NoticeBar {
            Layout.fillWidth: true
            text: ModelManager.lastError
            kind: "error"
            onDismissed: ModelManager.clearError()
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: page.currentTab

            DiscoverTab {
                objectName: "discoverTab"
            }
            InstalledTab {
                objectName: "installedTab"
                onLoaded: page.back()
            }
            DownloadsTab {
                objectName: "downloadsTab"
            }
        }
    }
}
