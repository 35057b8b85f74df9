// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

class ModelManager;

/// The Downloads tab and the sidebar footer's progress: every download, newest first, with
/// progress, speed, time left, state and the reason of a failure, and the actions that fit its
/// state. Rows are updated in place as bytes arrive (dataChanged on that row).
class DownloadListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use ModelManager.downloads")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int activeCount READ activeCount NOTIFY activityChanged)
    Q_PROPERTY(double totalProgress READ totalProgress NOTIFY activityChanged)

public:
    enum Role {
        DownloadIdRole = Qt::UserRole + 1, ///< qint64: the download's id
        NameRole,                          ///< QString: catalog name, else the file name
        FileNameRole,                      ///< QString: file name in the models folder
        UrlRole,                           ///< QString: where it comes from
        CatalogIdRole,                     ///< QString: catalog file id, "" when none
        StateRole,        ///< QString: queued, running, paused, verifying, completed, failed
        StateTextRole,    ///< QString: the state for people ("Waiting", "Paused" ...)
        BytesDoneRole,    ///< qint64: bytes downloaded
        BytesTotalRole,   ///< qint64: size, 0 when not known yet
        ProgressRole,     ///< double: 0..1, or -1 when the size is not known
        SpeedRole,        ///< double: bytes per second, 0 when not transferring
        SpeedTextRole,    ///< QString: "12.4 MB/s", "" when not transferring
        SecondsLeftRole,  ///< qint64: estimated seconds left, -1 when not known
        TimeLeftTextRole, ///< QString: "3 min left", "" when not known
        StatusTextRole,   ///< QString: one line: "412 MB of 1.1 GB · 12 MB/s · 1 min left",
                          ///< "Connection lost — retrying in 8 s", or the error
        ErrorRole,        ///< QString: why it failed, "" otherwise
        RetryingRole,     ///< bool: waiting to retry after a failed attempt
        CanPauseRole,     ///< bool: pause() applies
        CanResumeRole,    ///< bool: resume() applies (paused)
        CanRetryRole,     ///< bool: retry() applies (failed)
        CanCancelRole,    ///< bool: cancel() applies (not completed)
    };
    Q_ENUM(Role)

    explicit DownloadListModel(ModelManager& manager, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    /// Downloads queued, running or verifying.
    int activeCount() const;
    /// Bytes done over bytes to do across the active downloads (0..1; 0 when none).
    double totalProgress() const;

    Q_INVOKABLE void pause(qint64 downloadId);
    Q_INVOKABLE void resume(qint64 downloadId);
    Q_INVOKABLE void retry(qint64 downloadId);
    Q_INVOKABLE void cancel(qint64 downloadId);
    /// Removes a finished or failed download from the list (an installed model stays).
    Q_INVOKABLE void remove(qint64 downloadId);
    Q_INVOKABLE void clearFinished();
    /// Row of a download, -1 when not listed.
    Q_INVOKABLE int indexOf(qint64 downloadId) const;

    /// Reloads every row (after the manager reconnected).
    void reload();

signals:
    void countChanged();
    void activityChanged();

private:
    void onAdded(qint64 id);
    void onChanged(qint64 id);
    void onProgressed(qint64 id);
    void onRemoved(qint64 id);
    QString statusText(const storage::DownloadRecord& record) const;

    ModelManager& manager_;
    QList<storage::DownloadRecord> rows_;
};

} // namespace hearth::app
