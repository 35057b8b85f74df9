// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli history list | search | export | import, as a user runs it, on a data folder
// chosen with --data-dir or HEARTH_DATA_DIR.

#include "storage/migrations.h"
#include "storage/statement.h"
#include "tests/common/testsupport.h"
#include "tests/storage/storagetest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace hearth::storage;
using hearth::test::binaryPath;
using hearth::test::fileBytes;
using hearth::test::makeConversation;
using hearth::test::openIn;
using hearth::test::ProcessResult;
using hearth::test::runProgram;
using hearth::test::say;

namespace {

ProcessResult cli(const QStringList& args, const QProcessEnvironment& env = {}) {
    return runProgram(binaryPath("hearth-cli"), QStringList{"history"} + args, env);
}

/// Checks a failure: exit code 1 and exactly one line on stderr containing `message`.
bool failsWith(const ProcessResult& r, const char* message) {
    if (r.exitCode != 1 || r.crashed || r.err.count('\n') != 1 || !r.err.contains(message)) {
        qWarning("exit %d, stderr: %s", r.exitCode, r.err.constData());
        return false;
    }
    return true;
}

} // namespace

class TestCliHistory : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;
    qint64 trip_ = 0;
    qint64 rust_ = 0;

private slots:
    void initTestCase() {
        data_ = dir_.filePath("data");
        auto db = openIn(data_);
        trip_ = makeConversation(*db, "Trip to Seoul").id;
        say(*db, trip_, Role::User, "오늘 날씨가 좋네요");
        say(*db, trip_, Role::Assistant, "Pack an umbrella ☔ just in case.");
        rust_ = makeConversation(*db, "Rust help").id;
        say(*db, rust_, Role::User, "How do lifetimes work?");
        ConversationStore(*db).setPinned(rust_, true);
    }

    void listsConversations() {
        const ProcessResult r = cli({"list", "--data-dir", data_});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        // Pinned first.
        QVERIFY(lines[0].startsWith(QByteArray::number(rust_) + "  "));
        QVERIFY(lines[0].contains("1 message  Rust help  [pinned]"));
        QVERIFY(lines[1].contains("2 messages  Trip to Seoul"));
    }

    void dataFolderFromEnvironmentOrAnywhereInTheArguments() {
        QProcessEnvironment env;
        env.insert("HEARTH_DATA_DIR", data_);
        const ProcessResult fromEnv = cli({"list"}, env);
        QCOMPARE(fromEnv.exitCode, 0);
        QVERIFY(fromEnv.out.contains("Trip to Seoul"));
        const ProcessResult before = cli({"--data-dir", data_, "list"});
        QCOMPARE(before.exitCode, 0);
        QCOMPARE(before.out, fromEnv.out);
        const ProcessResult equals = cli({"list", "--data-dir=" + data_});
        QCOMPARE(equals.out, fromEnv.out);
        // --data-dir wins over the environment.
        env.insert("HEARTH_DATA_DIR", dir_.filePath("elsewhere"));
        QCOMPARE(cli({"list", "--data-dir", data_}, env).out, fromEnv.out);
        QVERIFY(cli({"list"}, env).out.isEmpty());
    }

    void searchesWithHighlights() {
        ProcessResult r = cli({"search", "날씨", "--data-dir", data_});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("Trip to Seoul"), r.out.constData());
        QVERIFY(r.out.contains("오늘 **날씨**가 좋네요"));
        QCOMPARE(r.out.count('\n'), 2);
        r = cli({"--data-dir", data_, "search", "pack", "umbrella"});
        QVERIFY(r.out.contains("**Pack** an **umbrella** ☔"));
        r = cli({"search", "nothing-like-this", "--data-dir", data_});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
    }

    void exportsEveryFormat() {
        const QString json = dir_.filePath("all.json");
        ProcessResult r = cli({"export", "--format", "json", "--out", json, "--data-dir", data_});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("exported 2 conversations (3 messages)"));
        const QJsonObject root = QJsonDocument::fromJson(fileBytes(json)).object();
        QCOMPARE(root["format"].toString(), QStringLiteral("hearth-chat-export"));
        QCOMPARE(root["conversations"].toArray().size(), 2);

        const QString md = dir_.filePath("trip.md");
        r = cli({"export", "--conversation", QString::number(trip_), "--format", "md", "--out", md,
                 "--data-dir", data_});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(fileBytes(md).startsWith("# Trip to Seoul"));
        QVERIFY(!fileBytes(md).contains("Rust help"));

        const QString html = dir_.filePath("all.html");
        QCOMPARE(cli({"export", "--format", "html", "--out", html, "--data-dir", data_}).exitCode,
                 0);
        QVERIFY(fileBytes(html).startsWith("<!DOCTYPE html>"));
        const QString txt = dir_.filePath("all.txt");
        QCOMPARE(cli({"export", "--format=txt", "-o", txt, "--data-dir", data_}).exitCode, 0);
        QVERIFY(fileBytes(txt).contains("오늘 날씨가 좋네요"));
    }

    void importsAnExport() {
        const QString json = dir_.filePath("backup.json");
        QCOMPARE(cli({"export", "--format", "json", "--out", json, "--data-dir", data_}).exitCode,
                 0);
        const QString other = dir_.filePath("other-machine");
        const ProcessResult r = cli({"import", json, "--data-dir", other});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("imported 2 conversations (3 messages)"));
        const ProcessResult list = cli({"list", "--data-dir", other});
        QVERIFY(list.out.contains("Trip to Seoul"));
        QVERIFY(list.out.contains("Rust help  [pinned]"));
        QVERIFY(cli({"search", "lifetimes", "--data-dir", other}).out.contains("Rust help"));
    }

    void mistakesAreOneLineErrors() {
        QVERIFY(failsWith(cli({"--data-dir", data_}), "missing subcommand"));
        QVERIFY(failsWith(cli({"frobnicate", "--data-dir", data_}), "unknown subcommand"));
        QVERIFY(failsWith(cli({"search", "--data-dir", data_}), "needs a QUERY"));
        QVERIFY(failsWith(cli({"list", "--bogus"}), "unknown option --bogus"));
        QVERIFY(failsWith(cli({"list", "--format", "md"}), "options of history export"));
        QVERIFY(failsWith(cli({"export", "--out", "x.pdf", "--format", "pdf"}), "unknown format"));
        QVERIFY(failsWith(cli({"export", "--format", "md"}), "needs --out"));
        QVERIFY(failsWith(cli({"export", "--out", "x.md"}), "needs --format"));
        QVERIFY(failsWith(cli({"export", "--conversation", "abc", "--format", "md", "--out", "x"}),
                          "expects an integer"));
        QVERIFY(failsWith(cli({"export", "--conversation", "999999", "--format", "md", "--out",
                               dir_.filePath("none.md"), "--data-dir", data_}),
                          "There is no conversation with id 999999"));
        QVERIFY(!QFile::exists(dir_.filePath("none.md")));
        QVERIFY(failsWith(cli({"import", "--data-dir", data_}), "needs one FILE.json"));
        QVERIFY(failsWith(cli({"import", dir_.filePath("missing.json"), "--data-dir", data_}),
                          "Cannot read"));
        QFile bad(dir_.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"format":"hearth-chat-export","version":1,"conversations":[{"messages":[)"
                  R"({"id":1,"role":"wizard"}]}]})");
        bad.close();
        QVERIFY(failsWith(cli({"import", bad.fileName(), "--data-dir", data_}),
                          "unknown role \"wizard\""));
        // Nothing was imported by the failed attempts.
        QCOMPARE(cli({"list", "--data-dir", data_}).out.trimmed().split('\n').size(), 2);
    }

    void unusableDataFolderIsAnError() {
        QFile blocker(dir_.filePath("a-file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(failsWith(cli({"list", "--data-dir", dir_.filePath("a-file/data")}),
                          "cannot create the data folder"));
        const QString newer = dir_.filePath("newer");
        {
            auto db = openIn(newer);
            execSql(db->handle(), QByteArray("PRAGMA user_version = " +
                                             QByteArray::number(latestSchemaVersion() + 1))
                                      .constData());
        }
        QVERIFY(failsWith(cli({"list", "--data-dir", newer}), "newer version of Hearth"));
    }
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "test_cli_history.moc"
