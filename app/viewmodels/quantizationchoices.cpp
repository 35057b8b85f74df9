// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/quantizationchoices.h"

#include "app/services/catalog.h"
#include "app/services/modellibrary.h"
#include "app/services/units.h"
#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/catalogmodel.h"
#include "app/viewmodels/fittext.h"
#include "app/viewmodels/installedmodellist.h"
#include "app/viewmodels/modelmanager.h"

namespace hearth::app {

QuantizationChoices::QuantizationChoices(QObject* parent) : QAbstractListModel(parent) {
    AppContext* context = AppContext::instance();
    manager_ = context != nullptr ? context->modelManager() : nullptr;
    if (manager_) {
        connect(manager_, &ModelManager::deviceChanged, this, &QuantizationChoices::rebuild);
        connect(manager_, &ModelManager::contextLengthChanged, this, &QuantizationChoices::rebuild);
        connect(manager_->installed(), &InstalledModelList::countChanged, this,
                &QuantizationChoices::rebuild);
    }
}

int QuantizationChoices::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant QuantizationChoices::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row& r = rows_.at(index.row());
    switch (role) {
    case FileIdRole:
        return r.fileId;
    case QuantizationRole:
        return r.quantization;
    case SizeTextRole:
        return r.sizeText;
    case FitRole:
        return r.fit;
    case FitTextRole:
        return r.fitText;
    case InstalledRole:
        return r.installed;
    case LabelRole:
        return r.installed ? tr("%1 · %2 · installed").arg(r.quantization, r.sizeText)
                           : QStringLiteral("%1 · %2").arg(r.quantization, r.sizeText);
    default:
        return {};
    }
}

QHash<int, QByteArray> QuantizationChoices::roleNames() const {
    return {{FileIdRole, "fileId"},     {QuantizationRole, "quantization"},
            {SizeTextRole, "sizeText"}, {FitRole, "fit"},
            {FitTextRole, "fitText"},   {InstalledRole, "installed"},
            {LabelRole, "label"}};
}

void QuantizationChoices::setCatalogId(const QString& id) {
    if (id == catalogId_) {
        return;
    }
    catalogId_ = id;
    rebuild();
    emit catalogIdChanged();
}

QString QuantizationChoices::fileIdAt(int row) const {
    return row >= 0 && row < count() ? rows_.at(row).fileId : QString();
}

void QuantizationChoices::rebuild() {
    QList<Row> rows;
    int defaultIndex = 0;
    if (manager_) {
        const services::CatalogEntry* entry = manager_->catalogData().entry(catalogId_);
        if (entry != nullptr) {
            for (const services::CatalogFile& f : entry->files) {
                const services::FitEstimate fit = manager_->catalog()->fitOf(*entry, f);
                Row r;
                r.fileId = f.id;
                r.quantization = f.quantization;
                r.sizeText = services::formatBytes(f.sizeBytes);
                r.fit = fitVerdictKey(fit.verdict);
                r.fitText = fitBadgeText(fit);
                r.installed = manager_->library() != nullptr &&
                              manager_->library()->findInstalled(f.id, f.url.toString());
                if (f.isDefault) {
                    defaultIndex = int(rows.size());
                }
                rows.append(r);
            }
        }
    }
    beginResetModel();
    rows_ = rows;
    defaultIndex_ = defaultIndex;
    endResetModel();
    emit countChanged();
}

} // namespace hearth::app
