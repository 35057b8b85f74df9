// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QList>

#include <optional>

namespace hearth::storage {

class Database;

/// What to save as a new message.
struct NewMessage {
    Role role = Role::User;
    QString content;
    MessageState state = MessageState::Complete;
    int tokenCount = 0;
    std::optional<GenerationStats> stats;
};

/// The final state of a generated answer (MessageStore::finish).
struct FinishedMessage {
    QString content;
    MessageState state = MessageState::Complete;
    int tokenCount = 0;
    std::optional<GenerationStats> stats;
    QString error; ///< why it failed, for MessageState::Failed
};

/// The messages of conversations, kept as a tree: every message has a parent (0 for a first
/// message); editing a user message or regenerating an answer adds a sibling, so every version
/// is kept. Each conversation remembers its active branch (Conversation::activeLeafId); each
/// message remembers when it was last on it, so switching to another version continues along
/// the branch that was last shown below it.
///
/// A message is committed the moment it is created. A streaming answer is created with state
/// Streaming and updated with updateContent() (cheap; see StreamingMessageWriter for the
/// once-a-second rhythm), then finish()ed with its final text, state and statistics.
/// Every method throws StorageError; a failed write leaves nothing behind.
class MessageStore {
public:
    explicit MessageStore(Database& db) : db_(db) {}

    /// Adds a message below `parentId` (0 = a first message) and makes it the active leaf.
    Message append(qint64 conversationId, qint64 parentId, const NewMessage& message);
    /// Adds a message below the conversation's active leaf and makes it the active leaf.
    Message appendToActive(qint64 conversationId, const NewMessage& message);
    /// Adds a new version of `messageId` (same parent, same role; message.role is ignored) and
    /// makes it active: an edited user message, or a regenerated answer.
    Message addVersion(qint64 messageId, const NewMessage& message);

    /// Replaces the text of a message (a streaming answer); touches the conversation's time.
    void updateContent(qint64 id, const QString& content);
    /// Saves the final text, state, token count and statistics of an answer.
    void finish(qint64 id, const FinishedMessage& finished);
    void setTokenCount(qint64 id, int tokenCount);

    std::optional<Message> get(qint64 id) const;
    /// The active branch, first message to active leaf, with each message's version position.
    QList<PathMessage> activePath(qint64 conversationId) const;
    /// Every version of the message (its siblings and itself) in the order they were made.
    QList<Message> versions(qint64 messageId) const;
    /// Every message of the conversation, every branch, parents before children.
    QList<Message> all(qint64 conversationId) const;

    /// Makes the branch through `messageId` active, continuing below it along the children that
    /// were shown last. Returns the new active leaf.
    qint64 activate(qint64 messageId);
    /// Shows the version `delta` steps away from `messageId` among its versions (-1 = previous,
    /// +1 = next; clamped). Returns the id of the version now shown.
    qint64 switchVersion(qint64 messageId, int delta);

    /// Deletes a message with everything below it, and wipes its text from the search index and
    /// the journal (see privacy.h). The active branch moves to another version, or the parent.
    void remove(qint64 messageId);

    /// Answers left in state Streaming by a crash become Interrupted (their saved text is kept).
    /// The app calls this once at start, before anything streams. Returns how many changed.
    int recoverInterrupted();

private:
    Message insert(qint64 conversationId, qint64 parentId, const NewMessage& message);
    void touchConversation(qint64 conversationId);
    Message require(qint64 id) const;
    Database& db_;
};

} // namespace hearth::storage
