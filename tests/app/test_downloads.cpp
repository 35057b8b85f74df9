// SPDX-License-Identifier: GPL-3.0-or-later
// The download manager against a local HTTP server that serves a generated GGUF: clean
// downloads, dropped connections, server errors, missing files, servers that ignore Range,
// files that change between attempts, short bodies, wrong checksums, redirects, a restart of
// the manager in the middle, too little disk space, the limit of two downloads at once, pause,
// resume and cancel.

#include "app/services/downloadmanager.h"
#include "app/services/modellibrary.h"
#include "engine/core/error.h"
#include "storage/database.h"
#include "storage/downloadstore.h"
#include "tests/common/httptestserver.h"
#include "tests/common/testmodels.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using hearth::services::DownloadManager;
using hearth::services::DownloadOptions;
using hearth::services::DownloadRequest;
using hearth::services::ModelLibrary;
using hearth::storage::DownloadState;
using hearth::test::Fault;
using hearth::test::FaultStep;
using hearth::test::HttpTestServer;
using hearth::test::TestResource;

namespace {

constexpr int kTimeoutMs = 20000;
constexpr int kPollMs = 5;
/// Throttled serving: 16 KiB every 5 ms, so a ~400 KB model takes about 130 ms.
constexpr int kChunk = 16 * 1024;
constexpr int kChunkMs = 5;

QString sha256(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestDownloads : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<hearth::storage::Database> db_;
    std::unique_ptr<ModelLibrary> library_;
    std::unique_ptr<DownloadManager> manager_;
    std::unique_ptr<HttpTestServer> server_;
    QByteArray model_;
    qint64 freeBytes_ = 0;

    DownloadOptions options() {
        DownloadOptions o;
        o.firstRetryDelayMs = 20;
        o.maxRetryDelayMs = 100;
        o.maxAttempts = 4;
        o.stallTimeoutMs = 1500;
        o.progressIntervalMs = 20;
        o.saveIntervalMs = 20;
        o.diskReserveBytes = 0;
        o.freeSpace = [this](const QString&) { return freeBytes_; };
        return o;
    }

    void makeManager(DownloadOptions o) {
        manager_.reset();
        manager_ = std::make_unique<DownloadManager>(*db_, *library_, std::move(o));
    }

    QString modelsDir() const { return dir_->filePath(QStringLiteral("models")); }

    TestResource resource(const QByteArray& body, const QByteArray& etag = "v1",
                          bool throttled = false) {
        TestResource r;
        r.body = body;
        r.etag = etag;
        if (throttled) {
            r.chunkBytes = kChunk;
            r.chunkIntervalMs = kChunkMs;
        }
        return r;
    }

    DownloadRequest request(const QByteArray& path, const QString& sha = {}) {
        DownloadRequest r;
        r.url = server_->url(path);
        r.fileName = QFileInfo(QString::fromLatin1(path)).fileName();
        r.sha256 = sha;
        return r;
    }

    /// Waits until download `id` completes (true) or fails (false).
    bool finishes(qint64 id, QString* error = nullptr) {
        const auto state = [&] { return manager_->download(id)->state; };
        QDeadlineTimer deadline(kTimeoutMs);
        while (state() != DownloadState::Completed && state() != DownloadState::Failed &&
               !deadline.hasExpired()) {
            QTest::qWait(kPollMs);
        }
        if (error != nullptr) {
            *error = manager_->download(id)->error;
        }
        return state() == DownloadState::Completed;
    }

    /// The installed file of a completed download holds exactly `body`.
    void verifyInstalled(qint64 id, const QByteArray& body) {
        const auto record = manager_->download(id);
        QVERIFY(record);
        QCOMPARE(record->state, DownloadState::Completed);
        QCOMPARE(readFile(record->destination), body);
        QVERIFY(!QFileInfo::exists(record->destination + QStringLiteral(".part")));
        const auto models = library_->list();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models[0].sha256, sha256(body));
        QCOMPARE(models[0].filePath, record->destination);
        QCOMPARE(models[0].sourceUrl, record->url);
    }

    void verifyNothingInstalled() {
        QVERIFY(library_->list().isEmpty());
        const QStringList left = QDir(modelsDir()).entryList(QDir::Files);
        for (const QString& f : left) {
            QVERIFY2(f.endsWith(QLatin1String(".part")), qPrintable(f));
        }
    }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        auto opened = hearth::storage::Database::openInDataDir(dir_->path());
        QVERIFY(opened.ok());
        db_ = std::move(opened.db);
        library_ = std::make_unique<ModelLibrary>(*db_, modelsDir());
        server_ = std::make_unique<HttpTestServer>();
        freeBytes_ = qint64(1) << 40;
        makeManager(options());
        model_ = hearth::test::makeTestModel(1);
    }

    void cleanup() {
        manager_.reset();
        library_.reset();
        db_.reset();
        server_.reset();
        dir_.reset();
    }

    void cleanDownload() {
        server_->setResource("/m.gguf", resource(model_));
        QSignalSpy completed(manager_.get(), &DownloadManager::completed);
        const qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        QCOMPARE(completed.size(), 1);
        QCOMPARE(completed[0][1].toLongLong(), library_->list()[0].id);
        const auto requests = server_->requests("/m.gguf");
        QCOMPARE(requests.size(), 1);
        QVERIFY(requests[0].range.isEmpty());
        // The same address again: refused, it is installed.
        QVERIFY_THROWS_EXCEPTION(hearth::Error, manager_->start(request("/m.gguf")));
    }

    void droppedConnectionResumes() {
        server_->setResource("/m.gguf", resource(model_, "v1", true));
        server_->addFaults("/m.gguf", {{Fault::CutAfter, 150000}});
        const qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        const auto requests = server_->requests("/m.gguf");
        QCOMPARE(requests.size(), 2);
        QVERIFY(requests[1].range.startsWith("bytes="));
        const qint64 from = requests[1].range.mid(6).chopped(1).toLongLong();
        QVERIFY2(from > 0 && from <= 150000, requests[1].range.constData());
        QCOMPARE(requests[1].ifRange, QByteArray("\"v1\""));
    }

    void serverErrorIsRetried() {
        server_->setResource("/m.gguf", resource(model_));
        server_->addFaults("/m.gguf", {{Fault::ServerError, 0}, {Fault::ServerError, 0}});
        const qint64 id = manager_->start(request("/m.gguf"));
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        QCOMPARE(server_->requests("/m.gguf").size(), 3);
    }

    void missingFileIsAClearError() {
        QString error;
        const qint64 id = manager_->start(request("/missing.gguf"));
        QVERIFY(!finishes(id, &error));
        QVERIFY2(error.contains(QLatin1String("HTTP 404")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("no file")), qPrintable(error));
        QCOMPARE(server_->requests("/missing.gguf").size(), 1); // not retried
        verifyNothingInstalled();
    }

    void serverIgnoringRangeStartsOver() {
        TestResource r = resource(model_, "v1", true);
        r.ranges = false;
        server_->setResource("/m.gguf", r);
        server_->addFaults("/m.gguf", {{Fault::CutAfter, 100000}});
        const qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        const auto requests = server_->requests("/m.gguf");
        QCOMPARE(requests.size(), 2);
        QVERIFY(!requests[1].range.isEmpty()); // asked for the rest, got everything
    }

    void changedFileStartsOver() {
        DownloadOptions o = options();
        o.firstRetryDelayMs = 300;
        makeManager(o);
        const QByteArray changed = hearth::test::makeTestModel(2);
        server_->setResource("/m.gguf", resource(model_, "v1", true));
        server_->addFaults("/m.gguf", {{Fault::CutAfter, 100000}});
        const qint64 id = manager_->start(request("/m.gguf"));
        QTRY_COMPARE_WITH_TIMEOUT(server_->requests("/m.gguf").size(), 1, kTimeoutMs);
        server_->changeBody("/m.gguf", changed, "v2");
        QVERIFY(finishes(id));
        verifyInstalled(id, changed);
        const auto requests = server_->requests("/m.gguf");
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[1].ifRange, QByteArray("\"v1\"")); // the old validator: 200 came back
    }

    void shortBodyResumes() {
        server_->setResource("/m.gguf", resource(model_));
        server_->addFaults("/m.gguf", {{Fault::ShortBody, 50000}, {Fault::ShortBody, 70000}});
        const qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        QCOMPARE(server_->requests("/m.gguf").size(), 3);
    }

    void bodyThatNeverArrivesGivesUp() {
        server_->setResource("/m.gguf", resource(model_));
        QList<FaultStep> faults;
        for (int i = 0; i < 10; ++i) {
            faults.append({Fault::ShortBody, 0});
        }
        server_->addFaults("/m.gguf", faults);
        QString error;
        const qint64 id = manager_->start(request("/m.gguf"));
        QVERIFY(!finishes(id, &error));
        QVERIFY2(error.contains(QLatin1String("gave up after 4 attempts")), qPrintable(error));
        // Qt itself sends a request again once when a connection closes before any answer.
        QVERIFY(server_->requests("/m.gguf").size() >= options().maxAttempts + 1);
        verifyNothingInstalled();
        // Retry continues once the server behaves.
        server_->clearFaults("/m.gguf");
        manager_->resume(id);
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
    }

    void wrongChecksumIsDiscarded() {
        server_->setResource("/m.gguf", resource(model_));
        QString error;
        const qint64 id = manager_->start(request("/m.gguf", QString(64, QLatin1Char('a'))));
        QVERIFY(!finishes(id, &error));
        QVERIFY2(error.contains(QLatin1String("Checksum did not match")), qPrintable(error));
        const auto record = manager_->download(id);
        QVERIFY(!QFileInfo::exists(record->destination));
        QVERIFY(!QFileInfo::exists(record->destination + QStringLiteral(".part")));
        QVERIFY(library_->list().isEmpty());
    }

    void redirectWithAnnouncedChecksum() {
        server_->setResource("/cdn/blob", resource(model_, "cdn-etag"));
        TestResource hop;
        hop.location = "/cdn/blob";
        hop.headers = {{"X-Linked-ETag", '"' + sha256(model_).toLatin1() + '"'},
                       {"X-Linked-Size", QByteArray::number(model_.size())}};
        server_->setResource("/repo/resolve/main/m.gguf", hop);
        server_->addFaults("/cdn/blob", {{Fault::CutAfter, 120000}});
        const qint64 id = manager_->start(request("/repo/resolve/main/m.gguf"));
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        // Each attempt starts at the original address (a CDN address may expire).
        QCOMPARE(server_->requests("/repo/resolve/main/m.gguf").size(), 2);
        const auto cdn = server_->requests("/cdn/blob");
        QVERIFY(cdn.size() >= 2);
        QVERIFY(cdn.first().range.isEmpty());
        QVERIFY(cdn.last().range.startsWith("bytes="));
        QCOMPARE(cdn.last().ifRange, QByteArray("\"cdn-etag\""));
    }

    void redirectAnnouncingAnotherChecksumIsDiscarded() {
        server_->setResource("/cdn/blob", resource(model_));
        TestResource hop;
        hop.location = server_->url("/cdn/blob").toString().toLatin1(); // absolute address
        hop.headers = {{"X-Linked-ETag", '"' + QByteArray(64, 'b') + '"'}};
        server_->setResource("/m.gguf", hop);
        QString error;
        const qint64 id = manager_->start(request("/m.gguf"));
        QVERIFY(!finishes(id, &error));
        QVERIFY2(error.contains(QLatin1String("Checksum")), qPrintable(error));
        verifyNothingInstalled();
        QVERIFY(!QFileInfo::exists(manager_->download(id)->destination + QStringLiteral(".part")));
    }

    void announcedChecksumOtherThanExpectedStopsEarly() {
        server_->setResource("/cdn/blob", resource(model_));
        TestResource hop;
        hop.location = "/cdn/blob";
        hop.headers = {{"X-Linked-ETag", '"' + QByteArray(64, 'c') + '"'}};
        server_->setResource("/m.gguf", hop);
        QString error;
        const qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QVERIFY(!finishes(id, &error));
        QVERIFY2(error.contains(QLatin1String("different file")), qPrintable(error));
        QVERIFY(server_->requests("/cdn/blob").isEmpty());
        verifyNothingInstalled();
    }

    void restartResumesFromStorage() {
        server_->setResource("/m.gguf", resource(model_, "v1", true));
        qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->activity(id).bytesDone > 100000, kTimeoutMs);
        const QString part = manager_->download(id)->destination + QStringLiteral(".part");
        manager_.reset(); // Hearth quits (or is killed) in the middle
        const auto stored = hearth::storage::DownloadStore(*db_).get(id);
        QCOMPARE(stored->state, DownloadState::Running);
        const qint64 partial = QFileInfo(part).size();
        QVERIFY(partial > 0 && partial < model_.size());
        QCOMPARE(stored->bytesDone, partial);

        makeManager(options()); // the next start resumes by itself
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        const auto requests = server_->requests("/m.gguf");
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[1].range, "bytes=" + QByteArray::number(partial) + '-');
    }

    void notEnoughDiskSpaceIsRefusedBeforeStarting() {
        server_->setResource("/m.gguf", resource(model_));
        freeBytes_ = model_.size() / 2;
        DownloadRequest r = request("/m.gguf");
        r.expectedSize = model_.size();
        try {
            manager_->start(r);
            QFAIL("a download that cannot fit started");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("not enough disk space")),
                     e.what());
        }
        QVERIFY(manager_->downloads().isEmpty());
        QVERIFY(server_->requests("/m.gguf").isEmpty());

        // Size not known in advance: refused when the server tells it, before any byte is kept.
        QString error;
        const qint64 id = manager_->start(request("/m.gguf"));
        QVERIFY(!finishes(id, &error));
        QVERIFY2(error.contains(QLatin1String("not enough disk space")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(manager_->download(id)->destination + QStringLiteral(".part")));
        verifyNothingInstalled();
    }

    void atMostTwoAtOnce() {
        QList<qint64> ids;
        for (int i = 0; i < 3; ++i) {
            const QByteArray path = "/m" + QByteArray::number(i) + ".gguf";
            server_->setResource(path, resource(hearth::test::makeTestModel(10 + i), "e", true));
            ids.append(manager_->start(request(path)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(manager_->runningCount(), 2, kTimeoutMs);
        QCOMPARE(manager_->download(ids[2])->state, DownloadState::Queued);
        for (const qint64 id : ids) {
            QVERIFY(finishes(id));
        }
        QCOMPARE(server_->maxActive(), 2);
        QCOMPARE(library_->list().size(), 3);
    }

    void pauseAndResume() {
        server_->setResource("/m.gguf", resource(model_, "v1", true));
        const qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->activity(id).bytesDone > 50000, kTimeoutMs);
        manager_->pause(id);
        const auto paused = manager_->download(id);
        QCOMPARE(paused->state, DownloadState::Paused);
        QCOMPARE(manager_->runningCount(), 0);
        const qint64 partial = QFileInfo(paused->destination + QStringLiteral(".part")).size();
        QVERIFY(partial > 0);
        manager_->resume(id);
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        QCOMPARE(server_->requests("/m.gguf").last().range,
                 "bytes=" + QByteArray::number(partial) + '-');
    }

    void cancelForgetsEverything() {
        server_->setResource("/m.gguf", resource(model_, "v1", true));
        QSignalSpy removed(manager_.get(), &DownloadManager::removed);
        const qint64 id = manager_->start(request("/m.gguf"));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->activity(id).bytesDone > 0, kTimeoutMs);
        const QString part = manager_->download(id)->destination + QStringLiteral(".part");
        manager_->cancel(id);
        QCOMPARE(removed.size(), 1);
        QVERIFY(!manager_->download(id));
        QVERIFY(!QFileInfo::exists(part));
        QCOMPARE(manager_->runningCount(), 0);
    }

    void stalledConnectionIsRetried() {
        DownloadOptions o = options();
        o.stallTimeoutMs = 300;
        makeManager(o);
        server_->setResource("/m.gguf", resource(model_));
        server_->addFaults("/m.gguf", {{Fault::Stall, 60000}});
        const qint64 id = manager_->start(request("/m.gguf", sha256(model_)));
        QVERIFY(finishes(id));
        verifyInstalled(id, model_);
        QCOMPARE(server_->requests("/m.gguf").size(), 2);
    }

    void progressHasSpeedAndTimeLeft() {
        TestResource r = resource(model_, "v1", true);
        r.chunkIntervalMs = 20;
        server_->setResource("/m.gguf", r);
        const qint64 id = manager_->start(request("/m.gguf"));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->activity(id).bytesPerSecond > 0, kTimeoutMs);
        const auto a = manager_->activity(id);
        QCOMPARE(a.bytesTotal, qint64(model_.size()));
        QVERIFY(a.secondsLeft >= 0);
        QVERIFY(finishes(id));
    }

    void notAModelIsNotRegistered() {
        server_->setResource("/m.gguf", resource(QByteArray(4096, 'x')));
        QString error;
        const qint64 id = manager_->start(request("/m.gguf"));
        QVERIFY(!finishes(id, &error));
        QVERIFY2(error.contains(QLatin1String("not a model Hearth can use")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(manager_->download(id)->destination));
        verifyNothingInstalled();
    }

    void unusableRequestsAreRefused() {
        DownloadRequest r = request("/m.gguf");
        r.fileName = QStringLiteral("notes.txt");
        QVERIFY_THROWS_EXCEPTION(hearth::Error, manager_->start(r));
        r = request("/m.gguf");
        r.url = QUrl(QStringLiteral("ftp://example.invalid/m.gguf"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, manager_->start(r));
        QVERIFY(manager_->downloads().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDownloads)
#include "test_downloads.moc"
