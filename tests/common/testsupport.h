// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QtTest>

namespace hearth::test {

/// Absolute path of `relative` inside the shared test data (../shared/testdata).
QString testDataPath(const QString& relative);

/// Whether the shared test data is present. Outside CI a test may skip without it; in CI
/// (environment variable CI set) its absence is a failure.
bool testDataAvailable();

/// Absolute path of a built executable in build/bin ("hearth-cli").
QString binaryPath(const QString& name);

/// Result of running a program to completion.
struct ProcessResult {
    int exitCode = -1;
    bool crashed = false;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
};

/// Runs `program` with `arguments` (and extra environment variables), waits up to
/// `timeoutMs`, and returns what it printed.
ProcessResult runProgram(const QString& program, const QStringList& arguments,
                         const QProcessEnvironment& extraEnv = {}, int timeoutMs = 60000,
                         const QByteArray& stdinData = {});

} // namespace hearth::test

/// Skips (outside CI) or fails (in CI) the current test when ../shared/testdata is absent.
#define HEARTH_REQUIRE_TESTDATA()                                                                  \
    do {                                                                                           \
        if (!hearth::test::testDataAvailable()) {                                                  \
            if (qEnvironmentVariableIsSet("CI"))                                                   \
                QFAIL("../shared/testdata is missing; CI must provide it");                        \
            QSKIP("../shared/testdata is absent (it sits next to the checkout in CI)");            \
        }                                                                                          \
    } while (false)
