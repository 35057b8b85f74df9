// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/application.h"

#include "app/services/engineservice.h"
#include "app/services/fakeengine.h"
#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/appinfo.h"
#include "app/viewmodels/appsettings.h"
#include "app/viewmodels/modelmanager.h"
#include "app/viewmodels/sendandquit.h"
#include "hearth_version.h"
#include "storage/datadir.h"

#include <QCommandLineParser>
#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QIcon>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QQmlApplicationEngine>
#include <QQmlNetworkAccessManagerFactory>
#include <QQuickStyle>
#include <QUrl>

namespace hearth::app {

namespace {

/// Streaming delay of the fake engine when the app runs on it (HEARTH_FAKE_ENGINE=1).
constexpr int kFakeTokenDelayMs = 40;

/// A network access manager for QML that never leaves the computer: anything but local files
/// and resources is answered with an empty document. Rendered Markdown or any other QML can
/// therefore never load a remote image or page; downloads use their own manager.
class OfflineNetworkAccessManager : public QNetworkAccessManager {
public:
    using QNetworkAccessManager::QNetworkAccessManager;

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request,
                                 QIODevice* data) override {
        const QString scheme = request.url().scheme();
        if (scheme == QLatin1String("file") || scheme == QLatin1String("qrc") ||
            scheme == QLatin1String("data")) {
            return QNetworkAccessManager::createRequest(op, request, data);
        }
        QNetworkRequest blocked(request);
        blocked.setUrl(QUrl(QStringLiteral("data:,")));
        return QNetworkAccessManager::createRequest(op, blocked, data);
    }
};

/// Makes the QML engine's network access managers offline.
class OfflineNetworkFactory : public QQmlNetworkAccessManagerFactory {
public:
    QNetworkAccessManager* create(QObject* parent) override {
        return new OfflineNetworkAccessManager(parent);
    }
};

/// The interface font with fallbacks that cover Hangul, Kana and Han, so Korean renders in a
/// proper Korean face (Noto Sans CJK KR from fonts-noto-cjk) next to the usual Latin one, and
/// emoji in colour (fonts-noto-color-emoji).
void setUpFonts() {
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    QStringList families{font.family()};
    for (const char* fallback :
         {"Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR", "Malgun Gothic",
          "Apple SD Gothic Neo", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Color Emoji"}) {
        families << QString::fromLatin1(fallback);
    }
    font.setFamilies(families);
    QGuiApplication::setFont(font);
}

/// The data folder: --data-dir, else HEARTH_DATA_DIR, else the one chosen in Settings, else
/// the platform's default.
QString chooseDataFolder(const QString& option) {
    if (!option.isEmpty() || qEnvironmentVariableIsSet("HEARTH_DATA_DIR")) {
        return storage::resolveDataDir(option);
    }
    return storage::resolveDataDir(AppSettings::storedDataFolder());
}

} // namespace

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
    const QCommandLineOption sendAndQuit(
        QStringLiteral("send-and-quit"),
        QStringLiteral("For automated checks: once a model is loaded, send <text> in a new chat "
                       "and quit when the answer is saved."),
        QStringLiteral("text"));
    parser.addOption(dataDir);
    parser.addOption(sendAndQuit);
    parser.process(app);

    const QString folder = chooseDataFolder(parser.value(dataDir));
    AppInfo::setDataFolderOverride(folder);
    setUpFonts();
    // Our controls are styled through palettes; "Basic" honours them on every platform.
    QQuickStyle::setStyle(QStringLiteral("Basic"));

    std::unique_ptr<services::ChatEngine> engine;
    if (qEnvironmentVariableIntValue("HEARTH_FAKE_ENGINE") == 1) {
        auto fake = std::make_unique<services::FakeEngine>();
        fake->setTokenDelayMs(kFakeTokenDelayMs);
        engine = std::move(fake);
    } else {
        engine = std::make_unique<services::EngineService>();
    }
    AppContext context(folder, std::move(engine), ModelManager::instance());
    QObject::connect(&app, &QGuiApplication::aboutToQuit, &context, &AppContext::shutdown);

    OfflineNetworkFactory offline;
    QQmlApplicationEngine qml;
    qml.setNetworkAccessManagerFactory(&offline);
    qml.addImportPath(QStringLiteral("qrc:/"));
    context.settings()->registerEngine(&qml);
    context.start();
    QObject::connect(
        &qml, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    qml.load(QUrl(QStringLiteral("qrc:/Hearth/Ui/Main.qml")));
    if (qml.rootObjects().isEmpty()) {
        return 1;
    }

    std::unique_ptr<SendAndQuit> automation;
    if (parser.isSet(sendAndQuit)) {
        automation = std::make_unique<SendAndQuit>(context, parser.value(sendAndQuit));
        automation->begin();
    }
    const int code = QGuiApplication::exec();
    context.shutdown();
    return code;
}

} // namespace hearth::app
