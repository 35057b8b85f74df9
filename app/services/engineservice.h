// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/chatengine.h"

#include <QThread>

#include <atomic>
#include <memory>

namespace hearth::services {

/// The real engine: a worker QThread that owns the Model and its Session. Every call is queued
/// to the worker, which runs them one after another; results are signals emitted from the
/// worker and so delivered through queued connections to receivers on other threads. The GUI
/// thread never waits for the engine, except in the destructor, which cancels what runs and
/// joins the thread.
///
/// Loading tries the Vulkan backend when the request prefers the GPU and falls back to the CPU
/// with the reason in LoadedModel::gpuFallbackReason. A failure (bad file, lost device) is a
/// signal with the engine's message; after a failed generation the KV cache is dropped.
class EngineService : public ChatEngine {
    Q_OBJECT

public:
    explicit EngineService(QObject* parent = nullptr);
    ~EngineService() override;

    void load(const LoadRequest& request) override;
    void unload() override;
    void generate(quint64 requestId, const GenerateRequest& request) override;
    void cancel() override;
    void countTokens(quint64 requestId, const QList<EngineMessage>& messages) override;

private:
    struct State;

    /// Runs `job` on the worker thread, after the jobs queued before it.
    void post(std::function<void()> job);
    void loadOnWorker(const LoadRequest& request);
    void generateOnWorker(quint64 requestId, const GenerateRequest& request);

    QThread thread_;
    QObject* context_;             ///< lives on thread_; jobs are queued to it
    std::unique_ptr<State> state_; ///< touched only on thread_
    /// Generations with an id up to this one stop at their next token.
    std::atomic<quint64> cancelUpTo_{0};
    std::atomic<quint64> lastRequest_{0};
};

} // namespace hearth::services
