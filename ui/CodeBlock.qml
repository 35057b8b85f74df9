// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// A fenced code block: the language on top with a Copy button, the code in monospace,
/// selectable, scrolling sideways instead of wrapping.
Rectangle {
    id: block

    property string code
    property string language

    objectName: "codeBlock"
    implicitHeight: header.height + codeView.implicitHeight
    radius: Theme.radius
    color: Theme.codeBackground
    border.width: 1
    border.color: Theme.border
    clip: true

    Item {
        id: header
        width: parent.width
        height: Theme.controlHeight - 4

        Label {
            objectName: "codeLanguage"
            anchors.left: parent.left
            anchors.leftMargin: Theme.unit * 1.5
            anchors.verticalCenter: parent.verticalCenter
            text: block.language.length > 0 ? block.language : qsTr("code")
            color: Theme.textMuted
            font.pixelSize: Theme.fontTiny
            font.family: Theme.monoFamily
        }

        IconButton {
            id: copy
            objectName: "copyCodeButton"
            anchors.right: parent.right
            anchors.rightMargin: 2
            anchors.verticalCenter: parent.verticalCenter
            implicitHeight: 28
            iconName: copied ? "check" : "copy"
            text: copied ? qsTr("Copied") : qsTr("Copy")
            label: qsTr("Copy code")
            property bool copied: false
            onClicked: {
                ChatController.copyText(block.code)
                copied = true
                resetCopied.restart()
            }
            Timer {
                id: resetCopied
                interval: 1500
                onTriggered: copy.copied = false
            }
        }

        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: 1
            color: Theme.border
        }
    }

    Flickable {
        id: codeView
        anchors.top: header.bottom
        width: parent.width
        height: implicitHeight
        implicitHeight: codeText.implicitHeight + Theme.unit * 2
        contentWidth: codeText.implicitWidth + Theme.unit * 3
        contentHeight: height
        flickableDirection: Flickable.HorizontalFlick
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollBar.horizontal: ScrollBar {
            policy: codeView.contentWidth > codeView.width ? ScrollBar.AsNeeded : ScrollBar.AlwaysOff
        }

        TextEdit {
            id: codeText
            objectName: "codeText"
            x: Theme.unit * 1.5
            y: Theme.unit
            text: block.code
            textFormat: TextEdit.PlainText
            readOnly: true
            selectByMouse: true
            activeFocusOnPress: false
            color: Theme.text
            selectionColor: Theme.accent
            selectedTextColor: Theme.accentText
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontCode
            Accessible.role: Accessible.StaticText
            Accessible.name: block.code
        }
    }
}
