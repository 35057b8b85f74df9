// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/chatengine.h"

#include <QList>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace hearth::services {

/// A deterministic stand-in for the engine, for tests and for working on the UI without a
/// model: it "loads" any path after a configurable delay and answers by streaming a scripted
/// reply (or, by default, one derived from the last user message) word by word, one piece
/// every `tokenDelayMs`. Failures of the next load or generation can be requested. Everything
/// runs on the caller's thread from timers, so tests are reproducible.
class FakeEngine : public ChatEngine {
    Q_OBJECT
    Q_PROPERTY(int tokenDelayMs READ tokenDelayMs WRITE setTokenDelayMs NOTIFY optionsChanged)
    Q_PROPERTY(int loadDelayMs READ loadDelayMs WRITE setLoadDelayMs NOTIFY optionsChanged)
    Q_PROPERTY(int contextSize READ contextSize WRITE setContextSize NOTIFY optionsChanged)
    Q_PROPERTY(bool gpuAvailable READ gpuAvailable WRITE setGpuAvailable NOTIFY optionsChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY activityChanged)
    Q_PROPERTY(bool hasModel READ isLoaded NOTIFY activityChanged)
    Q_PROPERTY(QString loadedPath READ loadedPath NOTIFY activityChanged)
    Q_PROPERTY(int loadCount READ loadCount NOTIFY activityChanged)
    Q_PROPERTY(int generateCount READ generateCount NOTIFY activityChanged)
    Q_PROPERTY(QString lastUserMessage READ lastUserMessage NOTIFY activityChanged)

public:
    /// Steps a fake load reports progress in.
    static constexpr int kLoadSteps = 4;
    static constexpr int kDefaultContextSize = 2048;

    explicit FakeEngine(QObject* parent = nullptr);

    void load(const LoadRequest& request) override;
    void unload() override;
    void generate(quint64 requestId, const GenerateRequest& request) override;
    void cancel() override;
    void countTokens(quint64 requestId, const QList<EngineMessage>& messages) override;

    int tokenDelayMs() const { return tokenDelayMs_; }
    void setTokenDelayMs(int ms);
    int loadDelayMs() const { return loadDelayMs_; }
    void setLoadDelayMs(int ms);
    int contextSize() const { return contextSize_; }
    void setContextSize(int tokens);
    bool gpuAvailable() const { return gpuAvailable_; }
    void setGpuAvailable(bool available);
    /// With no GPU available: whether that is because the only Vulkan device is a software
    /// renderer (the real engine then picks the CPU without a warning).
    void setSoftwareRendererOnly(bool only) { softwareOnly_ = only; }
    bool generating() const { return current_.has_value(); }
    bool isLoaded() const { return !loadedPath_.isEmpty(); }
    QString loadedPath() const { return loadedPath_; }
    /// The last load asked for (what the settings made of it).
    const std::optional<LoadRequest>& lastLoadRequest() const { return lastLoad_; }
    int loadCount() const { return loadCount_; }
    int generateCount() const { return generateCount_; }
    QString lastUserMessage() const;

    /// The next answers, in order (after them, the default reply).
    Q_INVOKABLE void queueReply(const QString& text);
    /// The next generation fails with `message` after `afterPieces` pieces of text.
    Q_INVOKABLE void failNextGeneration(const QString& message, int afterPieces = 0);
    /// The next load fails with `message`.
    Q_INVOKABLE void failNextLoad(const QString& message);
    /// Forgets scripted replies and failures and restores the default options.
    Q_INVOKABLE void reset();

    /// Every generation request so far, oldest first.
    const QList<GenerateRequest>& requests() const { return requests_; }
    /// The default answer to `messages`.
    static QString defaultReply(const QList<EngineMessage>& messages);
    /// Splits text into the pieces it is streamed in: each word with the space before it.
    static QStringList pieces(const QString& text);
    /// The token count the fake reports: one per piece plus four per message.
    static int countFakeTokens(const QList<EngineMessage>& messages);

signals:
    void optionsChanged();
    void activityChanged();

private:
    /// A generation in progress.
    struct Running {
        quint64 id = 0;
        QStringList pieces;
        int next = 0;
        int failAfter = -1; ///< -1: do not fail
        QString failMessage;
        int promptTokens = 0;
    };
    /// A generation waiting for the one before it.
    struct Pending {
        quint64 id = 0;
        GenerateRequest request;
    };

    void startNext();
    void step();
    void finishCurrent(EngineStop stop);
    void loadStep();

    int tokenDelayMs_ = 0;
    int loadDelayMs_ = 0;
    int contextSize_ = kDefaultContextSize;
    bool gpuAvailable_ = true;
    bool softwareOnly_ = false;
    QString loadedPath_;
    QString loadedName_;
    int loadCount_ = 0;
    int generateCount_ = 0;
    QStringList replies_;
    std::optional<QPair<QString, int>> failGeneration_;
    QString failLoad_;
    QList<GenerateRequest> requests_;
    QList<Pending> queue_;
    std::optional<Running> current_;
    quint64 cancelUpTo_ = 0;
    quint64 lastRequest_ = 0;
    QTimer tokenTimer_;
    QTimer loadTimer_;
    int loadStepsDone_ = 0;
    std::optional<LoadRequest> loading_;
    std::optional<LoadRequest> lastLoad_;
};

} // namespace hearth::services
