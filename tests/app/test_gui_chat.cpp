// SPDX-License-Identifier: GPL-3.0-or-later
// The real desktop app, end to end: `hearth` starts on an X server (Xvfb) with the tiny
// stories260K model in a fresh data folder, sends a message through --send-and-quit, and the
// answer it wrote is then found in the database.

#include "app/services/modellibrary.h"
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/messagestore.h"
#include "storage/settingsstore.h"
#include "tests/common/testsupport.h"

#include <QDir>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {
constexpr int kRunMs = 240000;
constexpr int kMaxAnswerTokens = 48;
constexpr int kContext = 512;
const char* const kPrompt = "Once upon a time";
} // namespace

class TestGuiChat : public QObject {
    Q_OBJECT

private slots:
    void sendsAndStoresAnAnswer() {
        HEARTH_REQUIRE_TESTDATA();
        QTemporaryDir data;
        {
            auto opened = hearth::storage::Database::openInDataDir(data.path());
            QVERIFY2(opened.ok(), qPrintable(opened.message));
            hearth::services::ModelLibrary library(*opened.db, data.filePath("models"));
            library.registerFile(hearth::test::testDataPath("models/stories260K-Q8_0.gguf"));
            hearth::storage::SettingsStore settings(*opened.db);
            settings.setInteger("models.gpu_device", -2); // the CPU: quick and deterministic
            settings.setInteger("models.context_length", kContext);
            settings.setJson("generation.sampling",
                             QJsonObject{{"max_tokens", kMaxAnswerTokens}, {"temperature", 0}});
        }

        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("HEARTH_DATA_DIR");
        env.remove("HEARTH_FAKE_ENGINE");
        const QString hearth = hearth::test::binaryPath("hearth");
        const QStringList args{"--data-dir", data.path(), "--send-and-quit", kPrompt};
        const QString xvfb = QStandardPaths::findExecutable("xvfb-run");
        if (!xvfb.isEmpty()) {
            env.remove("QT_QPA_PLATFORM");
            env.insert("QT_QPA_PLATFORM", "xcb");
            p.setProcessEnvironment(env);
            p.start(xvfb, QStringList{"-a", hearth} + args);
        } else {
            env.insert("QT_QPA_PLATFORM", "offscreen");
            p.setProcessEnvironment(env);
            p.start(hearth, args);
        }
        QVERIFY(p.waitForStarted(20000));
        QVERIFY2(p.waitForFinished(kRunMs), "hearth did not finish");
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, err.constData());

        auto opened = hearth::storage::Database::openInDataDir(data.path());
        QVERIFY(opened.ok());
        const auto conversations = hearth::storage::ConversationStore(*opened.db).list();
        QCOMPARE(conversations.size(), 1);
        QVERIFY(!conversations.first().modelName.isEmpty());
        QVERIFY(!conversations.first().modelSha256.isEmpty());
        const auto path =
            hearth::storage::MessageStore(*opened.db).activePath(conversations.first().id);
        QCOMPARE(path.size(), 2);
        QCOMPARE(path[0].message.role, hearth::storage::Role::User);
        QCOMPARE(path[0].message.content, QString(kPrompt));
        const hearth::storage::Message& answer = path[1].message;
        QCOMPARE(answer.role, hearth::storage::Role::Assistant);
        QCOMPARE(answer.state, hearth::storage::MessageState::Complete);
        QVERIFY(!answer.content.trimmed().isEmpty());
        QVERIFY(answer.stats.has_value());
        QVERIFY(answer.stats->generatedTokens > 0);
        QVERIFY(answer.stats->generatedTokens <= kMaxAnswerTokens);
    }

    void reportsAMissingModel() {
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert("QT_QPA_PLATFORM", "offscreen");
        const auto r = hearth::test::runProgram(
            hearth::test::binaryPath("hearth"),
            {"--data-dir", data.path(), "--send-and-quit", "hi"}, env, 60000);
        QVERIFY(!r.timedOut);
        QVERIFY(r.exitCode != 0);
        QVERIFY(r.err.contains("no model"));
    }
};

QTEST_GUILESS_MAIN(TestGuiChat)
#include "test_gui_chat.moc"
