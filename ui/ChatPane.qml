// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

/// The messages of the current conversation; before there is one, a welcome that says what to
/// do next.
Item {
    id: pane

    EmptyState {
        id: welcome
        objectName: "welcome"
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.unit * 6, Theme.contentMaxWidth)
        title: qsTr("Welcome to Hearth")
        body: qsTr("Chat with AI models that run entirely on this computer. Nothing you type "
                   + "leaves it.\n\nTo begin, download a model or import a GGUF file you "
                   + "already have, then start a new chat.")
    }
}
