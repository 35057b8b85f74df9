// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/messagestore.h"

#include "storage/database.h"
#include "storage/privacy.h"
#include "storage/rows.h"

#include <algorithm>

namespace hearth::storage {
namespace {

void bindParent(Statement& s, int index, qint64 parentId) {
    if (parentId == 0) {
        s.bindNull(index);
    } else {
        s.bind(index, parentId);
    }
}

/// A time for last_active_at that is later than every other one in the conversation, so the
/// branch activated now wins even when the clock did not move.
qint64 activationStamp(Database& db, qint64 conversationId) {
    Statement s(db, "SELECT max(last_active_at) FROM messages WHERE conversation_id = ?1");
    s.bind(1, conversationId);
    const qint64 latest = s.step() ? s.int64(0) : 0;
    return std::max(db.now(), latest + 1);
}

/// Marks the path from `leafId` up to its first message as shown at `stamp` and makes `leafId`
/// the conversation's active leaf.
void markActive(Database& db, qint64 conversationId, qint64 leafId) {
    const qint64 stamp = activationStamp(db, conversationId);
    Statement mark(db, "WITH RECURSIVE path(id) AS (SELECT ?1 UNION ALL "
                       "SELECT m.parent_id FROM messages m JOIN path p ON m.id = p.id "
                       "WHERE m.parent_id IS NOT NULL) "
                       "UPDATE messages SET last_active_at = ?2 WHERE id IN path");
    mark.bind(1, leafId).bind(2, stamp);
    mark.run();
    Statement leaf(db, "UPDATE conversations SET active_leaf_id = ?2 WHERE id = ?1");
    leaf.bind(1, conversationId).bind(2, leafId);
    leaf.run();
}

/// Follows the most recently shown child from `id` down to a leaf.
qint64 descend(Database& db, qint64 id) {
    Statement s(db, "SELECT id FROM messages WHERE parent_id = ?1 "
                    "ORDER BY last_active_at DESC, id DESC LIMIT 1");
    for (;;) {
        s.reset();
        s.bind(1, id);
        if (!s.step()) {
            return id;
        }
        id = s.int64(0);
    }
}

} // namespace

Message MessageStore::require(qint64 id) const {
    std::optional<Message> m = get(id);
    if (!m) {
        throw StorageError(ErrorKind::NotFound,
                           QStringLiteral("There is no message with id %1.").arg(id));
    }
    return *m;
}

void MessageStore::touchConversation(qint64 conversationId) {
    Statement s(db_, "UPDATE conversations SET updated_at = ?2 WHERE id = ?1");
    s.bind(1, conversationId).bind(2, db_.now());
    s.run();
}

Message MessageStore::insert(qint64 conversationId, qint64 parentId, const NewMessage& message) {
    const qint64 now = db_.now();
    Statement s(db_,
                "INSERT INTO messages (conversation_id, parent_id, role, content, state, "
                "token_count, created_at, updated_at, prompt_tokens, generated_tokens, "
                "prefill_tps, decode_tps, ttft_ms, duration_ms, stats_model, stop_reason) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    s.bind(1, conversationId);
    bindParent(s, 2, parentId);
    s.bind(3, roleName(message.role))
        .bind(4, message.content)
        .bind(5, messageStateName(message.state))
        .bind(6, message.tokenCount)
        .bind(7, now);
    rows::bindStats(s, 8, message.stats);
    s.run();
    const qint64 id = db_.lastInsertId();
    markActive(db_, conversationId, id);
    touchConversation(conversationId);
    return require(id);
}

Message MessageStore::append(qint64 conversationId, qint64 parentId, const NewMessage& message) {
    Transaction tx(db_);
    Statement conv(db_, "SELECT 1 FROM conversations WHERE id = ?1");
    conv.bind(1, conversationId);
    if (!conv.step()) {
        throw StorageError(
            ErrorKind::NotFound,
            QStringLiteral("There is no conversation with id %1.").arg(conversationId));
    }
    if (parentId != 0 && require(parentId).conversationId != conversationId) {
        throw StorageError(
            ErrorKind::InvalidData,
            QStringLiteral("Message %1 belongs to another conversation.").arg(parentId));
    }
    Message saved = insert(conversationId, parentId, message);
    tx.commit();
    return saved;
}

Message MessageStore::appendToActive(qint64 conversationId, const NewMessage& message) {
    Statement s(db_, "SELECT active_leaf_id FROM conversations WHERE id = ?1");
    s.bind(1, conversationId);
    const qint64 leaf = s.step() ? s.int64(0) : 0;
    return append(conversationId, leaf, message);
}

Message MessageStore::addVersion(qint64 messageId, const NewMessage& message) {
    Transaction tx(db_);
    const Message original = require(messageId);
    NewMessage version = message;
    version.role = original.role;
    Message saved = insert(original.conversationId, original.parentId, version);
    tx.commit();
    return saved;
}

void MessageStore::updateContent(qint64 id, const QString& content) {
    Transaction tx(db_);
    Statement s(db_, "UPDATE messages SET content = ?2, updated_at = ?3 WHERE id = ?1 "
                     "RETURNING conversation_id");
    s.bind(1, id).bind(2, content).bind(3, db_.now());
    if (!s.step()) {
        throw StorageError(ErrorKind::NotFound,
                           QStringLiteral("There is no message with id %1.").arg(id));
    }
    const qint64 conversationId = s.int64(0);
    s.reset();
    touchConversation(conversationId);
    tx.commit();
}

void MessageStore::finish(qint64 id, const FinishedMessage& finished) {
    Transaction tx(db_);
    const Message m = require(id);
    Statement s(db_,
                "UPDATE messages SET content = ?2, state = ?3, token_count = ?4, error = ?5, "
                "updated_at = ?6, prompt_tokens = ?7, generated_tokens = ?8, prefill_tps = ?9, "
                "decode_tps = ?10, ttft_ms = ?11, duration_ms = ?12, stats_model = ?13, "
                "stop_reason = ?14 WHERE id = ?1");
    s.bind(1, id)
        .bind(2, finished.content)
        .bind(3, messageStateName(finished.state))
        .bind(4, finished.tokenCount)
        .bind(5, finished.error)
        .bind(6, db_.now());
    rows::bindStats(s, 7, finished.stats);
    s.run();
    touchConversation(m.conversationId);
    tx.commit();
}

void MessageStore::setTokenCount(qint64 id, int tokenCount) {
    Transaction tx(db_);
    Statement s(db_, "UPDATE messages SET token_count = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, tokenCount);
    s.run();
    if (db_.changes() == 0) {
        require(id);
    }
    tx.commit();
}

std::optional<Message> MessageStore::get(qint64 id) const {
    Statement s(db_, "SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages m WHERE m.id = ?1");
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return rows::readMessage(s);
}

QList<PathMessage> MessageStore::activePath(qint64 conversationId) const {
    Statement s(db_,
                "WITH RECURSIVE path(id, depth) AS ("
                "  SELECT active_leaf_id, 0 FROM conversations "
                "  WHERE id = ?1 AND active_leaf_id IS NOT NULL "
                "  UNION ALL SELECT m.parent_id, p.depth + 1 FROM messages m "
                "  JOIN path p ON m.id = p.id WHERE m.parent_id IS NOT NULL) "
                "SELECT " HEARTH_MESSAGE_COLUMNS ", "
                "  (SELECT count(*) FROM messages s WHERE s.conversation_id = m.conversation_id "
                "   AND s.parent_id IS m.parent_id AND s.id < m.id), "
                "  (SELECT count(*) FROM messages s WHERE s.conversation_id = m.conversation_id "
                "   AND s.parent_id IS m.parent_id) "
                "FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC");
    s.bind(1, conversationId);
    QList<PathMessage> out;
    while (s.step()) {
        PathMessage p;
        p.message = rows::readMessage(s);
        p.siblingIndex = s.int32(rows::kMessageColumnCount);
        p.siblingCount = s.int32(rows::kMessageColumnCount + 1);
        out.append(p);
    }
    return out;
}

QList<Message> MessageStore::versions(qint64 messageId) const {
    const Message m = require(messageId);
    Statement s(db_, "SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages m "
                     "WHERE m.conversation_id = ?1 AND m.parent_id IS ?2 ORDER BY m.id");
    s.bind(1, m.conversationId);
    bindParent(s, 2, m.parentId);
    QList<Message> out;
    while (s.step()) {
        out.append(rows::readMessage(s));
    }
    return out;
}

QList<Message> MessageStore::all(qint64 conversationId) const {
    // Ids grow with time and a parent always exists before its children, so id order puts
    // parents first; imported messages are inserted in that order too.
    Statement s(db_, "SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages m "
                     "WHERE m.conversation_id = ?1 ORDER BY m.id");
    s.bind(1, conversationId);
    QList<Message> out;
    while (s.step()) {
        out.append(rows::readMessage(s));
    }
    return out;
}

qint64 MessageStore::activate(qint64 messageId) {
    Transaction tx(db_);
    const Message m = require(messageId);
    const qint64 leaf = descend(db_, messageId);
    markActive(db_, m.conversationId, leaf);
    tx.commit();
    return leaf;
}

qint64 MessageStore::switchVersion(qint64 messageId, int delta) {
    const QList<Message> all = versions(messageId);
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const Message& m) { return m.id == messageId; });
    const qsizetype index = std::clamp<qsizetype>((it - all.begin()) + delta, 0, all.size() - 1);
    const qint64 target = all[index].id;
    activate(target);
    return target;
}

void MessageStore::remove(qint64 messageId) {
    {
        Transaction tx(db_);
        const Message m = require(messageId);
        Statement del(db_, "DELETE FROM messages WHERE id = ?1");
        del.bind(1, messageId);
        del.run();
        Statement leaf(db_, "SELECT 1 FROM conversations c JOIN messages m "
                            "ON m.id = c.active_leaf_id WHERE c.id = ?1");
        leaf.bind(1, m.conversationId);
        if (!leaf.step()) {
            // The active branch went with it: show the version shown most recently, or the
            // parent, or nothing when the conversation is now empty.
            Statement next(db_,
                           "SELECT id FROM messages WHERE conversation_id = ?1 AND parent_id IS ?2 "
                           "ORDER BY last_active_at DESC, id DESC LIMIT 1");
            next.bind(1, m.conversationId);
            bindParent(next, 2, m.parentId);
            const qint64 sibling = next.step() ? next.int64(0) : 0;
            const qint64 from = sibling != 0 ? sibling : m.parentId;
            if (from != 0) {
                markActive(db_, m.conversationId, descend(db_, from));
            } else {
                Statement clear(db_,
                                "UPDATE conversations SET active_leaf_id = NULL WHERE id = ?1");
                clear.bind(1, m.conversationId);
                clear.run();
            }
        }
        touchConversation(m.conversationId);
        markScrubPending(db_);
        tx.commit();
    }
    scrubDeletedText(db_);
}

int MessageStore::recoverInterrupted() {
    Transaction tx(db_);
    Statement s(db_, "UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'");
    s.run();
    const int changed = db_.changes();
    tx.commit();
    return changed;
}

} // namespace hearth::storage
