// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/appsettings.h"

#include "app/services/gpudevices.h"
#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/generationoptions.h"
#include "app/viewmodels/modelmanager.h"
#include "storage/error.h"
#include "storage/privacy.h"
#include "storage/settingsstore.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QLocale>
#include <QQmlEngine>
#include <QSettings>
#include <QTranslator>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace hearth::app {

namespace {
const QString kTheme = QStringLiteral("ui.theme");
const QString kLanguage = QStringLiteral("ui.language");
const QString kLoadOnStart = QStringLiteral("models.load_on_start");
const QString kDefaultModel = QStringLiteral("models.default_id");
const QString kContextLength = QStringLiteral("models.context_length");
const QString kGpuDevice = QStringLiteral("models.gpu_device");
const QString kSystemPrompt = QStringLiteral("generation.system_prompt");
const QString kSampling = QStringLiteral("generation.sampling");
/// Platform settings key of the data folder used from the next start on.
const QString kDataFolderKey = QStringLiteral("dataFolder");
const QString kSystem = QStringLiteral("system");

const QStringList& themes() {
    static const QStringList t{kSystem, QStringLiteral("light"), QStringLiteral("dark")};
    return t;
}

/// Languages Hearth ships; "system" follows the locale.
const QStringList& languages() {
    static const QStringList l{kSystem, QStringLiteral("en"), QStringLiteral("ko")};
    return l;
}
} // namespace

AppSettings::AppSettings(storage::Database& db, QString dataFolder, QObject* parent)
    : QObject(parent), db_(db), dataFolder_(std::move(dataFolder)),
      nextDataFolder_(storedDataFolder()), generation_(new GenerationOptions(this)) {
    reload();
    connect(generation_, &GenerationOptions::changed, this, &AppSettings::saveGeneration);
}

AppSettings::~AppSettings() {
    if (translator_ != nullptr) {
        QCoreApplication::removeTranslator(translator_);
    }
}

AppSettings* AppSettings::create(QQmlEngine* qmlEngine, QJSEngine*) {
    AppSettings* s = AppContext::instance()->settings();
    QQmlEngine::setObjectOwnership(s, QQmlEngine::CppOwnership);
    s->registerEngine(qmlEngine);
    return s;
}

void AppSettings::reload() {
    loading_ = true;
    const storage::SettingsStore store(db_);
    try {
        theme_ = store.string(kTheme, kSystem);
        if (!themes().contains(theme_)) {
            theme_ = kSystem;
        }
        language_ = store.string(kLanguage, kSystem);
        if (!languages().contains(language_)) {
            language_ = kSystem;
        }
        loadOnStart_ = store.boolean(kLoadOnStart, true);
        defaultModelId_ = store.integer(kDefaultModel, -1);
        contextLength_ = int(store.integer(kContextLength, kDefaultContextLength));
        gpuDevice_ = int(store.integer(kGpuDevice, kAutomaticDevice));
        retentionDays_ = int(store.integer(QString::fromLatin1(storage::kRetentionDaysKey), 0));
        generation_->setSystemPrompt(store.string(kSystemPrompt));
        generation_->setSamplingJson(store.json(kSampling).toObject());
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
    }
    loading_ = false;
    emit themeChanged();
    emit languageChanged();
    emit modelsChanged();
    emit privacyChanged();
}

void AppSettings::save(const QString& key, const QString& value) {
    if (loading_) {
        return;
    }
    try {
        storage::SettingsStore(db_).set(key, value);
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
    }
}

void AppSettings::saveGeneration() {
    if (loading_) {
        return;
    }
    try {
        storage::SettingsStore store(db_);
        store.set(kSystemPrompt, generation_->systemPrompt());
        store.setJson(kSampling, generation_->samplingJson());
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
    }
}

void AppSettings::setTheme(const QString& theme) {
    if (theme == theme_ || !themes().contains(theme)) {
        return;
    }
    theme_ = theme;
    save(kTheme, theme);
    emit themeChanged();
}

void AppSettings::setLanguage(const QString& language) {
    if (language == language_ || !languages().contains(language)) {
        return;
    }
    language_ = language;
    save(kLanguage, language);
    applyLanguage();
    emit languageChanged();
}

QString AppSettings::effectiveLanguage() const {
    if (language_ != kSystem) {
        return language_;
    }
    return QLocale().language() == QLocale::Korean ? QStringLiteral("ko") : QStringLiteral("en");
}

void AppSettings::applyLanguage() {
    if (translator_ != nullptr) {
        QCoreApplication::removeTranslator(translator_);
        delete translator_;
        translator_ = nullptr;
    }
    const QString lang = effectiveLanguage();
    auto* t = new QTranslator(this);
    if (t->load(QStringLiteral(":/Hearth/Resources/translations/hearth_%1.qm").arg(lang))) {
        QCoreApplication::installTranslator(t);
        translator_ = t;
    } else {
        delete t;
    }
    for (const QPointer<QQmlEngine>& engine : std::as_const(engines_)) {
        if (engine) {
            engine->retranslate();
        }
    }
    emit retranslated();
}

void AppSettings::registerEngine(QQmlEngine* engine) {
    engines_.removeAll(nullptr);
    if (engine != nullptr && !engines_.contains(engine)) {
        engines_.append(engine);
    }
}

void AppSettings::setLoadModelOnStart(bool load) {
    if (load == loadOnStart_) {
        return;
    }
    loadOnStart_ = load;
    save(kLoadOnStart, load ? QStringLiteral("1") : QStringLiteral("0"));
    emit modelsChanged();
}

void AppSettings::setDefaultModelId(qint64 id) {
    if (id == defaultModelId_) {
        return;
    }
    defaultModelId_ = id;
    save(kDefaultModel, QString::number(id));
    emit modelsChanged();
}

void AppSettings::setContextLength(int tokens) {
    tokens = std::clamp(tokens, kMinContextLength, kMaxContextLength);
    if (tokens == contextLength_) {
        return;
    }
    contextLength_ = tokens;
    save(kContextLength, QString::number(tokens));
    if (manager_) {
        manager_->setContextLength(tokens);
    }
    emit modelsChanged();
}

void AppSettings::setGpuDevice(int device) {
    if (device < kCpuOnly || device == gpuDevice_) {
        return;
    }
    gpuDevice_ = device;
    save(kGpuDevice, QString::number(device));
    if (manager_) {
        manager_->setDeviceIndex(device >= 0 ? device : -1);
    }
    emit modelsChanged();
}

void AppSettings::setRetentionDays(int days) {
    days = std::max(0, days);
    if (days == retentionDays_) {
        return;
    }
    retentionDays_ = days;
    save(QString::fromLatin1(storage::kRetentionDaysKey), QString::number(days));
    emit privacyChanged();
}

int AppSettings::applyRetention() {
    try {
        return storage::applyRetention(db_);
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
    }
    return 0;
}

void AppSettings::setModelManager(ModelManager* manager) {
    manager_ = manager;
    if (manager_) {
        manager_->setContextLength(contextLength_);
        manager_->setDeviceIndex(gpuDevice_ >= 0 ? gpuDevice_ : -1);
    }
}

void AppSettings::queryDevices() {
    if (devicesQueried_) {
        return;
    }
    devicesQueried_ = true;
    auto* watcher = new QFutureWatcher<services::GpuInventory>(this);
    connect(watcher, &QFutureWatcher<services::GpuInventory>::finished, this, [this, watcher] {
        const services::GpuInventory inventory = watcher->result();
        watcher->deleteLater();
        gpuNames_.clear();
        for (const vk::DeviceInfo& d : inventory.devices) {
            gpuNames_.append(QString::fromStdString(d.name));
        }
        emit gpuDevicesChanged();
    });
    watcher->setFuture(QtConcurrent::run(&services::queryGpuInventory));
}

QString AppSettings::storedDataFolder() {
    return QSettings().value(kDataFolderKey).toString();
}

void AppSettings::setNextDataFolder(const QUrl& folder) {
    const QString path = folder.isLocalFile() ? folder.toLocalFile() : folder.toString();
    if (path == nextDataFolder_) {
        return;
    }
    nextDataFolder_ = path;
    QSettings settings;
    if (path.isEmpty()) {
        settings.remove(kDataFolderKey);
    } else {
        settings.setValue(kDataFolderKey, path);
    }
    emit dataFolderChanged();
}

void AppSettings::deleteAllData() {
    try {
        storage::deleteAllData(db_);
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
        return;
    }
    reload();
    applyLanguage();
    emit allDataDeleted();
}

} // namespace hearth::app
