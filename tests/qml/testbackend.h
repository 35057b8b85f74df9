// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/fakeengine.h"
#include "testhttpserver.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace hearth::app {
class AppContext;
}

namespace hearth::test {

/// What the QML tests use besides the app: the fake engine (scripted replies, delays,
/// failures), a clean state for each test, the tiny test model installed or served over local
/// HTTP for the download flow, and small file helpers.
class TestBackend : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(hearth::services::FakeEngine* engine READ engine CONSTANT)
    Q_PROPERTY(QString dataFolder READ dataFolder CONSTANT)

public:
    TestBackend(app::AppContext& context, services::FakeEngine& engine, QString dataFolder,
                QObject* parent = nullptr);

    static TestBackend* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);
    static void setInstance(TestBackend* backend);

    services::FakeEngine* engine() const { return &engine_; }
    QString dataFolder() const { return dataFolder_; }

    /// Stops everything and forgets every conversation, model and setting; English; no model
    /// loaded. With `withModel` the test model is installed again. Returns its id (or -1).
    Q_INVOKABLE qint64 reset(bool withModel);
    /// Copies the tiny test model into the models folder and registers it; returns its id.
    Q_INVOKABLE qint64 installTestModel();
    /// Serves the test model over HTTP on 127.0.0.1; returns its address. `slowly`: a few
    /// seconds per download (paced), long enough to pause or cancel it.
    Q_INVOKABLE QString serveTestModel(bool slowly = false);
    /// Copies the tiny test model to `name` in the temporary data folder (outside the models
    /// folder, like a file a user downloaded elsewhere); returns its file URL.
    Q_INVOKABLE QString placeTestModel(const QString& name) const;
    /// The text on the clipboard.
    Q_INVOKABLE QString clipboardText() const;
    /// Whether two paths name the same file (a hard or symbolic link of each other).
    Q_INVOKABLE bool sameFile(const QString& a, const QString& b) const;
    /// Writes a small random-weight model that carries its own chat template to `name` in the
    /// temporary data folder; returns its file URL.
    Q_INVOKABLE QString placeTemplatedModel(const QString& name) const;
    /// The file paths of the registered models.
    Q_INVOKABLE QStringList installedPaths() const;
    /// A path in the temporary data folder.
    Q_INVOKABLE QString tempPath(const QString& name) const;
    Q_INVOKABLE bool fileExists(const QString& path) const;
    Q_INVOKABLE QString readFile(const QString& path) const;
    /// Conversations in the database.
    Q_INVOKABLE int storedConversations() const;
    /// The stored text of a message.
    Q_INVOKABLE QString storedContent(qint64 messageId) const;
    /// The stored state name of a message ("complete", "stopped" ...).
    Q_INVOKABLE QString storedState(qint64 messageId) const;

private:
    app::AppContext& context_;
    services::FakeEngine& engine_;
    QString dataFolder_;
    TestHttpServer server_;
};

} // namespace hearth::test
