// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The messages of the open conversation in a centred column. Follows the bottom while an
/// answer streams unless the user scrolled up; then a "Jump to latest" pill appears. A
/// message opened from search is scrolled to and flashes.
Item {
    id: root

    signal linkActivated(string url)

    readonly property alias view: list

    ListView {
        id: list
        objectName: "messageList"
        anchors.fill: parent
        model: ChatController.messages
        clip: true
        spacing: Theme.unit
        cacheBuffer: 2000
        boundsBehavior: Flickable.StopAtBounds
        activeFocusOnTab: true
        keyNavigationEnabled: false
        Accessible.name: qsTr("Messages")
        Accessible.role: Accessible.List
        topMargin: Theme.unit * 3
        bottomMargin: Theme.unit * 3
        ScrollBar.vertical: ScrollBar {
            id: scrollBar
        }

        /// Whether new text scrolls the view (the user has not scrolled away from the bottom).
        property bool follow: true
        property bool autoScrolling: false

        function toEnd() {
            autoScrolling = true
            positionViewAtEnd()
            autoScrolling = false
        }

        onContentYChanged: {
            if (!autoScrolling && (moving || scrollBar.pressed || wheelWatch.active))
                follow = atYEnd
        }
        onMovementEnded: follow = atYEnd
        onContentHeightChanged: {
            if (follow)
                Qt.callLater(toEnd)
        }
        onCountChanged: {
            if (follow)
                Qt.callLater(toEnd)
        }

        WheelHandler {
            id: wheelWatch
            property bool active: false
            acceptedDevices: PointerDevice.Mouse | PointerDevice.TouchPad
            target: null
            onWheel: {
                active = true
                Qt.callLater(() => { active = false; list.follow = list.atYEnd })
            }
        }

        Keys.onPressed: (event) => {
            if (event.key === Qt.Key_PageDown) {
                list.flick(0, -list.height * 4)
                event.accepted = true
            } else if (event.key === Qt.Key_PageUp) {
                list.flick(0, list.height * 4)
                event.accepted = true
            } else if (event.key === Qt.Key_End) {
                list.follow = true
                list.toEnd()
                event.accepted = true
            }
        }

        delegate: MessageDelegate {
            width: ListView.view.width
            highlightedId: ChatController.highlightedMessageId
            onLinkActivated: (url) => root.linkActivated(url)
        }
    }

    Connections {
        target: ChatController
        function onConversationChanged() {
            list.follow = true
            Qt.callLater(list.toEnd)
        }
        function onRevealRequested(row) {
            list.follow = false
            Qt.callLater(() => list.positionViewAtIndex(row, ListView.Center))
        }
    }

    EmptyState {
        id: empty
        objectName: "chatEmptyState"
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.unit * 6, Theme.contentMaxWidth)
        visible: list.count === 0
        title: ModelController.ready ? qsTr("What shall we talk about?")
               : ModelController.loading ? qsTr("Loading %1…").arg(ModelController.modelName)
               : qsTr("Choose a model to start")
        body: ModelController.ready
              ? qsTr("Answers are written by %1 on this computer. Nothing you type leaves it.")
                .arg(ModelController.modelName)
              : ModelController.loading ? qsTr("This takes a moment the first time.")
              : qsTr("Pick one of your installed models in the model picker above.")
    }

    RoundButton {
        id: jump
        objectName: "jumpToLatest"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.unit * 2
        visible: !list.follow && list.count > 0 && !list.atYEnd
        text: qsTr("↓ Jump to latest")
        font.pixelSize: Theme.fontSmall
        padding: Theme.unit
        leftPadding: Theme.unit * 2
        rightPadding: Theme.unit * 2
        focusPolicy: Qt.StrongFocus
        Accessible.name: qsTr("Jump to the latest message")
        palette.buttonText: Theme.accentText
        background: Rectangle {
            radius: height / 2
            color: jump.hovered ? Qt.lighter(Theme.accent, 1.08) : Theme.accent

            FocusRing {
                shown: jump.visualFocus
                baseRadius: parent.radius
            }
        }
        onClicked: {
            list.follow = true
            list.toEnd()
        }
    }
}
