// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/modelmanager.h"

#include "app/services/catalog.h"
#include "app/services/modellibrary.h"
#include "app/services/modelsource.h"
#include "app/services/systemmemory.h"
#include "app/services/units.h"
#include "app/viewmodels/appinfo.h"
#include "app/viewmodels/catalogmodel.h"
#include "app/viewmodels/downloadlistmodel.h"
#include "app/viewmodels/fittext.h"
#include "app/viewmodels/installedmodellist.h"
#include "storage/database.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QQmlEngine>
#include <QStorageInfo>
#include <QtConcurrent>

namespace hearth::app {
namespace {

/// Models the welcome page suggests.
constexpr int kRecommendedCount = 3;
/// Import progress is reported in steps of this fraction.
constexpr double kProgressStep = 0.01;

QPointer<ModelManager>& sharedInstance() {
    static QPointer<ModelManager> p;
    return p;
}

} // namespace

ModelManager::ModelManager(const QString& dataDir, ModelManagerOptions options, QObject* parent)
    : QObject(parent), dataDir_(QDir::cleanPath(dataDir)),
      modelsDir_(QDir(dataDir_).filePath(QStringLiteral("models"))),
      catalogData_(options.catalog != nullptr ? options.catalog : &services::Catalog::builtIn()),
      freeSpace_(options.downloads.freeSpace) {
    if (!freeSpace_) {
        freeSpace_ = [](const QString& folder) { return QStorageInfo(folder).bytesAvailable(); };
        options.downloads.freeSpace = freeSpace_;
    }
    storage::OpenResult opened = storage::Database::openInDataDir(dataDir_);
    if (opened.ok()) {
        db_ = std::move(opened.db);
        QDir().mkpath(modelsDir_);
        library_ = std::make_unique<services::ModelLibrary>(*db_, modelsDir_);
        downloader_ = std::make_unique<services::DownloadManager>(*db_, *library_,
                                                                  options.downloads, catalogData_);
    } else {
        lastError_ = opened.message;
    }
    catalog_ = new CatalogModel(*this, this);
    recommended_ = new CatalogModel(*this, this);
    recommended_->setRecommendedOnly(true);
    recommended_->setLimit(kRecommendedCount);
    downloadList_ = new DownloadListModel(*this, this);
    installed_ = new InstalledModelList(*this, this);

    if (downloader_) {
        const auto statusChanged = [this] {
            catalog_->refresh();
            recommended_->refresh();
        };
        connect(downloader_.get(), &services::DownloadManager::added, this, statusChanged);
        connect(downloader_.get(), &services::DownloadManager::changed, this, statusChanged);
        connect(downloader_.get(), &services::DownloadManager::removed, this, statusChanged);
        connect(downloader_.get(), &services::DownloadManager::completed, this,
                [this](qint64, qint64 modelId) {
                    installed_->refresh();
                    refreshDiskSpace();
                    emit modelInstalled(modelId);
                });
        connect(downloader_.get(), &services::DownloadManager::failed, this,
                [this](qint64, const QString&) { refreshDiskSpace(); });
    }
    connect(installed_, &InstalledModelList::countChanged, this, [this] {
        catalog_->refresh();
        recommended_->refresh();
    });
    connect(this, &ModelManager::deviceChanged, this, [this] {
        catalog_->refresh();
        recommended_->refresh();
        installed_->fitsChanged();
    });
    connect(this, &ModelManager::contextLengthChanged, this, [this] {
        catalog_->refresh();
        recommended_->refresh();
        installed_->fitsChanged();
    });

    if (options.budget) {
        fixedBudget_ = true;
        budget_ = *options.budget;
        deviceKnown_ = true;
        catalog_->refresh();
        recommended_->refresh();
    } else {
        budget_ = services::budgetForDevice(nullptr, services::systemMemoryBytes());
        queryDevice();
    }
    refreshDiskSpace();
}

ModelManager::~ModelManager() {
    if (importCancel_) {
        importCancel_->store(true);
    }
    importFuture_.waitForFinished();
}

ModelManager* ModelManager::instance() {
    if (!sharedInstance()) {
        sharedInstance() = new ModelManager(AppInfo::instance()->dataFolder());
    }
    return sharedInstance();
}

ModelManager* ModelManager::create(QQmlEngine*, QJSEngine*) {
    ModelManager* manager = instance();
    QQmlEngine::setObjectOwnership(manager, QQmlEngine::CppOwnership);
    return manager;
}

void ModelManager::queryDevice() {
    auto* watcher = new QFutureWatcher<services::GpuInventory>(this);
    connect(watcher, &QFutureWatcher<services::GpuInventory>::finished, this, [this, watcher] {
        inventory_ = watcher->result();
        watcher->deleteLater();
        if (fixedBudget_) {
            return;
        }
        budget_ =
            services::budgetFromInventory(inventory_, deviceIndex_, services::systemMemoryBytes());
        deviceKnown_ = true;
        emit deviceChanged();
    });
    watcher->setFuture(QtConcurrent::run(&services::queryGpuInventory));
}

void ModelManager::setBudget(const services::MemoryBudget& budget) {
    fixedBudget_ = true;
    budget_ = budget;
    deviceKnown_ = true;
    emit deviceChanged();
}

void ModelManager::setDeviceIndex(int index) {
    if (deviceIndex_ == index) {
        return;
    }
    deviceIndex_ = index;
    if (!fixedBudget_ && deviceKnown_) {
        budget_ =
            services::budgetFromInventory(inventory_, deviceIndex_, services::systemMemoryBytes());
    }
    emit deviceChanged();
}

QString ModelManager::deviceKind() const {
    return memoryKindKey(budget_.kind);
}

QString ModelManager::memoryText() const {
    const QString amount = services::formatBytes(budget_.usableBytes);
    switch (budget_.kind) {
    case services::MemoryKind::DiscreteGpu:
        return tr("%1 of video memory on %2").arg(amount, budget_.deviceName);
    case services::MemoryKind::IntegratedGpu:
        return tr("%1 of shared memory on %2").arg(amount, budget_.deviceName);
    case services::MemoryKind::Cpu:
        break;
    }
    return tr("%1 of memory; models run on the CPU").arg(amount);
}

void ModelManager::setContextLength(int tokens) {
    if (tokens > 0 && tokens != contextLength_) {
        contextLength_ = tokens;
        emit contextLengthChanged();
    }
}

QString ModelManager::freeDiskText() const {
    return tr("%1 free").arg(services::formatBytes(freeDisk_));
}

void ModelManager::refreshDiskSpace() {
    const qint64 free = freeSpace_(QFileInfo::exists(modelsDir_) ? modelsDir_ : dataDir_);
    if (free != freeDisk_) {
        freeDisk_ = free;
        emit diskSpaceChanged();
    }
}

void ModelManager::reportError(const QString& message) {
    lastError_ = message;
    emit lastErrorChanged();
    emit errorOccurred(message);
}

void ModelManager::clearError() {
    if (!lastError_.isEmpty()) {
        lastError_.clear();
        emit lastErrorChanged();
    }
}

qint64 ModelManager::download(const QString& source) {
    if (!downloader_) {
        reportError(lastError_.isEmpty() ? tr("The model library is not available.") : lastError_);
        return -1;
    }
    try {
        return downloader_->start(services::resolveModelSource(source, *catalogData_));
    } catch (const std::exception& e) {
        reportError(QString::fromUtf8(e.what()));
        return -1;
    }
}

qint64 ModelManager::downloadFromHuggingFace(const QString& repo, const QString& file) {
    if (!downloader_) {
        return download(QString());
    }
    try {
        services::DownloadRequest r = services::requestForHuggingFace(repo, file);
        const services::CatalogMatch known = catalogData_->findByUrl(r.url);
        if (known.file != nullptr) {
            r = services::requestForCatalogFile(*known.entry, *known.file);
        }
        return downloader_->start(r);
    } catch (const std::exception& e) {
        reportError(QString::fromUtf8(e.what()));
        return -1;
    }
}

QString ModelManager::modelPath(qint64 modelId) const {
    if (!library_) {
        return {};
    }
    const auto m = library_->get(modelId);
    return m ? m->filePath : QString();
}

std::optional<services::FitEstimate> ModelManager::fitForModel(qint64 modelId) const {
    return installed_->fit(modelId);
}

void ModelManager::setImportState(bool importing, double progress, const QString& fileName) {
    if (importing == importing_ && progress == importProgress_ && fileName == importFileName_) {
        return;
    }
    importing_ = importing;
    importProgress_ = progress;
    importFileName_ = fileName;
    emit importChanged();
}

bool ModelManager::importFile(const QUrl& file, bool link) {
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    if (!library_) {
        reportError(lastError_);
        return false;
    }
    if (importing_) {
        reportError(tr("Another model is being imported; wait for it to finish."));
        return false;
    }
    const QFileInfo fi(path);
    if (!fi.isFile()) {
        reportError(tr("%1 is not a file.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    if (!link) {
        const qint64 free = freeSpace_(modelsDir_);
        if (free >= 0 && free < fi.size()) {
            reportError(tr("Not enough disk space to copy %1: it needs %2 and %3 is free.")
                            .arg(fi.fileName(), services::formatBytes(fi.size()),
                                 services::formatBytes(free)));
            return false;
        }
    }
    importCancel_ = std::make_shared<std::atomic<bool>>(false);
    setImportState(true, 0, fi.fileName());
    auto* watcher = new QFutureWatcher<ImportOutcome>(this);
    connect(watcher, &QFutureWatcher<ImportOutcome>::finished, this, [this, watcher] {
        const ImportOutcome outcome = watcher->result();
        watcher->deleteLater();
        finishImport(outcome);
    });
    const QString modelsDir = modelsDir_;
    const std::shared_ptr<std::atomic<bool>> cancel = importCancel_;
    const QPointer<ModelManager> self(this);
    const auto mode = link ? services::ImportMode::Link : services::ImportMode::Copy;
    importFuture_ = QtConcurrent::run([path, modelsDir, mode, cancel, self] {
        ImportOutcome out;
        double reported = 0;
        const auto progress = [&](qint64 done, qint64 total) {
            const double fraction = total > 0 ? static_cast<double>(done) / total : 0;
            if (fraction - reported >= kProgressStep) {
                reported = fraction;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, fraction] {
                        if (self) {
                            self->setImportState(true, fraction, self->importFileName_);
                        }
                    },
                    Qt::QueuedConnection);
            }
        };
        try {
            out.summary = services::inspectModelFile(path);
            out.placed = services::placeModelFile(path, modelsDir, mode, progress, cancel.get());
        } catch (const std::exception& e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    });
    watcher->setFuture(importFuture_);
    return true;
}

void ModelManager::cancelImport() {
    if (importCancel_) {
        importCancel_->store(true);
    }
}

void ModelManager::finishImport(const ImportOutcome& outcome) {
    setImportState(false, 0, QString());
    importCancel_.reset();
    if (!outcome.error.isEmpty()) {
        reportError(outcome.error);
        return;
    }
    const bool placedHere = outcome.placed.placement != services::Placement::InPlace;
    try {
        if (placedHere) {
            library_->refuseDuplicate(outcome.placed.sha256);
        }
        const storage::ModelRecord m = library_->registerPlaced(outcome.summary, outcome.placed);
        installed_->refresh();
        refreshDiskSpace();
        emit modelInstalled(m.id);
    } catch (const std::exception& e) {
        if (placedHere) {
            QFile::remove(outcome.placed.path);
        }
        reportError(QString::fromUtf8(e.what()));
    }
}

} // namespace hearth::app
