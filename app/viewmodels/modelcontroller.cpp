// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/modelcontroller.h"

#include "app/services/modellibrary.h"
#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/appsettings.h"
#include "app/viewmodels/installedmodellist.h"
#include "app/viewmodels/modelmanager.h"
#include "storage/error.h"
#include "storage/modelstore.h"

#include <QQmlEngine>

namespace hearth::app {

ModelController::ModelController(storage::Database& db, services::ChatEngine& engine,
                                 ModelManager* manager, AppSettings& settings, QObject* parent)
    : QObject(parent), db_(db), engine_(engine), manager_(manager), settings_(settings) {
    connect(&engine_, &services::ChatEngine::loadProgress, this, [this](double f) {
        if (status_ == Status::Loading && f != progress_) {
            progress_ = f;
            emit loadProgressChanged();
        }
    });
    connect(&engine_, &services::ChatEngine::loaded, this, &ModelController::onLoaded);
    connect(&engine_, &services::ChatEngine::loadFailed, this, &ModelController::onLoadFailed);
    if (manager_) {
        connect(manager_, &ModelManager::modelInstalled, this, &ModelController::onInstalled);
        connect(manager_, &ModelManager::modelRemoved, this, &ModelController::onRemoved);
        connect(manager_->installed(), &InstalledModelList::countChanged, this, [this] {
            if (hasModels() != lastHasModels_) {
                lastHasModels_ = hasModels();
                emit hasModelsChanged();
            }
        });
    }
    lastHasModels_ = hasModels();
}

ModelController* ModelController::create(QQmlEngine*, QJSEngine*) {
    ModelController* c = AppContext::instance()->modelController();
    QQmlEngine::setObjectOwnership(c, QQmlEngine::CppOwnership);
    return c;
}

QString ModelController::deviceText() const {
    if (status_ != Status::Ready) {
        return {};
    }
    if (loaded_.onGpu) {
        QString name = loaded_.backendName;
        const qsizetype open = name.indexOf(QLatin1Char('('));
        if (open >= 0 && name.endsWith(QLatin1Char(')'))) {
            name = name.mid(open + 1, name.size() - open - 2);
        }
        return tr("GPU: %1").arg(name);
    }
    return tr("CPU");
}

bool ModelController::hasModels() const {
    return manager_ && manager_->installed()->count() > 0;
}

InstalledModelList* ModelController::installed() const {
    return manager_ ? manager_->installed() : nullptr;
}

void ModelController::setStatus(Status status) {
    status_ = status;
    emit statusChanged();
}

void ModelController::load(qint64 modelId) {
    startLoad(modelId, settings_.gpuDevice() != AppSettings::kCpuOnly);
}

void ModelController::loadOnCpu() {
    if (modelId_ >= 0) {
        startLoad(modelId_, false);
    }
}

void ModelController::reload() {
    if (modelId_ >= 0) {
        startLoad(modelId_, lastPreferGpu_ && settings_.gpuDevice() != AppSettings::kCpuOnly);
    }
}

void ModelController::startLoad(qint64 modelId, bool preferGpu) {
    if (!manager_ || manager_->library() == nullptr) {
        error_ = tr("The model library is not available.");
        setStatus(Status::Failed);
        return;
    }
    const std::optional<storage::ModelRecord> record = manager_->library()->get(modelId);
    if (!record) {
        error_ = tr("This model is no longer installed.");
        setStatus(Status::Failed);
        return;
    }
    modelId_ = modelId;
    name_ = record->displayName;
    quantization_ = record->quantization;
    sha256_ = record->sha256;
    error_.clear();
    loaded_ = {};
    progress_ = -1;
    lastPreferGpu_ = preferGpu;
    if (!notice_.isEmpty()) {
        notice_.clear();
        emit noticeChanged();
    }

    services::LoadRequest request;
    request.path = record->filePath;
    request.displayName = record->displayName;
    request.preferGpu = preferGpu;
    request.device = settings_.gpuDevice() >= 0 ? settings_.gpuDevice() : -1;
    request.contextSize = static_cast<uint32_t>(settings_.contextLength());
    ++loadsInFlight_;
    setStatus(Status::Loading);
    emit loadProgressChanged();
    engine_.load(request);
}

void ModelController::onLoaded(const services::LoadedModel& model) {
    if (--loadsInFlight_ > 0) {
        return; // a newer load follows
    }
    loadsInFlight_ = 0;
    if (status_ != Status::Loading) {
        return; // unloaded meanwhile
    }
    loaded_ = model;
    progress_ = 1;
    try {
        storage::ModelStore(db_).markUsed(modelId_);
    } catch (const storage::StorageError& e) {
        qCWarning(services::lcEngine) << "could not record the model's use:" << e.message();
    }
    if (!model.gpuFallbackReason.isEmpty() && !model.noGpu) {
        notice_ = tr("The GPU could not be used (%1), so the model runs on the CPU, more slowly.")
                      .arg(model.gpuFallbackReason);
        emit noticeChanged();
    }
    setStatus(Status::Ready);
    emit loadProgressChanged();
    emit modelLoaded();
    if (openChatWhenReady_) {
        openChatWhenReady_ = false;
        emit firstModelReady();
    }
}

void ModelController::onLoadFailed(const QString& message) {
    if (--loadsInFlight_ > 0) {
        return;
    }
    loadsInFlight_ = 0;
    if (status_ != Status::Loading) {
        return;
    }
    openChatWhenReady_ = false;
    loaded_ = {};
    error_ = tr("%1 could not be loaded: %2").arg(name_, message);
    setStatus(Status::Failed);
}

void ModelController::unload() {
    if (status_ == Status::Unloaded) {
        return;
    }
    engine_.unload();
    loaded_ = {};
    modelId_ = -1;
    name_.clear();
    quantization_.clear();
    sha256_.clear();
    error_.clear();
    progress_ = -1;
    setStatus(Status::Unloaded);
}

void ModelController::dismissNotice() {
    if (!notice_.isEmpty()) {
        notice_.clear();
        emit noticeChanged();
    }
}

qint64 ModelController::findInstalled(const QString& sha256) const {
    if (sha256.isEmpty() || !manager_ || manager_->library() == nullptr) {
        return -1;
    }
    for (const storage::ModelRecord& r : manager_->library()->list()) {
        if (r.sha256.compare(sha256, Qt::CaseInsensitive) == 0) {
            return r.id;
        }
    }
    return -1;
}

void ModelController::loadStartupModel() {
    if (!manager_ || manager_->library() == nullptr || !settings_.loadModelOnStart()) {
        return;
    }
    const QList<storage::ModelRecord> models = manager_->library()->list();
    if (models.isEmpty()) {
        return;
    }
    qint64 id = models.first().id;
    for (const storage::ModelRecord& r : models) {
        if (r.id == settings_.defaultModelId()) {
            id = r.id;
        }
    }
    load(id);
}

void ModelController::onInstalled(qint64 modelId) {
    if (status_ == Status::Unloaded || status_ == Status::Failed) {
        openChatWhenReady_ = true;
        load(modelId);
    }
}

void ModelController::onRemoved(qint64 modelId) {
    if (modelId == modelId_) {
        unload();
    }
}

void ModelController::refresh() {
    if (manager_) {
        manager_->installed()->refresh();
    }
    if (hasModels() != lastHasModels_) {
        lastHasModels_ = hasModels();
        emit hasModelsChanged();
    }
}

} // namespace hearth::app
