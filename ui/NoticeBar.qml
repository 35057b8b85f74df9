// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// A one-line notice under the header ("info", "warning" or "error"), with up to two actions
/// and a close button. Hidden while `text` is empty.
Rectangle {
    id: bar

    property alias text: label.text
    property string kind: "info"
    property string actionText
    property string secondActionText
    property bool dismissible: true
    signal actionTriggered()
    signal secondActionTriggered()
    signal dismissed()

    visible: text.length > 0
    implicitHeight: visible ? row.implicitHeight + Theme.unit * 2 : 0
    color: kind === "error" ? Theme.dangerSoft : kind === "warning" ? Theme.warningSoft
                                                                   : Theme.accentSoft
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.unit * 2
        anchors.rightMargin: Theme.unit
        spacing: Theme.unit

        Icon {
            name: "alert"
            tint: bar.kind === "error" ? Theme.danger : bar.kind === "warning" ? Theme.warning
                                                                              : Theme.accent
            Layout.alignment: Qt.AlignVCenter
        }

        Label {
            id: label
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontSmall
            color: bar.kind === "error" ? Theme.danger : Theme.text
        }

        AppButton {
            visible: bar.actionText.length > 0
            text: bar.actionText
            onClicked: bar.actionTriggered()
        }

        AppButton {
            visible: bar.secondActionText.length > 0
            text: bar.secondActionText
            onClicked: bar.secondActionTriggered()
        }

        IconButton {
            visible: bar.dismissible
            iconName: "close"
            label: qsTr("Dismiss")
            onClicked: bar.dismissed()
        }
    }
}
