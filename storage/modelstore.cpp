// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/modelstore.h"

#include "storage/database.h"
#include "storage/rows.h"

namespace hearth::storage {
namespace {

constexpr const char* kColumns =
    "SELECT id, file_path, display_name, sha256, size_bytes, architecture, parameter_count, "
    "quantization, type_mix, context_length, source_url, catalog_id, added_at, last_used_at "
    "FROM models ";

ModelRecord readModel(const Statement& s) {
    ModelRecord m;
    int i = 0;
    m.id = s.int64(i++);
    m.filePath = s.text(i++);
    m.displayName = s.text(i++);
    m.sha256 = s.text(i++);
    m.sizeBytes = s.int64(i++);
    m.architecture = s.text(i++);
    m.parameterCount = s.int64(i++);
    m.quantization = s.text(i++);
    m.typeMix = rows::parseObject(s.text(i++));
    m.contextLength = s.int32(i++);
    m.sourceUrl = s.text(i++);
    m.catalogId = s.text(i++);
    m.addedAt = s.int64(i++);
    m.lastUsedAt = s.int64(i++);
    return m;
}

std::optional<ModelRecord> queryOne(Database& db, const QByteArray& where, const QString& arg) {
    Statement s(db, QByteArray(kColumns + where).constData());
    s.bind(1, arg);
    if (!s.step()) {
        return std::nullopt;
    }
    return readModel(s);
}

/// Binds ?2..?12 to the descriptive fields of `m`.
void bindFields(Statement& s, const ModelRecord& m) {
    s.bind(2, m.filePath)
        .bind(3, m.displayName)
        .bind(4, m.sha256.toLower())
        .bind(5, m.sizeBytes)
        .bind(6, m.architecture)
        .bind(7, m.parameterCount)
        .bind(8, m.quantization)
        .bind(9, rows::toText(m.typeMix))
        .bind(10, m.contextLength)
        .bind(11, m.sourceUrl)
        .bind(12, m.catalogId);
}

} // namespace

ModelRecord ModelStore::add(const ModelRecord& model) {
    Transaction tx(db_);
    Statement s(db_,
                "INSERT INTO models (file_path, display_name, sha256, size_bytes, architecture, "
                "parameter_count, quantization, type_mix, context_length, source_url, catalog_id, "
                "added_at, last_used_at) "
                "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                "ON CONFLICT (file_path) DO UPDATE SET display_name = excluded.display_name, "
                "sha256 = excluded.sha256, size_bytes = excluded.size_bytes, "
                "architecture = excluded.architecture, parameter_count = "
                "excluded.parameter_count, quantization = excluded.quantization, type_mix = "
                "excluded.type_mix, context_length = excluded.context_length, source_url = "
                "excluded.source_url, catalog_id = excluded.catalog_id RETURNING id");
    bindFields(s, model);
    s.bind(13, model.addedAt != 0 ? model.addedAt : db_.now()).bind(14, model.lastUsedAt);
    s.step();
    const qint64 id = s.int64(0);
    s.reset();
    tx.commit();
    return *get(id);
}

void ModelStore::update(const ModelRecord& model) {
    Transaction tx(db_);
    Statement s(
        db_, "UPDATE models SET file_path = ?2, display_name = ?3, sha256 = ?4, size_bytes = ?5, "
             "architecture = ?6, parameter_count = ?7, quantization = ?8, type_mix = ?9, "
             "context_length = ?10, source_url = ?11, catalog_id = ?12, last_used_at = ?13 "
             "WHERE id = ?1");
    s.bind(1, model.id);
    bindFields(s, model);
    s.bind(13, model.lastUsedAt);
    s.run();
    if (db_.changes() == 0) {
        throw StorageError(ErrorKind::NotFound,
                           QStringLiteral("There is no model with id %1.").arg(model.id));
    }
    tx.commit();
}

void ModelStore::markUsed(qint64 id) {
    Transaction tx(db_);
    Statement s(db_, "UPDATE models SET last_used_at = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, db_.now());
    s.run();
    tx.commit();
}

void ModelStore::remove(qint64 id) {
    Transaction tx(db_);
    Statement s(db_, "DELETE FROM models WHERE id = ?1");
    s.bind(1, id);
    s.run();
    tx.commit();
}

std::optional<ModelRecord> ModelStore::get(qint64 id) const {
    Statement s(db_, QByteArray(kColumns + QByteArray("WHERE id = ?1")).constData());
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readModel(s);
}

std::optional<ModelRecord> ModelStore::findByPath(const QString& filePath) const {
    return queryOne(db_, "WHERE file_path = ?1", filePath);
}

std::optional<ModelRecord> ModelStore::findBySha256(const QString& sha256) const {
    return queryOne(db_, "WHERE sha256 = lower(?1) AND sha256 != '' ORDER BY last_used_at DESC",
                    sha256);
}

QList<ModelRecord> ModelStore::list() const {
    Statement s(db_,
                QByteArray(kColumns + QByteArray("ORDER BY last_used_at DESC, added_at DESC, id "
                                                 "DESC"))
                    .constData());
    QList<ModelRecord> out;
    while (s.step()) {
        out.append(readModel(s));
    }
    return out;
}

} // namespace hearth::storage
