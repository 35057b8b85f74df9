// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/fakeengine.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace hearth::services {

namespace {
/// Tokens the fake counts for the chat format around each message.
constexpr int kTokensPerMessage = 4;
constexpr int kMsPerSecond = 1000;
} // namespace

FakeEngine::FakeEngine(QObject* parent) : ChatEngine(parent) {
    tokenTimer_.setSingleShot(true);
    loadTimer_.setSingleShot(true);
    connect(&tokenTimer_, &QTimer::timeout, this, &FakeEngine::step);
    connect(&loadTimer_, &QTimer::timeout, this, &FakeEngine::loadStep);
}

void FakeEngine::setTokenDelayMs(int ms) {
    if (ms != tokenDelayMs_) {
        tokenDelayMs_ = std::max(0, ms);
        emit optionsChanged();
    }
}

void FakeEngine::setLoadDelayMs(int ms) {
    if (ms != loadDelayMs_) {
        loadDelayMs_ = std::max(0, ms);
        emit optionsChanged();
    }
}

void FakeEngine::setContextSize(int tokens) {
    if (tokens != contextSize_ && tokens > 0) {
        contextSize_ = tokens;
        emit optionsChanged();
    }
}

void FakeEngine::setGpuAvailable(bool available) {
    if (available != gpuAvailable_) {
        gpuAvailable_ = available;
        emit optionsChanged();
    }
}

QString FakeEngine::lastUserMessage() const {
    if (requests_.isEmpty()) {
        return {};
    }
    const QList<EngineMessage>& m = requests_.last().messages;
    for (auto it = m.crbegin(); it != m.crend(); ++it) {
        if (it->role == QLatin1String("user")) {
            return it->content;
        }
    }
    return {};
}

void FakeEngine::queueReply(const QString& text) {
    replies_.append(text);
}

void FakeEngine::failNextGeneration(const QString& message, int afterPieces) {
    failGeneration_ = qMakePair(message, std::max(0, afterPieces));
}

void FakeEngine::failNextLoad(const QString& message) {
    failLoad_ = message;
}

void FakeEngine::reset() {
    cancel();
    replies_.clear();
    failGeneration_.reset();
    failLoad_.clear();
    tokenDelayMs_ = 0;
    loadDelayMs_ = 0;
    contextSize_ = kDefaultContextSize;
    gpuAvailable_ = true;
    softwareOnly_ = false;
    emit optionsChanged();
}

QString FakeEngine::defaultReply(const QList<EngineMessage>& messages) {
    QString user;
    for (auto it = messages.crbegin(); it != messages.crend(); ++it) {
        if (it->role == QLatin1String("user")) {
            user = it->content;
            break;
        }
    }
    return QStringLiteral("You said: %1").arg(user.simplified());
}

QStringList FakeEngine::pieces(const QString& text) {
    static const QRegularExpression word(QStringLiteral("\\s*\\S+"));
    QStringList out;
    qsizetype consumed = 0;
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out.append(m.captured());
        consumed = m.capturedEnd();
    }
    if (consumed < text.size()) {
        out.append(text.mid(consumed));
    }
    return out;
}

int FakeEngine::countFakeTokens(const QList<EngineMessage>& messages) {
    int n = 0;
    for (const EngineMessage& m : messages) {
        n += kTokensPerMessage + static_cast<int>(pieces(m.content).size());
    }
    return n;
}

void FakeEngine::load(const LoadRequest& request) {
    loadTimer_.stop();
    if (loading_) {
        // Like the worker thread, finish the load asked for first.
        loadStepsDone_ = kLoadSteps - 1;
        loadStep();
    }
    loading_ = request;
    lastLoad_ = request;
    loadStepsDone_ = 0;
    ++loadCount_;
    emit activityChanged();
    emit loadProgress(request.preferGpu && gpuAvailable_ ? 0.0 : -1.0);
    loadTimer_.start(loadDelayMs_ / kLoadSteps);
}

void FakeEngine::loadStep() {
    if (!loading_) {
        return;
    }
    const LoadRequest request = *loading_;
    const bool gpu = request.preferGpu && gpuAvailable_;
    if (++loadStepsDone_ < kLoadSteps) {
        if (gpu) {
            emit loadProgress(double(loadStepsDone_) / kLoadSteps);
        }
        loadTimer_.start(loadDelayMs_ / kLoadSteps);
        return;
    }
    loading_.reset();
    if (!failLoad_.isEmpty()) {
        const QString message = failLoad_;
        failLoad_.clear();
        loadedPath_.clear();
        emit activityChanged();
        emit loadFailed(message);
        return;
    }
    if (!QFileInfo::exists(request.path)) {
        loadedPath_.clear();
        emit activityChanged();
        emit loadFailed(QStringLiteral("cannot open %1: no such file").arg(request.path));
        return;
    }
    loadedPath_ = request.path;
    loadedName_ = request.displayName;
    LoadedModel info;
    info.path = request.path;
    info.displayName = request.displayName;
    info.architecture = QStringLiteral("llama");
    info.onGpu = gpu;
    info.backendName = gpu ? QStringLiteral("vulkan (Fake GPU)") : QStringLiteral("cpu");
    info.contextSize = static_cast<uint32_t>(
        request.contextSize > 0 ? std::min<int>(int(request.contextSize), contextSize_)
                                : contextSize_);
    info.trainedContext = static_cast<uint32_t>(contextSize_);
    if (request.preferGpu && !gpuAvailable_) {
        info.gpuFallbackReason = softwareOnly_
                                     ? QStringLiteral("only the software renderer llvmpipe")
                                     : QStringLiteral("no Vulkan device found");
        info.noGpu = softwareOnly_;
    }
    emit activityChanged();
    emit loaded(info);
}

void FakeEngine::unload() {
    loadTimer_.stop();
    if (loading_) {
        // Like the worker thread, a load asked for before finishes (and reports) first.
        loadStepsDone_ = kLoadSteps - 1;
        loadStep();
    }
    loading_.reset();
    loadedPath_.clear();
    emit activityChanged();
    QTimer::singleShot(0, this, [this] { emit unloaded(); });
}

void FakeEngine::generate(quint64 requestId, const GenerateRequest& request) {
    lastRequest_ = std::max(lastRequest_, requestId);
    requests_.append(request);
    ++generateCount_;
    queue_.append({requestId, request});
    emit activityChanged();
    if (!current_) {
        QTimer::singleShot(0, this, &FakeEngine::startNext);
    }
}

void FakeEngine::startNext() {
    if (current_ || queue_.isEmpty()) {
        return;
    }
    const Pending next = queue_.takeFirst();
    Running run;
    run.id = next.id;
    run.promptTokens = countFakeTokens(next.request.messages);
    if (!isLoaded()) {
        emit generationFailed(next.id, QStringLiteral("No model is loaded."), {});
        startNext();
        return;
    }
    const QString reply =
        replies_.isEmpty() ? defaultReply(next.request.messages) : replies_.takeFirst();
    run.pieces = pieces(reply);
    const int max = next.request.settings.maxTokens;
    if (max >= 0 && run.pieces.size() > max) {
        run.pieces = run.pieces.mid(0, max);
    }
    if (failGeneration_) {
        run.failMessage = failGeneration_->first;
        run.failAfter = failGeneration_->second;
        failGeneration_.reset();
    }
    current_ = run;
    emit activityChanged();
    emit prefillProgress(run.id, 0, run.promptTokens);
    emit prefillProgress(run.id, run.promptTokens, run.promptTokens);
    tokenTimer_.start(tokenDelayMs_);
}

void FakeEngine::step() {
    if (!current_) {
        return;
    }
    Running& run = *current_;
    if (run.id <= cancelUpTo_) {
        finishCurrent(EngineStop::Cancelled);
        return;
    }
    if (run.failAfter >= 0 && run.next >= run.failAfter) {
        const quint64 id = run.id;
        const QString message = run.failMessage;
        const QString partial = run.pieces.mid(0, run.next).join(QString());
        current_.reset();
        emit activityChanged();
        emit generationFailed(id, message, partial);
        startNext();
        return;
    }
    if (run.next >= run.pieces.size()) {
        finishCurrent(EngineStop::EndOfText);
        return;
    }
    const QString piece = run.pieces.at(run.next++);
    emit tokenGenerated(run.id, piece);
    tokenTimer_.start(tokenDelayMs_);
}

void FakeEngine::finishCurrent(EngineStop stop) {
    const Running run = *current_;
    current_.reset();
    GenerationOutcome out;
    out.text = run.pieces.mid(0, run.next).join(QString());
    out.stop = stop;
    out.promptTokens = run.promptTokens;
    out.generatedTokens = run.next;
    out.durationMs = qint64(run.next) * tokenDelayMs_;
    out.timeToFirstTokenMs = tokenDelayMs_;
    out.decodeTokensPerSecond =
        tokenDelayMs_ > 0 ? double(kMsPerSecond) / tokenDelayMs_ : double(kMsPerSecond);
    out.prefillTokensPerSecond = double(kMsPerSecond);
    emit activityChanged();
    emit generationFinished(run.id, out);
    startNext();
}

void FakeEngine::cancel() {
    cancelUpTo_ = lastRequest_;
    if (current_ && !tokenTimer_.isActive()) {
        tokenTimer_.start(0);
    }
}

void FakeEngine::countTokens(quint64 requestId, const QList<EngineMessage>& messages) {
    const int tokens = isLoaded() ? countFakeTokens(messages) : -1;
    QTimer::singleShot(0, this,
                       [this, requestId, tokens] { emit tokensCounted(requestId, tokens); });
}

} // namespace hearth::services
