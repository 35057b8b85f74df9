// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

namespace hearth::services {

class Catalog;
struct CatalogEntry;
struct CatalogFile;

/// What to download and how to check it.
struct DownloadRequest {
    QUrl url;
    QString fileName;        ///< name in the models folder (ends in .gguf)
    QString sha256;          ///< expected checksum, lower-case hex; empty: the server's is used
    qint64 expectedSize = 0; ///< approximate size for the disk check before starting; 0 = unknown
    QString catalogId;       ///< catalog file id, empty when not from the catalog
    QString displayName;     ///< shown while downloading and given to the installed model
};

/// The request for a catalog file.
DownloadRequest requestForCatalogFile(const CatalogEntry& entry, const CatalogFile& file);

/// The request for a file of a Hugging Face repository ("owner/name", "file.gguf").
DownloadRequest requestForHuggingFace(const QString& repo, const QString& file,
                                      const QString& revision = QStringLiteral("main"));

/// Turns what a user typed into a request: a catalog id (a file id such as
/// "qwen2.5-1.5b-instruct-q8_0", or a model id for its default file), an http(s) address of a
/// .gguf file (a Hugging Face "blob" page address is turned into its download address), or a
/// Hugging Face "owner/repo/file.gguf". An address of a catalog file keeps its checksum.
/// Throws hearth::Error with a hint when it is none of these.
DownloadRequest resolveModelSource(const QString& text, const Catalog& catalog);

} // namespace hearth::services
