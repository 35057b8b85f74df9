// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/privacy.h"

#include "storage/database.h"
#include "storage/statement.h"

namespace hearth::storage {
namespace {

constexpr const char* kScrubPendingKey = "privacy.scrub_pending";
constexpr qint64 kMsPerDay = 24LL * 60 * 60 * 1000;

int deleteWhere(Database& db, const char* sql, qint64 argument) {
    int deleted = 0;
    {
        Transaction tx(db);
        Statement s(db, sql);
        s.bind(1, argument);
        s.run();
        deleted = db.changes();
        if (deleted > 0) {
            markScrubPending(db);
        }
        tx.commit();
    }
    if (deleted > 0) {
        scrubDeletedText(db);
    }
    return deleted;
}

} // namespace

void markScrubPending(Database& db) {
    Statement s(db, "INSERT INTO settings (key, value) VALUES (?1, '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = '1'");
    s.bind(1, kScrubPendingKey);
    s.run();
}

bool scrubDeletedText(Database& db) {
    {
        Transaction tx(db);
        execSql(db.handle(), "INSERT INTO messages_fts(messages_fts) VALUES ('optimize')");
        Statement s(db, "DELETE FROM settings WHERE key = ?1");
        s.bind(1, kScrubPendingKey);
        s.run();
        tx.commit();
    }
    const bool truncated = db.checkpoint();
    if (!truncated) {
        // Old pages stay in the WAL while another connection reads; try again at the next
        // deletion or start (closing the last connection also clears the WAL).
        qCInfo(lcStorage) << "the WAL is in use by another connection; it is truncated later";
        Transaction tx(db);
        markScrubPending(db);
        tx.commit();
    }
    return truncated;
}

void finishPendingScrub(Database& db) {
    Statement s(db, "SELECT 1 FROM settings WHERE key = ?1");
    s.bind(1, kScrubPendingKey);
    if (s.step()) {
        s.reset();
        scrubDeletedText(db);
    }
}

void deleteConversation(Database& db, qint64 conversationId) {
    if (deleteWhere(db, "DELETE FROM conversations WHERE id = ?1", conversationId) == 0) {
        throw StorageError(
            ErrorKind::NotFound,
            QStringLiteral("There is no conversation with id %1.").arg(conversationId));
    }
}

void deleteConversations(Database& db, const QList<qint64>& conversationIds) {
    {
        Transaction tx(db);
        Statement s(db, "DELETE FROM conversations WHERE id = ?1");
        for (const qint64 id : conversationIds) {
            s.reset();
            s.bind(1, id);
            s.run();
        }
        markScrubPending(db);
        tx.commit();
    }
    scrubDeletedText(db);
}

int deleteAllConversations(Database& db) {
    return deleteWhere(db, "DELETE FROM conversations WHERE ?1", 1);
}

void deleteAllData(Database& db) {
    {
        Transaction tx(db);
        execSql(db.handle(), "DELETE FROM conversations;"
                             "DELETE FROM models;"
                             "DELETE FROM downloads;"
                             "DELETE FROM settings;"
                             "INSERT INTO messages_fts(messages_fts) VALUES ('delete-all');");
        markScrubPending(db);
        tx.commit();
    }
    scrubDeletedText(db);
    // Give the emptied space back to the file system; the data is already gone, so a reader on
    // another connection that keeps VACUUM from running only delays the shrinking.
    try {
        execSql(db.handle(), "VACUUM");
        db.checkpoint();
    } catch (const StorageError& e) {
        qCInfo(lcStorage) << "could not compact the database:" << e.what();
    }
}

int deleteOlderThan(Database& db, int days, bool includePinned) {
    if (days <= 0) {
        return 0;
    }
    const qint64 cutoff = db.now() - static_cast<qint64>(days) * kMsPerDay;
    return deleteWhere(db,
                       includePinned ? "DELETE FROM conversations WHERE updated_at < ?1"
                                     : "DELETE FROM conversations WHERE updated_at < ?1 "
                                       "AND pinned = 0",
                       cutoff);
}

int applyRetention(Database& db) {
    Statement days(db, "SELECT value FROM settings WHERE key = ?1");
    days.bind(1, kRetentionDaysKey);
    const int retention = days.step() ? days.text(0).toInt() : 0;
    Statement pinned(db, "SELECT value FROM settings WHERE key = ?1");
    pinned.bind(1, kRetentionIncludesPinnedKey);
    const bool includePinned = pinned.step() && pinned.text(0) == QLatin1String("1");
    return deleteOlderThan(db, retention, includePinned);
}

} // namespace hearth::storage
