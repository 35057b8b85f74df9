// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Layouts

/// The buttons at the foot of an AppDialog: Cancel, then the main action on the right.
RowLayout {
    id: buttons

    property string acceptText
    property bool acceptEnabled: true
    property bool danger: false
    property string cancelText: qsTr("Cancel")
    signal accepted()
    signal cancelled()

    Layout.fillWidth: true
    Layout.topMargin: Theme.unit
    spacing: Theme.unit

    Item {
        Layout.fillWidth: true
    }
    AppButton {
        objectName: "dialogCancelButton"
        text: buttons.cancelText
        onClicked: buttons.cancelled()
    }
    AppButton {
        objectName: "dialogAcceptButton"
        visible: buttons.acceptText.length > 0
        text: buttons.acceptText
        primary: !buttons.danger
        danger: buttons.danger
        enabled: buttons.acceptEnabled
        onClicked: buttons.accepted()
    }
}
