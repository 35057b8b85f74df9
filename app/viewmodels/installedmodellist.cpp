// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/installedmodellist.h"

#include "app/services/modellibrary.h"
#include "app/services/units.h"
#include "app/viewmodels/fittext.h"
#include "app/viewmodels/modelmanager.h"

#include <QDateTime>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QUrl>
#include <QtConcurrent>

namespace hearth::app {
namespace {

using storage::ModelRecord;

QDateTime timeOf(qint64 msecs) {
    return msecs > 0 ? QDateTime::fromMSecsSinceEpoch(msecs) : QDateTime();
}

QString typeMixFromRecord(const ModelRecord& m) {
    QStringList parts;
    for (auto it = m.typeMix.begin(); it != m.typeMix.end(); ++it) {
        parts.append(QStringLiteral("%1 \u00d7%2").arg(it.key()).arg(it.value().toInteger()));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

InstalledModelList::InstalledModelList(ModelManager& manager, QObject* parent)
    : QAbstractListModel(parent), manager_(manager) {
    if (manager_.library() != nullptr) {
        rows_ = manager_.library()->list();
        readDetails();
    }
}

InstalledModelList::~InstalledModelList() = default;

int InstalledModelList::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> InstalledModelList::roleNames() const {
    return {
        {ModelIdRole, "modelId"},
        {NameRole, "name"},
        {FilePathRole, "filePath"},
        {FileUrlRole, "fileUrl"},
        {FolderUrlRole, "folderUrl"},
        {SizeBytesRole, "sizeBytes"},
        {SizeTextRole, "sizeText"},
        {ArchitectureRole, "architecture"},
        {ParameterCountRole, "parameterCount"},
        {ParametersTextRole, "parametersText"},
        {QuantizationRole, "quantization"},
        {TypeMixRole, "typeMix"},
        {ContextLengthRole, "contextLength"},
        {HasChatTemplateRole, "hasChatTemplate"},
        {ChatTemplateRole, "chatTemplate"},
        {DetailsKnownRole, "detailsKnown"},
        {ProblemRole, "problem"},
        {SourceUrlRole, "sourceUrl"},
        {CatalogIdRole, "catalogId"},
        {Sha256Role, "sha256"},
        {AddedAtRole, "addedAt"},
        {LastUsedAtRole, "lastUsedAt"},
        {LinkedRole, "linked"},
        {SpaceFreedRole, "spaceFreed"},
        {SpaceFreedTextRole, "spaceFreedText"},
        {FitRole, "fit"},
        {FitTextRole, "fitText"},
        {NeedBytesRole, "needBytes"},
    };
}

std::optional<services::ModelSummary> InstalledModelList::summary(qint64 modelId) const {
    const int row = indexOf(modelId);
    if (row < 0) {
        return std::nullopt;
    }
    const auto it = details_.constFind(rows_[row].filePath);
    return it == details_.constEnd() ? std::nullopt : it->summary;
}

std::optional<services::FitEstimate> InstalledModelList::fit(qint64 modelId) const {
    const auto s = summary(modelId);
    if (!s) {
        return std::nullopt;
    }
    const MemoryEstimate need =
        estimateMemory(s->config, static_cast<uint64_t>(s->weightBytes),
                       services::effectiveContext(manager_.contextLength(), s->contextLength));
    return services::judgeFit(need, manager_.budget());
}

QVariant InstalledModelList::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const ModelRecord& m = rows_[index.row()];
    const auto details = details_.constFind(m.filePath);
    const bool known = details != details_.constEnd();
    const services::ModelSummary* s = known && details->summary ? &*details->summary : nullptr;
    switch (role) {
    case ModelIdRole:
        return m.id;
    case Qt::DisplayRole:
    case NameRole:
        return m.displayName;
    case FilePathRole:
        return m.filePath;
    case FileUrlRole:
        return QUrl::fromLocalFile(m.filePath);
    case FolderUrlRole:
        return QUrl::fromLocalFile(QFileInfo(m.filePath).absolutePath());
    case SizeBytesRole:
        return m.sizeBytes;
    case SizeTextRole:
        return services::formatBytes(m.sizeBytes);
    case ArchitectureRole:
        return m.architecture;
    case ParameterCountRole:
        return m.parameterCount;
    case ParametersTextRole:
        return services::formatParameterCount(m.parameterCount);
    case QuantizationRole:
        return m.quantization;
    case TypeMixRole:
        return s != nullptr ? s->typeMixText : typeMixFromRecord(m);
    case ContextLengthRole:
        return m.contextLength;
    case HasChatTemplateRole:
        return s != nullptr && s->hasChatTemplate;
    case ChatTemplateRole:
        return s != nullptr ? s->chatTemplate : QString();
    case DetailsKnownRole:
        return known;
    case ProblemRole:
        return known ? details->problem : QString();
    case SourceUrlRole:
        return m.sourceUrl;
    case CatalogIdRole:
        return m.catalogId;
    case Sha256Role:
        return m.sha256;
    case AddedAtRole:
        return timeOf(m.addedAt);
    case LastUsedAtRole:
        return timeOf(m.lastUsedAt);
    case LinkedRole:
        return services::isLinkedFile(m.filePath);
    case SpaceFreedRole:
        return manager_.library()->spaceFreedByRemoving(m.id);
    case SpaceFreedTextRole:
        return services::formatBytes(manager_.library()->spaceFreedByRemoving(m.id));
    case FitRole:
    case FitTextRole:
    case NeedBytesRole: {
        const auto f = fit(m.id);
        if (!f) {
            return role == NeedBytesRole ? QVariant(qint64(0)) : QVariant(QString());
        }
        if (role == FitRole) {
            return fitVerdictKey(f->verdict);
        }
        return role == FitTextRole ? QVariant(fitBadgeText(*f))
                                   : QVariant(static_cast<qint64>(f->need.total()));
    }
    default:
        return {};
    }
}

qint64 InstalledModelList::totalBytes() const {
    qint64 total = 0;
    for (const ModelRecord& m : rows_) {
        total += m.sizeBytes;
    }
    return total;
}

int InstalledModelList::indexOf(qint64 modelId) const {
    for (int i = 0; i < count(); ++i) {
        if (rows_[i].id == modelId) {
            return i;
        }
    }
    return -1;
}

void InstalledModelList::refresh() {
    if (manager_.library() == nullptr) {
        return;
    }
    const QList<ModelRecord> fresh = manager_.library()->list();
    QList<qint64> oldIds;
    QList<qint64> newIds;
    for (const ModelRecord& m : rows_) {
        oldIds.append(m.id);
    }
    for (const ModelRecord& m : fresh) {
        newIds.append(m.id);
    }
    // Removals first, then insertions, when that reproduces the new order; else a reset.
    QList<qint64> kept;
    for (const qint64 id : oldIds) {
        if (newIds.contains(id)) {
            kept.append(id);
        }
    }
    QList<qint64> keptInNew;
    for (const qint64 id : newIds) {
        if (oldIds.contains(id)) {
            keptInNew.append(id);
        }
    }
    if (kept != keptInNew) {
        beginResetModel();
        rows_ = fresh;
        endResetModel();
    } else {
        for (int i = count() - 1; i >= 0; --i) {
            if (!newIds.contains(rows_[i].id)) {
                beginRemoveRows({}, i, i);
                rows_.removeAt(i);
                endRemoveRows();
            }
        }
        for (int i = 0; i < fresh.size(); ++i) {
            if (i >= count() || rows_[i].id != fresh[i].id) {
                beginInsertRows({}, i, i);
                rows_.insert(i, fresh[i]);
                endInsertRows();
            } else {
                rows_[i] = fresh[i];
            }
        }
        if (count() > 0) {
            emit dataChanged(index(0), index(count() - 1));
        }
    }
    emit countChanged();
    readDetails();
}

qint64 InstalledModelList::remove(qint64 modelId) {
    if (manager_.library() == nullptr) {
        return -1;
    }
    try {
        const qint64 freed = manager_.library()->remove(modelId);
        refresh();
        emit manager_.modelRemoved(modelId);
        manager_.refreshDiskSpace();
        return freed;
    } catch (const std::exception& e) {
        manager_.reportError(QString::fromUtf8(e.what()));
        return -1;
    }
}

void InstalledModelList::fitsChanged() {
    if (count() > 0) {
        emit dataChanged(index(0), index(count() - 1), {FitRole, FitTextRole, NeedBytesRole});
    }
}

void InstalledModelList::readDetails() {
    if (reading_) {
        readAgain_ = true;
        return;
    }
    QStringList paths;
    for (const ModelRecord& m : rows_) {
        if (!details_.contains(m.filePath)) {
            paths.append(m.filePath);
        }
    }
    if (paths.isEmpty()) {
        emit detailsReady();
        return;
    }
    reading_ = true;
    using Result = QList<QPair<QString, Details>>;
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher] {
        const Result results = watcher->result();
        watcher->deleteLater();
        for (const auto& [path, details] : results) {
            details_.insert(path, details);
        }
        reading_ = false;
        if (count() > 0) {
            emit dataChanged(index(0), index(count() - 1));
        }
        if (readAgain_) {
            readAgain_ = false;
            readDetails();
        } else {
            emit detailsReady();
        }
    });
    watcher->setFuture(QtConcurrent::run([paths] {
        Result out;
        for (const QString& path : paths) {
            Details d;
            try {
                d.summary = services::inspectModelFile(path);
            } catch (const std::exception& e) {
                d.problem = QString::fromUtf8(e.what());
            }
            out.append({path, d});
        }
        return out;
    }));
}

} // namespace hearth::app
