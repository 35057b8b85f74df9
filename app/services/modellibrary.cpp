// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/modellibrary.h"

#include "engine/core/error.h"
#include "storage/modelstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hearth::services {
namespace {

std::string text(const QString& s) {
    return s.toStdString();
}

} // namespace

ModelLibrary::ModelLibrary(storage::Database& db, QString modelsDir)
    : db_(db), modelsDir_(QDir::cleanPath(std::move(modelsDir))) {}

QList<storage::ModelRecord> ModelLibrary::list() const {
    return storage::ModelStore(db_).list();
}

std::optional<storage::ModelRecord> ModelLibrary::get(qint64 id) const {
    return storage::ModelStore(db_).get(id);
}

std::optional<storage::ModelRecord> ModelLibrary::findInstalled(const QString& catalogId,
                                                                const QString& sourceUrl) const {
    for (const storage::ModelRecord& m : list()) {
        const bool same = (!catalogId.isEmpty() && m.catalogId == catalogId) ||
                          (!sourceUrl.isEmpty() && m.sourceUrl == sourceUrl);
        if (same && QFileInfo::exists(m.filePath)) {
            return m;
        }
    }
    return std::nullopt;
}

void ModelLibrary::refuseDuplicate(const QString& sha256) const {
    const auto existing = storage::ModelStore(db_).findBySha256(sha256);
    if (existing && QFileInfo::exists(existing->filePath)) {
        throw Error(text(QStringLiteral("this model is already installed as \"%1\" (model %2)")
                             .arg(existing->displayName)
                             .arg(existing->id)));
    }
}

storage::ModelRecord ModelLibrary::registerFile(const QString& path, const ModelOrigin& origin) {
    const ModelSummary summary = inspectModelFile(path);
    PlacedFile placed;
    placed.path = summary.path;
    placed.placement = Placement::InPlace;
    placed.sha256 = origin.sha256.isEmpty() ? sha256OfFile(summary.path) : origin.sha256;
    return registerPlaced(summary, placed, origin);
}

storage::ModelRecord ModelLibrary::registerPlaced(const ModelSummary& summary,
                                                  const PlacedFile& placed,
                                                  const ModelOrigin& origin) {
    storage::ModelRecord r;
    r.filePath = QFileInfo(placed.path).absoluteFilePath();
    r.displayName = origin.displayName.isEmpty() ? summary.name : origin.displayName;
    r.sha256 = placed.sha256.toLower();
    r.sizeBytes = summary.fileSize;
    r.architecture = summary.architecture;
    r.parameterCount = summary.parameters;
    r.quantization = summary.quantization;
    r.typeMix = summary.typeMix;
    r.contextLength = summary.contextLength;
    r.sourceUrl = origin.sourceUrl;
    r.catalogId = origin.catalogId;
    return storage::ModelStore(db_).add(r);
}

storage::ModelRecord ModelLibrary::importFile(const QString& source, ImportMode mode,
                                              const ProgressFn& progress) {
    const ModelSummary summary = inspectModelFile(source);
    const PlacedFile placed = placeModelFile(source, modelsDir_, mode, progress);
    try {
        if (placed.placement != Placement::InPlace) {
            refuseDuplicate(placed.sha256);
        }
        return registerPlaced(summary, placed);
    } catch (...) {
        if (placed.placement != Placement::InPlace) {
            QFile::remove(placed.path);
        }
        throw;
    }
}

bool ModelLibrary::insideModelsDir(const QString& path) const {
    const QString dir = QFileInfo(QFileInfo(path).absolutePath()).canonicalFilePath();
    return !dir.isEmpty() && dir == QFileInfo(modelsDir_).canonicalFilePath();
}

qint64 ModelLibrary::spaceFreedByRemoving(qint64 id) const {
    const auto m = get(id);
    if (!m || !insideModelsDir(m->filePath) || isLinkedFile(m->filePath)) {
        return 0;
    }
    return QFileInfo(m->filePath).size();
}

qint64 ModelLibrary::remove(qint64 id) {
    const auto m = get(id);
    if (!m) {
        throw Error(text(QStringLiteral("there is no installed model %1").arg(id)));
    }
    const qint64 freed = spaceFreedByRemoving(id);
    const QFileInfo fi(m->filePath);
    if (insideModelsDir(m->filePath) && (fi.exists() || fi.isSymLink())) {
        QFile file(m->filePath);
        if (!file.remove()) {
            throw Error(
                text(QStringLiteral("cannot delete %1: %2").arg(m->filePath, file.errorString())));
        }
    }
    storage::ModelStore(db_).remove(id);
    return freed;
}

} // namespace hearth::services
