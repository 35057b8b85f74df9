// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/exportcontroller.h"

#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/chatcontroller.h"
#include "app/viewmodels/conversationlistmodel.h"
#include "storage/database.h"
#include "storage/error.h"
#include "storage/export.h"
#include "storage/import.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QQmlEngine>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>

namespace hearth::app {

namespace {

/// Characters a file name must not contain on any common system.
const QRegularExpression& unsafeFileChars() {
    static const QRegularExpression re(QStringLiteral("[\\\\/:*?\"<>|\\x00-\\x1f]+"));
    return re;
}

/// Opens another connection to `path` for the worker.
std::unique_ptr<storage::Database> openWorkerConnection(const QString& path) {
    storage::OpenOptions options;
    options.checkIntegrity = false;
    options.recoverDamaged = false;
    storage::OpenResult opened = storage::Database::open(path, options);
    if (!opened.ok()) {
        throw storage::StorageError(opened.errorKind, opened.message);
    }
    return std::move(opened.db);
}

} // namespace

ExportController::ExportController(storage::Database& db, ChatController& chat, QObject* parent)
    : QObject(parent), db_(db), chat_(chat) {
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &ExportController::onDone);
}

ExportController::~ExportController() {
    waitForFinished();
}

ExportController* ExportController::create(QQmlEngine*, QJSEngine*) {
    ExportController* e = AppContext::instance()->exporter();
    QQmlEngine::setObjectOwnership(e, QQmlEngine::CppOwnership);
    return e;
}

void ExportController::waitForFinished() {
    watcher_.waitForFinished();
}

bool ExportController::start(std::function<Outcome()> job) {
    if (busy()) {
        return false;
    }
    watcher_.setFuture(QtConcurrent::run(std::move(job)));
    emit busyChanged();
    return true;
}

bool ExportController::exportTo(const QString& file, const QString& format, bool all,
                                bool includeSystemPrompts, bool includeAllVersions) {
    const std::optional<storage::ExportFormat> f = storage::exportFormatFromName(format);
    const QString path = toLocalPath(file).trimmed();
    const qint64 conversation = all ? 0 : chat_.conversationId();
    if (!f || path.isEmpty() || (!all && conversation == 0)) {
        return false;
    }
    storage::ExportOptions options = storage::ExportOptions::defaultsFor(*f);
    options.conversationId = conversation;
    options.includeSystemPrompts = includeSystemPrompts;
    options.includeAllVersions = includeAllVersions;
    if (busy()) {
        return false;
    }
    // Progress from the worker thread, at most once per percent, delivered on this thread.
    auto reported = std::make_shared<std::atomic<int>>(-1);
    QPointer<ExportController> self(this);
    options.progress = [self, reported](double share) {
        const int percent = static_cast<int>(share * 100.0);
        if (percent <= reported->exchange(percent)) {
            return;
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, share] {
                if (self) {
                    self->setProgress(share);
                }
            },
            Qt::QueuedConnection);
    };
    setProgress(0.0);
    const QString dbPath = db_.path();
    storage::Database* mainDb = dbPath.isEmpty() ? &db_ : nullptr;
    return start([dbPath, mainDb, path, options] {
        Outcome out;
        out.path = path;
        try {
            std::unique_ptr<storage::Database> own;
            storage::Database* db = mainDb;
            if (db == nullptr) {
                own = openWorkerConnection(dbPath);
                db = own.get();
            }
            const storage::ExportSummary s = storage::exportToFile(*db, path, options);
            out.ok = true;
            out.conversations = s.conversations;
            out.messages = s.messages;
        } catch (const storage::StorageError& e) {
            out.error = e.message();
        }
        return out;
    });
}

bool ExportController::importFrom(const QString& file) {
    const QString path = toLocalPath(file).trimmed();
    if (path.isEmpty()) {
        return false;
    }
    if (busy()) {
        return false;
    }
    setProgress(-1.0); // an import's length is not known up front
    const QString dbPath = db_.path();
    storage::Database* mainDb = dbPath.isEmpty() ? &db_ : nullptr;
    return start([dbPath, mainDb, path] {
        Outcome out;
        out.import = true;
        out.path = path;
        try {
            std::unique_ptr<storage::Database> own;
            storage::Database* db = mainDb;
            if (db == nullptr) {
                own = openWorkerConnection(dbPath);
                db = own.get();
            }
            const storage::ImportSummary s = storage::importJsonFile(*db, path);
            out.ok = true;
            out.conversations = s.conversations;
            out.messages = s.messages;
        } catch (const storage::StorageError& e) {
            out.error = e.message();
        }
        return out;
    });
}

QString ExportController::suggestedFile(const QString& format, bool all) const {
    const std::optional<storage::ExportFormat> f = storage::exportFormatFromName(format);
    const QString ext = storage::exportFormatExtension(f.value_or(storage::ExportFormat::Markdown));
    QString base = all || chat_.conversationId() == 0 ? tr("Hearth chats") : chat_.title();
    base.replace(unsafeFileChars(), QStringLiteral(" "));
    base = base.simplified();
    if (base.isEmpty()) {
        base = QStringLiteral("Hearth");
    }
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir()) {
        folder = QDir::homePath();
    }
    return QDir(folder).filePath(base + QLatin1Char('.') + ext);
}

QString ExportController::toLocalPath(const QString& urlOrPath) const {
    if (urlOrPath.startsWith(QLatin1String("file:"))) {
        return QUrl(urlOrPath).toLocalFile();
    }
    return urlOrPath;
}

void ExportController::setProgress(double value) {
    if (value != progress_) {
        progress_ = value;
        emit progressChanged();
    }
}

void ExportController::onDone() {
    const Outcome out = watcher_.result();
    lastSucceeded_ = out.ok;
    lastFolder_ = QUrl::fromLocalFile(QFileInfo(out.path).absolutePath());
    if (!out.ok) {
        lastMessage_ = out.import ? tr("Import failed: %1").arg(out.error)
                                  : tr("Export failed: %1").arg(out.error);
    } else if (out.import) {
        lastMessage_ = tr("Imported %n conversation(s).", nullptr, out.conversations);
        chat_.conversations()->reload();
    } else {
        lastMessage_ = tr("Exported %n conversation(s) to %1.", nullptr, out.conversations)
                           .arg(QFileInfo(out.path).fileName());
    }
    emit busyChanged();
    emit finished(out.ok, lastMessage_);
}

} // namespace hearth::app
