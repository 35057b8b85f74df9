// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth.App

/// The system prompt and sampling settings of a GenerationOptions, each with a one-line
/// explanation: used for the defaults in Settings and for one conversation.
GridLayout {
    id: fields

    property GenerationOptions options
    property bool showSystemPrompt: true
    property bool samplingEnabled: true
    property int labelWidth: 200

    columns: 2
    columnSpacing: Theme.unit * 2
    rowSpacing: Theme.unit

    component Explanation: Label {
        Layout.fillWidth: true
        Layout.columnSpan: 2
        Layout.bottomMargin: Theme.unit / 2
        wrapMode: Text.Wrap
        color: Theme.textMuted
        font.pixelSize: Theme.fontTiny
    }

    component FieldName: Label {
        Layout.preferredWidth: fields.labelWidth
        Layout.alignment: Qt.AlignVCenter
        color: Theme.text
        wrapMode: Text.Wrap
    }

    FieldName {
        visible: fields.showSystemPrompt
        text: qsTr("System prompt")
        Layout.alignment: Qt.AlignTop
        Layout.topMargin: Theme.unit
    }
    ScrollView {
        visible: fields.showSystemPrompt
        Layout.fillWidth: true
        Layout.preferredHeight: 96
        background: Rectangle {
            radius: Theme.radius
            color: Theme.surface
            border.width: systemPrompt.activeFocus ? 2 : 1
            border.color: systemPrompt.activeFocus ? Theme.focus : Theme.border
        }
        TextArea {
            id: systemPrompt
            objectName: "systemPromptField"
            text: fields.options ? fields.options.systemPrompt : ""
            wrapMode: TextEdit.Wrap
            background: null
            placeholderText: qsTr("e.g. You are a concise assistant. Answer in Korean.")
            Accessible.name: qsTr("System prompt")
            onTextChanged: {
                if (fields.options && text !== fields.options.systemPrompt)
                    fields.options.systemPrompt = text
            }
        }
    }
    Explanation {
        visible: fields.showSystemPrompt
        text: qsTr("Instructions the model reads before every conversation.")
    }

    FieldName {
        text: qsTr("Temperature")
        enabled: fields.samplingEnabled
    }
    RowLayout {
        enabled: fields.samplingEnabled
        Slider {
            id: temperature
            objectName: "temperatureSlider"
            Layout.fillWidth: true
            from: 0
            to: 2
            stepSize: 0.05
            value: fields.options ? fields.options.temperature : 0.8
            Accessible.name: qsTr("Temperature")
            onMoved: fields.options.temperature = value
        }
        Label {
            text: temperature.value.toFixed(2)
            Layout.preferredWidth: 40
        }
    }
    Explanation {
        text: qsTr("Higher is more varied and creative, lower more focused; 0 always picks the most likely word.")
    }

    FieldName {
        text: qsTr("Top-k")
        enabled: fields.samplingEnabled
    }
    SpinBox {
        objectName: "topKField"
        enabled: fields.samplingEnabled
        from: 0
        to: 200
        value: fields.options ? fields.options.topK : 40
        editable: true
        Accessible.name: qsTr("Top-k")
        onValueModified: fields.options.topK = value
    }
    Explanation {
        text: qsTr("Choose only among the k most likely words (0 = no limit).")
    }

    FieldName {
        text: qsTr("Top-p")
        enabled: fields.samplingEnabled
    }
    RowLayout {
        enabled: fields.samplingEnabled
        Slider {
            id: topP
            Layout.fillWidth: true
            from: 0
            to: 1
            stepSize: 0.01
            value: fields.options ? fields.options.topP : 0.95
            Accessible.name: qsTr("Top-p")
            onMoved: fields.options.topP = value
        }
        Label {
            text: topP.value.toFixed(2)
            Layout.preferredWidth: 40
        }
    }
    Explanation {
        text: qsTr("Choose among the most likely words that together make up this share of the probability.")
    }

    FieldName {
        text: qsTr("Min-p")
        enabled: fields.samplingEnabled
    }
    RowLayout {
        enabled: fields.samplingEnabled
        Slider {
            id: minP
            Layout.fillWidth: true
            from: 0
            to: 0.5
            stepSize: 0.01
            value: fields.options ? fields.options.minP : 0.05
            Accessible.name: qsTr("Min-p")
            onMoved: fields.options.minP = value
        }
        Label {
            text: minP.value.toFixed(2)
            Layout.preferredWidth: 40
        }
    }
    Explanation {
        text: qsTr("Leave out words much less likely than the best one.")
    }

    FieldName {
        text: qsTr("Repeat penalty")
        enabled: fields.samplingEnabled
    }
    RowLayout {
        enabled: fields.samplingEnabled
        Slider {
            id: repeat
            Layout.fillWidth: true
            from: 1
            to: 2
            stepSize: 0.01
            value: fields.options ? fields.options.repeatPenalty : 1
            Accessible.name: qsTr("Repeat penalty")
            onMoved: fields.options.repeatPenalty = value
        }
        Label {
            text: repeat.value.toFixed(2)
            Layout.preferredWidth: 40
        }
    }
    Explanation {
        text: qsTr("Above 1 makes the model less likely to repeat itself (1 = off).")
    }

    FieldName {
        text: qsTr("Longest answer")
        enabled: fields.samplingEnabled
    }
    SpinBox {
        objectName: "maxTokensField"
        enabled: fields.samplingEnabled
        from: 0
        to: 32768
        stepSize: 256
        editable: true
        value: fields.options ? Math.max(0, fields.options.maxTokens) : 0
        textFromValue: (v, locale) => v === 0 ? qsTr("No limit") : Number(v).toLocaleString(locale, 'f', 0)
        valueFromText: (text, locale) => text === qsTr("No limit") ? 0 : Number.fromLocaleString(locale, text)
        Accessible.name: qsTr("Longest answer in tokens")
        onValueModified: fields.options.maxTokens = value
    }
    Explanation {
        text: qsTr("Stop an answer after this many tokens (about ¾ of a word each).")
    }
}
