// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QQmlEngine;
class QJSEngine;

namespace hearth::storage {
class Database;
}

namespace hearth::app {

class ChatController;

/// The export dialog and JSON import: exports the open conversation or all of them as
/// Markdown, JSON, HTML or plain text, and imports a JSON export. The work runs on a worker
/// thread with its own database connection; `busy` is true meanwhile, and finished() reports
/// the outcome in a sentence for a toast.
class ExportController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    /// Share of the running export done, 0 to 1 (-1: unknown, e.g. an import).
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString lastMessage READ lastMessage NOTIFY finished)
    Q_PROPERTY(QUrl lastFolder READ lastFolder NOTIFY finished)
    Q_PROPERTY(bool lastSucceeded READ lastSucceeded NOTIFY finished)

public:
    ExportController(storage::Database& db, ChatController& chat, QObject* parent = nullptr);
    ~ExportController() override;

    static ExportController* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

    bool busy() const { return watcher_.isRunning(); }
    double progress() const { return progress_; }
    QString lastMessage() const { return lastMessage_; }
    QUrl lastFolder() const { return lastFolder_; }
    bool lastSucceeded() const { return lastSucceeded_; }

    /// Writes an export to `file` (a path or a file:// URL). `format`: "md", "json", "html" or
    /// "txt". `all`: every conversation, else the open one. False when it cannot start (busy,
    /// nothing to export).
    Q_INVOKABLE bool exportTo(const QString& file, const QString& format, bool all,
                              bool includeSystemPrompts, bool includeAllVersions);
    /// Imports the conversations of a JSON export (a path or a file:// URL).
    Q_INVOKABLE bool importFrom(const QString& file);
    /// A path to suggest: the conversation's title (or "Hearth chats") with the format's
    /// extension, in the documents folder.
    Q_INVOKABLE QString suggestedFile(const QString& format, bool all) const;
    /// The local path of a file:// URL (from a file dialog); other text is returned as is.
    Q_INVOKABLE QString toLocalPath(const QString& urlOrPath) const;
    /// Waits for the running export or import (tests, quitting).
    void waitForFinished();

signals:
    void busyChanged();
    void progressChanged();
    /// An export or import ended; `message` says how, for a toast.
    void finished(bool success, const QString& message);

private:
    /// What the worker reports.
    struct Outcome {
        bool ok = false;
        bool import = false;
        int conversations = 0;
        int messages = 0;
        QString path;
        QString error;
    };

    bool start(std::function<Outcome()> job);
    void onDone();
    void setProgress(double value);

    storage::Database& db_;
    ChatController& chat_;
    QFutureWatcher<Outcome> watcher_;
    QString lastMessage_;
    QUrl lastFolder_;
    bool lastSucceeded_ = false;
    double progress_ = -1.0;
};

} // namespace hearth::app
