// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QList>

#include <optional>

namespace hearth::storage {

class Database;
class Statement;

/// The model manager's downloads, kept so that they resume after a pause, a restart or a lost
/// connection: where from, where to, how far, the HTTP validators for a Range request, the
/// expected checksum, and what state they are in.
class DownloadStore {
public:
    explicit DownloadStore(Database& db) : db_(db) {}

    /// Saves a new download (its id and times are set here) and returns it.
    DownloadRecord add(const DownloadRecord& download);
    /// Saves every field of an existing record (found by id).
    void update(const DownloadRecord& download);
    /// Cheap progress update, for a few times a second.
    void setProgress(qint64 id, qint64 bytesDone, qint64 bytesTotal);
    /// The server's validators, for resuming with If-Range.
    void setValidators(qint64 id, const QString& etag, const QString& lastModified);
    /// Changes the state (and the error, cleared unless given); Completed records the time.
    void setState(qint64 id, DownloadState state, const QString& error = {});
    void remove(qint64 id);

    std::optional<DownloadRecord> get(qint64 id) const;
    /// Newest first.
    QList<DownloadRecord> list() const;
    /// Those not Completed or Cancelled (to resume or show), oldest first.
    QList<DownloadRecord> unfinished() const;

private:
    void changeOne(Statement& s, qint64 id);
    Database& db_;
};

} // namespace hearth::storage
