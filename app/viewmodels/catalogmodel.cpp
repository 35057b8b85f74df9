// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/catalogmodel.h"

#include "app/services/modellibrary.h"
#include "app/services/units.h"
#include "app/viewmodels/fittext.h"
#include "app/viewmodels/modelmanager.h"

#include <QUrl>

#include <algorithm>

namespace hearth::app {
namespace {

using services::CatalogEntry;
using services::CatalogFile;
using services::FitVerdict;

constexpr double kBillion = 1e9;

int verdictRank(FitVerdict v) {
    switch (v) {
    case FitVerdict::Fits:
        return 0;
    case FitVerdict::Tight:
        return 1;
    case FitVerdict::TooBig:
        break;
    }
    return 2;
}

} // namespace

CatalogModel::CatalogModel(ModelManager& manager, QObject* parent)
    : QAbstractListModel(parent), manager_(manager) {
    loadStatus();
    rows_ = computeRows();
}

int CatalogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> CatalogModel::roleNames() const {
    return {
        {CatalogIdRole, "catalogId"},
        {NameRole, "name"},
        {FamilyRole, "family"},
        {DescriptionRole, "description"},
        {ArchitectureRole, "architecture"},
        {ParameterCountRole, "parameterCount"},
        {ParametersTextRole, "parametersText"},
        {ContextLengthRole, "contextLength"},
        {LicenseRole, "license"},
        {LicenseUrlRole, "licenseUrl"},
        {LanguagesRole, "languages"},
        {KoreanRole, "korean"},
        {RepoRole, "repo"},
        {RecommendedRole, "recommended"},
        {VariantsRole, "variants"},
        {DefaultFileIdRole, "defaultFileId"},
        {QuantizationRole, "quantization"},
        {SizeBytesRole, "sizeBytes"},
        {SizeTextRole, "sizeText"},
        {FitRole, "fit"},
        {FitTextRole, "fitText"},
        {NeedBytesRole, "needBytes"},
        {InstalledRole, "installed"},
        {InstalledModelIdRole, "installedModelId"},
        {DownloadIdRole, "downloadId"},
        {DownloadStateRole, "downloadState"},
    };
}

services::FitEstimate CatalogModel::fitOf(const CatalogEntry& entry,
                                          const CatalogFile& file) const {
    return services::judgeFit(services::estimateCatalogFile(entry, file, manager_.contextLength()),
                              manager_.budget());
}

QVariantList CatalogModel::variants(const CatalogEntry& entry) const {
    QVariantList out;
    for (const CatalogFile& f : entry.files) {
        const services::FitEstimate fit = fitOf(entry, f);
        QVariantMap v;
        v.insert(QStringLiteral("fileId"), f.id);
        v.insert(QStringLiteral("quantization"), f.quantization);
        v.insert(QStringLiteral("sizeBytes"), f.sizeBytes);
        v.insert(QStringLiteral("sizeText"), services::formatBytes(f.sizeBytes));
        v.insert(QStringLiteral("fit"), fitVerdictKey(fit.verdict));
        v.insert(QStringLiteral("fitText"), fitBadgeText(fit));
        v.insert(QStringLiteral("needBytes"), static_cast<qint64>(fit.need.total()));
        v.insert(QStringLiteral("installed"), installed_.contains(f.id));
        v.insert(QStringLiteral("downloadId"), pending_.value(f.id).id);
        out.append(v);
    }
    return out;
}

QVariant CatalogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const CatalogEntry& e = *rows_[index.row()].entry;
    const CatalogFile& file = e.defaultFile();
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return e.name;
    case CatalogIdRole:
        return e.id;
    case FamilyRole:
        return e.family;
    case DescriptionRole:
        return e.description;
    case ArchitectureRole:
        return e.architecture;
    case ParameterCountRole:
        return e.parameters;
    case ParametersTextRole:
        return services::formatParameterCount(e.parameters);
    case ContextLengthRole:
        return e.contextLength;
    case LicenseRole:
        return e.license;
    case LicenseUrlRole:
        return QUrl(e.licenseUrl);
    case LanguagesRole:
        return e.languages;
    case KoreanRole:
        return e.speaks(QStringLiteral("ko"));
    case RepoRole:
        return file.repo;
    case RecommendedRole:
        return e.recommended;
    case VariantsRole:
        return variants(e);
    case DefaultFileIdRole:
        return file.id;
    case QuantizationRole:
        return file.quantization;
    case SizeBytesRole:
        return file.sizeBytes;
    case SizeTextRole:
        return services::formatBytes(file.sizeBytes);
    case FitRole:
        return fitVerdictKey(fitOf(e, file).verdict);
    case FitTextRole:
        return fitBadgeText(fitOf(e, file));
    case NeedBytesRole:
        return static_cast<qint64>(fitOf(e, file).need.total());
    case InstalledRole:
    case InstalledModelIdRole: {
        qint64 id = -1;
        for (const CatalogFile& f : e.files) {
            id = std::max(id, installed_.value(f.id, -1));
        }
        return role == InstalledRole ? QVariant(id >= 0) : QVariant(id);
    }
    case DownloadIdRole:
    case DownloadStateRole:
        for (const CatalogFile& f : e.files) {
            if (pending_.contains(f.id)) {
                const Pending& p = pending_[f.id];
                return role == DownloadIdRole ? QVariant(p.id) : QVariant(p.state);
            }
        }
        return role == DownloadIdRole ? QVariant(qint64(-1)) : QVariant(QString());
    default:
        return {};
    }
}

QStringList CatalogModel::families() const {
    return manager_.catalogData().families();
}

QStringList CatalogModel::languages() const {
    QStringList out;
    for (const CatalogEntry& e : manager_.catalogData().entries()) {
        for (const QString& l : e.languages) {
            if (!out.contains(l)) {
                out.append(l);
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool CatalogModel::accepts(const CatalogEntry& e) const {
    if (!family_.isEmpty() && e.family != family_) {
        return false;
    }
    if (maxBillions_ > 0 && static_cast<double>(e.parameters) > maxBillions_ * kBillion) {
        return false;
    }
    if (!language_.isEmpty() && !e.speaks(language_)) {
        return false;
    }
    if (fitsOnly_ && fitOf(e, e.defaultFile()).verdict == FitVerdict::TooBig) {
        return false;
    }
    const QString needle = search_.trimmed();
    if (!needle.isEmpty()) {
        const QString haystack =
            QStringList{e.name, e.family, e.description, e.architecture, e.id, e.defaultFile().repo}
                .join(QLatin1Char(' '));
        for (const QString& word : needle.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!haystack.contains(word, Qt::CaseInsensitive)) {
                return false;
            }
        }
    }
    return true;
}

QList<CatalogModel::Row> CatalogModel::computeRows() const {
    QList<Row> rows;
    for (const CatalogEntry& e : manager_.catalogData().entries()) {
        if (accepts(e) && (!recommendedOnly_ || e.recommended)) {
            rows.append(Row{&e});
        }
    }
    if (recommendedOnly_) {
        // Best first: what fits before what is tight before what is too big; among what fits
        // the larger (better) model, among what does not the smaller one. One per family.
        const auto key = [this](const Row& r) {
            const FitVerdict v = fitOf(*r.entry, r.entry->defaultFile()).verdict;
            const qint64 size = r.entry->parameters;
            return std::make_pair(verdictRank(v), v == FitVerdict::TooBig ? size : -size);
        };
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const Row& a, const Row& b) { return key(a) < key(b); });
        QList<Row> picked;
        QStringList families;
        for (const Row& r : rows) {
            if (!families.contains(r.entry->family)) {
                families.append(r.entry->family);
                picked.append(r);
            }
        }
        rows = picked;
    }
    if (limit_ > 0 && rows.size() > limit_) {
        rows.resize(limit_);
    }
    return rows;
}

void CatalogModel::loadStatus() {
    installed_.clear();
    pending_.clear();
    if (const services::ModelLibrary* library = manager_.library()) {
        for (const storage::ModelRecord& m : library->list()) {
            if (!m.catalogId.isEmpty()) {
                installed_.insert(m.catalogId, m.id);
            }
        }
    }
    if (const services::DownloadManager* downloads = manager_.downloadManager()) {
        for (const storage::DownloadRecord& d : downloads->downloads()) {
            if (!d.catalogId.isEmpty() && d.state != storage::DownloadState::Completed &&
                d.state != storage::DownloadState::Cancelled && !pending_.contains(d.catalogId)) {
                pending_.insert(d.catalogId, Pending{d.id, storage::downloadStateName(d.state)});
            }
        }
    }
}

void CatalogModel::refresh() {
    loadStatus();
    QList<Row> rows = computeRows();
    const bool sameRows = std::equal(rows.begin(), rows.end(), rows_.begin(), rows_.end(),
                                     [](const Row& a, const Row& b) { return a.entry == b.entry; });
    if (!sameRows) {
        beginResetModel();
        rows_ = std::move(rows);
        endResetModel();
        emit countChanged();
    } else if (!rows_.isEmpty()) {
        emit dataChanged(index(0), index(count() - 1));
    }
}

void CatalogModel::filtersChanged() {
    emit filterChanged();
    refresh();
}

void CatalogModel::setFamily(const QString& family) {
    if (family_ != family) {
        family_ = family;
        filtersChanged();
    }
}

void CatalogModel::setMaxParametersBillions(double billions) {
    if (maxBillions_ != billions) {
        maxBillions_ = billions;
        filtersChanged();
    }
}

void CatalogModel::setFitsOnly(bool fitsOnly) {
    if (fitsOnly_ != fitsOnly) {
        fitsOnly_ = fitsOnly;
        filtersChanged();
    }
}

void CatalogModel::setLanguage(const QString& language) {
    if (language_ != language) {
        language_ = language;
        filtersChanged();
    }
}

void CatalogModel::setSearchText(const QString& text) {
    if (search_ != text) {
        search_ = text;
        filtersChanged();
    }
}

void CatalogModel::setRecommendedOnly(bool recommendedOnly) {
    if (recommendedOnly_ != recommendedOnly) {
        recommendedOnly_ = recommendedOnly;
        filtersChanged();
    }
}

void CatalogModel::setLimit(int limit) {
    if (limit_ != limit) {
        limit_ = std::max(limit, 0);
        filtersChanged();
    }
}

} // namespace hearth::app
