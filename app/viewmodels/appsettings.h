// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;
class QTranslator;

namespace hearth::storage {
class Database;
}

namespace hearth::app {

class GenerationOptions;
class ModelManager;

/// The Settings page: look and language, models (default model, context length, GPU device,
/// data folder), generation defaults (system prompt and sampling) and privacy (retention,
/// delete all data). Values live in the database's settings table (the data folder's choice,
/// which cannot live inside the folder itself, in the platform's settings); each setter saves
/// at once. Choosing a language installs its translation and re-translates every QML engine.
class AppSettings : public QObject {
    Q_OBJECT
    Q_MOC_INCLUDE("app/viewmodels/generationoptions.h")
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString effectiveLanguage READ effectiveLanguage NOTIFY languageChanged)
    Q_PROPERTY(
        bool loadModelOnStart READ loadModelOnStart WRITE setLoadModelOnStart NOTIFY modelsChanged)
    Q_PROPERTY(
        qint64 defaultModelId READ defaultModelId WRITE setDefaultModelId NOTIFY modelsChanged)
    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY modelsChanged)
    Q_PROPERTY(int gpuDevice READ gpuDevice WRITE setGpuDevice NOTIFY modelsChanged)
    Q_PROPERTY(QStringList gpuDeviceNames READ gpuDeviceNames NOTIFY gpuDevicesChanged)
    Q_PROPERTY(hearth::app::GenerationOptions* generation READ generation CONSTANT)
    Q_PROPERTY(int retentionDays READ retentionDays WRITE setRetentionDays NOTIFY privacyChanged)
    Q_PROPERTY(QString dataFolder READ dataFolder CONSTANT)
    Q_PROPERTY(QUrl dataFolderUrl READ dataFolderUrl CONSTANT)
    Q_PROPERTY(QString nextDataFolder READ nextDataFolder NOTIFY dataFolderChanged)

public:
    /// gpuDevice: use the best GPU, falling back to the CPU.
    static constexpr int kAutomaticDevice = -1;
    /// gpuDevice: never use a GPU.
    static constexpr int kCpuOnly = -2;
    static constexpr int kDefaultContextLength = 4096;
    static constexpr int kMinContextLength = 512;
    static constexpr int kMaxContextLength = 131072;

    AppSettings(storage::Database& db, QString dataFolder, QObject* parent = nullptr);
    ~AppSettings() override;

    /// The instance QML uses: the application's (AppContext).
    static AppSettings* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

    QString theme() const { return theme_; }
    void setTheme(const QString& theme);
    QString language() const { return language_; }
    void setLanguage(const QString& language);
    /// "en" or "ko": the language on screen ("system" resolved).
    QString effectiveLanguage() const;
    bool loadModelOnStart() const { return loadOnStart_; }
    void setLoadModelOnStart(bool load);
    qint64 defaultModelId() const { return defaultModelId_; }
    void setDefaultModelId(qint64 id);
    int contextLength() const { return contextLength_; }
    void setContextLength(int tokens);
    int gpuDevice() const { return gpuDevice_; }
    void setGpuDevice(int device);
    QStringList gpuDeviceNames() const { return gpuNames_; }
    GenerationOptions* generation() const { return generation_; }
    int retentionDays() const { return retentionDays_; }
    void setRetentionDays(int days);
    QString dataFolder() const { return dataFolder_; }
    QUrl dataFolderUrl() const { return QUrl::fromLocalFile(dataFolder_); }
    QString nextDataFolder() const { return nextDataFolder_; }

    /// Keeps data in `folder` from the next start on (nothing is moved).
    Q_INVOKABLE void setNextDataFolder(const QUrl& folder);
    /// Deletes every conversation, setting and model registration (model files stay).
    Q_INVOKABLE void deleteAllData();
    /// Applies the retention period now; returns how many conversations were deleted.
    Q_INVOKABLE int applyRetention();

    /// Installs the translation of the current language (at start and after a change).
    void applyLanguage();
    /// Re-translates this engine too when the language changes.
    void registerEngine(QQmlEngine* engine);
    /// Links the fit estimates of the model manager to the context length and device.
    void setModelManager(ModelManager* manager);
    /// Starts the device query that fills gpuDeviceNames (once; on a worker thread).
    Q_INVOKABLE void queryDevices();
    /// Re-reads every value (after deleteAllData()).
    void reload();

    /// The data folder chosen for the next start in the platform's settings ("" = default).
    static QString storedDataFolder();

signals:
    void themeChanged();
    void languageChanged();
    void modelsChanged();
    void gpuDevicesChanged();
    void privacyChanged();
    void dataFolderChanged();
    /// After the language changed and every engine was re-translated.
    void retranslated();
    /// Every conversation and setting was deleted.
    void allDataDeleted();
    void errorOccurred(const QString& message);

private:
    void save(const QString& key, const QString& value);
    void saveGeneration();

    storage::Database& db_;
    QString dataFolder_;
    QString nextDataFolder_;
    QString theme_;
    QString language_;
    bool loadOnStart_ = true;
    qint64 defaultModelId_ = -1;
    int contextLength_ = kDefaultContextLength;
    int gpuDevice_ = kAutomaticDevice;
    QStringList gpuNames_;
    bool devicesQueried_ = false;
    int retentionDays_ = 0;
    GenerationOptions* generation_;
    QTranslator* translator_ = nullptr;
    QList<QPointer<QQmlEngine>> engines_;
    QPointer<ModelManager> manager_;
    bool loading_ = false;
};

} // namespace hearth::app
