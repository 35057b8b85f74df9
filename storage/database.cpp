// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/database.h"

#include "storage/datadir.h"
#include "storage/migrations.h"
#include "storage/privacy.h"
#include "storage/statement.h"
#include "storage/tokenizer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

namespace hearth::storage {
namespace {

/// How long a checkpoint waits for readers on other connections to finish.
constexpr int kCheckpointWaitMs = 200;
/// Largest WAL kept on disk after a checkpoint (bytes); beyond it the file is truncated.
constexpr qint64 kJournalSizeLimit = 8 * 1024 * 1024;

/// Connection settings applied to every connection, file or memory.
constexpr const char* kPragmas = "PRAGMA foreign_keys = ON;"
                                 "PRAGMA cache_size = -32768;"
                                 "PRAGMA secure_delete = ON;"
                                 "PRAGMA temp_store = MEMORY;"
                                 "PRAGMA recursive_triggers = OFF;";

/// Settings applied to a file database once it is in WAL mode.
constexpr const char* kFilePragmas = "PRAGMA synchronous = FULL;";

OpenResult failure(ErrorKind kind, const QString& message) {
    OpenResult r;
    r.status = OpenStatus::Failed;
    r.errorKind = kind;
    r.message = message;
    return r;
}

/// Moves `path` and its -wal and -shm files to a new name next to it that does not exist yet;
/// nothing is overwritten or deleted. Returns the new path, or an empty string on failure.
QString moveAside(const QString& path) {
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = QStringLiteral("%1.damaged-%2").arg(path, stamp);
    for (int n = 2; QFileInfo::exists(target) || QFileInfo::exists(target + "-wal"); ++n) {
        target = QStringLiteral("%1.damaged-%2-%3").arg(path, stamp).arg(n);
    }
    if (!QFile::rename(path, target)) {
        return {};
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        if (QFileInfo::exists(path + suffix)) {
            QFile::rename(path + suffix, target + suffix);
        }
    }
    return target;
}

/// Rebuilds the search index when it was made by another version of the tokenizer (see
/// tokenizerVersion()), and records the version.
void matchIndexToTokenizer(Database& db) {
    constexpr const char* kKey = "search.tokenizer";
    const QString version = tokenizerVersion();
    Statement current(db, "SELECT value FROM settings WHERE key = ?1");
    current.bind(1, kKey);
    if (current.step() && current.text(0) == version) {
        return;
    }
    current.reset();
    qCInfo(lcStorage) << "rebuilding the search index for tokenizer" << version;
    Transaction tx(db);
    execSql(db.handle(), "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')");
    Statement save(db, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    save.bind(1, kKey).bind(2, version);
    save.run();
    tx.commit();
}

} // namespace

Database::Database(sqlite3* db, QString path)
    : db_(db), path_(std::move(path)), clock_(&QDateTime::currentMSecsSinceEpoch) {}

Database::~Database() {
    for (auto& [sql, cached] : statements_) {
        sqlite3_finalize(cached.stmt);
    }
    sqlite3_close_v2(db_);
}

sqlite3_stmt* Database::acquireStatement(const char* sql) {
    CachedStatement& cached = statements_[sql];
    if (cached.stmt && !cached.inUse) {
        cached.inUse = true;
        return cached.stmt;
    }
    sqlite3_stmt* stmt = nullptr;
    const bool keep = cached.stmt == nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        if (keep) {
            statements_.erase(sql);
        }
        throwSqlite(db_, rc);
    }
    if (keep) {
        cached.stmt = stmt;
        cached.inUse = true;
    }
    return stmt;
}

void Database::releaseStatement(sqlite3_stmt* stmt) {
    const char* sql = sqlite3_sql(stmt);
    const auto it = sql ? statements_.find(sql) : statements_.end();
    if (it != statements_.end() && it->second.stmt == stmt) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        it->second.inUse = false;
    } else {
        sqlite3_finalize(stmt);
    }
}

OpenResult Database::openInDataDir(const QString& dataDir, const OpenOptions& options) {
    const QString problem = ensureDataDir(dataDir);
    if (!problem.isEmpty()) {
        return failure(ErrorKind::ReadOnly, problem);
    }
    return open(QDir(dataDir).filePath(QString::fromLatin1(kFileName)), options);
}

OpenResult Database::open(const QString& path, const OpenOptions& options) {
    OpenResult first = openFile(path, options);
    if (first.status != OpenStatus::Failed || first.errorKind != ErrorKind::Corrupt ||
        !options.recoverDamaged) {
        return first;
    }
    qCInfo(lcStorage) << "damaged database" << path << first.message;
    const QString aside = moveAside(path);
    if (aside.isEmpty()) {
        return failure(ErrorKind::Corrupt,
                       QStringLiteral("The chat database %1 is damaged, and it could not be moved "
                                      "aside to start a new one. Check that its folder is "
                                      "writable.")
                           .arg(QDir::toNativeSeparators(path)));
    }
    OpenResult fresh = openFile(path, options);
    if (!fresh.ok()) {
        return fresh;
    }
    fresh.status = OpenStatus::Recovered;
    fresh.damagedPath = aside;
    fresh.message = QStringLiteral("The chat database was damaged and could not be used. It was "
                                   "moved to %1 and a new, empty one was started; conversations "
                                   "that can still be read from the damaged file can be "
                                   "exported from it.")
                        .arg(QDir::toNativeSeparators(aside));
    return fresh;
}

OpenResult Database::openFile(const QString& path, const OpenOptions& options) {
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        return failure(ErrorKind::Io, QStringLiteral("%1 is not a file, so it cannot hold the chat "
                                                     "database.")
                                          .arg(QDir::toNativeSeparators(path)));
    }
    const bool existed = info.exists() && info.size() > 0;

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        const QString detail =
            raw ? QString::fromUtf8(sqlite3_errmsg(raw)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close_v2(raw);
        return failure(errorKindOf(rc), QStringLiteral("The chat database %1 cannot be opened "
                                                       "(%2). Check that its folder exists and "
                                                       "is writable.")
                                            .arg(QDir::toNativeSeparators(path), detail));
    }
    std::unique_ptr<Database> db(new Database(raw, path));
    OpenResult result;
    try {
        sqlite3_extended_result_codes(raw, 1);
        sqlite3_busy_timeout(raw, kBusyTimeoutMs);
        const int tokenizerRc = registerTokenizer(raw);
        if (tokenizerRc != SQLITE_OK) {
            throwSqlite(raw, tokenizerRc);
        }
        // Reading the header and the schema finds a file that is not a database at all.
        const int version = static_cast<int>(queryInt(raw, "PRAGMA user_version"));
        const qint64 objects = queryInt(raw, "SELECT count(*) FROM sqlite_schema");
        if (version > latestSchemaVersion()) {
            result.status = OpenStatus::TooNew;
            result.foundVersion = version;
            result.errorKind = ErrorKind::TooNew;
            result.message =
                QStringLiteral("The chat database %1 was written by a newer version of Hearth "
                               "(schema version %2; this version knows up to %3). Update Hearth "
                               "to open it; the file was left unchanged.")
                    .arg(QDir::toNativeSeparators(path))
                    .arg(version)
                    .arg(latestSchemaVersion());
            return result;
        }
        if (version == 0 && objects > 0) {
            return failure(ErrorKind::InvalidData,
                           QStringLiteral("%1 is an SQLite database, but not one of Hearth's; it "
                                          "was left unchanged.")
                               .arg(QDir::toNativeSeparators(path)));
        }
        if (existed && options.checkIntegrity) {
            const QString check = queryText(raw, "PRAGMA quick_check");
            if (check != QLatin1String("ok")) {
                const QString first = check.split(QLatin1Char('\n')).value(1, check);
                throw StorageError(
                    ErrorKind::Corrupt,
                    QStringLiteral("The chat database is damaged (%1).").arg(first.trimmed()));
            }
        }
        execSql(raw, kPragmas);
        const QString journal = queryText(raw, "PRAGMA journal_mode = WAL");
        if (journal != QLatin1String("wal")) {
            return failure(ErrorKind::ReadOnly,
                           QStringLiteral("The chat database %1 cannot be switched to WAL mode "
                                          "(it stays in %2 mode); check that its folder is "
                                          "writable.")
                               .arg(QDir::toNativeSeparators(path), journal));
        }
        execSql(raw, kFilePragmas);
        execSql(raw,
                QByteArray("PRAGMA journal_size_limit = " + QByteArray::number(kJournalSizeLimit))
                    .constData());
        migrate(raw, latestSchemaVersion());
        matchIndexToTokenizer(*db);
        finishPendingScrub(*db);
        result.status = existed ? OpenStatus::Opened : OpenStatus::Created;
    } catch (const StorageError& e) {
        return failure(e.kind(), e.message());
    }
    qCInfo(lcStorage) << "opened" << path << "schema version" << db->schemaVersion();
    result.db = std::move(db);
    return result;
}

std::unique_ptr<Database> Database::openInMemory() {
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_close_v2(raw);
        throwSqlite(nullptr, rc);
    }
    std::unique_ptr<Database> db(new Database(raw, QString()));
    sqlite3_extended_result_codes(raw, 1);
    const int tokenizerRc = registerTokenizer(raw);
    if (tokenizerRc != SQLITE_OK) {
        throwSqlite(raw, tokenizerRc);
    }
    execSql(raw, kPragmas);
    migrate(raw, latestSchemaVersion());
    return db;
}

int Database::schemaVersion() const {
    return static_cast<int>(queryInt(db_, "PRAGMA user_version"));
}

qint64 Database::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
    return sqlite3_changes(db_);
}

qint64 Database::now() const {
    return clock_();
}

void Database::setClock(std::function<qint64()> clock) {
    clock_ = std::move(clock);
}

QString Database::integrityCheck() const {
    Statement s(db_, "PRAGMA integrity_check");
    QStringList lines;
    while (s.step()) {
        lines << s.text(0);
    }
    return lines.join(QLatin1Char('\n'));
}

bool Database::checkpoint() {
    if (path_.isEmpty()) {
        return true;
    }
    int logFrames = 0;
    int checkpointed = 0;
    // A reader elsewhere keeps the WAL from being truncated; do not wait long for it.
    sqlite3_busy_timeout(db_, kCheckpointWaitMs);
    const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &logFrames,
                                             &checkpointed);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        return false;
    }
    if (rc != SQLITE_OK) {
        throwSqlite(db_, rc);
    }
    return true;
}

Transaction::Transaction(Database& db) : db_(db.handle()) {
    nested_ = sqlite3_get_autocommit(db_) == 0;
    execSql(db_, nested_ ? "SAVEPOINT hearth_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (done_) {
        return;
    }
    if (nested_) {
        sqlite3_exec(db_, "ROLLBACK TO hearth_nested; RELEASE hearth_nested", nullptr, nullptr,
                     nullptr);
    } else if (!sqlite3_get_autocommit(db_)) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    done_ = true;
    try {
        execSql(db_, nested_ ? "RELEASE hearth_nested" : "COMMIT");
    } catch (...) {
        if (nested_) {
            sqlite3_exec(db_, "ROLLBACK TO hearth_nested; RELEASE hearth_nested", nullptr, nullptr,
                         nullptr);
        } else if (!sqlite3_get_autocommit(db_)) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw;
    }
}

} // namespace hearth::storage
