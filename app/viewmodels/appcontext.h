// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace hearth::storage {
class Database;
}
namespace hearth::services {
class ChatEngine;
}

namespace hearth::app {

class AppSettings;
class ChatController;
class ExportController;
class ModelController;
class ModelManager;
class SearchModel;

/// Everything the chat app is made of, owned in one place: the GUI thread's database
/// connection, the engine, and the view-models QML reaches through their singletons (each
/// singleton's create() hands QML the instance of the current AppContext). The app makes one
/// with the real engine; tests make one with a FakeEngine and a temporary data folder.
class AppContext : public QObject {
    Q_OBJECT

public:
    /// Opens the database in `dataFolder` (creating it) and builds the view-models around
    /// `engine`. `models` is the model manager QML uses (not owned). When the database cannot
    /// be opened, ok() is false and error() says why.
    AppContext(const QString& dataFolder, std::unique_ptr<services::ChatEngine> engine,
               ModelManager* models, QObject* parent = nullptr);
    /// Saves an answer still streaming (as interrupted) and finishes pending deletions.
    ~AppContext() override;

    /// The context QML's singletons come from (the most recently created one).
    static AppContext* instance();

    bool ok() const { return db_ != nullptr; }
    QString error() const { return error_; }
    /// What opening the database had to say (recovered from damage ...), "" when nothing.
    QString notice() const { return notice_; }

    storage::Database& database() const { return *db_; }
    services::ChatEngine& engine() const { return *engine_; }
    ModelManager* modelManager() const { return models_; }
    AppSettings* settings() const { return settings_; }
    ChatController* chat() const { return chat_; }
    ModelController* modelController() const { return modelController_; }
    SearchModel* search() const { return search_; }
    ExportController* exporter() const { return exporter_; }

    /// Applies the language and loads the start-up model (when the settings say so).
    void start();
    /// Saves what is streaming (state Interrupted); called when the app quits.
    void shutdown();

private:
    QString dataFolder_;
    QString error_;
    QString notice_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<services::ChatEngine> engine_;
    ModelManager* models_;
    AppSettings* settings_ = nullptr;
    ModelController* modelController_ = nullptr;
    ChatController* chat_ = nullptr;
    SearchModel* search_ = nullptr;
    ExportController* exporter_ = nullptr;
    bool shutDown_ = false;
};

} // namespace hearth::app
