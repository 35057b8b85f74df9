// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/modelfile.h"
#include "storage/types.h"

#include <QList>
#include <QString>

#include <optional>

namespace hearth::storage {
class Database;
}

namespace hearth::services {

/// Where a model came from, for its registry row.
struct ModelOrigin {
    QString displayName; ///< empty: the model's general.name
    QString sourceUrl;   ///< download address; empty for an import
    QString catalogId;   ///< catalog file id; empty when not from the catalog
    QString sha256;      ///< known checksum (lower-case hex); empty: computed here
};

/// The registry of installed models: GGUF files in the data folder's models folder, one row
/// each in the database (storage::ModelStore). Files enter only after the engine's reader
/// accepted them (inspectModelFile); deleting removes the file and its row. Used on one thread
/// (the database's); file copies for imports run elsewhere through placeModelFile().
class ModelLibrary {
public:
    ModelLibrary(storage::Database& db, QString modelsDir);

    const QString& modelsDir() const { return modelsDir_; }

    /// Most recently used first, then most recently added.
    QList<storage::ModelRecord> list() const;
    std::optional<storage::ModelRecord> get(qint64 id) const;
    /// The installed model with this catalog file id or download address whose file exists.
    std::optional<storage::ModelRecord> findInstalled(const QString& catalogId,
                                                      const QString& sourceUrl) const;

    /// Registers a GGUF that is already in its final place. Validates it (throws hearth::Error
    /// for a file Hearth cannot run) and computes its SHA-256 when `origin` has none.
    storage::ModelRecord registerFile(const QString& path, const ModelOrigin& origin = {});
    /// Registers a file placed by placeModelFile() and inspected by inspectModelFile().
    storage::ModelRecord registerPlaced(const ModelSummary& summary, const PlacedFile& placed,
                                        const ModelOrigin& origin = {});
    /// Imports a local GGUF: validates it, copies or links it into the models folder and
    /// registers it, all on the calling thread. Refuses a model that is already installed.
    storage::ModelRecord importFile(const QString& source, ImportMode mode,
                                    const ProgressFn& progress = {});

    /// Bytes deleting the model would free (0 for a link or a file outside the models folder).
    qint64 spaceFreedByRemoving(qint64 id) const;
    /// Deletes the model's file (only when it is inside the models folder; a link loses only
    /// the link) and its row. Returns the bytes freed. Throws hearth::Error when the file
    /// cannot be deleted (the row then stays).
    qint64 remove(qint64 id);

    /// Throws hearth::Error when a model with this checksum is already installed.
    void refuseDuplicate(const QString& sha256) const;

private:
    bool insideModelsDir(const QString& path) const;

    storage::Database& db_;
    QString modelsDir_;
};

} // namespace hearth::services
