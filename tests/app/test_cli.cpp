// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli as a user runs it: --version, --help, devices, and the clear failures.

#include "tests/common/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::binaryPath;
using hearth::test::runProgram;

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void version() {
        const auto r = runProgram(binaryPath("hearth-cli"), {"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("hearth-cli "));
        QVERIFY(
            QRegularExpression(R"(^hearth-cli \d+\.\d+\.\d+\n$)").match(QString(r.out)).hasMatch());
    }

    void help() {
        const auto r = runProgram(binaryPath("hearth-cli"), {"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Usage: hearth-cli COMMAND"));
        QVERIFY(r.out.contains("devices"));
    }

    void unknownCommandFails() {
        const auto r = runProgram(binaryPath("hearth-cli"), {"frobnicate"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("unknown command"));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void unknownOptionFails() {
        const auto r = runProgram(binaryPath("hearth-cli"), {"devices", "--bogus"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("unknown option --bogus"));
    }

    void devicesListsLavapipe() {
        const auto r = runProgram(binaryPath("hearth-cli"), {"devices"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("type: "));
        QVERIFY(r.out.contains("subgroup size: "));
        QVERIFY(r.out.contains("fp16: "));
        // The shader variants Hearth would use, the matrix-kernel family first.
        QVERIFY2(r.out.contains("kernels: rows") || r.out.contains("kernels: tiles"),
                 r.out.constData());
        // CI and development machines have Mesa's software driver.
        QVERIFY2(r.out.contains("llvmpipe") || r.out.contains("type: discrete") ||
                     r.out.contains("type: integrated"),
                 r.out.constData());
    }

    void devicesJson() {
        const auto r = runProgram(binaryPath("hearth-cli"), {"devices", "--json"});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonArray devices = doc.object().value("devices").toArray();
        QVERIFY(!devices.isEmpty());
        int preferred = 0;
        for (const QJsonValue& v : devices) {
            const QJsonObject d = v.toObject();
            QVERIFY(!d.value("name").toString().isEmpty());
            QVERIFY(QStringList({"discrete", "integrated", "virtual", "cpu", "other"})
                        .contains(d.value("type").toString()));
            QVERIFY(d.value("subgroup_size").toInt() > 0);
            QVERIFY(d.value("device_local_bytes").toDouble() > 0);
            for (const char* key :
                 {"fp16", "storage_8bit", "storage_16bit", "integer_dot_product"}) {
                QVERIFY2(d.value(key).isBool(), key);
            }
            QVERIFY(d.value("kernels").toString().startsWith(
                d.value("type").toString() == "cpu" ? "rows" : "tiles"));
            preferred += d.value("preferred").toBool() ? 1 : 0;
        }
        QCOMPARE(preferred, 1);
    }

    void noLoaderIsExitTwo() {
        QProcessEnvironment env;
        env.insert("HEARTH_VULKAN_LIBRARY", "/nonexistent/libvulkan.so.1");
        const auto r = runProgram(binaryPath("hearth-cli"), {"devices"}, env);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("no Vulkan loader"));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void noDriverIsExitTwo() {
        // An empty ICD list: the loader exists but finds no driver.
        QTemporaryDir dir;
        QProcessEnvironment env;
        env.insert("VK_ICD_FILENAMES", dir.filePath("none.json"));
        env.insert("VK_DRIVER_FILES", dir.filePath("none.json"));
        const auto r = runProgram(binaryPath("hearth-cli"), {"devices"}, env);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("hearth-cli devices: no Vulkan"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
