// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <functional>

namespace hearth::storage {

class Database;

/// A conversation with every message of every branch: what export writes, import reads and
/// salvage recovers. Messages are ordered parents first.
struct ConversationArchive {
    Conversation conversation;
    QList<Message> messages;
};

/// The JSON export format's name and version (storage/EXPORT_FORMAT.md).
inline constexpr const char* kExportFormatName = "hearth-chat-export";
inline constexpr int kExportFormatVersion = 1;

/// Loads one conversation (`conversationId`), or all of them (0), oldest first; `progress`
/// hears how many conversations are loaded out of how many.
QList<ConversationArchive>
loadArchive(Database& db, qint64 conversationId = 0,
            const std::function<void(int done, int total)>& progress = {});

/// The messages of the active branch, first to last.
QList<Message> activeBranch(const ConversationArchive& archive);

/// Keeps only the active branch of each conversation (for exports without older versions).
QList<ConversationArchive> onlyActiveBranches(const QList<ConversationArchive>& archives);
/// Removes system prompts and system messages (their children move up to their parent).
QList<ConversationArchive> withoutSystemPrompts(const QList<ConversationArchive>& archives);

/// The JSON export document (format in storage/EXPORT_FORMAT.md).
QJsonObject archiveToJson(const QList<ConversationArchive>& archives, qint64 exportedAt);
/// Reads and checks a JSON export document. Throws StorageError (InvalidData, or TooNew for a
/// later format version) with a message that says what is wrong and where.
QList<ConversationArchive> archiveFromJson(const QByteArray& json);

/// A UTC time as ISO 8601 with milliseconds ("2024-05-01T12:00:00.000Z"); 0 gives "".
QString isoTime(qint64 msecs);

} // namespace hearth::storage
