// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/downloadstore.h"

#include "storage/database.h"
#include "storage/statement.h"

namespace hearth::storage {
namespace {

constexpr const char* kColumns =
    "SELECT id, url, destination, bytes_done, bytes_total, etag, last_modified, sha256_expected, "
    "catalog_id, state, error, created_at, updated_at, completed_at FROM downloads ";

DownloadRecord readDownload(const Statement& s) {
    DownloadRecord d;
    int i = 0;
    d.id = s.int64(i++);
    d.url = s.text(i++);
    d.destination = s.text(i++);
    d.bytesDone = s.int64(i++);
    d.bytesTotal = s.int64(i++);
    d.etag = s.text(i++);
    d.lastModified = s.text(i++);
    d.sha256Expected = s.text(i++);
    d.catalogId = s.text(i++);
    d.state = downloadStateFromName(s.text(i++)).value_or(DownloadState::Failed);
    d.error = s.text(i++);
    d.createdAt = s.int64(i++);
    d.updatedAt = s.int64(i++);
    d.completedAt = s.int64(i++);
    return d;
}

QList<DownloadRecord> readAll(Statement& s) {
    QList<DownloadRecord> out;
    while (s.step()) {
        out.append(readDownload(s));
    }
    return out;
}

} // namespace

void DownloadStore::changeOne(Statement& s, qint64 id) {
    Transaction tx(db_);
    s.run();
    if (db_.changes() == 0) {
        throw StorageError(ErrorKind::NotFound,
                           QStringLiteral("There is no download with id %1.").arg(id));
    }
    tx.commit();
}

DownloadRecord DownloadStore::add(const DownloadRecord& download) {
    const qint64 now = db_.now();
    Transaction tx(db_);
    Statement s(db_,
                "INSERT INTO downloads (url, destination, bytes_done, bytes_total, etag, "
                "last_modified, sha256_expected, catalog_id, state, error, created_at, "
                "updated_at, completed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                "?11, ?12)");
    s.bind(1, download.url)
        .bind(2, download.destination)
        .bind(3, download.bytesDone)
        .bind(4, download.bytesTotal)
        .bind(5, download.etag)
        .bind(6, download.lastModified)
        .bind(7, download.sha256Expected.toLower())
        .bind(8, download.catalogId)
        .bind(9, downloadStateName(download.state))
        .bind(10, download.error)
        .bind(11, now)
        .bind(12, download.completedAt);
    s.run();
    const qint64 id = db_.lastInsertId();
    tx.commit();
    return *get(id);
}

void DownloadStore::update(const DownloadRecord& d) {
    Statement s(db_,
                "UPDATE downloads SET url = ?2, destination = ?3, bytes_done = ?4, "
                "bytes_total = ?5, etag = ?6, last_modified = ?7, sha256_expected = ?8, "
                "catalog_id = ?9, state = ?10, error = ?11, updated_at = ?12, completed_at = ?13 "
                "WHERE id = ?1");
    s.bind(1, d.id)
        .bind(2, d.url)
        .bind(3, d.destination)
        .bind(4, d.bytesDone)
        .bind(5, d.bytesTotal)
        .bind(6, d.etag)
        .bind(7, d.lastModified)
        .bind(8, d.sha256Expected.toLower())
        .bind(9, d.catalogId)
        .bind(10, downloadStateName(d.state))
        .bind(11, d.error)
        .bind(12, db_.now())
        .bind(13, d.completedAt);
    changeOne(s, d.id);
}

void DownloadStore::setProgress(qint64 id, qint64 bytesDone, qint64 bytesTotal) {
    Statement s(db_, "UPDATE downloads SET bytes_done = ?2, bytes_total = ?3, "
                     "updated_at = ?4 WHERE id = ?1");
    s.bind(1, id).bind(2, bytesDone).bind(3, bytesTotal).bind(4, db_.now());
    changeOne(s, id);
}

void DownloadStore::setValidators(qint64 id, const QString& etag, const QString& lastModified) {
    Statement s(db_, "UPDATE downloads SET etag = ?2, last_modified = ?3, "
                     "updated_at = ?4 WHERE id = ?1");
    s.bind(1, id).bind(2, etag).bind(3, lastModified).bind(4, db_.now());
    changeOne(s, id);
}

void DownloadStore::setState(qint64 id, DownloadState state, const QString& error) {
    const qint64 now = db_.now();
    Statement s(db_, "UPDATE downloads SET state = ?2, error = ?3, updated_at = ?4, "
                     "completed_at = CASE WHEN ?2 = 'completed' THEN ?4 ELSE completed_at END "
                     "WHERE id = ?1");
    s.bind(1, id).bind(2, downloadStateName(state)).bind(3, error).bind(4, now);
    changeOne(s, id);
}

void DownloadStore::remove(qint64 id) {
    Transaction tx(db_);
    Statement s(db_, "DELETE FROM downloads WHERE id = ?1");
    s.bind(1, id);
    s.run();
    tx.commit();
}

std::optional<DownloadRecord> DownloadStore::get(qint64 id) const {
    Statement s(db_, QByteArray(kColumns + QByteArray("WHERE id = ?1")).constData());
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readDownload(s);
}

QList<DownloadRecord> DownloadStore::list() const {
    Statement s(db_,
                QByteArray(kColumns + QByteArray("ORDER BY created_at DESC, id DESC")).constData());
    return readAll(s);
}

QList<DownloadRecord> DownloadStore::unfinished() const {
    Statement s(db_,
                QByteArray(kColumns + QByteArray("WHERE state NOT IN ('completed', 'cancelled') "
                                                 "ORDER BY created_at, id"))
                    .constData());
    return readAll(s);
}

} // namespace hearth::storage
