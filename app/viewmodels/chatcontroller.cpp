// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/chatcontroller.h"

#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/appsettings.h"
#include "app/viewmodels/chattext.h"
#include "app/viewmodels/conversationlistmodel.h"
#include "app/viewmodels/generationoptions.h"
#include "app/viewmodels/messagelistmodel.h"
#include "app/viewmodels/modelcontroller.h"
#include "storage/conversationstore.h"
#include "storage/error.h"
#include "storage/messagestore.h"
#include "storage/streamingwriter.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonObject>
#include <QQmlEngine>

namespace hearth::app {

namespace {
/// How often a streaming answer's writer is polled, so a stalled stream is saved too.
constexpr int kSavePollMs = 250;

storage::StopReason toStorage(services::EngineStop stop) {
    switch (stop) {
    case services::EngineStop::MaxTokens:
    case services::EngineStop::ContextFull:
        return storage::StopReason::Length;
    case services::EngineStop::Cancelled:
        return storage::StopReason::User;
    case services::EngineStop::EndOfText:
        break;
    }
    return storage::StopReason::EndOfText;
}
} // namespace

ChatController::ChatController(storage::Database& db, services::ChatEngine& engine,
                               ModelController& models, AppSettings& settings, QObject* parent)
    : QObject(parent), db_(db), store_(std::make_unique<storage::MessageStore>(db)),
      engine_(engine), models_(models), settings_(settings),
      conversations_(new ConversationListModel(db, this)), messages_(new MessageListModel(this)),
      options_(new GenerationOptions(this)) {
    options_->assign(settings_.generation());
    saveTimer_.setInterval(kSavePollMs);
    connect(&saveTimer_, &QTimer::timeout, this, [this] {
        if (run_) {
            storageGuard([this] { run_->writer->poll(); });
        }
    });
    connect(&engine_, &services::ChatEngine::tokenGenerated, this, &ChatController::onToken);
    connect(&engine_, &services::ChatEngine::prefillProgress, this, &ChatController::onPrefill);
    connect(&engine_, &services::ChatEngine::generationFinished, this, &ChatController::onFinished);
    connect(&engine_, &services::ChatEngine::generationFailed, this, &ChatController::onFailed);
    connect(&engine_, &services::ChatEngine::tokensCounted, this, [this](quint64 id, int tokens) {
        if (id == countRequest_) {
            setContextUsed(std::max(0, tokens));
        }
    });
    connect(&models_, &ModelController::statusChanged, this, [this] {
        emit canSendChanged();
        emit contextChanged();
    });
    connect(&models_, &ModelController::modelLoaded, this, &ChatController::refreshContext);
    connect(&models_, &ModelController::firstModelReady, this, &ChatController::newChat);
    connect(conversations_, &ConversationListModel::removed, this, [this](qint64 id) {
        if (run_ && run_->conversationId == id) {
            stop();
        }
        if (id == conversationId_) {
            newChat();
        }
    });
    connect(conversations_, &ConversationListModel::renamed, this,
            [this](qint64 id, const QString& title) {
                if (conversation_ && id == conversationId_) {
                    conversation_->title = title;
                    emit titleChanged();
                }
            });
    connect(conversations_, &ConversationListModel::errorOccurred, this,
            &ChatController::errorOccurred);
    connect(settings_.generation(), &GenerationOptions::changed, this, [this] {
        if (conversationId_ == 0 && !customSampling_) {
            options_->assign(settings_.generation());
        }
    });
}

ChatController::~ChatController() {
    shutdown();
}

ChatController* ChatController::create(QQmlEngine*, QJSEngine*) {
    ChatController* c = AppContext::instance()->chat();
    QQmlEngine::setObjectOwnership(c, QQmlEngine::CppOwnership);
    return c;
}

QString ChatController::title() const {
    if (!conversation_ || conversation_->title.isEmpty()) {
        return tr("New chat");
    }
    return conversation_->title;
}

bool ChatController::canSend() const {
    return models_.ready() && !run_;
}

int ChatController::contextSize() const {
    return models_.ready() ? models_.contextSize() : 0;
}

double ChatController::contextFraction() const {
    const int size = contextSize();
    return size > 0 ? std::min(1.0, double(contextUsed_) / size) : 0.0;
}

QString ChatController::contextText() const {
    if (contextSize() <= 0) {
        return {};
    }
    return tr("Context %1 / %2").arg(compactCount(contextUsed_), compactCount(contextSize()));
}

bool ChatController::storageGuard(const std::function<void()>& write) {
    try {
        write();
        return true;
    } catch (const storage::StorageError& e) {
        setNotice(e.message());
        emit errorOccurred(e.message());
    }
    return false;
}

void ChatController::setNotice(const QString& notice) {
    if (notice != notice_) {
        notice_ = notice;
        emit noticeChanged();
    }
}

void ChatController::dismissNotice() {
    setNotice({});
}

void ChatController::setContextUsed(int tokens) {
    if (tokens != contextUsed_) {
        contextUsed_ = tokens;
        emit contextChanged();
    }
}

void ChatController::newChat() {
    conversationId_ = 0;
    conversation_.reset();
    autoTitle_.clear();
    customSampling_ = false;
    options_->assign(settings_.generation());
    messages_->reset({});
    setNotice({});
    setContextUsed(0);
    clearHighlight();
    emit conversationChanged();
    emit titleChanged();
    emit conversationOptionsChanged();
    refreshContext();
}

void ChatController::openConversation(qint64 conversationId) {
    std::optional<storage::Conversation> c;
    storageGuard([&] { c = storage::ConversationStore(db_).get(conversationId); });
    if (!c || conversations_->isPendingDelete(conversationId)) {
        newChat();
        return;
    }
    conversationId_ = conversationId;
    conversation_ = c;
    setNotice({});
    clearHighlight();
    reloadPath(true);
    // The title is still the automatic one when it is what the first exchange gives.
    autoTitle_.clear();
    if (messages_->count() > 0) {
        const storage::Message* first = messages_->messageAt(0);
        const storage::Message* second = messages_->messageAt(1);
        const QString answer = second != nullptr ? second->content : QString();
        for (const QString& candidate :
             {titleFromExchange(first->content), titleFromExchange(first->content, answer)}) {
            if (candidate == c->title) {
                autoTitle_ = candidate;
            }
        }
    }
    loadConversationOptions();
    emit conversationChanged();
    emit titleChanged();
    useConversationModel();
    refreshContext();
}

void ChatController::useConversationModel() {
    if (!conversation_ || conversation_->modelSha256.isEmpty() ||
        conversation_->modelSha256.compare(models_.modelSha256(), Qt::CaseInsensitive) == 0) {
        return;
    }
    const qint64 id = models_.findInstalled(conversation_->modelSha256);
    if (id < 0) {
        if (!conversation_->modelName.isEmpty()) {
            setNotice(tr("This chat was with %1, which is no longer installed. New answers "
                         "come from the model you choose.")
                          .arg(conversation_->modelName));
        }
        return;
    }
    if (!run_ && !models_.loading()) {
        models_.load(id);
    }
}

void ChatController::openMessage(qint64 conversationId, qint64 messageId) {
    if (run_ && run_->conversationId == conversationId) {
        openConversation(conversationId);
    } else {
        storageGuard([&] { store_->activate(messageId); });
        openConversation(conversationId);
    }
    highlighted_ = messageId;
    emit highlightChanged();
    const int row = messages_->rowOf(messageId);
    if (row >= 0) {
        emit revealRequested(row);
    }
}

void ChatController::openAdjacent(int delta) {
    const qint64 id = conversations_->neighbour(conversationId_, delta);
    if (id != 0) {
        openConversation(id);
    }
}

void ChatController::clearHighlight() {
    if (highlighted_ != 0) {
        highlighted_ = 0;
        emit highlightChanged();
    }
}

void ChatController::reloadPath(bool reset) {
    QList<storage::PathMessage> path;
    if (conversationId_ != 0) {
        storageGuard([&] { path = store_->activePath(conversationId_); });
    }
    // An answer streaming into this conversation shows all it has, not only what was saved.
    if (run_ && run_->conversationId == conversationId_) {
        for (storage::PathMessage& p : path) {
            if (p.message.id == run_->messageId) {
                p.message.content = run_->writer->content();
            }
        }
    }
    if (reset) {
        messages_->reset(path);
    } else {
        messages_->setPath(path);
    }
}

void ChatController::loadConversationOptions() {
    QSignalBlocker block(options_);
    options_->setSystemPrompt(conversation_ ? conversation_->systemPrompt : QString());
    customSampling_ = conversation_ && !conversation_->sampling.isEmpty();
    options_->setSamplingJson(customSampling_ ? conversation_->sampling
                                              : settings_.generation()->samplingJson());
    block.unblock();
    emit options_->changed();
    emit conversationOptionsChanged();
}

void ChatController::setCustomSampling(bool custom) {
    if (custom == customSampling_) {
        return;
    }
    customSampling_ = custom;
    if (!custom) {
        options_->setSamplingJson(settings_.generation()->samplingJson());
    }
    emit conversationOptionsChanged();
}

void ChatController::saveConversationOptions() {
    if (conversationId_ == 0) {
        return; // a draft: applied when it is created
    }
    storageGuard([this] {
        storage::ConversationStore store(db_);
        store.setSystemPrompt(conversationId_, options_->systemPrompt());
        store.setSampling(conversationId_,
                          customSampling_ ? options_->samplingJson() : QJsonObject());
        conversation_ = store.get(conversationId_);
    });
    refreshContext();
}

bool ChatController::ensureConversation(const QString& firstText) {
    if (conversationId_ != 0) {
        if (conversation_ &&
            conversation_->modelSha256.compare(models_.modelSha256(), Qt::CaseInsensitive) != 0) {
            storageGuard([this] {
                storage::ConversationStore(db_).setModel(conversationId_, models_.modelName(),
                                                         models_.modelSha256());
                conversation_->modelName = models_.modelName();
                conversation_->modelSha256 = models_.modelSha256();
            });
        }
        return true;
    }
    storage::Conversation draft;
    draft.title = titleFromExchange(firstText);
    draft.modelName = models_.modelName();
    draft.modelSha256 = models_.modelSha256();
    draft.systemPrompt = options_->systemPrompt();
    if (customSampling_) {
        draft.sampling = options_->samplingJson();
    }
    const bool ok =
        storageGuard([&] { conversation_ = storage::ConversationStore(db_).create(draft); });
    if (!ok) {
        return false;
    }
    conversationId_ = conversation_->id;
    autoTitle_ = conversation_->title;
    conversations_->reload();
    emit conversationChanged();
    emit titleChanged();
    return true;
}

QList<services::EngineMessage> ChatController::engineMessages(qint64 upToMessageId) const {
    QList<services::EngineMessage> out;
    const QString system = conversation_ ? conversation_->systemPrompt : options_->systemPrompt();
    if (!system.trimmed().isEmpty()) {
        out.append({QStringLiteral("system"), system});
    }
    for (int row = 0; row < messages_->count(); ++row) {
        const storage::Message* m = messages_->messageAt(row);
        const bool unusable = m->state == storage::MessageState::Failed && m->content.isEmpty();
        if (!unusable && m->id != (run_ ? run_->messageId : 0)) {
            out.append({storage::roleName(m->role), m->content});
        }
        if (m->id == upToMessageId) {
            break;
        }
    }
    return out;
}

bool ChatController::send(const QString& text) {
    if (!canSend() || text.trimmed().isEmpty()) {
        return false;
    }
    if (!ensureConversation(text)) {
        return false;
    }
    storage::Message user;
    storage::NewMessage draft;
    draft.role = storage::Role::User;
    draft.content = text;
    if (!storageGuard([&] { user = store_->appendToActive(conversationId_, draft); })) {
        return false;
    }
    reloadPath(false);
    return startAnswer(user.id, 0);
}

bool ChatController::startAnswer(qint64 parentId, qint64 replaceMessageId) {
    storage::NewMessage draft;
    draft.role = storage::Role::Assistant;
    draft.state = storage::MessageState::Streaming;
    storage::Message answer;
    const bool ok = storageGuard([&] {
        answer = replaceMessageId != 0 ? store_->addVersion(replaceMessageId, draft)
                                       : store_->append(conversationId_, parentId, draft);
    });
    if (!ok) {
        return false;
    }
    setNotice({});
    run_ = std::make_unique<Run>();
    run_->requestId = nextRequestId_++;
    run_->conversationId = conversationId_;
    run_->messageId = answer.id;
    run_->modelName = models_.modelName();
    run_->writer = std::make_unique<storage::StreamingMessageWriter>(*store_, answer.id);
    run_->clock.start();
    reloadPath(false);

    services::GenerateRequest request;
    request.messages = engineMessages(parentId);
    request.settings = customSampling_ ? options_->settings() : settings_.generation()->settings();
    engine_.generate(run_->requestId, request);
    saveTimer_.start();
    conversations_->reload();
    emit generatingChanged();
    emit canSendChanged();
    return true;
}

void ChatController::onToken(quint64 requestId, const QString& text) {
    if (!run_ || requestId != run_->requestId) {
        return;
    }
    storageGuard([&] { run_->writer->append(text); });
    if (run_->conversationId == conversationId_) {
        messages_->appendText(run_->messageId, text);
    }
}

void ChatController::onPrefill(quint64 requestId, int done, int total) {
    if (!run_ || requestId != run_->requestId || run_->conversationId != conversationId_) {
        return;
    }
    messages_->setPrefillProgress(run_->messageId, total > 0 ? double(done) / total : -1.0);
}

void ChatController::onFinished(quint64 requestId, const services::GenerationOutcome& outcome) {
    if (!run_ || requestId != run_->requestId) {
        return;
    }
    storage::GenerationStats stats;
    stats.promptTokens = outcome.promptTokens;
    stats.generatedTokens = outcome.generatedTokens;
    stats.prefillTokensPerSecond = outcome.prefillTokensPerSecond;
    stats.decodeTokensPerSecond = outcome.decodeTokensPerSecond;
    stats.timeToFirstTokenMs = outcome.timeToFirstTokenMs;
    stats.durationMs = outcome.durationMs > 0 ? outcome.durationMs : run_->clock.elapsed();
    stats.model = run_->modelName;
    stats.stopReason = toStorage(outcome.stop);

    storage::FinishedMessage finished;
    finished.content = outcome.text.isEmpty() ? run_->writer->content() : outcome.text;
    finished.state = outcome.stop == services::EngineStop::Cancelled
                         ? storage::MessageState::Stopped
                         : storage::MessageState::Complete;
    finished.tokenCount = outcome.generatedTokens;
    finished.stats = stats;
    storageGuard([&] { run_->writer->finish(finished); });
    lastTokensPerSecond_ = outcome.decodeTokensPerSecond;

    QString notice;
    if (outcome.stop == services::EngineStop::ContextFull) {
        notice = tr("The conversation filled the model's context, so the answer stopped. Start "
                    "a new chat, or choose a longer context in Settings.");
    } else if (outcome.droppedMessages > 0) {
        notice = tr("The oldest %n message(s) no longer fit the model's context and were left "
                    "out of this answer.",
                    nullptr, outcome.droppedMessages);
    }
    std::optional<storage::Message> saved;
    storageGuard([&] { saved = store_->get(run_->messageId); });
    endRun(saved ? &*saved : nullptr);
    if (!notice.isEmpty()) {
        setNotice(notice);
    }
}

void ChatController::onFailed(quint64 requestId, const QString& message, const QString& partial) {
    if (!run_ || requestId != run_->requestId) {
        return;
    }
    storage::FinishedMessage finished;
    finished.content = partial.isEmpty() ? run_->writer->content() : partial;
    finished.state = storage::MessageState::Failed;
    finished.error = message;
    storageGuard([&] { run_->writer->finish(finished); });
    std::optional<storage::Message> saved;
    storageGuard([&] { saved = store_->get(run_->messageId); });
    endRun(saved ? &*saved : nullptr);
}

void ChatController::endRun(const storage::Message* saved) {
    saveTimer_.stop();
    const qint64 answerId = run_->messageId;
    const bool here = run_->conversationId == conversationId_;
    run_.reset();
    if (here) {
        messages_->flush();
        if (saved != nullptr) {
            messages_->updateMessage(*saved);
        }
        maybeRetitle(answerId);
    }
    conversations_->reload();
    emit generatingChanged();
    emit canSendChanged();
    emit contextChanged();
    refreshContext();
    emit answerFinished(answerId);
}

void ChatController::maybeRetitle(qint64 answerId) {
    if (!conversation_ || conversation_->title != autoTitle_ || messages_->count() < 2) {
        return;
    }
    const storage::Message* first = messages_->messageAt(0);
    const storage::Message* answer = messages_->messageAt(1);
    if (answer->id != answerId || answer->content.isEmpty()) {
        return;
    }
    const QString better = titleFromExchange(first->content, answer->content);
    if (better == conversation_->title) {
        return;
    }
    storageGuard([&] { storage::ConversationStore(db_).rename(conversationId_, better); });
    conversation_->title = better;
    autoTitle_ = better;
    conversations_->reload();
    emit titleChanged();
}

void ChatController::stop() {
    if (run_) {
        engine_.cancel();
    }
}

bool ChatController::regenerate(qint64 messageId) {
    if (!canSend()) {
        return false;
    }
    std::optional<storage::Message> m;
    storageGuard([&] { m = store_->get(messageId); });
    if (!m || m->role != storage::Role::Assistant || m->conversationId != conversationId_) {
        return false;
    }
    ensureConversation({});
    return startAnswer(m->parentId, messageId);
}

bool ChatController::regenerateLast() {
    for (int row = messages_->count() - 1; row >= 0; --row) {
        const storage::Message* m = messages_->messageAt(row);
        if (m->role == storage::Role::Assistant) {
            return regenerate(m->id);
        }
    }
    return false;
}

bool ChatController::editMessage(qint64 messageId, const QString& text) {
    if (!canSend() || text.trimmed().isEmpty()) {
        return false;
    }
    std::optional<storage::Message> m;
    storageGuard([&] { m = store_->get(messageId); });
    if (!m || m->role != storage::Role::User || m->conversationId != conversationId_) {
        return false;
    }
    if (m->content == text) {
        return false;
    }
    ensureConversation({});
    storage::NewMessage draft;
    draft.role = storage::Role::User;
    draft.content = text;
    storage::Message edited;
    if (!storageGuard([&] { edited = store_->addVersion(messageId, draft); })) {
        return false;
    }
    reloadPath(false);
    return startAnswer(edited.id, 0);
}

void ChatController::switchVersion(qint64 messageId, int delta) {
    if (run_ || delta == 0) {
        return;
    }
    if (storageGuard([&] { store_->switchVersion(messageId, delta); })) {
        reloadPath(false);
        refreshContext();
    }
}

bool ChatController::retry(qint64 messageId) {
    if (!canSend()) {
        return false;
    }
    std::optional<storage::Message> m;
    storageGuard([&] { m = store_->get(messageId); });
    if (!m || m->role != storage::Role::Assistant || m->conversationId != conversationId_) {
        return false;
    }
    if (m->content.isEmpty() && m->state == storage::MessageState::Failed) {
        // A failed answer with no text is worth nothing as a version: replace it.
        if (!storageGuard([&] { store_->remove(m->id); })) {
            return false;
        }
        reloadPath(false);
        return startAnswer(m->parentId, 0);
    }
    return startAnswer(m->parentId, messageId);
}

void ChatController::deleteMessage(qint64 messageId) {
    if (run_) {
        return;
    }
    if (storageGuard([&] { store_->remove(messageId); })) {
        reloadPath(false);
        conversations_->reload();
        refreshContext();
    }
}

void ChatController::copyText(const QString& text) {
    if (QGuiApplication::clipboard() != nullptr) {
        QGuiApplication::clipboard()->setText(text);
    }
}

void ChatController::copyMessage(qint64 messageId) {
    messages_->flush();
    const int row = messages_->rowOf(messageId);
    if (row >= 0) {
        copyText(messages_->messageAt(row)->content);
    }
}

bool ChatController::copyLastAnswer() {
    messages_->flush();
    for (int row = messages_->count() - 1; row >= 0; --row) {
        const storage::Message* m = messages_->messageAt(row);
        if (m->role == storage::Role::Assistant && !m->content.isEmpty()) {
            copyText(m->content);
            return true;
        }
    }
    return false;
}

void ChatController::refreshContext() {
    if (!models_.ready()) {
        setContextUsed(0);
        return;
    }
    const QList<services::EngineMessage> all = engineMessages(0);
    if (all.isEmpty()) {
        setContextUsed(0);
        return;
    }
    countRequest_ = nextRequestId_++;
    engine_.countTokens(countRequest_, all);
}

void ChatController::shutdown() {
    if (!run_) {
        return;
    }
    engine_.cancel();
    saveTimer_.stop();
    storage::FinishedMessage finished;
    finished.content = run_->writer->content();
    finished.state = storage::MessageState::Interrupted;
    storageGuard([&] { run_->writer->finish(finished); });
    run_.reset();
    emit generatingChanged();
}

void ChatController::retranslate() {
    conversations_->retranslate();
    messages_->retranslate();
    emit titleChanged();
    emit contextChanged();
}

void ChatController::resetAfterDataDeleted() {
    shutdown();
    conversations_->reload();
    newChat();
}

} // namespace hearth::app
