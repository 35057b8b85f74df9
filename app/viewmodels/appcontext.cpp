// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/appcontext.h"

#include "app/services/chatengine.h"
#include "app/viewmodels/appsettings.h"
#include "app/viewmodels/chatcontroller.h"
#include "app/viewmodels/conversationlistmodel.h"
#include "app/viewmodels/exportcontroller.h"
#include "app/viewmodels/modelcontroller.h"
#include "app/viewmodels/searchmodel.h"
#include "storage/database.h"
#include "storage/error.h"
#include "storage/messagestore.h"
#include "storage/privacy.h"

#include <QPointer>

namespace hearth::app {

namespace {
QPointer<AppContext>& current() {
    static QPointer<AppContext> p;
    return p;
}
} // namespace

AppContext::AppContext(const QString& dataFolder, std::unique_ptr<services::ChatEngine> engine,
                       ModelManager* models, QObject* parent)
    : QObject(parent), dataFolder_(dataFolder), engine_(std::move(engine)), models_(models) {
    storage::OpenResult opened = storage::Database::openInDataDir(dataFolder_);
    if (opened.ok()) {
        db_ = std::move(opened.db);
        notice_ = opened.message;
        try {
            storage::MessageStore(*db_).recoverInterrupted();
            storage::finishPendingScrub(*db_);
            storage::applyRetention(*db_);
        } catch (const storage::StorageError& e) {
            notice_ = e.message();
        }
    } else {
        // Keep the app usable (and say why nothing will be kept) rather than refusing to start.
        error_ = opened.message;
        db_ = storage::Database::openInMemory();
    }

    current() = this;
    settings_ = new AppSettings(*db_, dataFolder_, this);
    settings_->setModelManager(models_);
    modelController_ = new ModelController(*db_, *engine_, models_, *settings_, this);
    chat_ = new ChatController(*db_, *engine_, *modelController_, *settings_, this);
    search_ = new SearchModel(*db_, *chat_, this);
    exporter_ = new ExportController(*db_, *chat_, this);

    connect(settings_, &AppSettings::retranslated, chat_, &ChatController::retranslate);
    connect(settings_, &AppSettings::retranslated, modelController_,
            &ModelController::statusChanged);
    connect(settings_, &AppSettings::allDataDeleted, this, [this] {
        chat_->resetAfterDataDeleted();
        modelController_->refresh();
    });
}

AppContext::~AppContext() {
    shutdown();
    // The view-models refer to the engine and database: destroy them first.
    delete exporter_;
    delete search_;
    delete chat_;
    delete modelController_;
    delete settings_;
    engine_.reset();
    db_.reset();
}

AppContext* AppContext::instance() {
    return current();
}

void AppContext::start() {
    settings_->applyLanguage();
    modelController_->loadStartupModel();
}

void AppContext::shutdown() {
    if (shutDown_) {
        return;
    }
    shutDown_ = true;
    if (exporter_ != nullptr) {
        exporter_->waitForFinished();
    }
    if (chat_ != nullptr) {
        chat_->shutdown();
        chat_->conversations()->commitPendingDelete(true);
    }
}

} // namespace hearth::app
