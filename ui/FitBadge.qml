// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

/// Whether a model fits the chosen device: a coloured pill ("fits", "tight", "tooBig") with the
/// fit text; `compact` shows only its first part ("Fits"). Hidden when the fit is unknown.
Rectangle {
    id: badge

    property string fit
    property string text
    property bool compact: false

    visible: fit.length > 0 && text.length > 0
    implicitWidth: label.implicitWidth + Theme.unit * 2
    implicitHeight: label.implicitHeight + Theme.unit / 2
    radius: height / 2
    color: Theme.fitBackground(fit)
    Accessible.role: Accessible.StaticText
    Accessible.name: text

    Label {
        id: label
        anchors.centerIn: parent
        text: badge.compact ? badge.text.split(" · ")[0] : badge.text
        color: Theme.fitColor(badge.fit)
        font.pixelSize: Theme.fontTiny
        font.weight: Font.DemiBold
    }
}
