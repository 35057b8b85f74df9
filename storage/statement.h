// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/error.h"

#include <QByteArray>
#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace hearth::storage {

class Database;

/// Maps an SQLite result code to the kind of StorageError it becomes.
ErrorKind errorKindOf(int sqliteCode);

/// Throws the StorageError for a failed SQLite call on `db`: a message for the user that says
/// what went wrong (disk full, read-only, damaged ...), with SQLite's own words for the rest.
[[noreturn]] void throwSqlite(sqlite3* db, int sqliteCode);

/// An owned prepared statement (RAII over sqlite3_stmt). Parameters are numbered from 1 as in
/// SQL ("?1"), result columns from 0. Every failure throws StorageError.
///
///     Statement s(db, "SELECT title FROM conversations WHERE id = ?1");
///     s.bind(1, id);
///     if (s.step()) title = s.text(0);
class Statement {
public:
    /// A statement of the connection's cache (Database::acquireStatement): for the stores.
    Statement(Database& db, const char* sql);
    /// A statement of its own, finalized at the end (for connections without a Database).
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, qint64 value);
    Statement& bind(int index, int value) { return bind(index, static_cast<qint64>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<qint64>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const QString& value);
    Statement& bind(int index, const char* utf8);
    Statement& bindBlob(int index, const QByteArray& value);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    /// Runs one step: true when a row is ready, false when the statement is done.
    bool step();
    /// Runs the statement to completion (for INSERT/UPDATE/DELETE and pragmas).
    void run();
    /// Makes the statement ready to run again; bindings are kept.
    void reset();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    int int32(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    std::optional<qint64> optInt64(int column) const;
    std::optional<double> optReal(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    Database* owner_ = nullptr;
};

/// Runs one or more SQL statements that return no rows; throws StorageError on failure.
void execSql(sqlite3* db, const char* sql);

/// The single integer of a query like "PRAGMA user_version" or "SELECT count(*) ...".
qint64 queryInt(sqlite3* db, const char* sql);

/// The single text value of a query like "PRAGMA journal_mode".
QString queryText(sqlite3* db, const char* sql);

} // namespace hearth::storage
