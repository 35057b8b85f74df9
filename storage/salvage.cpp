// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/salvage.h"

#include "storage/rows.h"
#include "storage/statement.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <functional>
#include <memory>

namespace hearth::storage {
namespace {

/// Row ids probed one by one past a damaged page, at most.
constexpr qint64 kMaxProbes = 2'000'000;
/// Row ids probed past the last readable one when the largest id cannot be read either.
constexpr qint64 kProbeWindow = 100'000;

using RowReader = std::function<void(const Statement&)>;

/// Reads every row of `table` it can: a scan in id order, and when that fails part way, a
/// lookup of each id after the last one read. Returns false when something could not be read.
bool readRows(sqlite3* db, const QByteArray& select, const char* table, const RowReader& onRow) {
    qint64 lastId = 0;
    bool complete = true;
    try {
        Statement s(db, QByteArray(select + " ORDER BY 1").constData());
        while (s.step()) {
            lastId = s.int64(0);
            onRow(s);
        }
        return true;
    } catch (const StorageError&) {
        complete = false;
    }
    // The largest id ever given out (ids are never reused), else the largest id left.
    qint64 maxId = lastId + kProbeWindow;
    try {
        Statement seq(db, "SELECT seq FROM sqlite_sequence WHERE name = ?1");
        seq.bind(1, table);
        maxId =
            seq.step() ? seq.int64(0) : queryInt(db, QByteArray("SELECT max(id) FROM ") + table);
    } catch (const StorageError&) {
        qCInfo(lcStorage) << "salvage: the largest id of" << table << "cannot be read";
    }
    maxId = std::min(maxId, lastId + kMaxProbes);
    try {
        Statement one(db, QByteArray(select + " WHERE id = ?1").constData());
        for (qint64 id = lastId + 1; id <= maxId; ++id) {
            one.reset();
            one.bind(1, id);
            try {
                if (one.step()) {
                    onRow(one);
                }
            } catch (const StorageError&) {
                continue;
            }
        }
    } catch (const StorageError&) {
        qCInfo(lcStorage) << "salvage: rows of" << table << "cannot be looked up";
    }
    return complete;
}

bool hasColumn(sqlite3* db, const char* table, const char* column) {
    Statement s(db, QByteArray("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = '" +
                        column + "'");
    return s.step();
}

/// Puts salvaged messages into conversations, parents first, with a usable active branch.
QList<ConversationArchive> assemble(QMap<qint64, Conversation> conversations,
                                    const QList<Message>& messages) {
    QMap<qint64, QList<Message>> byConversation;
    for (const Message& m : messages) {
        byConversation[m.conversationId].append(m);
    }
    QList<ConversationArchive> out;
    for (auto it = byConversation.begin(); it != byConversation.end(); ++it) {
        if (!conversations.contains(it.key())) {
            Conversation c;
            c.id = it.key();
            c.title = QStringLiteral("Recovered conversation %1").arg(it.key());
            c.createdAt = it.value().first().createdAt;
            c.updatedAt = it.value().last().updatedAt;
            conversations.insert(it.key(), c);
        }
    }
    for (Conversation c : conversations) {
        ConversationArchive a;
        QSet<qint64> placed;
        for (Message m : byConversation.value(c.id)) {
            if (m.parentId != 0 && !placed.contains(m.parentId)) {
                m.parentId = 0;
            }
            placed.insert(m.id);
            a.messages.append(m);
        }
        if (!placed.contains(c.activeLeafId)) {
            c.activeLeafId = a.messages.isEmpty() ? 0 : a.messages.last().id;
        }
        c.messageCount = static_cast<int>(a.messages.size());
        a.conversation = c;
        out.append(a);
    }
    return out;
}

} // namespace

SalvageResult salvage(const QString& damagedPath) {
    SalvageResult result;
    QTemporaryDir work;
    const QString copy = work.filePath(QStringLiteral("salvage.db"));
    if (!work.isValid() || !QFile::copy(damagedPath, copy)) {
        result.problems << QStringLiteral("%1 cannot be read.").arg(damagedPath);
        return result;
    }
    if (QFile::exists(damagedPath + "-wal")) {
        QFile::copy(damagedPath + "-wal", copy + "-wal");
    }
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(copy.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE, nullptr) !=
        SQLITE_OK) {
        sqlite3_close_v2(raw);
        result.problems << QStringLiteral("%1 cannot be opened as a database.").arg(damagedPath);
        return result;
    }
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, &sqlite3_close_v2);
    // Lets SQLite read a file shorter than its header says (a truncated file), and tolerate a
    // damaged schema entry; harmless here, on a copy that is only read.
    sqlite3_exec(raw, "PRAGMA writable_schema = ON", nullptr, nullptr, nullptr);
    try {
        queryInt(raw, "PRAGMA user_version");
    } catch (const StorageError& e) {
        result.problems << QStringLiteral("Nothing can be read: %1").arg(e.message());
        return result;
    }

    QMap<qint64, Conversation> conversations;
    try {
        // Without the message count of the usual column list: it would read the messages.
        if (!readRows(raw,
                      "SELECT c.id, c.title, c.model_name, c.model_sha256, c.system_prompt, "
                      "c.sampling, c.pinned, c.archived, c.created_at, c.updated_at, "
                      "c.active_leaf_id, 0 FROM conversations c",
                      "conversations", [&](const Statement& s) {
                          const Conversation c = rows::readConversation(s);
                          conversations.insert(c.id, c);
                      })) {
            result.problems << QStringLiteral("Some conversations could not be read.");
        }
    } catch (const StorageError& e) {
        result.problems << QStringLiteral("The conversations cannot be read: %1").arg(e.message());
    }

    QList<Message> messages;
    try {
        // Databases of schema version 1 have no statistics columns.
        const bool stats = hasColumn(raw, "messages", "generated_tokens");
        const QByteArray columns =
            stats ? QByteArray(HEARTH_MESSAGE_COLUMNS)
                  : QByteArray("m.id, m.conversation_id, m.parent_id, m.role, m.content, "
                               "m.state, m.token_count, m.error, m.created_at, m.updated_at, "
                               "m.last_active_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL");
        if (!readRows(raw, "SELECT " + columns + " FROM messages m", "messages",
                      [&](const Statement& s) { messages.append(rows::readMessage(s)); })) {
            result.problems << QStringLiteral("Some messages could not be read.");
        }
    } catch (const StorageError& e) {
        result.problems << QStringLiteral("The messages cannot be read: %1").arg(e.message());
    }
    std::sort(messages.begin(), messages.end(),
              [](const Message& a, const Message& b) { return a.id < b.id; });
    result.conversations = assemble(conversations, messages);
    result.messages = static_cast<int>(messages.size());
    qCInfo(lcStorage) << "salvaged" << result.conversations.size() << "conversations,"
                      << result.messages << "messages from" << damagedPath;
    return result;
}

} // namespace hearth::storage
