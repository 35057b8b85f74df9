// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/error.h"

#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace hearth::storage {

class Database;

/// How opening the database went.
enum class OpenStatus {
    Opened,    ///< an existing database, migrated to the current schema if it was older
    Created,   ///< there was none; a new, empty one was made
    Recovered, ///< the file was damaged: it was moved aside and a new, empty one was started
    TooNew,    ///< made by a newer Hearth; left untouched and not opened
    Failed,    ///< could not be opened or created (see OpenResult::message and errorKind)
};

/// Choices for Database::open.
struct OpenOptions {
    /// Run PRAGMA quick_check on an existing file, so that damage is found at start rather than
    /// in the middle of a chat. Costs about a second per gigabyte.
    bool checkIntegrity = true;
    /// When the file is damaged: move it aside and start a new database (true), or fail (false).
    bool recoverDamaged = true;
};

/// The outcome of Database::open: the database (for Opened, Created, Recovered) and what to tell
/// the user (Recovered, TooNew, Failed).
struct OpenResult {
    std::unique_ptr<Database> db;
    OpenStatus status = OpenStatus::Failed;
    QString message;      ///< a sentence for the user; empty for Opened and Created
    QString damagedPath;  ///< Recovered: where the damaged file now is (see salvage.h)
    int foundVersion = 0; ///< TooNew: the schema version of the file
    ErrorKind errorKind = ErrorKind::Io; ///< Failed: what kind of failure

    bool ok() const { return db != nullptr; }
};

/// One connection to Hearth's SQLite database (`hearth.db` in the data folder): WAL journal,
/// foreign keys, a busy timeout, secure_delete (deleted text is overwritten), full fsync on
/// commit, and the schema migrated to the current version.
///
/// Threads: a Database is used by one thread at a time (it may move between threads). Other
/// threads open their own Database on the same file; WAL lets readers run while one connection
/// writes, and a writer waits up to the busy timeout for another writer to finish.
/// The stores (ConversationStore, MessageStore, ...) are light views over a Database.
class Database {
public:
    /// The database's file name inside the data folder.
    static constexpr const char* kFileName = "hearth.db";
    /// How long a write waits for another connection's write to finish.
    static constexpr int kBusyTimeoutMs = 5000;

    /// Opens or creates the database at `path`. Never throws; see OpenResult.
    static OpenResult open(const QString& path, const OpenOptions& options = {});
    /// Creates the data folder if needed and opens `dataDir`/hearth.db.
    static OpenResult openInDataDir(const QString& dataDir, const OpenOptions& options = {});
    /// A private database in memory (tests, previews). Throws StorageError.
    static std::unique_ptr<Database> openInMemory();

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const { return db_; }
    /// The file, or an empty string for an in-memory database.
    QString path() const { return path_; }
    int schemaVersion() const;
    /// Row id of the last INSERT on this connection.
    qint64 lastInsertId() const;
    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    int changes() const;

    /// Current time in UTC milliseconds (replaceable for tests).
    qint64 now() const;
    void setClock(std::function<qint64()> clock);

    /// PRAGMA integrity_check: "ok", or the problems found.
    QString integrityCheck() const;
    /// Copies the WAL into the database file and truncates the WAL to zero bytes. Returns false
    /// when another connection's reader kept it from completing.
    bool checkpoint();

    /// A prepared statement for `sql` from this connection's cache (see Statement): prepared
    /// once, reused by every later call. A statement already in use is prepared anew.
    sqlite3_stmt* acquireStatement(const char* sql);
    /// Gives a statement from acquireStatement() back (reset, bindings cleared).
    void releaseStatement(sqlite3_stmt* stmt);

private:
    /// A cached prepared statement and whether a Statement holds it now.
    struct CachedStatement {
        sqlite3_stmt* stmt = nullptr;
        bool inUse = false;
    };

    Database(sqlite3* db, QString path);
    static OpenResult openFile(const QString& path, const OpenOptions& options);

    sqlite3* db_;
    QString path_;
    std::function<qint64()> clock_;
    std::unordered_map<std::string, CachedStatement> statements_;
};

/// A write transaction: BEGIN IMMEDIATE (or a savepoint when one is already open); rolled back
/// unless commit() is called. Every store method that writes runs inside one, so a failure
/// (disk full, crash) never leaves half of a change behind.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// Commits; throws StorageError (and rolls back) when that fails.
    void commit();

private:
    sqlite3* db_;
    bool nested_ = false;
    bool done_ = false;
};

} // namespace hearth::storage
