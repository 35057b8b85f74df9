// SPDX-License-Identifier: GPL-3.0-or-later
#include "testbackend.h"

#include "app/services/downloadmanager.h"
#include "app/services/modellibrary.h"
#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/appsettings.h"
#include "app/viewmodels/chatcontroller.h"
#include "app/viewmodels/conversationlistmodel.h"
#include "app/viewmodels/generationoptions.h"
#include "app/viewmodels/installedmodellist.h"
#include "app/viewmodels/modelcontroller.h"
#include "app/viewmodels/modelmanager.h"
#include "storage/conversationstore.h"
#include "storage/messagestore.h"
#include "storage/privacy.h"
#include "tests/common/testmodels.h"
#include "tests/common/testsupport.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QUrl>

#include <QPointer>
#include <QQmlEngine>
#include <filesystem>
#include <system_error>

namespace hearth::test {

namespace {
constexpr int kSettleMs = 5000;
const char* const kTestModel = "models/stories260K-Q8_0.gguf";

QPointer<TestBackend>& current() {
    static QPointer<TestBackend> p;
    return p;
}

/// Runs the event loop until `done` or the deadline.
template <typename F>
void settle(F done) {
    QDeadlineTimer deadline(kSettleMs);
    while (!done() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
}
} // namespace

TestBackend::TestBackend(app::AppContext& context, services::FakeEngine& engine, QString dataFolder,
                         QObject* parent)
    : QObject(parent), context_(context), engine_(engine), dataFolder_(std::move(dataFolder)) {}

TestBackend* TestBackend::create(QQmlEngine*, QJSEngine*) {
    QQmlEngine::setObjectOwnership(current(), QQmlEngine::CppOwnership);
    return current();
}

void TestBackend::setInstance(TestBackend* backend) {
    current() = backend;
}

qint64 TestBackend::reset(bool withModel) {
    app::ChatController* chat = context_.chat();
    engine_.reset();
    settle([chat] { return !chat->generating(); });
    app::ModelManager* manager = context_.modelManager();
    if (services::DownloadManager* downloads = manager->downloadManager()) {
        for (const storage::DownloadRecord& d : downloads->downloads()) {
            downloads->remove(d.id);
        }
    }
    context_.modelController()->unload();
    if (manager->library() != nullptr) {
        for (const storage::ModelRecord& m : manager->library()->list()) {
            manager->installed()->remove(m.id);
        }
    }
    manager->clearError();
    chat->conversations()->commitPendingDelete(true);
    storage::deleteAllConversations(context_.database());
    settle([] { return true; });
    chat->resetAfterDataDeleted();
    context_.settings()->setLanguage(QStringLiteral("en"));
    context_.settings()->setTheme(QStringLiteral("system"));
    context_.settings()->generation()->resetSampling();
    context_.settings()->generation()->setSystemPrompt({});
    return withModel ? installTestModel() : -1;
}

namespace {
/// A paced download of the 370 KB test model takes about three seconds.
constexpr int kSlowChunkBytes = 4 * 1024;
constexpr int kSlowIntervalMs = 30;
} // namespace

qint64 TestBackend::installTestModel() {
    app::ModelManager* manager = context_.modelManager();
    const storage::ModelRecord r = manager->library()->importFile(
        testDataPath(QString::fromLatin1(kTestModel)), services::ImportMode::Copy);
    manager->installed()->refresh();
    context_.modelController()->refresh();
    return r.id;
}

QString TestBackend::serveTestModel(bool slowly) {
    server_.setPace(slowly ? kSlowChunkBytes : 0, slowly ? kSlowIntervalMs : 0);
    QFile f(testDataPath(QString::fromLatin1(kTestModel)));
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return server_.serve(f.readAll()) + QStringLiteral("/stories260K-Q8_0.gguf");
}

QString TestBackend::placeTestModel(const QString& name) const {
    const QString target = tempPath(name);
    QFile::remove(target);
    if (!QFile::copy(testDataPath(QString::fromLatin1(kTestModel)), target)) {
        return {};
    }
    return QUrl::fromLocalFile(target).toString();
}

QString TestBackend::clipboardText() const {
    return QGuiApplication::clipboard()->text();
}

bool TestBackend::sameFile(const QString& a, const QString& b) const {
    std::error_code ec;
    return std::filesystem::equivalent(a.toStdString(), b.toStdString(), ec) && !ec;
}

QString TestBackend::placeTemplatedModel(const QString& name) const {
    const QString target = tempPath(name);
    QFile f(target);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(makeTestModel()) < 0) {
        return {};
    }
    return QUrl::fromLocalFile(target).toString();
}

QStringList TestBackend::installedPaths() const {
    QStringList paths;
    for (const storage::ModelRecord& r : context_.modelManager()->library()->list()) {
        paths << r.filePath;
    }
    return paths;
}

QString TestBackend::tempPath(const QString& name) const {
    return QDir(dataFolder_).filePath(name);
}

bool TestBackend::fileExists(const QString& path) const {
    return QFile::exists(path);
}

QString TestBackend::readFile(const QString& path) const {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

int TestBackend::storedConversations() const {
    return storage::ConversationStore(context_.database()).count();
}

QString TestBackend::storedContent(qint64 messageId) const {
    const auto m = storage::MessageStore(context_.database()).get(messageId);
    return m ? m->content : QString();
}

QString TestBackend::storedState(qint64 messageId) const {
    const auto m = storage::MessageStore(context_.database()).get(messageId);
    return m ? storage::messageStateName(m->state) : QString();
}

} // namespace hearth::test
