// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the Qt Quick tests in tests/qml with Hearth's QML modules.

#include <QGuiApplication>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(HearthAppPlugin)
Q_IMPORT_QML_PLUGIN(HearthUiPlugin)

/// Prepares each QML engine the way the app does.
class Setup : public QObject {
    Q_OBJECT

public:
    Setup() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qputenv("HEARTH_DATA_DIR", dataDir_.path().toUtf8());
    }

public slots:
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(QStringLiteral("qrc:/")); }

private:
    QTemporaryDir dataDir_;
};

QUICK_TEST_MAIN_WITH_SETUP(hearth_qml, Setup)

#include "main.moc"
