// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/downloadmanager.h"

#include "app/services/downloadjob.h"
#include "app/services/httpheaders.h"
#include "app/services/modellibrary.h"
#include "app/services/units.h"
#include "engine/core/error.h"
#include "hearth_version.h"
#include "storage/downloadstore.h"
#include "storage/error.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStorageInfo>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>

namespace hearth::services {

Q_LOGGING_CATEGORY(lcDownloads, "hearth.downloads")

namespace {

using storage::DownloadRecord;
using storage::DownloadState;
using storage::DownloadStore;

constexpr qint64 kHashChunkBytes = 4 * 1024 * 1024;
/// Weight of the newest sample in the smoothed speed.
constexpr double kSpeedSmoothing = 0.3;
constexpr double kMsPerSecond = 1000.0;
constexpr int kHttpOk = 200;
constexpr int kHttpPartial = 206;
constexpr int kHttpFirstRedirect = 300;
constexpr int kHttpFirstClientError = 400;
constexpr int kHttpRangeNotSatisfiable = 416;
int statusOf(QNetworkReply* reply) {
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

/// Hashes the first `bytes` of `path` into `hash`. Returns an error message, or empty.
QString hashPrefix(const QString& path, qint64 bytes, QCryptographicHash* hash) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return f.errorString();
    }
    qint64 left = bytes;
    while (left > 0) {
        const QByteArray chunk = f.read(std::min(left, kHashChunkBytes));
        if (chunk.isEmpty()) {
            return QStringLiteral("the partial file is shorter than expected");
        }
        hash->addData(chunk);
        left -= chunk.size();
    }
    return {};
}

} // namespace

DownloadManager::DownloadManager(storage::Database& db, ModelLibrary& library,
                                 DownloadOptions options, const Catalog* catalog, QObject* parent)
    : QObject(parent), db_(db), library_(library), options_(std::move(options)), catalog_(catalog),
      network_(new QNetworkAccessManager(this)), ticker_(new QTimer(this)) {
    if (!options_.freeSpace) {
        options_.freeSpace = [](const QString& folder) {
            return QStorageInfo(folder).bytesAvailable();
        };
    }
    ticker_->setInterval(options_.progressIntervalMs);
    connect(ticker_, &QTimer::timeout, this, &DownloadManager::tick);
    if (options_.resumeUnfinished) {
        restoreUnfinished();
    }
}

DownloadManager::~DownloadManager() {
    for (auto& [id, job] : jobs_) {
        stopTransfer(*job);
        try {
            saveProgress(*job);
        } catch (const std::exception& e) {
            qCWarning(lcDownloads) << "could not save progress of download" << id << e.what();
        }
    }
}

DownloadManager::Job* DownloadManager::job(qint64 id) {
    const auto it = jobs_.find(id);
    return it == jobs_.end() ? nullptr : it->second.get();
}

void DownloadManager::launch(qint64 id) {
    DownloadStore store(db_);
    const auto record = store.get(id);
    if (!record) {
        return;
    }
    auto owned = std::make_unique<Job>();
    Job& j = *owned;
    j.id = id;
    j.generation = nextGeneration_++;
    j.record = *record;
    j.url = QUrl(record->url);
    j.clock.start();
    j.retryTimer.setSingleShot(true);
    connect(&j.retryTimer, &QTimer::timeout, this, [this, id] {
        guarded(id, [this](Job& waiting) {
            // Every attempt starts at the original address: a redirect target (a CDN's signed
            // address) may have expired.
            waiting.url = QUrl(waiting.record.url);
            waiting.retryAtMs = 0;
            sendRequest(waiting);
        });
    });
    jobs_.emplace(id, std::move(owned));
    store.setState(id, DownloadState::Running);
    j.record.state = DownloadState::Running;
    j.record.error.clear();
    emit changed(id);

    guarded(id, [this](Job& fresh) {
        fresh.part.setFileName(partPath(fresh.record));
        if (!fresh.part.open(QIODevice::ReadWrite)) {
            fail(fresh,
                 QStringLiteral("cannot write %1: %2")
                     .arg(fresh.part.fileName(), fresh.part.errorString()),
                 false);
            return;
        }
        const qint64 existing = fresh.part.size();
        QString message;
        if (!enoughSpace(fresh.record.bytesTotal - existing, &message)) {
            fail(fresh, message, false);
            return;
        }
        const bool validator = !fresh.record.etag.isEmpty() || !fresh.record.lastModified.isEmpty();
        if (existing == 0 || !validator) {
            // Without a validator a resumed file could not be told from a changed one.
            fresh.part.resize(0);
            sendRequest(fresh);
            return;
        }
        // Resume: the hash of the bytes already there is computed again, off this thread.
        fresh.checkingPartial = true;
        emit progressed(fresh.id);
        const quint64 generation = fresh.generation;
        const QString path = fresh.part.fileName();
        const std::shared_ptr<QCryptographicHash> hash = fresh.hash;
        auto* watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this,
                [this, watcher, id = fresh.id, generation, existing] {
                    const QString error = watcher->result();
                    watcher->deleteLater();
                    Job* current = job(id);
                    if (current == nullptr || current->generation != generation) {
                        return;
                    }
                    guarded(id, [&](Job& resumed) {
                        resumed.checkingPartial = false;
                        if (!error.isEmpty()) {
                            qCWarning(lcDownloads) << "partial file unreadable:" << error;
                            resumed.hash->reset();
                            resumed.part.resize(0);
                            resumed.offset = 0;
                        } else {
                            resumed.offset = existing;
                        }
                        sendRequest(resumed);
                    });
                });
        watcher->setFuture(QtConcurrent::run(
            [path, existing, hash] { return hashPrefix(path, existing, hash.get()); }));
    });
}

void DownloadManager::sendRequest(Job& j) {
    j.part.flush();
    j.offset = j.part.size();
    j.received = 0;
    j.total = 0;
    j.headersDone = false;
    j.part.seek(j.offset);
    QNetworkRequest request(j.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(options_.stallTimeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("Hearth/%1").arg(QLatin1String(HEARTH_VERSION)));
    // Compressed bodies would break byte ranges; model files do not compress anyway.
    request.setRawHeader("Accept-Encoding", "identity");
    if (j.offset > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(j.offset) + '-');
        const QString validator = !j.record.etag.isEmpty()
                                      ? QLatin1Char('"') + j.record.etag + QLatin1Char('"')
                                      : j.record.lastModified;
        request.setRawHeader("If-Range", validator.toLatin1());
    }
    QNetworkReply* reply = network_->get(request);
    j.reply = reply;
    const qint64 id = j.id;
    connect(reply, &QNetworkReply::readyRead, this, [this, id, reply] {
        guarded(id, [&](Job& current) {
            if (current.reply != reply) {
                return;
            }
            if (!current.headersDone) {
                // An error page is dealt with once the reply has finished: Qt reports its
                // error then, and aborting before that would report it twice.
                if (statusOf(reply) >= kHttpFirstClientError || !handleHeaders(current, reply)) {
                    return;
                }
            }
            writeBody(current, reply);
        });
    });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { onFinished(id, reply); });
}

bool DownloadManager::handleHeaders(Job& j, QNetworkReply* reply) {
    const int status = statusOf(reply);
    const QString linkedSha = announcedSha256(reply->rawHeader("X-Linked-ETag"));
    if (!linkedSha.isEmpty()) {
        if (!j.record.sha256Expected.isEmpty() && linkedSha != j.record.sha256Expected) {
            // Known before a byte is fetched: the server has another file than the one expected.
            fail(j,
                 QStringLiteral("the server offers a different file than expected (its "
                                "checksum differs), so it was not downloaded"),
                 false);
            return false;
        }
        if (!j.announcedSha.isEmpty() && j.announcedSha != linkedSha && j.offset > 0) {
            j.announcedSha = linkedSha;
            restartFromZero(j, QStringLiteral("the file changed on the server"));
            return false;
        }
        j.announcedSha = linkedSha;
    }
    if (const qint64 size = reply->rawHeader("X-Linked-Size").toLongLong(); size > 0) {
        j.announcedSize = size;
    }
    if (status >= kHttpFirstRedirect && status < kHttpFirstClientError &&
        reply->hasRawHeader("Location")) {
        followRedirect(j, reply);
        return false;
    }
    const QString etag = unquoteEtag(reply->rawHeader("ETag"));
    const QString lastModified = QString::fromLatin1(reply->rawHeader("Last-Modified"));
    if (status == kHttpPartial) {
        const auto range = parseContentRange(reply->rawHeader("Content-Range"));
        const bool changed = !j.record.etag.isEmpty() && !etag.isEmpty() && etag != j.record.etag;
        if (!range || range->first != j.offset || changed) {
            restartFromZero(j, changed
                                   ? QStringLiteral("the file changed on the server")
                                   : QStringLiteral("the server sent another part of the file"));
            return false;
        }
        j.total = range->total > 0 ? range->total : j.announcedSize;
    } else if (status == kHttpOk) {
        if (j.offset > 0) {
            // The server ignored the Range, or If-Range saw a changed file: this body is the
            // whole file, so the partial one is discarded.
            qCInfo(lcDownloads) << "download" << j.id << "starts over: the server sent it whole";
            j.part.resize(0);
            j.part.seek(0);
            j.hash->reset();
            j.offset = 0;
        }
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        j.total = length > 0 ? length : j.announcedSize;
    } else if (status == kHttpRangeNotSatisfiable) {
        restartFromZero(j, QStringLiteral("the server could not continue the partial file"));
        return false;
    } else {
        const QString problem = describeHttpStatus(status);
        if (isTransientStatus(status)) {
            retryLater(j, problem);
        } else {
            fail(j, problem, false);
        }
        return false;
    }
    QString message;
    if (!enoughSpace(j.total - j.offset, &message)) {
        fail(j, message, false);
        return false;
    }
    j.headersDone = true;
    j.record.etag = etag;
    j.record.lastModified = lastModified;
    if (j.total > 0) {
        j.record.bytesTotal = j.total;
    }
    DownloadStore store(db_);
    store.setValidators(j.id, etag, lastModified);
    store.setProgress(j.id, j.bytesDone(), j.bytesTotal());
    return true;
}

void DownloadManager::followRedirect(Job& j, QNetworkReply* reply) {
    const QUrl target = j.url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
    stopTransfer(j);
    if (++j.redirects > options_.maxRedirects) {
        fail(j, QStringLiteral("the server redirected too many times"), false);
        return;
    }
    const QString scheme = target.scheme().toLower();
    if (scheme != QLatin1String("https") &&
        (scheme != QLatin1String("http") || j.url.scheme().toLower() == QLatin1String("https"))) {
        fail(j,
             QStringLiteral("the server redirected to an unsafe address (%1)")
                 .arg(target.toDisplayString()),
             false);
        return;
    }
    j.url = target;
    sendRequest(j);
}

void DownloadManager::writeBody(Job& j, QNetworkReply* reply) {
    if (!reply->isOpen()) {
        return;
    }
    const QByteArray data = reply->readAll();
    if (data.isEmpty()) {
        return;
    }
    if (j.total > 0 && j.bytesDone() + data.size() > j.total) {
        restartFromZero(j, QStringLiteral("the server sent more bytes than it announced"));
        return;
    }
    if (j.part.write(data) != data.size()) {
        fail(j, QStringLiteral("cannot write %1: %2").arg(j.part.fileName(), j.part.errorString()),
             false);
        return;
    }
    j.hash->addData(data);
    j.received += data.size();
    if (j.failedAttempts > 0) {
        j.failedAttempts = 0;
        j.problem.clear();
    }
}

void DownloadManager::onFinished(qint64 id, QNetworkReply* reply) {
    reply->deleteLater();
    guarded(id, [&](Job& j) {
        if (j.reply != reply) {
            return;
        }
        const int status = statusOf(reply);
        if (!j.headersDone && status != 0 && !handleHeaders(j, reply)) {
            return;
        }
        if (j.headersDone) {
            writeBody(j, reply);
            const Job* still = job(id);
            if (still == nullptr || still->reply != reply) {
                return;
            }
        }
        j.reply = nullptr;
        j.redirects = 0;
        j.part.flush();
        if (reply->error() != QNetworkReply::NoError) {
            retryLater(j, reply->errorString());
            return;
        }
        if (j.total > 0 && j.bytesDone() < j.total) {
            retryLater(j, QStringLiteral("the connection ended after %1 of %2")
                              .arg(formatBytes(j.bytesDone()), formatBytes(j.total)));
            return;
        }
        verifyAndInstall(j);
    });
}

void DownloadManager::retryLater(Job& j, const QString& problem) {
    stopTransfer(j);
    j.part.flush();
    saveProgress(j);
    ++j.failedAttempts;
    if (j.failedAttempts > options_.maxAttempts) {
        fail(j,
             QStringLiteral("%1; gave up after %2 attempts (Retry continues where it stopped)")
                 .arg(problem)
                 .arg(options_.maxAttempts),
             false);
        return;
    }
    const int exponent = std::min(j.failedAttempts - 1, 16);
    const qint64 delay =
        std::min<qint64>(qint64(options_.firstRetryDelayMs) << exponent, options_.maxRetryDelayMs);
    j.problem = problem;
    j.retryAtMs = QDateTime::currentMSecsSinceEpoch() + delay;
    j.speed = 0;
    qCInfo(lcDownloads) << "download" << j.id << ":" << problem << "- retrying in" << delay << "ms";
    j.retryTimer.start(static_cast<int>(delay));
    emit progressed(j.id);
}

void DownloadManager::restartFromZero(Job& j, const QString& reason) {
    qCInfo(lcDownloads) << "download" << j.id << "starts over:" << reason;
    stopTransfer(j);
    j.part.resize(0);
    j.part.seek(0);
    j.hash->reset();
    j.offset = 0;
    j.received = 0;
    j.record.etag.clear();
    j.record.lastModified.clear();
    DownloadStore(db_).setValidators(j.id, {}, {});
    j.url = QUrl(j.record.url);
    j.redirects = 0;
    if (++j.restarts > options_.maxAttempts) {
        fail(j, reason + QStringLiteral("; gave up after %1 attempts").arg(options_.maxAttempts),
             true);
        return;
    }
    sendRequest(j);
}

void DownloadManager::verifyAndInstall(Job& j) {
    DownloadStore store(db_);
    store.setState(j.id, DownloadState::Verifying);
    store.setProgress(j.id, j.bytesDone(), j.bytesDone());
    j.record.state = DownloadState::Verifying;
    emit changed(j.id);
    j.part.close();
    const QString digest = QString::fromLatin1(j.hash->result().toHex());
    const QString expected =
        !j.record.sha256Expected.isEmpty() ? j.record.sha256Expected : j.announcedSha;
    if (!expected.isEmpty() && digest != expected) {
        qCWarning(lcDownloads) << "download" << j.id << "checksum" << digest << "expected"
                               << expected;
        fail(j, QStringLiteral("Checksum did not match \u2014 the file was discarded"), true);
        return;
    }
    QString destination = j.record.destination;
    if (QFileInfo::exists(destination)) {
        destination =
            QDir(library_.modelsDir())
                .filePath(unusedFileName(library_.modelsDir(), QFileInfo(destination).fileName()));
    }
    if (!QFile::rename(j.part.fileName(), destination)) {
        fail(j, QStringLiteral("cannot move the finished file to %1").arg(destination), false);
        return;
    }
    ModelOrigin origin;
    origin.displayName = displayName(j.record);
    origin.sourceUrl = j.record.url;
    origin.catalogId = j.record.catalogId;
    origin.sha256 = digest;
    storage::ModelRecord model;
    try {
        model = library_.registerFile(destination, origin);
    } catch (const std::exception& e) {
        QFile::remove(destination);
        fail(j,
             QStringLiteral("the downloaded file is not a model Hearth can use: %1")
                 .arg(QString::fromUtf8(e.what())),
             false);
        return;
    }
    DownloadRecord done = *store.get(j.id);
    done.destination = destination;
    done.bytesDone = j.bytesDone();
    done.bytesTotal = j.bytesDone();
    done.sha256Expected = digest;
    done.state = DownloadState::Completed;
    done.error.clear();
    done.completedAt = QDateTime::currentMSecsSinceEpoch();
    store.update(done);
    qCInfo(lcDownloads) << "download" << j.id << "installed as model" << model.id;
    const qint64 id = j.id;
    finishJob(id);
    emit changed(id);
    emit completed(id, model.id);
}

void DownloadManager::fail(Job& j, const QString& message, bool deletePartial) {
    stopTransfer(j);
    j.part.close();
    if (deletePartial || QFileInfo(j.part.fileName()).size() == 0) {
        QFile::remove(j.part.fileName());
    }
    const qint64 id = j.id;
    qCWarning(lcDownloads) << "download" << id << "failed:" << message;
    try {
        DownloadStore store(db_);
        store.setProgress(id, deletePartial ? 0 : QFileInfo(j.part.fileName()).size(),
                          j.bytesTotal());
        store.setState(id, DownloadState::Failed, message);
    } catch (const storage::StorageError& e) {
        qCWarning(lcDownloads) << "could not record the failure:" << e.what();
    }
    finishJob(id);
    emit changed(id);
    emit failed(id, message);
}

void DownloadManager::stopTransfer(Job& j) {
    j.retryTimer.stop();
    j.retryAtMs = 0;
    if (j.reply != nullptr) {
        QNetworkReply* reply = j.reply;
        j.reply = nullptr;
        reply->disconnect(this);
        // A reply that already failed (an HTTP error status) must not be aborted again.
        if (reply->error() == QNetworkReply::NoError) {
            reply->abort();
        }
        reply->deleteLater();
    }
    j.headersDone = false;
}

void DownloadManager::finishJob(qint64 id) {
    jobs_.erase(id);
    scheduleSoon();
}

void DownloadManager::saveProgress(Job& j) {
    if (j.part.isOpen()) {
        j.part.flush();
    }
    DownloadStore(db_).setProgress(j.id, j.part.isOpen() ? j.part.size() : j.bytesDone(),
                                   j.bytesTotal());
    j.savedMs = j.clock.elapsed();
}

void DownloadManager::tick() {
    std::vector<qint64> ids;
    for (const auto& [id, j] : jobs_) {
        ids.push_back(id);
    }
    for (const qint64 id : ids) {
        guarded(id, [this](Job& j) {
            const qint64 now = j.clock.elapsed();
            const qint64 bytes = j.bytesDone();
            const qint64 dt = now - j.sampleMs;
            if (dt > 0 && j.reply != nullptr) {
                const double rate = static_cast<double>(bytes - j.sampleBytes) * kMsPerSecond /
                                    static_cast<double>(dt);
                j.speed =
                    j.speed <= 0 ? rate : (1 - kSpeedSmoothing) * j.speed + kSpeedSmoothing * rate;
            }
            const bool moved = bytes != j.sampleBytes;
            j.sampleBytes = bytes;
            j.sampleMs = now;
            if (now - j.savedMs >= options_.saveIntervalMs && j.reply != nullptr) {
                saveProgress(j);
            }
            if (moved) {
                emit progressed(j.id);
            }
        });
    }
}

void DownloadManager::guarded(qint64 id, const std::function<void(Job&)>& step) {
    Job* j = job(id);
    if (j == nullptr) {
        return;
    }
    try {
        step(*j);
    } catch (const std::exception& e) {
        // Nothing may escape into Qt's event loop: a database or file error fails the download.
        if (Job* still = job(id)) {
            fail(*still, QString::fromUtf8(e.what()), false);
        }
    }
}

} // namespace hearth::services
