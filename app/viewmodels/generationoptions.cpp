// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/generationoptions.h"

#include <algorithm>

namespace hearth::app {

namespace {
const QString kTemperature = QStringLiteral("temperature");
const QString kTopK = QStringLiteral("top_k");
const QString kTopP = QStringLiteral("top_p");
const QString kMinP = QStringLiteral("min_p");
const QString kRepeatPenalty = QStringLiteral("repeat_penalty");
const QString kMaxTokens = QStringLiteral("max_tokens");
} // namespace

GenerationOptions::GenerationOptions(QObject* parent) : QObject(parent) {}

template <typename T>
void GenerationOptions::update(T& field, T value) {
    if (field != value) {
        field = value;
        emit changed();
    }
}

void GenerationOptions::setSystemPrompt(const QString& prompt) {
    update(systemPrompt_, prompt);
}

void GenerationOptions::setTemperature(double t) {
    update(s_.temperature, float(std::clamp(t, 0.0, kMaxTemperature)));
}

void GenerationOptions::setTopK(int k) {
    update(s_.topK, std::clamp(k, 0, kMaxTopK));
}

void GenerationOptions::setTopP(double p) {
    update(s_.topP, float(std::clamp(p, 0.0, 1.0)));
}

void GenerationOptions::setMinP(double p) {
    update(s_.minP, float(std::clamp(p, 0.0, 1.0)));
}

void GenerationOptions::setRepeatPenalty(double penalty) {
    update(s_.repeatPenalty, float(std::clamp(penalty, 1.0, kMaxRepeatPenalty)));
}

void GenerationOptions::setMaxTokens(int tokens) {
    update(s_.maxTokens, tokens <= 0 ? -1 : std::min(tokens, kMaxAnswerTokens));
}

bool GenerationOptions::samplingIsDefault() const {
    const services::GenerationSettings d;
    return s_.temperature == d.temperature && s_.topK == d.topK && s_.topP == d.topP &&
           s_.minP == d.minP && s_.repeatPenalty == d.repeatPenalty && s_.maxTokens == d.maxTokens;
}

void GenerationOptions::resetSampling() {
    setSamplingJson({});
}

void GenerationOptions::assign(GenerationOptions* other) {
    if (other == nullptr || other == this) {
        return;
    }
    QSignalBlocker block(this);
    systemPrompt_ = other->systemPrompt_;
    s_ = other->s_;
    block.unblock();
    emit changed();
}

QJsonObject GenerationOptions::samplingJson() const {
    return {{kTemperature, double(s_.temperature)},
            {kTopK, s_.topK},
            {kTopP, double(s_.topP)},
            {kMinP, double(s_.minP)},
            {kRepeatPenalty, double(s_.repeatPenalty)},
            {kMaxTokens, s_.maxTokens}};
}

void GenerationOptions::setSamplingJson(const QJsonObject& json) {
    const services::GenerationSettings d;
    const services::GenerationSettings before = s_;
    {
        const QSignalBlocker block(this);
        setTemperature(json.value(kTemperature).toDouble(d.temperature));
        setTopK(json.value(kTopK).toInt(d.topK));
        setTopP(json.value(kTopP).toDouble(d.topP));
        setMinP(json.value(kMinP).toDouble(d.minP));
        setRepeatPenalty(json.value(kRepeatPenalty).toDouble(d.repeatPenalty));
        setMaxTokens(json.value(kMaxTokens).toInt(d.maxTokens));
    }
    if (before.temperature != s_.temperature || before.topK != s_.topK || before.topP != s_.topP ||
        before.minP != s_.minP || before.repeatPenalty != s_.repeatPenalty ||
        before.maxTokens != s_.maxTokens) {
        emit changed();
    }
}

} // namespace hearth::app
