// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/statement.h"

#include "storage/database.h"

#include <sqlite3.h>

#include <utility>

namespace hearth::storage {

Q_LOGGING_CATEGORY(lcStorage, "hearth.storage", QtWarningMsg)

ErrorKind errorKindOf(int sqliteCode) {
    // Extended result codes carry the primary code in their low byte.
    constexpr int kPrimaryCodeMask = 0xff;
    switch (sqliteCode & kPrimaryCodeMask) {
    case SQLITE_FULL:
        return ErrorKind::DiskFull;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        return ErrorKind::ReadOnly;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ErrorKind::Corrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ErrorKind::Busy;
    case SQLITE_IOERR:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
        return ErrorKind::Io;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
        return ErrorKind::InvalidData;
    default:
        return ErrorKind::Internal;
    }
}

void throwSqlite(sqlite3* db, int sqliteCode) {
    const QString detail =
        db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(sqliteCode));
    const ErrorKind kind = errorKindOf(sqliteCode);
    QString message;
    switch (kind) {
    case ErrorKind::DiskFull:
        message = QStringLiteral("The disk is full, so Hearth could not save its changes. Free "
                                 "some space and try again.");
        break;
    case ErrorKind::ReadOnly:
        message = QStringLiteral("The chat database cannot be written (%1). Check that the data "
                                 "folder is writable.")
                      .arg(detail);
        break;
    case ErrorKind::Corrupt:
        message = QStringLiteral("The chat database is damaged (%1).").arg(detail);
        break;
    case ErrorKind::Busy:
        message = QStringLiteral("The chat database is busy: another program is writing to it. "
                                 "Try again in a moment.");
        break;
    case ErrorKind::Io:
        message = QStringLiteral("Reading or writing the chat database failed (%1).").arg(detail);
        break;
    default:
        message = QStringLiteral("Database error: %1").arg(detail);
        break;
    }
    qCDebug(lcStorage) << "sqlite error" << sqliteCode << detail;
    throw StorageError(kind, message);
}

Statement::Statement(sqlite3* db, const char* sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        throwSqlite(db_, rc);
    }
}

Statement::Statement(Database& db, const char* sql)
    : db_(db.handle()), stmt_(db.acquireStatement(sql)), owner_(&db) {}

Statement::~Statement() {
    if (owner_ && stmt_) {
        owner_->releaseStatement(stmt_);
    } else {
        sqlite3_finalize(stmt_);
    }
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), owner_(other.owner_) {}

Statement& Statement::bind(int index, qint64 value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) {
        throwSqlite(db_, rc);
    }
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) {
        throwSqlite(db_, rc);
    }
    return *this;
}

Statement& Statement::bind(int index, const QString& value) {
    const QByteArray utf8 = value.toUtf8();
    const int rc = sqlite3_bind_text64(stmt_, index, utf8.constData(),
                                       static_cast<sqlite3_uint64>(utf8.size()), SQLITE_TRANSIENT,
                                       SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        throwSqlite(db_, rc);
    }
    return *this;
}

Statement& Statement::bind(int index, const char* utf8) {
    const int rc = sqlite3_bind_text(stmt_, index, utf8, -1, SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) {
        throwSqlite(db_, rc);
    }
    return *this;
}

Statement& Statement::bindBlob(int index, const QByteArray& value) {
    const int rc = sqlite3_bind_blob64(stmt_, index, value.constData(),
                                       static_cast<sqlite3_uint64>(value.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) {
        throwSqlite(db_, rc);
    }
    return *this;
}

Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) {
        throwSqlite(db_, rc);
    }
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    sqlite3_reset(stmt_);
    throwSqlite(db_, rc);
}

void Statement::run() {
    while (step()) {
    }
    sqlite3_reset(stmt_);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

qint64 Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

QString Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data ? QString::fromUtf8(data, size) : QString();
}

QByteArray Statement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data ? QByteArray(data, size) : QByteArray();
}

std::optional<qint64> Statement::optInt64(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return int64(column);
}

std::optional<double> Statement::optReal(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return real(column);
}

void execSql(sqlite3* db, const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    sqlite3_free(error);
    if (rc != SQLITE_OK) {
        throwSqlite(db, rc);
    }
}

qint64 queryInt(sqlite3* db, const char* sql) {
    Statement s(db, sql);
    return s.step() ? s.int64(0) : 0;
}

QString queryText(sqlite3* db, const char* sql) {
    Statement s(db, sql);
    return s.step() ? s.text(0) : QString();
}

} // namespace hearth::storage
