// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/import.h"

#include "storage/database.h"
#include "storage/rows.h"

#include <QFile>
#include <QHash>

#include <algorithm>

namespace hearth::storage {
namespace {

/// Largest import file read (bytes); a chat export of this size holds millions of messages.
constexpr qint64 kMaxImportBytes = 2LL * 1024 * 1024 * 1024;

qint64 insertConversation(Database& db, const Conversation& c, qint64 now) {
    Statement s(db, "INSERT INTO conversations (title, model_name, model_sha256, system_prompt, "
                    "sampling, pinned, archived, created_at, updated_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    s.bind(1, c.title)
        .bind(2, c.modelName)
        .bind(3, c.modelSha256)
        .bind(4, c.systemPrompt)
        .bind(5, rows::toText(c.sampling))
        .bind(6, c.pinned)
        .bind(7, c.archived)
        .bind(8, c.createdAt != 0 ? c.createdAt : now)
        .bind(9, c.updatedAt != 0 ? c.updatedAt : now);
    s.run();
    return db.lastInsertId();
}

/// The leaf to show when the archive names none: from the most recently shown first message,
/// down along the most recently shown children.
qint64 defaultLeaf(const QList<Message>& messages) {
    QHash<qint64, QList<const Message*>> children;
    for (const Message& m : messages) {
        children[m.parentId].append(&m);
    }
    auto latest = [](const QList<const Message*>& list) {
        return *std::max_element(list.begin(), list.end(), [](const Message* a, const Message* b) {
            return a->lastActiveAt != b->lastActiveAt ? a->lastActiveAt < b->lastActiveAt
                                                      : a->id < b->id;
        });
    };
    qint64 id = 0;
    while (children.contains(id)) {
        id = latest(children.value(id))->id;
    }
    return id;
}

} // namespace

ImportSummary importArchives(Database& db, const QList<ConversationArchive>& archives) {
    const qint64 now = db.now();
    ImportSummary summary;
    Transaction tx(db);
    Statement insert(db,
                     "INSERT INTO messages (conversation_id, parent_id, role, content, state, "
                     "token_count, error, created_at, updated_at, last_active_at, prompt_tokens, "
                     "generated_tokens, prefill_tps, decode_tps, ttft_ms, duration_ms, "
                     "stats_model, stop_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                     "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    Statement leaf(db, "UPDATE conversations SET active_leaf_id = ?2 WHERE id = ?1");
    for (const ConversationArchive& a : archives) {
        const qint64 conversationId = insertConversation(db, a.conversation, now);
        QHash<qint64, qint64> newIds;
        for (const Message& m : a.messages) {
            insert.reset();
            insert.bind(1, conversationId);
            if (m.parentId == 0) {
                insert.bindNull(2);
            } else {
                insert.bind(2, newIds.value(m.parentId));
            }
            const qint64 created = m.createdAt != 0 ? m.createdAt : now;
            insert.bind(3, roleName(m.role))
                .bind(4, m.content)
                .bind(5, messageStateName(m.state))
                .bind(6, m.tokenCount)
                .bind(7, m.error)
                .bind(8, created)
                .bind(9, m.updatedAt != 0 ? m.updatedAt : created)
                .bind(10, m.lastActiveAt);
            rows::bindStats(insert, 11, m.stats);
            insert.run();
            newIds.insert(m.id, db.lastInsertId());
        }
        const qint64 activeLeaf = newIds.contains(a.conversation.activeLeafId)
                                      ? a.conversation.activeLeafId
                                      : defaultLeaf(a.messages);
        if (activeLeaf != 0) {
            leaf.reset();
            leaf.bind(1, conversationId).bind(2, newIds.value(activeLeaf));
            leaf.run();
        }
        summary.conversationIds.append(conversationId);
        summary.messages += static_cast<int>(a.messages.size());
    }
    tx.commit();
    summary.conversations = static_cast<int>(archives.size());
    return summary;
}

ImportSummary importJsonFile(Database& db, const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw StorageError(ErrorKind::Io,
                           QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    }
    if (file.size() > kMaxImportBytes) {
        throw StorageError(ErrorKind::InvalidData,
                           QStringLiteral("%1 is too large to be a chat export.").arg(path));
    }
    return importArchives(db, archiveFromJson(file.readAll()));
}

} // namespace hearth::storage
