// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The state of one active download, shared by the two halves of DownloadManager
// (downloadmanager.cpp: the transfer; downloadqueue.cpp: the queue and the public actions).

#include "app/services/downloadmanager.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <QUrl>

#include <memory>

class QNetworkReply;

namespace hearth::services {

/// What a partial file's name ends with.
inline constexpr const char* kPartSuffix = ".part";

/// The partial file of a download.
inline QString partPath(const storage::DownloadRecord& r) {
    return r.destination + QLatin1String(kPartSuffix);
}

/// One download that holds a concurrent slot: transferring, checking its partial file, or
/// waiting to retry.
struct DownloadManager::Job {
    qint64 id = 0;
    quint64 generation = 0; ///< tells a current asynchronous result from a stale one
    storage::DownloadRecord record;
    QNetworkReply* reply = nullptr;
    QFile part;
    std::shared_ptr<QCryptographicHash> hash =
        std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    QUrl url;          ///< the address of the current request (after redirects)
    int redirects = 0; ///< redirects followed for the current request
    bool headersDone = false;
    qint64 offset = 0;    ///< bytes in the partial file before this response's body
    qint64 received = 0;  ///< body bytes of this response written
    qint64 total = 0;     ///< size the server gave in this response; 0 = not known
    QString announcedSha; ///< SHA-256 from X-Linked-ETag
    qint64 announcedSize = 0;
    int failedAttempts = 0; ///< failed attempts in a row (reset by progress)
    int restarts = 0;       ///< times the file started over (never reset)
    qint64 retryAtMs = 0;
    QString problem;
    bool checkingPartial = false;
    QTimer retryTimer;
    QElapsedTimer clock;
    qint64 sampleBytes = 0;
    qint64 sampleMs = 0;
    qint64 savedMs = 0;
    double speed = 0;

    qint64 bytesDone() const { return offset + received; }
    qint64 bytesTotal() const { return total > 0 ? total : record.bytesTotal; }
};

} // namespace hearth::services
