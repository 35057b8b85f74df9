// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// Search over every conversation (Ctrl+F): results as the query is typed, by relevance or
/// newest first, each with the conversation's title, the date and a snippet with the match in
/// bold. Up/Down choose, Enter opens the conversation at the message, Esc closes.
Popup {
    id: overlay

    signal resultOpened()

    function openResult(row) {
        SearchModel.open(row)
        close()
        resultOpened()
    }

    parent: Overlay.overlay
    x: Math.round((parent.width - width) / 2)
    y: Math.round(parent.height * 0.12)
    width: Math.min(680, parent.width - Theme.unit * 8)
    height: Math.min(560, parent.height * 0.76)
    modal: true
    focus: true
    padding: 0
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    onOpened: {
        field.forceActiveFocus()
        field.selectAll()
    }

    Overlay.modal: Rectangle {
        color: Qt.rgba(0, 0, 0, Theme.dark ? 0.55 : 0.3)
    }

    background: Rectangle {
        radius: Theme.radiusLarge
        color: Theme.surface
        border.width: 1
        border.color: Theme.border
    }

    contentItem: ColumnLayout {
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.unit * 1.5
            spacing: Theme.unit

            Icon {
                name: "search"
            }
            TextField {
                id: field
                objectName: "searchInput"
                Layout.fillWidth: true
                placeholderText: qsTr("Search all chats")
                Accessible.name: qsTr("Search all chats")
                font.pixelSize: Theme.fontBody + 1
                background: null
                text: SearchModel.query
                onTextEdited: SearchModel.query = text
                Keys.onDownPressed: results.incrementCurrentIndex()
                Keys.onUpPressed: results.decrementCurrentIndex()
                Keys.onReturnPressed: {
                    if (SearchModel.searching)
                        SearchModel.runNow()
                    if (results.count > 0)
                        overlay.openResult(Math.max(0, results.currentIndex))
                }
                Keys.onEnterPressed: Keys.returnPressed(event)
            }
            ComboBox {
                objectName: "searchOrder"
                implicitWidth: 150
                model: [qsTr("Best match"), qsTr("Newest first")]
                currentIndex: SearchModel.newestFirst ? 1 : 0
                font.pixelSize: Theme.fontSmall
                Accessible.name: qsTr("Order of results")
                onActivated: (i) => SearchModel.newestFirst = i === 1
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }

        ListView {
            id: results
            objectName: "searchResults"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: SearchModel
            currentIndex: 0
            keyNavigationEnabled: true
            boundsBehavior: Flickable.StopAtBounds
            Accessible.name: qsTr("Search results")
            ScrollBar.vertical: ScrollBar {}

            delegate: ItemDelegate {
                id: hit
                required property int index
                required property string conversationTitle
                required property string dateText
                required property string snippet
                required property string author

                objectName: "searchResult_" + index
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                Accessible.name: qsTr("%1, %2: %3").arg(conversationTitle).arg(dateText).arg(snippet.replace(/<[^>]*>/g, ""))
                onClicked: overlay.openResult(index)

                background: Rectangle {
                    color: hit.highlighted || hit.hovered ? Theme.hover : "transparent"
                }

                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            Layout.fillWidth: true
                            text: hit.conversationTitle
                            font.weight: Font.DemiBold
                            font.pixelSize: Theme.fontSmall + 1
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Label {
                            text: hit.dateText
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontTiny
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: (hit.author === "user" ? qsTr("You: ") : "") + hit.snippet
                        textFormat: Text.StyledText
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                        maximumLineCount: 2
                        wrapMode: Text.Wrap
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - Theme.unit * 6
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                visible: results.count === 0
                text: SearchModel.query.trim().length === 0
                      ? qsTr("Type to search every conversation. Everything stays on this computer.")
                      : SearchModel.searching ? qsTr("Searching…") : qsTr("No matches.")
                color: Theme.textMuted
            }
        }
    }
}
