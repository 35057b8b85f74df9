// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>
#include <QString>

#include <stdexcept>

namespace hearth::storage {

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

/// What kind of failure a StorageError is, so the app can react (offer to free space, to recover
/// a damaged database, to retry) without parsing the message.
enum class ErrorKind {
    DiskFull,    ///< no space left (or the database reached its size limit)
    ReadOnly,    ///< the file or its folder cannot be written
    Corrupt,     ///< the file is damaged or is not a Hearth database
    TooNew,      ///< made by a newer Hearth, whose schema this version does not know
    Busy,        ///< another connection held a lock for longer than the busy timeout
    NotFound,    ///< a conversation, message, model, download ... that does not exist
    InvalidData, ///< bad input: an unreadable import file, an invalid argument
    Io,          ///< any other failure reading or writing the disk
    Internal,    ///< an SQL error that indicates a programming mistake
};

/// The one exception type of the storage layer. what() is a sentence for the user ("The disk is
/// full, so the message could not be saved. Free some space and try again."); kind() tells the
/// caller what happened. Every write that throws has been rolled back: nothing is half-written.
class StorageError : public std::runtime_error {
public:
    StorageError(ErrorKind kind, const QString& message)
        : std::runtime_error(message.toStdString()), kind_(kind) {}

    ErrorKind kind() const { return kind_; }
    QString message() const { return QString::fromStdString(what()); }

private:
    ErrorKind kind_;
};

} // namespace hearth::storage
