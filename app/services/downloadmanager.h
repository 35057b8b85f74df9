// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/modelsource.h"
#include "storage/types.h"

#include <QList>
#include <QLoggingCategory>
#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace hearth::storage {
class Database;
}

namespace hearth::services {

Q_DECLARE_LOGGING_CATEGORY(lcDownloads)

class Catalog;
class ModelLibrary;

/// Tuning of the download manager. Tests shorten the delays and replace the disk-space query.
struct DownloadOptions {
    static constexpr qint64 kMiB = 1024 * 1024;

    int maxConcurrent = 2;        ///< downloads running at once; the others wait in a queue
    int maxAttempts = 8;          ///< failed attempts in a row (no byte gained) before giving up
    int firstRetryDelayMs = 2000; ///< back-off before the first retry, doubled each time ...
    int maxRetryDelayMs = 60000;  ///< ... up to this
    int stallTimeoutMs = 30000;   ///< no byte for this long counts as a dropped connection
    int maxRedirects = 10;        ///< redirects followed for one request
    qint64 diskReserveBytes = 256 * kMiB; ///< space that must stay free beyond the file
    int progressIntervalMs = 500;         ///< how often speed and time left are recomputed
    int saveIntervalMs = 2000;            ///< how often progress is written to the database
    bool resumeUnfinished = true;         ///< on start, resume stored downloads that were running
    /// Free bytes in a folder; the default asks QStorageInfo.
    std::function<qint64(const QString& folder)> freeSpace;
};

/// Live figures of a download, not stored (speed, time left, retry back-off).
struct DownloadActivity {
    qint64 bytesDone = 0;         ///< bytes in the partial file (or the whole file when done)
    qint64 bytesTotal = 0;        ///< 0 = not known yet
    double bytesPerSecond = 0;    ///< smoothed over a few seconds; 0 when not transferring
    qint64 secondsLeft = -1;      ///< -1 = not known
    int failedAttempts = 0;       ///< failed attempts in a row
    qint64 retryAtMs = 0;         ///< waiting to retry: when (ms since the epoch); 0 = not waiting
    QString problem;              ///< why the last attempt failed (while retrying)
    bool checkingPartial = false; ///< re-reading the partial file before resuming
};

/// Downloads model files into the models folder, resumably and verified.
///
/// Each download writes `<destination>.part` and keeps its state in the database
/// (storage::DownloadStore), so that it resumes after a pause, a lost connection, a server
/// error or a restart of Hearth: the request then asks for the rest with an HTTP Range and an
/// If-Range validator (the ETag, else Last-Modified), so a file that changed on the server
/// starts over instead of being spliced. A server that ignores the Range (200 instead of 206)
/// also starts over from its first byte. Redirects are followed (Hugging Face sends downloads
/// to a CDN); a Hugging Face redirect announces the file's SHA-256 (X-Linked-ETag) and size
/// (X-Linked-Size).
///
/// SHA-256 is computed while the bytes stream in. On resume the partial file is hashed again
/// once on a worker thread (the hash state cannot be stored), which also catches a partial
/// file that was changed on disk. The finished file must match the catalog's checksum, else
/// the one the server announced; a file that does not is deleted and never registered. A file
/// that matches is renamed into place and registered in the ModelLibrary, which validates it
/// with the engine's GGUF reader.
///
/// At most DownloadOptions::maxConcurrent downloads run at once; the others wait their turn.
/// Failed attempts are retried with exponential back-off; after maxAttempts in a row without
/// progress the download fails (its partial file is kept, so Retry continues where it was).
/// Disk space is checked before starting and again when the server tells the size. Only
/// downloads the user started touch the network.
class DownloadManager : public QObject {
    Q_OBJECT

public:
    /// `catalog` (optional) names catalog downloads.
    DownloadManager(storage::Database& db, ModelLibrary& library, DownloadOptions options = {},
                    const Catalog* catalog = nullptr, QObject* parent = nullptr);
    /// Stops transfers without changing their stored state, so the next start resumes them.
    ~DownloadManager() override;

    /// Starts a download, or resumes the unfinished one of the same address. Returns its id.
    /// Throws hearth::Error for an unusable request, a model that is already installed, or
    /// not enough disk space for the expected size.
    qint64 start(const DownloadRequest& request);
    /// Stops a running or queued download; it keeps its partial file.
    void pause(qint64 id);
    /// Queues a paused or failed download again.
    void resume(qint64 id);
    /// Stops a download, deletes its partial file and forgets it.
    void cancel(qint64 id);
    /// Forgets a download: a finished one stays installed; an unfinished one is cancelled.
    void remove(qint64 id);
    /// Forgets every completed download.
    void clearFinished();

    /// Every download, newest first, with live byte counts.
    QList<storage::DownloadRecord> downloads() const;
    std::optional<storage::DownloadRecord> download(qint64 id) const;
    DownloadActivity activity(qint64 id) const;
    /// Downloads transferring or about to (holding one of the concurrent slots).
    int runningCount() const { return static_cast<int>(jobs_.size()); }
    const DownloadOptions& options() const { return options_; }
    /// The name to show for a download: its catalog name, else its file name.
    QString displayName(const storage::DownloadRecord& record) const;

signals:
    void added(qint64 id);
    /// The state, error or anything else stored changed.
    void changed(qint64 id);
    /// Bytes, speed or time left changed (at most every progressIntervalMs).
    void progressed(qint64 id);
    /// Verified and registered as model `modelId`.
    void completed(qint64 id, qint64 modelId);
    void failed(qint64 id, const QString& message);
    void removed(qint64 id);

private:
    struct Job;

    void restoreUnfinished();
    void scheduleSoon();
    void schedule();
    void launch(qint64 id);
    void sendRequest(Job& job);
    bool handleHeaders(Job& job, QNetworkReply* reply);
    void followRedirect(Job& job, QNetworkReply* reply);
    void writeBody(Job& job, QNetworkReply* reply);
    void onFinished(qint64 id, QNetworkReply* reply);
    void retryLater(Job& job, const QString& problem);
    void restartFromZero(Job& job, const QString& reason);
    void verifyAndInstall(Job& job);
    void fail(Job& job, const QString& message, bool deletePartial);
    void stopTransfer(Job& job);
    void finishJob(qint64 id);
    void tick();
    void saveProgress(Job& job);
    void guarded(qint64 id, const std::function<void(Job&)>& step);
    bool enoughSpace(qint64 bytesNeeded, QString* message) const;
    QString chooseDestination(const QString& fileName) const;
    Job* job(qint64 id);

    storage::Database& db_;
    ModelLibrary& library_;
    DownloadOptions options_;
    const Catalog* catalog_;
    QNetworkAccessManager* network_;
    QTimer* ticker_;
    std::map<qint64, std::unique_ptr<Job>> jobs_;
    QList<qint64> queue_;
    bool scheduled_ = false;
    quint64 nextGeneration_ = 1;
};

} // namespace hearth::services
