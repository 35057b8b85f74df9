// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/engineservice.h"

#include "engine/backend_factory.h"
#include "engine/model/model.h"
#include "engine/session.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

namespace hearth::services {

Q_LOGGING_CATEGORY(lcEngine, "hearth.engine")

namespace {

/// Load progress is reported in steps of at least this fraction.
constexpr double kProgressStep = 0.01;
constexpr double kMsPerSecond = 1000.0;

std::vector<chat::Message> toChat(const QList<EngineMessage>& messages) {
    std::vector<chat::Message> out;
    out.reserve(static_cast<std::size_t>(messages.size()));
    for (const EngineMessage& m : messages) {
        out.push_back({m.role.toStdString(), m.content.toStdString()});
    }
    return out;
}

GenerationParams toParams(const GenerationSettings& s) {
    GenerationParams p;
    p.sampling.temperature = s.temperature;
    p.sampling.topK = s.topK;
    p.sampling.topP = s.topP;
    p.sampling.minP = s.minP;
    p.sampling.repeatPenalty = s.repeatPenalty;
    p.sampling.repeatLastN = s.repeatLastN;
    p.sampling.seed = s.seed;
    p.maxTokens = s.maxTokens;
    return p;
}

EngineStop toStop(StopReason r) {
    switch (r) {
    case StopReason::MaxTokens:
        return EngineStop::MaxTokens;
    case StopReason::ContextFull:
        return EngineStop::ContextFull;
    case StopReason::Cancelled:
        return EngineStop::Cancelled;
    case StopReason::EndOfGeneration:
    case StopReason::StopString:
        break;
    }
    return EngineStop::EndOfText;
}

QString architectureOf(const Model& model) {
    return QString::fromLatin1(architectureName(model.config().arch));
}

} // namespace

/// What the worker thread owns.
struct EngineService::State {
    std::shared_ptr<const Model> model;
    std::unique_ptr<Session> session;
};

EngineService::EngineService(QObject* parent)
    : ChatEngine(parent), context_(new QObject), state_(std::make_unique<State>()) {
    thread_.setObjectName(QStringLiteral("hearth-engine"));
    context_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, context_, &QObject::deleteLater);
    thread_.start();
}

EngineService::~EngineService() {
    cancelUpTo_.store(lastRequest_.load() + 1);
    thread_.quit();
    thread_.wait();
    // The worker has stopped: the model and session are released on this thread.
    state_.reset();
}

void EngineService::post(std::function<void()> job) {
    QMetaObject::invokeMethod(context_, std::move(job), Qt::QueuedConnection);
}

void EngineService::load(const LoadRequest& request) {
    post([this, request] { loadOnWorker(request); });
}

void EngineService::unload() {
    post([this] {
        state_->session.reset();
        state_->model.reset();
        emit unloaded();
    });
}

void EngineService::generate(quint64 requestId, const GenerateRequest& request) {
    quint64 last = lastRequest_.load();
    while (requestId > last && !lastRequest_.compare_exchange_weak(last, requestId)) {
    }
    post([this, requestId, request] { generateOnWorker(requestId, request); });
}

void EngineService::cancel() {
    cancelUpTo_.store(lastRequest_.load());
}

void EngineService::countTokens(quint64 requestId, const QList<EngineMessage>& messages) {
    post([this, requestId, messages] {
        int tokens = -1;
        if (state_->session && !messages.isEmpty()) {
            try {
                tokens = static_cast<int>(state_->session->countChatTokens(toChat(messages)));
            } catch (const std::exception& e) {
                qCWarning(lcEngine) << "counting tokens failed:" << e.what();
            }
        }
        emit tokensCounted(requestId, tokens);
    });
}

void EngineService::loadOnWorker(const LoadRequest& request) {
    state_->session.reset();
    state_->model.reset();
    emit loadProgress(-1);
    try {
        std::shared_ptr<const Model> model = Model::load(request.path.toStdString());
        const uint32_t trained = model->config().nCtxTrain;
        uint32_t ctx = request.contextSize > 0
                           ? request.contextSize
                           : std::min<uint32_t>(trained, LoadRequest::kDefaultContextSize);
        if (trained > 0) {
            ctx = std::min(ctx, trained);
        }

        BackendOptions options;
        options.contextSize = ctx;
        options.threads = request.threads;
        std::unique_ptr<Backend> backend;
        QString fallback;
        bool preferGpu = request.preferGpu;
        bool noGpu = false;
        if (preferGpu && request.device < 0) {
            // A software Vulkan driver is the only "GPU": the CPU backend is much faster.
            if (const auto software = softwareVulkanDevice()) {
                preferGpu = false;
                noGpu = true;
                fallback = tr("No GPU was found (only the software renderer %1), so the model "
                              "runs on the CPU.")
                               .arg(QString::fromStdString(*software));
                qCInfo(lcEngine) << "only a software Vulkan device:" << software->c_str()
                                 << "- using the CPU backend";
            }
        }
        if (preferGpu) {
            options.kind = BackendKind::Vulkan;
            if (request.device >= 0) {
                options.device = static_cast<uint32_t>(request.device);
            }
            double reported = -1;
            options.progress = [this, &reported](uint64_t done, uint64_t total) {
                if (total == 0) {
                    return;
                }
                const double f = static_cast<double>(done) / static_cast<double>(total);
                if (f - reported >= kProgressStep || done == total) {
                    reported = f;
                    emit loadProgress(f);
                }
            };
            try {
                backend = createBackend(model, options);
            } catch (const std::exception& e) {
                fallback = QString::fromUtf8(e.what());
                qCInfo(lcEngine) << "GPU backend unavailable, using the CPU:" << e.what();
                emit loadProgress(-1);
            }
        }
        if (!backend) {
            options.kind = BackendKind::Cpu;
            options.device.reset();
            options.progress = {};
            backend = createBackend(model, options);
        }

        LoadedModel info;
        info.path = request.path;
        info.displayName = request.displayName;
        info.architecture = architectureOf(*model);
        info.backendName = QString::fromStdString(backend->name());
        info.onGpu = options.kind == BackendKind::Vulkan;
        info.contextSize = backend->contextSize();
        info.trainedContext = trained;
        info.gpuFallbackReason = fallback;
        info.noGpu = noGpu;
        state_->model = model;
        state_->session = std::make_unique<Session>(std::move(model), std::move(backend));
        emit loaded(info);
    } catch (const std::exception& e) {
        state_->session.reset();
        state_->model.reset();
        emit loadFailed(QString::fromUtf8(e.what()));
    }
}

void EngineService::generateOnWorker(quint64 requestId, const GenerateRequest& request) {
    Session* session = state_->session.get();
    if (session == nullptr) {
        emit generationFailed(requestId, tr("No model is loaded."), {});
        return;
    }
    const auto cancelled = [this, requestId] { return requestId <= cancelUpTo_.load(); };
    std::string text;
    QElapsedTimer clock;
    clock.start();
    try {
        const GenerationResult r = session->chat(
            toChat(request.messages), toParams(request.settings),
            [&](const TokenEvent& e) {
                if (!e.text.empty()) {
                    text.append(e.text);
                    emit tokenGenerated(requestId,
                                        QString::fromUtf8(e.text.data(), qsizetype(e.text.size())));
                }
                return !cancelled();
            },
            [&](uint32_t done, uint32_t total) {
                emit prefillProgress(requestId, static_cast<int>(done), static_cast<int>(total));
                return !cancelled();
            });
        GenerationOutcome out;
        out.text = QString::fromStdString(r.text);
        out.stop = cancelled() ? EngineStop::Cancelled : toStop(r.stats.stopReason);
        out.promptTokens = static_cast<int>(r.stats.promptTokens);
        out.reusedTokens = static_cast<int>(r.stats.reusedTokens);
        out.generatedTokens = static_cast<int>(r.stats.generatedTokens);
        out.droppedMessages = static_cast<int>(r.stats.droppedMessages);
        out.prefillTokensPerSecond = r.stats.prefillTokensPerSecond();
        out.decodeTokensPerSecond = r.stats.decodeTokensPerSecond();
        out.timeToFirstTokenMs = std::llround(r.stats.timeToFirstToken * kMsPerSecond);
        out.durationMs = clock.elapsed();
        emit generationFinished(requestId, out);
    } catch (const std::exception& e) {
        // The cache may hold half-written positions: evaluate the next prompt from scratch.
        session->reset();
        emit generationFailed(requestId, QString::fromUtf8(e.what()), QString::fromStdString(text));
    }
}

} // namespace hearth::services
