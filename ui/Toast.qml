// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// A short message at the bottom of the window, with an optional action ("Undo", "Show in
/// folder") reported by actionTriggered; it goes away by itself.
Popup {
    id: toast

    property string actionText
    /// What the action is, told to whoever showed the toast ("undo", "showFolder" ...).
    property string actionKey
    signal actionTriggered(string key)

    function show(message, actionLabel, key, timeout) {
        label.text = message
        actionText = actionLabel
        actionKey = key
        timer.interval = timeout > 0 ? timeout : 4000
        timer.restart()
        open()
    }

    parent: Overlay.overlay
    x: Math.round((parent.width - width) / 2)
    y: parent.height - height - Theme.unit * 12
    width: Math.min(implicitWidth, parent.width - Theme.unit * 8)
    padding: Theme.unit * 1.5
    closePolicy: Popup.CloseOnEscape
    focus: false

    background: Rectangle {
        radius: Theme.radius
        color: Theme.dark ? "#f1ede8" : "#2b2926"
    }

    contentItem: RowLayout {
        spacing: Theme.unit * 2
        Label {
            id: label
            objectName: "toastText"
            Layout.maximumWidth: 520
            wrapMode: Text.Wrap
            color: Theme.dark ? "#22201d" : "#f4f1ed"
            font.pixelSize: Theme.fontSmall + 1
            Accessible.role: Accessible.AlertMessage
        }
        Button {
            objectName: "toastAction"
            visible: toast.actionText.length > 0
            flat: true
            text: toast.actionText
            font.weight: Font.DemiBold
            palette.buttonText: Theme.dark ? Theme.link : "#f5b77f"
            onClicked: {
                toast.actionTriggered(toast.actionKey)
                toast.close()
            }
        }
    }

    Timer {
        id: timer
        onTriggered: toast.close()
    }
}
