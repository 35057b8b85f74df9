// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/archive.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace hearth::storage {

class Database;

/// The formats a conversation can be exported to.
enum class ExportFormat {
    Markdown,  ///< readable, with the answers' own Markdown
    Json,      ///< complete and re-importable (storage/EXPORT_FORMAT.md)
    Html,      ///< one standalone page: inline style, no scripts, nothing loaded from elsewhere
    PlainText, ///< just the text
};

/// What to export and how.
struct ExportOptions {
    ExportFormat format = ExportFormat::Markdown;
    qint64 conversationId = 0;        ///< 0 = every conversation
    bool includeSystemPrompts = true; ///< the system prompt and system messages
    bool includeAllVersions = false;  ///< older versions of edited and regenerated messages
    /// Hears the share done, 0 to 1 (conversations read; the file is written at 1). Called on
    /// the exporting thread.
    std::function<void(double)> progress;

    /// The usual choices for a format: JSON keeps every version (it is the backup format), the
    /// others show the active branch.
    static ExportOptions defaultsFor(ExportFormat format);
};

/// "md"/"markdown", "json", "html", "txt"/"text" (case-insensitive).
std::optional<ExportFormat> exportFormatFromName(const QString& name);
/// The usual file name extension without the dot ("md", "json", "html", "txt").
QString exportFormatExtension(ExportFormat format);

/// Renders conversations in a format. `exportedAt` is written into JSON and shown by the others.
QByteArray renderExport(const QList<ConversationArchive>& archives, const ExportOptions& options,
                        qint64 exportedAt);

/// What exportToFile wrote.
struct ExportSummary {
    int conversations = 0;
    int messages = 0;
    qint64 bytes = 0;
};

/// Exports to `path` atomically: the file is written under a temporary name and renamed over
/// `path` only when complete, so a crash or a full disk never leaves half a file. Throws
/// StorageError (NotFound for an unknown conversation, DiskFull, Io ...).
ExportSummary exportToFile(Database& db, const QString& path, const ExportOptions& options);

/// Writes `data` to `path` atomically (temporary file + rename). Throws StorageError.
void writeFileAtomically(const QString& path, const QByteArray& data);

} // namespace hearth::storage
