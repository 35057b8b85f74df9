// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QList>

#include <optional>

namespace hearth::storage {

class Database;

/// Which conversations ConversationStore::list returns.
struct ConversationFilter {
    bool includeArchived = false;
    bool onlyArchived = false;
    int limit = -1; ///< -1 = all
};

/// The conversations of the sidebar: create, read, change, list. Deleting is in privacy.h
/// (it also wipes the text from the search index and the journal). Every write commits before
/// it returns and throws StorageError on failure, leaving nothing half-written.
class ConversationStore {
public:
    explicit ConversationStore(Database& db) : db_(db) {}

    /// Saves a new conversation from `draft` (its id and times are ignored) and returns it with
    /// its id and times.
    Conversation create(const Conversation& draft = {});
    std::optional<Conversation> get(qint64 id) const;
    /// Pinned first, then the most recently updated.
    QList<Conversation> list(const ConversationFilter& filter = {}) const;
    int count() const;

    /// Saves title, model, system prompt and sampling of `c` (found by c.id), and pinned and
    /// archived; bumps updatedAt when anything but pinned/archived changed.
    void update(const Conversation& c);
    void rename(qint64 id, const QString& title);
    void setModel(qint64 id, const QString& modelName, const QString& modelSha256);
    void setSystemPrompt(qint64 id, const QString& systemPrompt);
    void setSampling(qint64 id, const QJsonObject& sampling);
    /// Pinning and archiving do not change updatedAt (the conversation keeps its place in time).
    void setPinned(qint64 id, bool pinned);
    void setArchived(qint64 id, bool archived);

private:
    void setColumn(qint64 id, const char* sql, const QString& value, bool touch);
    void setFlag(qint64 id, const char* sql, bool value);
    Database& db_;
};

} // namespace hearth::storage
