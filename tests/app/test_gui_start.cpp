// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop app starts, shows its window and keeps running (offscreen platform).

#include "tests/common/testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestGuiStart : public QObject {
    Q_OBJECT

private slots:
    void startsAndStays() {
        QTemporaryDir data;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        p.setProcessEnvironment(env);
        p.start(hearth::test::binaryPath("hearth"), {"--data-dir", data.path()});
        QVERIFY(p.waitForStarted(10000));
        // A QML error makes the app exit at once with code 1; a crash ends it too.
        QVERIFY2(!p.waitForFinished(4000), p.readAllStandardError().constData());
        QCOMPARE(p.state(), QProcess::Running);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(!err.contains("qrc:/") || !err.contains("rror"), err.constData());
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
    }

    void versionOption() {
        const auto r =
            hearth::test::runProgram(hearth::test::binaryPath("hearth"), {"--version"}, {}, 20000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Hearth"));
    }
};

QTEST_GUILESS_MAIN(TestGuiStart)
#include "test_gui_start.moc"
