// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The plain records the storage layer hands out and takes in. Ids are the database's int64 row
// ids (0 = "not saved yet"); every time is UTC milliseconds since the Unix epoch.

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace hearth::storage {

/// One conversation in the sidebar.
struct Conversation {
    qint64 id = 0;
    QString title;
    QString modelName;    ///< the model chosen for it, as shown to the user ("Qwen2.5 1.5B")
    QString modelSha256;  ///< identity of that model file; ModelStore::findBySha256 finds it
    QString systemPrompt; ///< empty = none
    QJsonObject sampling; ///< sampling settings (see storage/README.md for the keys)
    bool pinned = false;
    bool archived = false;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;    ///< last change of the conversation or any of its messages
    qint64 activeLeafId = 0; ///< last message of the branch on screen; 0 = no messages
    int messageCount = 0;    ///< all messages, every version (read-only, computed)
};

/// Who wrote a message.
enum class Role { System, User, Assistant, Tool };

/// Where a message is in its life.
enum class MessageState {
    Complete,    ///< finished normally
    Streaming,   ///< an answer being generated right now
    Stopped,     ///< generation stopped by the user; the text so far is kept
    Interrupted, ///< Hearth ended while it was streaming; the text saved so far is kept
    Failed,      ///< generation failed; see Message::error
};

/// Why generation of an answer ended.
enum class StopReason { None, EndOfText, Length, User, Error };

/// Measurements of one generated answer, shown under it ("412 tokens · 18.3 tok/s").
struct GenerationStats {
    int promptTokens = 0;    ///< tokens processed before the first generated one
    int generatedTokens = 0; ///< tokens generated
    double prefillTokensPerSecond = 0;
    double decodeTokensPerSecond = 0;
    qint64 timeToFirstTokenMs = 0;
    qint64 durationMs = 0; ///< from the request to the last token
    QString model;         ///< model that wrote the answer
    StopReason stopReason = StopReason::None;

    bool operator==(const GenerationStats&) const = default;
};

/// One message, a node of the conversation's tree. Editing a user message or regenerating an
/// answer adds a sibling (same parent) instead of overwriting.
struct Message {
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 parentId = 0; ///< 0 = a first message of the conversation
    Role role = Role::User;
    QString content;
    MessageState state = MessageState::Complete;
    int tokenCount = 0;                   ///< tokens of this message's content (0 = not counted)
    std::optional<GenerationStats> stats; ///< answers only
    QString error;                        ///< why generation failed (state Failed)
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 lastActiveAt = 0; ///< when it was last on the active branch (picks the branch to show)
};

/// A message as the chat view shows it: on the active branch, with its place among siblings
/// for the "‹ 2 / 3 ›" switcher.
struct PathMessage {
    Message message;
    int siblingIndex = 0; ///< 0-based position among the versions of this message
    int siblingCount = 1; ///< number of versions (1 = no switcher)
};

/// A model file in the library.
struct ModelRecord {
    qint64 id = 0;
    QString filePath; ///< absolute path of the GGUF file
    QString displayName;
    QString sha256; ///< lower-case hex
    qint64 sizeBytes = 0;
    QString architecture; ///< "llama", "qwen2" ...
    qint64 parameterCount = 0;
    QString quantization; ///< file type as named by the user ("Q4_K_M")
    QJsonObject typeMix;  ///< tensor type -> tensor count, e.g. {"Q4_K": 193, "Q6_K": 25}
    int contextLength = 0;
    QString sourceUrl; ///< where it was downloaded from; empty = imported
    QString catalogId; ///< id in the catalog; empty = not from the catalog
    qint64 addedAt = 0;
    qint64 lastUsedAt = 0; ///< 0 = never
};

/// State of a resumable download.
enum class DownloadState { Queued, Running, Paused, Verifying, Completed, Failed, Cancelled };

/// One model download, kept so that it resumes after a pause, a restart or a lost connection.
struct DownloadRecord {
    qint64 id = 0;
    QString url;
    QString destination; ///< final path; the partial file is destination + ".part"
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;  ///< 0 = unknown
    QString etag;           ///< validator for HTTP If-Range
    QString lastModified;   ///< the other validator, when the server sent no ETag
    QString sha256Expected; ///< empty = unknown
    QString catalogId;
    DownloadState state = DownloadState::Queued;
    QString error;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 completedAt = 0; ///< 0 = not completed
};

/// Lower-case names used in the database and the JSON export.
QString roleName(Role role);
std::optional<Role> roleFromName(const QString& name);
QString messageStateName(MessageState state);
std::optional<MessageState> messageStateFromName(const QString& name);
QString stopReasonName(StopReason reason);
std::optional<StopReason> stopReasonFromName(const QString& name);
QString downloadStateName(DownloadState state);
std::optional<DownloadState> downloadStateFromName(const QString& name);

} // namespace hearth::storage
