// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/chatengine.h"
#include "storage/types.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>
#include <optional>

class QQmlEngine;
class QJSEngine;

namespace hearth::storage {
class Database;
class StreamingMessageWriter;
class MessageStore;
} // namespace hearth::storage

namespace hearth::app {

class AppSettings;
class ConversationListModel;
class GenerationOptions;
class MessageListModel;
class ModelController;

/// The open conversation and everything done in it: send a message and stream the answer,
/// stop, regenerate (a new version of the answer), edit a user message (a new branch), switch
/// between versions, retry after an error, delete, copy; the context meter; and the
/// conversation's own system prompt and sampling settings.
///
/// Nothing is lost: the user's message is saved before the engine is asked; the answer exists
/// in the database from its first moment (state streaming), its text is saved at least once a
/// second while it streams and at the end, and an answer still streaming when the app quits
/// is saved with the text so far (state interrupted). A new chat is a draft until its first
/// message; its title comes from the first exchange unless the user renamed it.
class ChatController : public QObject {
    Q_OBJECT
    Q_MOC_INCLUDE("app/viewmodels/conversationlistmodel.h")
    Q_MOC_INCLUDE("app/viewmodels/generationoptions.h")
    Q_MOC_INCLUDE("app/viewmodels/messagelistmodel.h")
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(hearth::app::ConversationListModel* conversations READ conversations CONSTANT)
    Q_PROPERTY(hearth::app::MessageListModel* messages READ messages CONSTANT)
    Q_PROPERTY(qint64 conversationId READ conversationId NOTIFY conversationChanged)
    Q_PROPERTY(QString title READ title NOTIFY titleChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    Q_PROPERTY(bool canSend READ canSend NOTIFY canSendChanged)
    Q_PROPERTY(int contextUsed READ contextUsed NOTIFY contextChanged)
    Q_PROPERTY(int contextSize READ contextSize NOTIFY contextChanged)
    Q_PROPERTY(double contextFraction READ contextFraction NOTIFY contextChanged)
    Q_PROPERTY(QString contextText READ contextText NOTIFY contextChanged)
    Q_PROPERTY(double lastTokensPerSecond READ lastTokensPerSecond NOTIFY contextChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(qint64 highlightedMessageId READ highlightedMessageId NOTIFY highlightChanged)
    Q_PROPERTY(
        hearth::app::GenerationOptions* conversationOptions READ conversationOptions CONSTANT)
    Q_PROPERTY(bool customSampling READ customSampling WRITE setCustomSampling NOTIFY
                   conversationOptionsChanged)

public:
    ChatController(storage::Database& db, services::ChatEngine& engine, ModelController& models,
                   AppSettings& settings, QObject* parent = nullptr);
    ~ChatController() override;

    static ChatController* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

    ConversationListModel* conversations() const { return conversations_; }
    MessageListModel* messages() const { return messages_; }
    qint64 conversationId() const { return conversationId_; }
    QString title() const;
    bool generating() const { return run_ != nullptr; }
    bool canSend() const;
    int contextUsed() const { return contextUsed_; }
    int contextSize() const;
    double contextFraction() const;
    QString contextText() const;
    double lastTokensPerSecond() const { return lastTokensPerSecond_; }
    QString notice() const { return notice_; }
    qint64 highlightedMessageId() const { return highlighted_; }
    GenerationOptions* conversationOptions() const { return options_; }
    bool customSampling() const { return customSampling_; }
    void setCustomSampling(bool custom);

    /// Starts a new chat (a draft until the first message is sent).
    Q_INVOKABLE void newChat();
    Q_INVOKABLE void openConversation(qint64 conversationId);
    /// Opens the conversation on the branch through `messageId` and highlights the message.
    Q_INVOKABLE void openMessage(qint64 conversationId, qint64 messageId);
    /// Opens the conversation `delta` places away in the sidebar (Alt+Up/Down).
    Q_INVOKABLE void openAdjacent(int delta);
    /// Sends a user message and streams the answer. False when nothing can be sent now.
    Q_INVOKABLE bool send(const QString& text);
    /// Stops the answer being generated; what was generated is kept (state stopped).
    Q_INVOKABLE void stop();
    /// A new version of the answer `messageId` (the old one is kept).
    Q_INVOKABLE bool regenerate(qint64 messageId);
    /// Regenerates the last answer of the branch.
    Q_INVOKABLE bool regenerateLast();
    /// A new version of the user message `messageId` with `text`, answered anew.
    Q_INVOKABLE bool editMessage(qint64 messageId, const QString& text);
    /// Shows the version `delta` steps away among the versions of `messageId`.
    Q_INVOKABLE void switchVersion(qint64 messageId, int delta);
    /// Generates a failed answer again.
    Q_INVOKABLE bool retry(qint64 messageId);
    /// Deletes a message and everything below it.
    Q_INVOKABLE void deleteMessage(qint64 messageId);
    Q_INVOKABLE void copyMessage(qint64 messageId);
    /// Copies the last answer of the branch; false when there is none.
    Q_INVOKABLE bool copyLastAnswer();
    Q_INVOKABLE void copyText(const QString& text);
    Q_INVOKABLE void clearHighlight();
    Q_INVOKABLE void dismissNotice();
    /// Saves the conversation's system prompt and sampling settings (conversationOptions).
    Q_INVOKABLE void saveConversationOptions();
    /// Loads the model this conversation used, when it is installed and another is loaded.
    Q_INVOKABLE void useConversationModel();

    /// Saves an answer still streaming as interrupted (the app is quitting).
    void shutdown();
    /// Requests a new count of the context in use.
    void refreshContext();
    /// Re-translates texts computed here.
    void retranslate();
    /// Forgets the open conversation after everything was deleted.
    void resetAfterDataDeleted();

signals:
    void conversationChanged();
    void titleChanged();
    void generatingChanged();
    void canSendChanged();
    void contextChanged();
    void noticeChanged();
    void highlightChanged();
    void conversationOptionsChanged();
    /// The view should show `row` of messages (after a search jump).
    void revealRequested(int row);
    /// An answer finished (complete, stopped or failed) and is saved.
    void answerFinished(qint64 messageId);
    void errorOccurred(const QString& message);

private:
    /// The answer being generated.
    struct Run {
        quint64 requestId = 0;
        qint64 conversationId = 0;
        qint64 messageId = 0;
        QString modelName;
        std::unique_ptr<storage::StreamingMessageWriter> writer;
        QElapsedTimer clock;
    };

    bool ensureConversation(const QString& firstText);
    bool startAnswer(qint64 parentId, qint64 replaceMessageId);
    QList<services::EngineMessage> engineMessages(qint64 upToMessageId) const;
    void reloadPath(bool reset);
    void onToken(quint64 requestId, const QString& text);
    void onPrefill(quint64 requestId, int done, int total);
    void onFinished(quint64 requestId, const services::GenerationOutcome& outcome);
    void onFailed(quint64 requestId, const QString& message, const QString& partial);
    void endRun(const storage::Message* saved);
    void maybeRetitle(qint64 answerId);
    void loadConversationOptions();
    void setNotice(const QString& notice);
    void setContextUsed(int tokens);
    bool storageGuard(const std::function<void()>& write);

    storage::Database& db_;
    std::unique_ptr<storage::MessageStore> store_;
    services::ChatEngine& engine_;
    ModelController& models_;
    AppSettings& settings_;
    ConversationListModel* conversations_;
    MessageListModel* messages_;
    GenerationOptions* options_;
    qint64 conversationId_ = 0;
    std::optional<storage::Conversation> conversation_;
    QString autoTitle_; ///< the title set automatically; a different one was the user's
    std::unique_ptr<Run> run_;
    QTimer saveTimer_;
    quint64 nextRequestId_ = 1;
    quint64 countRequest_ = 0;
    int contextUsed_ = 0;
    double lastTokensPerSecond_ = 0;
    QString notice_;
    qint64 highlighted_ = 0;
    bool customSampling_ = false;
};

} // namespace hearth::app
