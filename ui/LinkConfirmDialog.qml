// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// Asks before a link in an answer opens in the browser, showing where it really goes.
Dialog {
    id: dialog

    property string url

    function ask(link) {
        url = link
        open()
    }

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(520, parent.width - Theme.unit * 8)
    modal: true
    title: qsTr("Open this link?")
    standardButtons: Dialog.Cancel
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
        AppButton {
            objectName: "openLinkButton"
            Layout.alignment: Qt.AlignRight
            primary: true
            text: qsTr("Open in browser")
            onClicked: dialog.accept()
        }
    }
}
