// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QLoggingCategory>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace hearth::services {

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

/// One message of a conversation as the engine sees it.
struct EngineMessage {
    QString role; ///< "system", "user" or "assistant"
    QString content;
};

/// What to load and where.
struct LoadRequest {
    QString path;             ///< the GGUF file
    QString displayName;      ///< shown to the user ("Qwen2.5 1.5B · Q4_K_M")
    bool preferGpu = true;    ///< try the Vulkan backend first, fall back to the CPU
    uint32_t contextSize = 0; ///< 0: min(the model's training context, kDefaultContextSize)
    int device = -1;          ///< Vulkan device index; -1: the preferred one
    unsigned threads = 0;     ///< CPU threads; 0: all

    /// Context used when the request asks for none and the model is trained for more.
    static constexpr uint32_t kDefaultContextSize = 4096;
};

/// The model now loaded.
struct LoadedModel {
    QString path;
    QString displayName;
    QString architecture; ///< "llama", "qwen2" ...
    QString backendName;  ///< "cpu" or "vulkan (device name)"
    bool onGpu = false;
    uint32_t contextSize = 0; ///< positions of the KV cache
    uint32_t trainedContext = 0;
    QString gpuFallbackReason; ///< why the GPU was not used although it was asked for ("" = it was)
    /// The computer has no GPU (only a software Vulkan renderer): the CPU was the right choice,
    /// nothing to warn about.
    bool noGpu = false;
};

/// How to sample an answer.
struct GenerationSettings {
    float temperature = 0.8f;
    int topK = 40;
    float topP = 0.95f;
    float minP = 0.05f;
    float repeatPenalty = 1.0f;
    int repeatLastN = 64;
    int maxTokens = -1; ///< -1: until the model ends its answer or the context is full
    std::optional<uint64_t> seed;
};

/// What to generate: the next assistant message of `messages`.
struct GenerateRequest {
    QList<EngineMessage> messages;
    GenerationSettings settings;
};

/// Why an answer ended.
enum class EngineStop { EndOfText, MaxTokens, ContextFull, Cancelled };

/// The outcome of a finished (or stopped) generation.
struct GenerationOutcome {
    QString text;
    EngineStop stop = EngineStop::EndOfText;
    int promptTokens = 0;
    int reusedTokens = 0;
    int generatedTokens = 0;
    int droppedMessages = 0; ///< oldest messages left out to fit the context
    double prefillTokensPerSecond = 0;
    double decodeTokensPerSecond = 0;
    qint64 timeToFirstTokenMs = 0;
    qint64 durationMs = 0;
};

/// The inference engine as the app uses it. Every call returns at once; results arrive as
/// signals on the caller's thread, in the order the calls were made. Requests carry an id
/// chosen by the caller so results can be matched to them. The real implementation runs the
/// engine on a worker thread (EngineService); tests use FakeEngine.
class ChatEngine : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    /// Loads a model, replacing the loaded one. Emits loadProgress, then loaded or loadFailed.
    virtual void load(const LoadRequest& request) = 0;
    /// Unloads the model. Emits unloaded.
    virtual void unload() = 0;
    /// Generates the next assistant message. Emits prefillProgress, tokenGenerated for every
    /// piece of text, then generationFinished (also when cancelled) or generationFailed.
    virtual void generate(quint64 requestId, const GenerateRequest& request) = 0;
    /// Stops the running generation and any queued one at the next token. Thread-safe.
    virtual void cancel() = 0;
    /// Counts the tokens `messages` take in the loaded model's chat format. Emits tokensCounted
    /// (-1 when no model is loaded).
    virtual void countTokens(quint64 requestId, const QList<EngineMessage>& messages) = 0;

signals:
    /// 0..1 while weights are uploaded; -1 while loading with no measurable progress.
    void loadProgress(double fraction);
    void loaded(const hearth::services::LoadedModel& model);
    void loadFailed(const QString& message);
    void unloaded();
    void prefillProgress(quint64 requestId, int done, int total);
    void tokenGenerated(quint64 requestId, const QString& text);
    void generationFinished(quint64 requestId, const hearth::services::GenerationOutcome& outcome);
    /// The generation failed; `partialText` is what was produced before.
    void generationFailed(quint64 requestId, const QString& message, const QString& partialText);
    void tokensCounted(quint64 requestId, int tokens);
};

} // namespace hearth::services

Q_DECLARE_METATYPE(hearth::services::LoadedModel)
Q_DECLARE_METATYPE(hearth::services::GenerationOutcome)
