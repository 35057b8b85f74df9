// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/common/testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

namespace hearth::test {

QString testDataPath(const QString& relative) {
    return QDir::cleanPath(QStringLiteral(HEARTH_TESTDATA_DIR) + QLatin1Char('/') + relative);
}

bool testDataAvailable() {
    return QFileInfo(testDataPath(QStringLiteral("README.md"))).isFile();
}

QString binaryPath(const QString& name) {
    return QDir::cleanPath(QStringLiteral(HEARTH_BIN_DIR) + QLatin1Char('/') + name);
}

ProcessResult runProgram(const QString& program, const QStringList& arguments,
                         const QProcessEnvironment& extraEnv, int timeoutMs,
                         const QByteArray& stdinData) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : extraEnv.keys()) {
        env.insert(key, extraEnv.value(key));
    }
    p.setProcessEnvironment(env);
    p.start(program, arguments);
    ProcessResult r;
    if (!p.waitForStarted(10000)) {
        r.err = "could not start " + program.toUtf8();
        return r;
    }
    if (!stdinData.isEmpty()) {
        p.write(stdinData);
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished();
    }
    r.crashed = p.exitStatus() == QProcess::CrashExit && !r.timedOut;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace hearth::test
