// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QList>

#include <optional>

namespace hearth::storage {

class Database;

/// The model library: one record per GGUF file Hearth knows (downloaded or imported). Only the
/// record lives here; the file itself is the model manager's. A file path is registered once.
class ModelStore {
public:
    explicit ModelStore(Database& db) : db_(db) {}

    /// Registers a model file; when the path is already registered, that record is updated
    /// instead (its id and addedAt are kept). Returns the saved record.
    ModelRecord add(const ModelRecord& model);
    /// Saves every field of an existing record (found by id).
    void update(const ModelRecord& model);
    /// Records that the model was loaded now.
    void markUsed(qint64 id);
    void remove(qint64 id);

    std::optional<ModelRecord> get(qint64 id) const;
    std::optional<ModelRecord> findByPath(const QString& filePath) const;
    /// The most recently used record of the file with this SHA-256 (case-insensitive).
    std::optional<ModelRecord> findBySha256(const QString& sha256) const;
    /// Most recently used first, then most recently added.
    QList<ModelRecord> list() const;

private:
    Database& db_;
};

} // namespace hearth::storage
