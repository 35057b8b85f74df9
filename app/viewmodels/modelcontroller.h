// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/chatengine.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace hearth::storage {
class Database;
}

namespace hearth::app {

class AppSettings;
class InstalledModelList;
class ModelManager;

/// The model in use, for the header's model picker: which installed model is loaded (or
/// loading, with progress), on which device, with which context size; loading, loading on the
/// CPU instead, unloading; and whether any model is installed at all (else the UI leads to the
/// model manager). A model that arrives while none is loaded (the first download) is loaded
/// at once and `firstModelReady` tells the chat to open a new conversation.
class ModelController : public QObject {
    Q_OBJECT
    Q_MOC_INCLUDE("app/viewmodels/installedmodellist.h")
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY statusChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY statusChanged)
    Q_PROPERTY(double loadProgress READ loadProgress NOTIFY loadProgressChanged)
    Q_PROPERTY(qint64 modelId READ modelId NOTIFY statusChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY statusChanged)
    Q_PROPERTY(QString quantization READ quantization NOTIFY statusChanged)
    Q_PROPERTY(bool onGpu READ onGpu NOTIFY statusChanged)
    Q_PROPERTY(QString deviceText READ deviceText NOTIFY statusChanged)
    Q_PROPERTY(int contextSize READ contextSize NOTIFY statusChanged)
    Q_PROPERTY(QString error READ error NOTIFY statusChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(bool hasModels READ hasModels NOTIFY hasModelsChanged)
    Q_PROPERTY(hearth::app::InstalledModelList* installed READ installed CONSTANT)

public:
    /// Where the model stands.
    enum class Status {
        Unloaded, ///< none loaded
        Loading,  ///< being loaded (loadProgress)
        Ready,    ///< loaded: answers can be generated
        Failed,   ///< the last load failed (error says why)
    };
    Q_ENUM(Status)

    ModelController(storage::Database& db, services::ChatEngine& engine, ModelManager* manager,
                    AppSettings& settings, QObject* parent = nullptr);

    static ModelController* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

    Status status() const { return status_; }
    bool ready() const { return status_ == Status::Ready; }
    bool loading() const { return status_ == Status::Loading; }
    double loadProgress() const { return progress_; }
    qint64 modelId() const { return modelId_; }
    QString modelName() const { return name_; }
    QString quantization() const { return quantization_; }
    bool onGpu() const { return loaded_.onGpu; }
    QString deviceText() const;
    int contextSize() const { return int(loaded_.contextSize); }
    QString error() const { return error_; }
    QString notice() const { return notice_; }
    bool hasModels() const;
    InstalledModelList* installed() const;

    /// Loads an installed model (replacing the loaded one).
    Q_INVOKABLE void load(qint64 modelId);
    /// Loads the current (or last failed) model again on the CPU.
    Q_INVOKABLE void loadOnCpu();
    /// Loads the current (or last failed) model again as the settings say.
    Q_INVOKABLE void reload();
    Q_INVOKABLE void unload();
    Q_INVOKABLE void dismissNotice();

    /// The SHA-256 of the loaded model ("" when none), to remember it with a conversation.
    QString modelSha256() const { return sha256_; }
    /// The installed model with this checksum, or -1.
    qint64 findInstalled(const QString& sha256) const;
    /// Loads the model chosen for start-up (the default, else the most recently used).
    void loadStartupModel();
    /// Re-reads the install state (after deleting all data).
    void refresh();

signals:
    void statusChanged();
    void loadProgressChanged();
    void noticeChanged();
    void hasModelsChanged();
    /// A model finished loading.
    void modelLoaded();
    /// The first model installed (on a machine that had none loaded) is loaded: open a chat.
    void firstModelReady();

private:
    void startLoad(qint64 modelId, bool preferGpu);
    void setStatus(Status status);
    void onLoaded(const services::LoadedModel& model);
    void onLoadFailed(const QString& message);
    void onInstalled(qint64 modelId);
    void onRemoved(qint64 modelId);

    storage::Database& db_;
    services::ChatEngine& engine_;
    QPointer<ModelManager> manager_;
    AppSettings& settings_;
    Status status_ = Status::Unloaded;
    double progress_ = -1;
    qint64 modelId_ = -1;
    QString name_;
    QString quantization_;
    QString sha256_;
    QString error_;
    QString notice_;
    services::LoadedModel loaded_;
    bool openChatWhenReady_ = false;
    int loadsInFlight_ = 0; ///< loads asked of the engine and not answered yet
    bool lastPreferGpu_ = true;
    bool lastHasModels_ = false;
};

} // namespace hearth::app
