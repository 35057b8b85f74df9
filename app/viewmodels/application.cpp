// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/application.h"

#include "app/viewmodels/appinfo.h"
#include "hearth_version.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QUrl>

namespace hearth::app {

int runApplication(int argc, char* argv[]) {
    QGuiApplication::setOrganizationName(QStringLiteral("Hearth"));
    QGuiApplication::setApplicationName(QStringLiteral("Hearth"));
    QGuiApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.hearth.Hearth"));
    QGuiApplication app(argc, argv);
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/Hearth/Resources/icons/hearth.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Chat offline with small language models on this computer."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"), QStringLiteral("Keep data in <folder> instead of the default."),
        QStringLiteral("folder"));
    parser.addOption(dataDir);
    parser.process(app);
    if (parser.isSet(dataDir)) {
        AppInfo::setDataFolderOverride(parser.value(dataDir));
    }

    // Our controls are styled through palettes; "Basic" honours them on every platform.
    QQuickStyle::setStyle(QStringLiteral("Basic"));

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Hearth/Ui/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        return 1;
    }
    return QGuiApplication::exec();
}

} // namespace hearth::app
