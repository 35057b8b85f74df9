// SPDX-License-Identifier: GPL-3.0-or-later
// DownloadManager's queue and public actions: start, pause, resume, cancel, the restore after a
// restart, and the queries. The transfer itself is in downloadmanager.cpp.

#include "app/services/catalog.h"
#include "app/services/downloadjob.h"
#include "app/services/modellibrary.h"
#include "app/services/units.h"
#include "engine/core/error.h"
#include "storage/downloadstore.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace hearth::services {

using storage::DownloadRecord;
using storage::DownloadState;
using storage::DownloadStore;

void DownloadManager::restoreUnfinished() {
    DownloadStore store(db_);
    for (const DownloadRecord& r : store.unfinished()) {
        if (r.state == DownloadState::Running || r.state == DownloadState::Verifying ||
            r.state == DownloadState::Queued) {
            store.setState(r.id, DownloadState::Queued);
            queue_.append(r.id);
        }
    }
    scheduleSoon();
}

QString DownloadManager::displayName(const DownloadRecord& record) const {
    if (catalog_ != nullptr && !record.catalogId.isEmpty()) {
        const CatalogMatch m = catalog_->find(record.catalogId);
        if (m.file != nullptr) {
            return m.entry->name + QStringLiteral(" \u00b7 ") + m.file->quantization;
        }
    }
    return QFileInfo(record.destination).completeBaseName();
}

bool DownloadManager::enoughSpace(qint64 bytesNeeded, QString* message) const {
    if (bytesNeeded <= 0) {
        return true;
    }
    const qint64 free = options_.freeSpace(library_.modelsDir());
    if (free < 0 || free >= bytesNeeded + options_.diskReserveBytes) {
        return true;
    }
    *message = QStringLiteral("not enough disk space: the model needs %1 more and only %2 is free "
                              "in %3")
                   .arg(formatBytes(bytesNeeded + options_.diskReserveBytes), formatBytes(free),
                        QDir::toNativeSeparators(library_.modelsDir()));
    return false;
}

QString DownloadManager::chooseDestination(const QString& fileName) const {
    const QDir dir(library_.modelsDir());
    const QList<DownloadRecord> pending = DownloadStore(db_).unfinished();
    const QFileInfo fi(fileName);
    for (int n = 1;; ++n) {
        const QString name =
            n == 1 ? fileName
                   : QStringLiteral("%1-%2.%3").arg(fi.completeBaseName()).arg(n).arg(fi.suffix());
        const QString path = dir.filePath(name);
        const bool taken =
            QFileInfo::exists(path) || QFileInfo::exists(path + QLatin1String(kPartSuffix)) ||
            std::any_of(pending.begin(), pending.end(),
                        [&](const DownloadRecord& r) { return r.destination == path; });
        if (!taken) {
            return path;
        }
    }
}

qint64 DownloadManager::start(const DownloadRequest& request) {
    const QString scheme = request.url.scheme().toLower();
    if (!request.url.isValid() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        throw Error("only http and https addresses can be downloaded");
    }
    if (!request.fileName.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive) ||
        request.fileName.contains(QLatin1Char('/')) ||
        request.fileName.contains(QLatin1Char('\\'))) {
        throw Error("only GGUF model files (*.gguf) can be downloaded");
    }
    const QString url = request.url.toString(QUrl::FullyEncoded);
    if (const auto installed = library_.findInstalled(request.catalogId, url)) {
        throw Error(QStringLiteral("already installed as \"%1\" (model %2): %3")
                        .arg(installed->displayName)
                        .arg(installed->id)
                        .arg(installed->filePath)
                        .toStdString());
    }
    DownloadStore store(db_);
    for (const DownloadRecord& r : store.unfinished()) {
        if (r.url != url) {
            continue;
        }
        if (!request.sha256.isEmpty() && r.sha256Expected.isEmpty()) {
            DownloadRecord updated = r;
            updated.sha256Expected = request.sha256;
            store.update(updated);
        }
        if (!jobs_.count(r.id) && !queue_.contains(r.id)) {
            resume(r.id);
        }
        return r.id;
    }
    QString message;
    if (!enoughSpace(request.expectedSize, &message)) {
        throw Error(message.toStdString());
    }
    if (!QDir().mkpath(library_.modelsDir())) {
        throw Error("cannot create the models folder " + library_.modelsDir().toStdString());
    }
    DownloadRecord r;
    r.url = url;
    r.destination = chooseDestination(request.fileName);
    r.bytesTotal = request.expectedSize;
    r.sha256Expected = request.sha256.toLower();
    r.catalogId = request.catalogId;
    r.state = DownloadState::Queued;
    const DownloadRecord saved = store.add(r);
    qCInfo(lcDownloads) << "download" << saved.id << "of" << url << "to" << saved.destination;
    queue_.append(saved.id);
    emit added(saved.id);
    scheduleSoon();
    return saved.id;
}

void DownloadManager::scheduleSoon() {
    if (!scheduled_) {
        scheduled_ = true;
        QTimer::singleShot(0, this, [this] {
            scheduled_ = false;
            schedule();
        });
    }
}

void DownloadManager::schedule() {
    while (runningCount() < options_.maxConcurrent && !queue_.isEmpty()) {
        launch(queue_.takeFirst());
    }
    if (jobs_.empty()) {
        ticker_->stop();
    } else if (!ticker_->isActive()) {
        ticker_->start();
    }
}

void DownloadManager::pause(qint64 id) {
    DownloadStore store(db_);
    if (Job* j = job(id)) {
        stopTransfer(*j);
        saveProgress(*j);
        j->part.close();
        finishJob(id);
    } else if (!queue_.removeOne(id)) {
        const auto r = store.get(id);
        if (!r || r->state != DownloadState::Queued) {
            return;
        }
    }
    store.setState(id, DownloadState::Paused);
    emit changed(id);
}

void DownloadManager::resume(qint64 id) {
    const auto r = DownloadStore(db_).get(id);
    if (!r || jobs_.count(id) || queue_.contains(id) || r->state == DownloadState::Completed) {
        return;
    }
    DownloadStore(db_).setState(id, DownloadState::Queued);
    queue_.append(id);
    emit changed(id);
    scheduleSoon();
}

void DownloadManager::cancel(qint64 id) {
    DownloadStore store(db_);
    const auto r = store.get(id);
    if (!r) {
        return;
    }
    if (Job* j = job(id)) {
        stopTransfer(*j);
        j->part.close();
        finishJob(id);
    }
    queue_.removeOne(id);
    if (r->state != DownloadState::Completed) {
        QFile::remove(partPath(*r));
    }
    store.remove(id);
    emit removed(id);
}

void DownloadManager::remove(qint64 id) {
    cancel(id);
}

void DownloadManager::clearFinished() {
    for (const DownloadRecord& r : DownloadStore(db_).list()) {
        if (r.state == DownloadState::Completed) {
            cancel(r.id);
        }
    }
}

QList<DownloadRecord> DownloadManager::downloads() const {
    QList<DownloadRecord> out = DownloadStore(db_).list();
    for (DownloadRecord& r : out) {
        const auto it = jobs_.find(r.id);
        if (it != jobs_.end()) {
            r.bytesDone = it->second->bytesDone();
            r.bytesTotal = it->second->bytesTotal();
        }
    }
    return out;
}

std::optional<DownloadRecord> DownloadManager::download(qint64 id) const {
    auto r = DownloadStore(db_).get(id);
    const auto it = jobs_.find(id);
    if (r && it != jobs_.end()) {
        r->bytesDone = it->second->bytesDone();
        r->bytesTotal = it->second->bytesTotal();
    }
    return r;
}

DownloadActivity DownloadManager::activity(qint64 id) const {
    DownloadActivity a;
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) {
        if (const auto r = DownloadStore(db_).get(id)) {
            a.bytesDone = r->bytesDone;
            a.bytesTotal = r->bytesTotal;
        }
        return a;
    }
    const Job& j = *it->second;
    a.bytesDone = j.bytesDone();
    a.bytesTotal = j.bytesTotal();
    a.bytesPerSecond = j.reply != nullptr ? j.speed : 0;
    if (a.bytesPerSecond > 0 && a.bytesTotal > 0) {
        a.secondsLeft =
            static_cast<qint64>(static_cast<double>(a.bytesTotal - a.bytesDone) / a.bytesPerSecond);
    }
    a.failedAttempts = j.failedAttempts;
    a.retryAtMs = j.retryAtMs;
    a.problem = j.problem;
    a.checkingPartial = j.checkingPartial;
    return a;
}

} // namespace hearth::services
