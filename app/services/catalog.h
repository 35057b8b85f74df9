// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <cstdint>

namespace hearth::services {

/// The shape of a catalog model: enough of its hyperparameters to estimate its memory before it
/// is downloaded (the numbers its GGUF header will hold).
struct CatalogShape {
    uint32_t layers = 0;      ///< transformer blocks
    uint32_t embedding = 0;   ///< width of the residual stream
    uint32_t feedForward = 0; ///< hidden width of the feed-forward network
    uint32_t heads = 0;       ///< query heads
    uint32_t kvHeads = 0;     ///< key/value heads
    uint32_t headDim = 0;     ///< width of one head
    uint32_t vocab = 0;       ///< vocabulary size
};

/// One downloadable file of a catalog model (one quantization).
struct CatalogFile {
    QString id; ///< "<model id>-<quantization in lower case>", e.g. "gemma-2-2b-it-q4_k_m"
    QString quantization; ///< "Q4_K_M", "Q8_0", "Q4_0"
    QString fileName;     ///< name of the file in the repository and in the models folder
    QString repo;         ///< Hugging Face repository ("owner/name")
    QString revision;     ///< branch or commit the URL points at
    QUrl url;             ///< https://huggingface.co/<repo>/resolve/<revision>/<file>
    qint64 sizeBytes = 0; ///< approximate size, for display and the disk check before starting
    QString sha256;       ///< lower-case hex; empty when not known (the server's is used)
    bool isDefault = false;
};

/// One model of the catalog, with its files.
struct CatalogEntry {
    QString id;           ///< stable id, e.g. "qwen2.5-1.5b-instruct"
    QString name;         ///< "Qwen2.5 1.5B Instruct"
    QString family;       ///< "Qwen2.5", "Llama 3.2" ... (the family filter)
    QString architecture; ///< general.architecture of its files: llama, qwen2, phi3, gemma2
    qint64 parameters = 0;
    int contextLength = 0; ///< the context it was trained for
    QString license;
    QString licenseUrl;
    QString description;      ///< one line
    QStringList languages;    ///< ISO 639-1 codes it was trained to speak
    bool recommended = false; ///< may be suggested on the welcome page
    CatalogShape shape;
    QList<CatalogFile> files;

    /// The file offered first (marked "default", else the first).
    const CatalogFile& defaultFile() const;
    bool speaks(const QString& language) const { return languages.contains(language); }
};

/// A file of the catalog together with its model.
struct CatalogMatch {
    const CatalogEntry* entry = nullptr;
    const CatalogFile* file = nullptr;
};

/// The curated list of models Hearth offers for download (resources/catalog.json, described in
/// resources/CATALOG.md), compiled into the binaries.
class Catalog {
public:
    /// Parses catalog JSON. Throws hearth::Error naming the entry and field at fault.
    static Catalog fromJson(const QByteArray& json);
    /// The catalog compiled into Hearth (qrc:/Hearth/Resources/catalog.json).
    static const Catalog& builtIn();

    const QList<CatalogEntry>& entries() const { return entries_; }
    const CatalogEntry* entry(const QString& id) const;
    /// A file by its id, or a model by its id (its default file). Empty when unknown.
    CatalogMatch find(const QString& id) const;
    /// The catalog file at this download URL (so a pasted catalog URL still gets its checksum).
    CatalogMatch findByUrl(const QUrl& url) const;
    /// The family names, in catalog order, each once.
    QStringList families() const;

private:
    QList<CatalogEntry> entries_;
};

/// https://huggingface.co/<repo>/resolve/<revision>/<file>
QUrl huggingFaceUrl(const QString& repo, const QString& revision, const QString& file);

} // namespace hearth::services
