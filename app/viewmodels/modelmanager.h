// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/downloadmanager.h"
#include "app/services/fitestimate.h"
#include "app/services/gpudevices.h"
#include "app/services/modelfile.h"
#include "app/viewmodels/catalogmodel.h"
#include "app/viewmodels/downloadlistmodel.h"
#include "app/viewmodels/installedmodellist.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
#include <optional>

class QQmlEngine;
class QJSEngine;

namespace hearth::storage {
class Database;
}

namespace hearth::services {
class Catalog;
class ModelLibrary;
} // namespace hearth::services

namespace hearth::app {

/// How a ModelManager is built when not from the real machine (tests, previews).
struct ModelManagerOptions {
    services::DownloadOptions downloads;
    /// A fixed memory budget instead of asking Vulkan for the GPU (tests).
    std::optional<services::MemoryBudget> budget;
    /// The catalog to offer; null: the one built into Hearth.
    const services::Catalog* catalog = nullptr;
};

/// The model manager as QML sees it: the catalog, downloads and installed models as list
/// models, import of a local GGUF, the data folder and its free space, and the memory the
/// chosen device gives a model ("fits your GPU"). Owns its own connection to the database in
/// the data folder. Other view-models use its C++ side: a model's path and fit by id, the
/// library, and modelInstalled() to load a model that just arrived.
class ModelManager : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(hearth::app::CatalogModel* catalog READ catalog CONSTANT)
    Q_PROPERTY(hearth::app::CatalogModel* recommended READ recommended CONSTANT)
    Q_PROPERTY(hearth::app::DownloadListModel* downloads READ downloads CONSTANT)
    Q_PROPERTY(hearth::app::InstalledModelList* installed READ installed CONSTANT)
    Q_PROPERTY(bool available READ available CONSTANT)
    Q_PROPERTY(QString dataFolder READ dataFolder CONSTANT)
    Q_PROPERTY(QString modelsFolder READ modelsFolder CONSTANT)
    Q_PROPERTY(QUrl modelsFolderUrl READ modelsFolderUrl CONSTANT)
    Q_PROPERTY(qint64 freeDiskBytes READ freeDiskBytes NOTIFY diskSpaceChanged)
    Q_PROPERTY(QString freeDiskText READ freeDiskText NOTIFY diskSpaceChanged)
    Q_PROPERTY(
        int contextLength READ contextLength WRITE setContextLength NOTIFY contextLengthChanged)
    Q_PROPERTY(int deviceIndex READ deviceIndex WRITE setDeviceIndex NOTIFY deviceChanged)
    Q_PROPERTY(bool deviceKnown READ deviceKnown NOTIFY deviceChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY deviceChanged)
    Q_PROPERTY(QString deviceKind READ deviceKind NOTIFY deviceChanged)
    Q_PROPERTY(qint64 memoryBytes READ memoryBytes NOTIFY deviceChanged)
    Q_PROPERTY(QString memoryText READ memoryText NOTIFY deviceChanged)
    Q_PROPERTY(bool importing READ importing NOTIFY importChanged)
    Q_PROPERTY(double importProgress READ importProgress NOTIFY importChanged)
    Q_PROPERTY(QString importFileName READ importFileName NOTIFY importChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    /// Context length assumed for fit estimates until the settings choose one.
    static constexpr int kDefaultContextLength = 4096;

    /// Opens the database in `dataDir` (models go to `dataDir`/models).
    explicit ModelManager(const QString& dataDir, ModelManagerOptions options = {},
                          QObject* parent = nullptr);
    ~ModelManager() override;

    /// The instance QML uses: the application's, for AppInfo's data folder, made on first use.
    static ModelManager* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);
    static ModelManager* instance();

    CatalogModel* catalog() const { return catalog_; }
    CatalogModel* recommended() const { return recommended_; }
    DownloadListModel* downloads() const { return downloadList_; }
    InstalledModelList* installed() const { return installed_; }
    /// Whether the database opened (else lastError says why and the lists stay empty).
    bool available() const { return library_ != nullptr; }
    QString dataFolder() const { return dataDir_; }
    QString modelsFolder() const { return modelsDir_; }
    QUrl modelsFolderUrl() const { return QUrl::fromLocalFile(modelsDir_); }
    qint64 freeDiskBytes() const { return freeDisk_; }
    QString freeDiskText() const;
    int contextLength() const { return contextLength_; }
    void setContextLength(int tokens);
    int deviceIndex() const { return deviceIndex_; }
    void setDeviceIndex(int index);
    bool deviceKnown() const { return deviceKnown_; }
    QString deviceName() const { return budget_.deviceName; }
    QString deviceKind() const;
    qint64 memoryBytes() const { return budget_.usableBytes; }
    QString memoryText() const;
    bool importing() const { return importing_; }
    double importProgress() const { return importProgress_; }
    QString importFileName() const { return importFileName_; }
    QString lastError() const { return lastError_; }

    /// Downloads a catalog id, an http(s) address or a Hugging Face "owner/repo/file.gguf".
    /// Returns the download id, or -1 (lastError and errorOccurred() say why).
    Q_INVOKABLE qint64 download(const QString& source);
    /// Downloads `file` from the Hugging Face repository `repo` ("owner/name").
    Q_INVOKABLE qint64 downloadFromHuggingFace(const QString& repo, const QString& file);
    /// Imports a local GGUF (a file:// URL from a file dialog, or a path) in the background:
    /// copied, or linked when `link`. False when it cannot start (lastError says why).
    Q_INVOKABLE bool importFile(const QUrl& file, bool link);
    Q_INVOKABLE void cancelImport();
    /// The file of an installed model, or "" when there is none.
    Q_INVOKABLE QString modelPath(qint64 modelId) const;
    Q_INVOKABLE void refreshDiskSpace();
    Q_INVOKABLE void clearError();

    /// For other view-models: the registry, the downloader (null when unavailable).
    services::ModelLibrary* library() const { return library_.get(); }
    services::DownloadManager* downloadManager() const { return downloader_.get(); }
    const services::Catalog& catalogData() const { return *catalogData_; }
    const services::MemoryBudget& budget() const { return budget_; }
    /// Replaces the memory budget (tests; the device query sets it otherwise).
    void setBudget(const services::MemoryBudget& budget);
    /// The fit of an installed model at the current context length, once its header was read.
    std::optional<services::FitEstimate> fitForModel(qint64 modelId) const;
    /// Shows an error: sets lastError and emits errorOccurred().
    void reportError(const QString& message);

signals:
    void diskSpaceChanged();
    void contextLengthChanged();
    void deviceChanged();
    void importChanged();
    void lastErrorChanged();
    /// A model was downloaded or imported and is ready to load.
    void modelInstalled(qint64 modelId);
    void modelRemoved(qint64 modelId);
    void errorOccurred(const QString& message);

private:
    /// What the import worker hands back.
    struct ImportOutcome {
        services::ModelSummary summary;
        services::PlacedFile placed;
        QString error;
    };

    void queryDevice();
    void finishImport(const ImportOutcome& outcome);
    void setImportState(bool importing, double progress, const QString& fileName);

    QString dataDir_;
    QString modelsDir_;
    const services::Catalog* catalogData_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<services::ModelLibrary> library_;
    std::unique_ptr<services::DownloadManager> downloader_;
    std::function<qint64(const QString&)> freeSpace_;
    services::GpuInventory inventory_;
    services::MemoryBudget budget_;
    bool fixedBudget_ = false;
    bool deviceKnown_ = false;
    int deviceIndex_ = -1;
    int contextLength_ = kDefaultContextLength;
    qint64 freeDisk_ = 0;
    bool importing_ = false;
    double importProgress_ = 0;
    QString importFileName_;
    std::shared_ptr<std::atomic<bool>> importCancel_;
    QFuture<ImportOutcome> importFuture_;
    QString lastError_;
    CatalogModel* catalog_ = nullptr;
    CatalogModel* recommended_ = nullptr;
    DownloadListModel* downloadList_ = nullptr;
    InstalledModelList* installed_ = nullptr;
};

} // namespace hearth::app
