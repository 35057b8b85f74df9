// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// Download progress at the foot of the sidebar while models download; opens the model
/// manager when clicked.
AbstractButton {
    id: footer

    readonly property int active: ModelManager.downloads.activeCount

    objectName: "downloadFooter"
    visible: active > 0
    implicitHeight: visible ? column.implicitHeight + Theme.unit * 2 : 0
    focusPolicy: Qt.StrongFocus
    Accessible.name: label.text

    background: Rectangle {
        radius: Theme.radius
        color: footer.hovered ? Theme.hover : Theme.surface
        border.width: 1
        border.color: Theme.border

        FocusRing {
            shown: footer.visualFocus
        }
    }

    contentItem: ColumnLayout {
        id: column
        spacing: Theme.unit / 2

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit
            Layout.rightMargin: Theme.unit
            Icon {
                name: "download"
                tint: Theme.accent
                size: Theme.iconSize - 4
            }
            Label {
                id: label
                Layout.fillWidth: true
                text: qsTr("Downloading %n model(s)", "", footer.active)
                font.pixelSize: Theme.fontTiny
                color: Theme.text
                elide: Text.ElideRight
            }
            Label {
                text: Math.round(ModelManager.downloads.totalProgress * 100) + "%"
                font.pixelSize: Theme.fontTiny
                color: Theme.textMuted
            }
        }
        ProgressBar {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.unit
            Layout.rightMargin: Theme.unit
            value: ModelManager.downloads.totalProgress
            Accessible.name: qsTr("Download progress")
        }
    }
}
