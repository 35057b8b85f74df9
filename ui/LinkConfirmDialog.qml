// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// Asks before a link in an answer opens in the browser, showing where it really goes.
AppDialog {
    id: dialog

    property string url

    function ask(link) {
        url = link
        open()
    }

    width: Math.min(540, parent.width - Theme.unit * 8)
    title: qsTr("Open this link?")
    onAccepted: Qt.openUrlExternally(url)

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.unit * 1.5
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("The model wrote this link. It opens in your web browser, which goes online:")
            color: Theme.textMuted
        }
        Label {
            objectName: "linkUrl"
            Layout.fillWidth: true
            text: dialog.url
            wrapMode: Text.WrapAnywhere
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.text
        }
        DialogButtons {
            acceptText: qsTr("Open in browser")
            onAccepted: dialog.accept()
            onCancelled: dialog.reject()
        }
    }
}
