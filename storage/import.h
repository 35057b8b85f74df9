// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/archive.h"

#include <QList>
#include <QString>

namespace hearth::storage {

class Database;

/// What an import added.
struct ImportSummary {
    int conversations = 0;
    int messages = 0;
    QList<qint64> conversationIds; ///< the new conversations, in the order of the file
};

/// Adds conversations to the database, all in one transaction (all or nothing), as new
/// conversations with new ids: importing never changes or replaces what is there. Times,
/// branches, the active branch, states and statistics are kept as they were. Throws
/// StorageError.
ImportSummary importArchives(Database& db, const QList<ConversationArchive>& archives);

/// Reads a JSON export (storage/EXPORT_FORMAT.md) and imports it. Throws StorageError with a
/// message saying what is wrong with the file.
ImportSummary importJsonFile(Database& db, const QString& path);

} // namespace hearth::storage
