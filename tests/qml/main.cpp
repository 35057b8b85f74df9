// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the Qt Quick tests in tests/qml with Hearth's QML modules, around a fake engine in a
// temporary data folder.

#include "testbackend.h"

#include "app/services/fakeengine.h"
#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/appinfo.h"
#include "app/viewmodels/appsettings.h"
#include "app/viewmodels/modelmanager.h"

#include <QGuiApplication>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(HearthAppPlugin)
Q_IMPORT_QML_PLUGIN(HearthUiPlugin)

/// Prepares the application and each QML engine the way the app does.
class Setup : public QObject {
    Q_OBJECT

public:
    Setup() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qputenv("HEARTH_DATA_DIR", dataDir_.path().toUtf8());
        // Keeps the platform settings (the next data folder) out of the user's.
        QStandardPaths::setTestModeEnabled(true);
    }

public slots:
    void applicationAvailable() {
        hearth::app::AppInfo::setDataFolderOverride(dataDir_.path());
        auto engine = std::make_unique<hearth::services::FakeEngine>();
        hearth::services::FakeEngine* fake = engine.get();
        context_ = std::make_unique<hearth::app::AppContext>(dataDir_.path(), std::move(engine),
                                                             hearth::app::ModelManager::instance());
        backend_ = std::make_unique<hearth::test::TestBackend>(*context_, *fake, dataDir_.path());
        hearth::test::TestBackend::setInstance(backend_.get());
    }
    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));
        context_->settings()->registerEngine(engine);
    }
    void cleanupTestCase() {
        backend_.reset();
        context_.reset();
    }

private:
    QTemporaryDir dataDir_;
    std::unique_ptr<hearth::app::AppContext> context_;
    std::unique_ptr<hearth::test::TestBackend> backend_;
};

QUICK_TEST_MAIN_WITH_SETUP(hearth_qml, Setup)

#include "main.moc"
