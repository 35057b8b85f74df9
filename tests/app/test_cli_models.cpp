// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli models as a user runs it: download from a local server (with progress, checksum,
// and resuming after an interruption), list, import, remove, and the clear failures.

#include "tests/common/httptestserver.h"
#include "tests/common/testmodels.h"
#include "tests/common/testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::binaryPath;
using hearth::test::runProgram;

namespace {

constexpr int kTimeoutMs = 30000;

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() ? path : QString();
}

} // namespace

class TestCliModels : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    hearth::test::HttpTestServer server_;
    QByteArray model_ = hearth::test::makeTestModel(21);

    QString dataDir() const { return dir_.filePath(QStringLiteral("data")); }

    hearth::test::ProcessResult models(const QStringList& args) {
        return runProgram(binaryPath(QStringLiteral("hearth-cli")),
                          QStringList{QStringLiteral("models")} + args +
                              QStringList{QStringLiteral("--data-dir"), dataDir()});
    }

    QJsonArray listed() {
        const auto r = models({QStringLiteral("list"), QStringLiteral("--json")});
        if (r.exitCode != 0) {
            return {};
        }
        return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("models")).toArray();
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        hearth::test::TestResource r;
        r.body = model_;
        r.etag = "cli";
        server_.setResource("/files/cli-model.gguf", r);
    }

    void emptyList() {
        const auto r = models({QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(listed().size(), 0);
    }

    void downloadByUrl() {
        server_.addFaults("/files/cli-model.gguf", {{hearth::test::Fault::CutAfter, 100000}});
        const QString url = server_.url("/files/cli-model.gguf").toString();
        const auto r = models({QStringLiteral("download"), url});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString sha = QString::fromLatin1(
            QCryptographicHash::hash(model_, QCryptographicHash::Sha256).toHex());
        QVERIFY2(r.err.contains("SHA-256 verified: " + sha.toLatin1()), r.err.constData());
        QVERIFY(r.out.contains("cli-model.gguf"));
        const auto requests = server_.requests("/files/cli-model.gguf");
        QVERIFY(requests.size() >= 2); // resumed after the cut
        QVERIFY(requests.last().range.startsWith("bytes="));

        const QJsonArray list = listed();
        QCOMPARE(list.size(), 1);
        const QJsonObject m = list[0].toObject();
        QCOMPARE(m.value(QStringLiteral("sha256")).toString(), sha);
        QCOMPARE(m.value(QStringLiteral("source_url")).toString(), url);
        QCOMPARE(m.value(QStringLiteral("architecture")).toString(), QStringLiteral("llama"));
        QCOMPARE(m.value(QStringLiteral("size_bytes")).toInteger(), qint64(model_.size()));
        QFile installed(m.value(QStringLiteral("path")).toString());
        QVERIFY(installed.open(QIODevice::ReadOnly));
        QCOMPARE(installed.readAll(), model_);

        // Again: already there, nothing downloaded.
        const auto again = models({QStringLiteral("download"), url});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.err.contains("already installed"));
        QCOMPARE(server_.requests("/files/cli-model.gguf").size(), requests.size());
    }

    void interruptedDownloadResumes() {
#ifdef Q_OS_WIN
        QSKIP("needs POSIX signals");
#endif
        hearth::test::TestResource slow;
        slow.body = hearth::test::makeTestModel(22);
        slow.etag = "slow";
        slow.chunkBytes = 8 * 1024;
        slow.chunkIntervalMs = 25; // about 1.4 s for the whole file
        server_.setResource("/slow.gguf", slow);
        const QStringList args{QStringLiteral("models"), QStringLiteral("download"),
                               server_.url("/slow.gguf").toString(), QStringLiteral("--data-dir"),
                               dataDir()};
        QProcess first;
        first.start(binaryPath(QStringLiteral("hearth-cli")), args);
        QVERIFY(first.waitForStarted());
        const QString part = QDir(dataDir()).filePath(QStringLiteral("models/slow.gguf.part"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(part).size() > 64 * 1024, kTimeoutMs);
        first.terminate(); // like Ctrl+C: the download pauses and the command ends
        QVERIFY(first.waitForFinished(kTimeoutMs));
        QCOMPARE(first.exitCode(), 130);
        QVERIFY(first.readAllStandardError().contains("run the same command again"));
        const qint64 partial = QFileInfo(part).size();
        QVERIFY(partial > 0 && partial < slow.body.size());

        const auto second =
            runProgram(binaryPath(QStringLiteral("hearth-cli")), args, {}, kTimeoutMs);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const auto requests = server_.requests("/slow.gguf");
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[1].range, "bytes=" + QByteArray::number(partial) + '-');
        QVERIFY(!QFileInfo::exists(part));
        QFile installed(QDir(dataDir()).filePath(QStringLiteral("models/slow.gguf")));
        QVERIFY(installed.open(QIODevice::ReadOnly));
        QCOMPARE(installed.readAll(), slow.body);
    }

    void importListRemove() {
        const QString file =
            writeFile(dir_.filePath(QStringLiteral("local.gguf")), hearth::test::makeTestModel(23));
        const int before = listed().size();
        const auto imported = models({QStringLiteral("import"), file});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QCOMPARE(listed().size(), before + 1);
        const qint64 id = imported.out.split(' ').first().toLongLong();
        QVERIFY(id > 0);

        const auto text = models({QStringLiteral("list")});
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.out.count('\n'), before + 1);
        QVERIFY(text.out.contains("Hearth Test Model 23"));

        const auto removed = models({QStringLiteral("remove"), QString::number(id)});
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        QVERIFY(removed.out.contains("freed"));
        QCOMPARE(listed().size(), before);
        QVERIFY(QFileInfo::exists(file));

        const auto linked = models({QStringLiteral("import"), file, QStringLiteral("--link")});
        QVERIFY2(linked.exitCode == 0, linked.err.constData());
        QCOMPARE(listed().size(), before + 1);
    }

    void environmentChoosesTheDataFolder() {
        QProcessEnvironment env;
        env.insert(QStringLiteral("HEARTH_DATA_DIR"), dataDir());
        const auto r = runProgram(
            binaryPath(QStringLiteral("hearth-cli")),
            {QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--json")}, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out)
                     .object()
                     .value(QStringLiteral("models"))
                     .toArray()
                     .size(),
                 listed().size());
    }

    void failures_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no subcommand") << QStringList{} << QByteArray("missing subcommand");
        QTest::newRow("unknown") << QStringList{QStringLiteral("frob")}
                                 << QByteArray("unknown subcommand");
        QTest::newRow("not a model")
            << QStringList{QStringLiteral("import"), QStringLiteral("/nonexistent/x.gguf")}
            << QByteArray("no such file");
        QTest::newRow("remove unknown")
            << QStringList{QStringLiteral("remove"), QStringLiteral("9999")}
            << QByteArray("no installed model 9999");
        QTest::newRow("remove text") << QStringList{QStringLiteral("remove"), QStringLiteral("abc")}
                                     << QByteArray("needs a model id");
        QTest::newRow("bad source")
            << QStringList{QStringLiteral("download"), QStringLiteral("nonsense")}
            << QByteArray("not a catalog id");
        QTest::newRow("404") << QStringList{QStringLiteral("download"),
                                            QStringLiteral("http://127.0.0.1:%1/none.gguf")}
                             << QByteArray("HTTP 404");
        QTest::newRow("json elsewhere")
            << QStringList{QStringLiteral("remove"), QStringLiteral("1"), QStringLiteral("--json")}
            << QByteArray("--json is an option of models list");
    }

    void failures() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        for (QString& a : args) {
            if (a.contains(QLatin1String("%1"))) {
                a = a.arg(server_.port());
            }
        }
        const auto r = models(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QVERIFY2(r.err.trimmed().count('\n') == 0, r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"
