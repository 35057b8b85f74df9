// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety: a writer process (hearth_storage_writer) is killed with SIGKILL at random
// moments, hundreds of times, on the same database. After every kill the database must open
// without repair, pass PRAGMA integrity_check and the search index's own check, and hold every
// message the writer reported as committed, with at least the text it reported.

#include "storage/database.h"
#include "storage/statement.h"
#include "tests/storage/streamtext.h"

#include <QCoreApplication>
#include <QDir>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace hearth::storage;

namespace {

constexpr int kRuns = 200;
/// Every this many runs the writer starts on a new file, so kills also land in the creation
/// and migration of a database.
constexpr int kRunsPerFile = 40;
/// One kill in kEarlyKillEvery lands anywhere in the first kMaxEarlyDelayMs (start-up, opening,
/// migrating); the others land up to kMaxDelayMs after the writer's first commit.
constexpr int kEarlyKillEvery = 5;
constexpr int kMaxEarlyDelayMs = 60;
constexpr int kMaxDelayMs = 60;
constexpr int kStartTimeoutMs = 10000;
constexpr quint32 kSeed = 0x5EED;

/// What the writer reported about one message.
struct Expected {
    qint64 conversation = 0;
    quint32 seed = 0;
    int minLength = 0;
};

/// Everything reported by the writers so far for one database file.
struct Ledger {
    QHash<qint64, Expected> messages;
    QSet<qint64> deleting; ///< announced; the deletion may or may not have committed
    QSet<qint64> deleted;  ///< committed

    void read(const QByteArray& output) {
        // The last line may be cut off by the kill; only whole lines count.
        const qsizetype end = output.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        for (const QByteArray& line : output.left(end).split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f[0] == "msg" && f.size() == 5) {
                messages.insert(f[1].toLongLong(),
                                {f[2].toLongLong(), f[3].toUInt(), f[4].toInt()});
            } else if (f[0] == "upd" && f.size() == 3) {
                messages[f[1].toLongLong()].minLength = f[2].toInt();
            } else if (f[0] == "willdel" && f.size() == 2) {
                deleting.insert(f[1].toLongLong());
            } else if (f[0] == "del" && f.size() == 2) {
                deleted.insert(f[1].toLongLong());
            }
        }
    }
};

} // namespace

class TestDurability : public QObject {
    Q_OBJECT

    /// Checks the database after a kill; returns an empty string or what is wrong.
    static QString check(const QString& path, const Ledger& ledger) {
        OpenOptions options;
        options.recoverDamaged = false;
        options.checkIntegrity = false; // the full integrity_check follows
        OpenResult opened = Database::open(path, options);
        if (!opened.ok()) {
            return QStringLiteral("does not open: ") + opened.message;
        }
        if (opened.status != OpenStatus::Opened && opened.status != OpenStatus::Created) {
            return QStringLiteral("opened with status %1").arg(static_cast<int>(opened.status));
        }
        Database& db = *opened.db;
        const QString integrity = db.integrityCheck();
        if (integrity != QLatin1String("ok")) {
            return QStringLiteral("integrity_check: ") + integrity;
        }
        try {
            execSql(db.handle(),
                    "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)");
        } catch (const StorageError& e) {
            return QStringLiteral("search index check: ") + e.message();
        }
        if (queryInt(db.handle(), "SELECT count(*) FROM pragma_foreign_key_check") != 0) {
            return QStringLiteral("foreign key check failed");
        }
        QHash<qint64, QPair<qint64, QString>> rows;
        Statement s(db.handle(), "SELECT id, conversation_id, content FROM messages");
        while (s.step()) {
            rows.insert(s.int64(0), {s.int64(1), s.text(2)});
        }
        for (auto it = ledger.messages.begin(); it != ledger.messages.end(); ++it) {
            const Expected& e = it.value();
            if (ledger.deleting.contains(e.conversation)) {
                if (ledger.deleted.contains(e.conversation) && rows.contains(it.key())) {
                    return QStringLiteral("message %1 of deleted conversation %2 is still there")
                        .arg(it.key())
                        .arg(e.conversation);
                }
                continue;
            }
            if (!rows.contains(it.key())) {
                return QStringLiteral("committed message %1 is missing").arg(it.key());
            }
            const QString& content = rows.value(it.key()).second;
            if (rows.value(it.key()).first != e.conversation || content.size() < e.minLength ||
                content != hearth::test::streamText(e.seed, static_cast<int>(content.size()))) {
                return QStringLiteral("message %1 has the wrong text (%2 characters, at least %3 "
                                      "expected)")
                    .arg(it.key())
                    .arg(content.size())
                    .arg(e.minLength);
            }
        }
        return {};
    }

private slots:
    void survivesKillsAtRandomMoments() {
        const QString writer =
            QDir(QCoreApplication::applicationDirPath()).filePath("hearth_storage_writer");
        QVERIFY2(QFileInfo(writer).isExecutable(), qPrintable(writer));
        QTemporaryDir dir;
        QRandomGenerator rng(kSeed);
        Ledger ledger;
        QString path;
        int killedWhileWriting = 0;
        for (int run = 0; run < kRuns; ++run) {
            if (run % kRunsPerFile == 0) {
                path = dir.filePath(QStringLiteral("run%1/hearth.db").arg(run));
                QVERIFY(QDir().mkpath(QFileInfo(path).path()));
                ledger = Ledger{};
            }
            QProcess process;
            process.start(writer, {path, QString::number(rng.generate())});
            QVERIFY2(process.waitForStarted(kStartTimeoutMs), qPrintable(process.errorString()));
            if (run % kEarlyKillEvery == 0) {
                QThread::msleep(static_cast<unsigned long>(rng.bounded(kMaxEarlyDelayMs)));
            } else {
                process.waitForReadyRead(kStartTimeoutMs);
                QThread::msleep(static_cast<unsigned long>(rng.bounded(kMaxDelayMs)));
            }
            QVERIFY2(process.state() == QProcess::Running,
                     qPrintable("the writer stopped by itself: " + process.readAllStandardError()));
            process.kill();
            QVERIFY(process.waitForFinished(kStartTimeoutMs));
            const QByteArray out = process.readAllStandardOutput();
            killedWhileWriting += out.isEmpty() ? 0 : 1;
            ledger.read(out);
            const QString problem = check(path, ledger);
            QVERIFY2(
                problem.isEmpty(),
                qPrintable(QStringLiteral("after kill %1 (%2): %3").arg(run).arg(path, problem)));
        }
        // Most kills must have hit a writer in the middle of its work, not before it began.
        QVERIFY2(killedWhileWriting > kRuns / 2, qPrintable(QString::number(killedWhileWriting)));
        qInfo("%d kills, %d while writing; %lld messages checked in the last file", kRuns,
              killedWhileWriting, static_cast<long long>(ledger.messages.size()));
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "test_durability.moc"
