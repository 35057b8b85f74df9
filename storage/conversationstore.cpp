// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/conversationstore.h"

#include "storage/database.h"
#include "storage/rows.h"

namespace hearth::storage {
namespace {

[[noreturn]] void notFound(qint64 id) {
    throw StorageError(ErrorKind::NotFound,
                       QStringLiteral("There is no conversation with id %1.").arg(id));
}

} // namespace

Conversation ConversationStore::create(const Conversation& draft) {
    const qint64 now = db_.now();
    Transaction tx(db_);
    Statement s(db_, "INSERT INTO conversations (title, model_name, model_sha256, system_prompt, "
                     "sampling, pinned, archived, created_at, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    s.bind(1, draft.title)
        .bind(2, draft.modelName)
        .bind(3, draft.modelSha256)
        .bind(4, draft.systemPrompt)
        .bind(5, rows::toText(draft.sampling))
        .bind(6, draft.pinned)
        .bind(7, draft.archived)
        .bind(8, now);
    s.run();
    const qint64 id = db_.lastInsertId();
    tx.commit();
    return *get(id);
}

std::optional<Conversation> ConversationStore::get(qint64 id) const {
    Statement s(db_, "SELECT " HEARTH_CONVERSATION_COLUMNS " FROM conversations c WHERE c.id = ?1");
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return rows::readConversation(s);
}

QList<Conversation> ConversationStore::list(const ConversationFilter& filter) const {
    Statement s(db_, "SELECT " HEARTH_CONVERSATION_COLUMNS " FROM conversations c "
                     "WHERE (?1 OR c.archived = 0) AND (NOT ?2 OR c.archived = 1) "
                     "ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC LIMIT ?3");
    s.bind(1, filter.includeArchived || filter.onlyArchived)
        .bind(2, filter.onlyArchived)
        .bind(3, filter.limit);
    QList<Conversation> out;
    while (s.step()) {
        out.append(rows::readConversation(s));
    }
    return out;
}

int ConversationStore::count() const {
    return static_cast<int>(queryInt(db_.handle(), "SELECT count(*) FROM conversations"));
}

void ConversationStore::update(const Conversation& c) {
    const std::optional<Conversation> old = get(c.id);
    if (!old) {
        notFound(c.id);
    }
    const bool touched = old->title != c.title || old->modelName != c.modelName ||
                         old->modelSha256 != c.modelSha256 || old->systemPrompt != c.systemPrompt ||
                         old->sampling != c.sampling;
    Transaction tx(db_);
    Statement s(db_,
                "UPDATE conversations SET title = ?2, model_name = ?3, model_sha256 = ?4, "
                "system_prompt = ?5, sampling = ?6, pinned = ?7, archived = ?8, updated_at = ?9 "
                "WHERE id = ?1");
    s.bind(1, c.id)
        .bind(2, c.title)
        .bind(3, c.modelName)
        .bind(4, c.modelSha256)
        .bind(5, c.systemPrompt)
        .bind(6, rows::toText(c.sampling))
        .bind(7, c.pinned)
        .bind(8, c.archived)
        .bind(9, touched ? db_.now() : old->updatedAt);
    s.run();
    tx.commit();
}

void ConversationStore::setColumn(qint64 id, const char* sql, const QString& value, bool touch) {
    Transaction tx(db_);
    Statement s(db_, sql);
    s.bind(1, id).bind(2, value);
    s.run();
    if (db_.changes() == 0) {
        notFound(id);
    }
    if (touch) {
        Statement t(db_, "UPDATE conversations SET updated_at = ?2 WHERE id = ?1");
        t.bind(1, id).bind(2, db_.now());
        t.run();
    }
    tx.commit();
}

void ConversationStore::rename(qint64 id, const QString& title) {
    setColumn(id, "UPDATE conversations SET title = ?2 WHERE id = ?1", title, true);
}

void ConversationStore::setModel(qint64 id, const QString& modelName, const QString& modelSha256) {
    Transaction tx(db_);
    setColumn(id, "UPDATE conversations SET model_name = ?2 WHERE id = ?1", modelName, false);
    setColumn(id, "UPDATE conversations SET model_sha256 = ?2 WHERE id = ?1", modelSha256, true);
    tx.commit();
}

void ConversationStore::setSystemPrompt(qint64 id, const QString& systemPrompt) {
    setColumn(id, "UPDATE conversations SET system_prompt = ?2 WHERE id = ?1", systemPrompt, true);
}

void ConversationStore::setSampling(qint64 id, const QJsonObject& sampling) {
    setColumn(id, "UPDATE conversations SET sampling = ?2 WHERE id = ?1", rows::toText(sampling),
              true);
}

void ConversationStore::setPinned(qint64 id, bool pinned) {
    setFlag(id, "UPDATE conversations SET pinned = ?2 WHERE id = ?1", pinned);
}

void ConversationStore::setArchived(qint64 id, bool archived) {
    setFlag(id, "UPDATE conversations SET archived = ?2 WHERE id = ?1", archived);
}

void ConversationStore::setFlag(qint64 id, const char* sql, bool value) {
    Transaction tx(db_);
    Statement s(db_, sql);
    s.bind(1, id).bind(2, value);
    s.run();
    if (db_.changes() == 0) {
        notFound(id);
    }
    tx.commit();
}

} // namespace hearth::storage
