// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/downloadlistmodel.h"

#include "app/services/downloadmanager.h"
#include "app/services/units.h"
#include "app/viewmodels/modelmanager.h"

#include <QDateTime>
#include <QFileInfo>

namespace hearth::app {
namespace {

using storage::DownloadRecord;
using storage::DownloadState;

constexpr double kMsPerSecond = 1000.0;

bool isActive(DownloadState s) {
    return s == DownloadState::Queued || s == DownloadState::Running ||
           s == DownloadState::Verifying;
}

/// Live figures for a running download; the stored ones for the others.
services::DownloadActivity activityOf(const services::DownloadManager& d, const DownloadRecord& r) {
    if (r.state == DownloadState::Running) {
        return d.activity(r.id);
    }
    services::DownloadActivity a;
    a.bytesDone = r.bytesDone;
    a.bytesTotal = r.bytesTotal;
    return a;
}

QString stateText(DownloadState s) {
    switch (s) {
    case DownloadState::Queued:
        return DownloadListModel::tr("Waiting");
    case DownloadState::Running:
        return DownloadListModel::tr("Downloading");
    case DownloadState::Paused:
        return DownloadListModel::tr("Paused");
    case DownloadState::Verifying:
        return DownloadListModel::tr("Checking");
    case DownloadState::Completed:
        return DownloadListModel::tr("Installed");
    case DownloadState::Failed:
        return DownloadListModel::tr("Failed");
    case DownloadState::Cancelled:
        break;
    }
    return DownloadListModel::tr("Cancelled");
}

} // namespace

DownloadListModel::DownloadListModel(ModelManager& manager, QObject* parent)
    : QAbstractListModel(parent), manager_(manager) {
    if (services::DownloadManager* d = manager_.downloadManager()) {
        connect(d, &services::DownloadManager::added, this, &DownloadListModel::onAdded);
        connect(d, &services::DownloadManager::changed, this, &DownloadListModel::onChanged);
        connect(d, &services::DownloadManager::progressed, this, &DownloadListModel::onProgressed);
        connect(d, &services::DownloadManager::removed, this, &DownloadListModel::onRemoved);
        rows_ = d->downloads();
    }
}

int DownloadListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> DownloadListModel::roleNames() const {
    return {
        {DownloadIdRole, "downloadId"},
        {NameRole, "name"},
        {FileNameRole, "fileName"},
        {UrlRole, "url"},
        {CatalogIdRole, "catalogId"},
        {StateRole, "state"},
        {StateTextRole, "stateText"},
        {BytesDoneRole, "bytesDone"},
        {BytesTotalRole, "bytesTotal"},
        {ProgressRole, "progress"},
        {SpeedRole, "speed"},
        {SpeedTextRole, "speedText"},
        {SecondsLeftRole, "secondsLeft"},
        {TimeLeftTextRole, "timeLeftText"},
        {StatusTextRole, "statusText"},
        {ErrorRole, "error"},
        {RetryingRole, "retrying"},
        {CanPauseRole, "canPause"},
        {CanResumeRole, "canResume"},
        {CanRetryRole, "canRetry"},
        {CanCancelRole, "canCancel"},
    };
}

QString DownloadListModel::statusText(const DownloadRecord& r) const {
    const services::DownloadActivity a = activityOf(*manager_.downloadManager(), r);
    switch (r.state) {
    case DownloadState::Failed:
        return r.error;
    case DownloadState::Completed:
        return tr("Installed \u00b7 %1").arg(services::formatBytes(r.bytesTotal));
    case DownloadState::Verifying:
        return tr("Checking the file\u2026");
    case DownloadState::Queued:
        return tr("Waiting for another download to finish");
    default:
        break;
    }
    if (a.checkingPartial) {
        return tr("Checking the part already downloaded\u2026");
    }
    if (a.retryAtMs > 0) {
        const qint64 seconds = std::max<qint64>(
            0, static_cast<qint64>((static_cast<double>(a.retryAtMs) -
                                    static_cast<double>(QDateTime::currentMSecsSinceEpoch())) /
                                   kMsPerSecond));
        return tr("%1 \u2014 retrying in %2").arg(a.problem, services::formatDuration(seconds));
    }
    QStringList parts;
    parts.append(a.bytesTotal > 0 ? tr("%1 of %2")
                                        .arg(services::formatBytes(a.bytesDone),
                                             services::formatBytes(a.bytesTotal))
                                  : services::formatBytes(a.bytesDone));
    if (r.state == DownloadState::Running && a.bytesPerSecond > 0) {
        parts.append(services::formatRate(a.bytesPerSecond));
    }
    if (r.state == DownloadState::Running && a.secondsLeft >= 0) {
        parts.append(tr("%1 left").arg(services::formatDuration(a.secondsLeft)));
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

QVariant DownloadListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const DownloadRecord& r = rows_[index.row()];
    const services::DownloadManager* d = manager_.downloadManager();
    switch (role) {
    case DownloadIdRole:
        return r.id;
    case Qt::DisplayRole:
    case NameRole:
        return d->displayName(r);
    case FileNameRole:
        return QFileInfo(r.destination).fileName();
    case UrlRole:
        return r.url;
    case CatalogIdRole:
        return r.catalogId;
    case StateRole:
        return storage::downloadStateName(r.state);
    case StateTextRole:
        return stateText(r.state);
    case BytesDoneRole:
        return activityOf(*d, r).bytesDone;
    case BytesTotalRole:
        return activityOf(*d, r).bytesTotal;
    case ProgressRole: {
        if (r.state == DownloadState::Completed) {
            return 1.0;
        }
        const services::DownloadActivity a = activityOf(*d, r);
        return a.bytesTotal > 0
                   ? static_cast<double>(a.bytesDone) / static_cast<double>(a.bytesTotal)
                   : -1.0;
    }
    case SpeedRole:
        return activityOf(*d, r).bytesPerSecond;
    case SpeedTextRole: {
        const double speed = activityOf(*d, r).bytesPerSecond;
        return speed > 0 ? services::formatRate(speed) : QString();
    }
    case SecondsLeftRole:
        return activityOf(*d, r).secondsLeft;
    case TimeLeftTextRole: {
        const qint64 left = activityOf(*d, r).secondsLeft;
        return left >= 0 ? tr("%1 left").arg(services::formatDuration(left)) : QString();
    }
    case StatusTextRole:
        return statusText(r);
    case ErrorRole:
        return r.state == DownloadState::Failed ? r.error : QString();
    case RetryingRole:
        return activityOf(*d, r).retryAtMs > 0;
    case CanPauseRole:
        return r.state == DownloadState::Running || r.state == DownloadState::Queued;
    case CanResumeRole:
        return r.state == DownloadState::Paused;
    case CanRetryRole:
        return r.state == DownloadState::Failed;
    case CanCancelRole:
        return r.state != DownloadState::Completed && r.state != DownloadState::Verifying;
    default:
        return {};
    }
}

int DownloadListModel::activeCount() const {
    return static_cast<int>(std::count_if(
        rows_.begin(), rows_.end(), [](const DownloadRecord& r) { return isActive(r.state); }));
}

double DownloadListModel::totalProgress() const {
    qint64 done = 0;
    qint64 total = 0;
    for (const DownloadRecord& r : rows_) {
        if (isActive(r.state)) {
            const services::DownloadActivity a = activityOf(*manager_.downloadManager(), r);
            done += a.bytesDone;
            total += a.bytesTotal;
        }
    }
    return total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
}

int DownloadListModel::indexOf(qint64 downloadId) const {
    for (int i = 0; i < count(); ++i) {
        if (rows_[i].id == downloadId) {
            return i;
        }
    }
    return -1;
}

void DownloadListModel::onAdded(qint64 id) {
    const auto r = manager_.downloadManager()->download(id);
    if (!r || indexOf(id) >= 0) {
        return;
    }
    beginInsertRows({}, 0, 0);
    rows_.prepend(*r);
    endInsertRows();
    emit countChanged();
    emit activityChanged();
}

void DownloadListModel::onChanged(qint64 id) {
    const int row = indexOf(id);
    const auto r = manager_.downloadManager()->download(id);
    if (row < 0) {
        if (r) {
            onAdded(id);
        }
        return;
    }
    if (!r) {
        onRemoved(id);
        return;
    }
    rows_[row] = *r;
    emit dataChanged(index(row), index(row));
    emit activityChanged();
}

void DownloadListModel::onProgressed(qint64 id) {
    const int row = indexOf(id);
    if (row >= 0) {
        emit dataChanged(index(row), index(row),
                         {BytesDoneRole, BytesTotalRole, ProgressRole, SpeedRole, SpeedTextRole,
                          SecondsLeftRole, TimeLeftTextRole, StatusTextRole, RetryingRole});
        emit activityChanged();
    }
}

void DownloadListModel::onRemoved(qint64 id) {
    const int row = indexOf(id);
    if (row < 0) {
        return;
    }
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    endRemoveRows();
    emit countChanged();
    emit activityChanged();
}

void DownloadListModel::reload() {
    beginResetModel();
    rows_ = manager_.downloadManager() ? manager_.downloadManager()->downloads()
                                       : QList<DownloadRecord>();
    endResetModel();
    emit countChanged();
    emit activityChanged();
}

void DownloadListModel::pause(qint64 downloadId) {
    if (services::DownloadManager* d = manager_.downloadManager()) {
        d->pause(downloadId);
    }
}

void DownloadListModel::resume(qint64 downloadId) {
    if (services::DownloadManager* d = manager_.downloadManager()) {
        d->resume(downloadId);
    }
}

void DownloadListModel::retry(qint64 downloadId) {
    resume(downloadId);
}

void DownloadListModel::cancel(qint64 downloadId) {
    if (services::DownloadManager* d = manager_.downloadManager()) {
        d->cancel(downloadId);
    }
}

void DownloadListModel::remove(qint64 downloadId) {
    cancel(downloadId);
}

void DownloadListModel::clearFinished() {
    if (services::DownloadManager* d = manager_.downloadManager()) {
        d->clearFinished();
    }
}

} // namespace hearth::app
