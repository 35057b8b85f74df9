// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/chatengine.h"

#include <QJsonObject>
#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

/// A system prompt and sampling settings: the defaults in Settings, and one conversation's
/// overrides in its settings. Stored as JSON with the keys of storage/EXPORT_FORMAT.md
/// (temperature, top_k, top_p, min_p, repeat_penalty, max_tokens) and system_prompt.
/// Setters clamp to sensible ranges and emit changed() only when something changed.
class GenerationOptions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use AppSettings.generation or ChatController.conversationOptions")
    Q_PROPERTY(QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY changed)
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY changed)
    Q_PROPERTY(int topK READ topK WRITE setTopK NOTIFY changed)
    Q_PROPERTY(double topP READ topP WRITE setTopP NOTIFY changed)
    Q_PROPERTY(double minP READ minP WRITE setMinP NOTIFY changed)
    Q_PROPERTY(double repeatPenalty READ repeatPenalty WRITE setRepeatPenalty NOTIFY changed)
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY changed)
    Q_PROPERTY(bool samplingIsDefault READ samplingIsDefault NOTIFY changed)

public:
    static constexpr double kMaxTemperature = 2.0;
    static constexpr int kMaxTopK = 200;
    static constexpr double kMaxRepeatPenalty = 2.0;
    static constexpr int kMaxAnswerTokens = 32768;

    explicit GenerationOptions(QObject* parent = nullptr);

    QString systemPrompt() const { return systemPrompt_; }
    void setSystemPrompt(const QString& prompt);
    double temperature() const { return s_.temperature; }
    void setTemperature(double t);
    int topK() const { return s_.topK; }
    void setTopK(int k);
    double topP() const { return s_.topP; }
    void setTopP(double p);
    double minP() const { return s_.minP; }
    void setMinP(double p);
    double repeatPenalty() const { return s_.repeatPenalty; }
    void setRepeatPenalty(double penalty);
    int maxTokens() const { return s_.maxTokens; }
    void setMaxTokens(int tokens);
    /// Whether the sampling values are the engine's defaults.
    bool samplingIsDefault() const;

    /// Restores the engine's sampling defaults (the system prompt stays).
    Q_INVOKABLE void resetSampling();
    /// Copies every value from `other`.
    Q_INVOKABLE void assign(hearth::app::GenerationOptions* other);

    /// The sampling values (without the system prompt) as stored JSON.
    QJsonObject samplingJson() const;
    /// Sets the sampling values present in `json`; others become the defaults.
    void setSamplingJson(const QJsonObject& json);
    const services::GenerationSettings& settings() const { return s_; }

signals:
    void changed();

private:
    template <typename T>
    void update(T& field, T value);

    QString systemPrompt_;
    services::GenerationSettings s_;
};

} // namespace hearth::app
