// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli bench end to end: JSON fields on both backends that agree with each other and with
// the model file, the per-shader profile on Vulkan, the table, synthetic models written once and
// then reused, and one-line errors for bad arguments.

#include "engine/gguf/gguf.h"
#include "tests/common/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using hearth::test::binaryPath;
using hearth::test::runProgram;
using hearth::test::testDataPath;

namespace {

constexpr int kTimeoutMs = 120000;

QString stories() {
    return testDataPath("models/stories260K-Q8_0.gguf");
}

QJsonObject parseJson(const QByteArray& out) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qWarning("not a JSON object: %s", out.constData());
        return {};
    }
    return doc.object();
}

bool near(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

} // namespace

class TestCliBench : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { HEARTH_REQUIRE_TESTDATA(); }

    void json_data() {
        QTest::addColumn<QString>("backend");
        QTest::newRow("cpu") << "cpu";
        QTest::newRow("vulkan") << "vulkan";
    }

    void json() {
        QFETCH(QString, backend);
        const auto r = runProgram(binaryPath("hearth-cli"),
                                  {"bench", "-m", stories(), "-p", "16", "-n", "8", "-r", "1",
                                   "--backend", backend, "--json"},
                                  {}, kTimeoutMs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = parseJson(r.out);
        QVERIFY(!o.isEmpty());

        QCOMPARE(o["backend"].toString(), backend);
        QVERIFY(o["device"].toString().startsWith(backend));
        // The Vulkan shader variants in use are named (the family first); the CPU has none.
        if (backend == "vulkan") {
            const QString kernels = o["kernels"].toString();
            QVERIFY2(kernels.startsWith("rows") || kernels.startsWith("tiles"),
                     qPrintable(kernels));
        } else {
            QVERIFY(!o.contains("kernels"));
        }
        QCOMPARE(o["model_type"].toString(), QString("Q8_0"));
        QCOMPARE(o["architecture"].toString(), QString("llama"));
        QVERIFY(o["synthetic"].isNull());
        QCOMPARE(o["prompt_tokens"].toInt(), 16);
        QCOMPARE(o["gen_tokens"].toInt(), 8);
        QCOMPARE(o["repetitions"].toInt(), 1);
        QCOMPARE(o["context"].toInt(), 2048);
        QVERIFY(o["load_seconds"].toDouble() > 0.0);

        // model_bytes: the tensor bytes of the file.
        const auto file = hearth::gguf::File::open(stories().toStdString());
        qint64 tensorBytes = 0;
        for (const auto& t : file->tensors()) {
            tensorBytes += qint64(t.bytes);
        }
        QCOMPARE(o["model_bytes"].toInteger(), tensorBytes);

        const double prefill = o["prefill_tps"].toDouble();
        QVERIFY(prefill > 0.0);
        QCOMPARE(o["prefill_tps_runs"].toArray().size(), 1);
        QCOMPARE(o["prefill_tps_runs"].toArray()[0].toDouble(), prefill);

        const QJsonObject start = o["decode_start"].toObject();
        const QJsonObject end = o["decode_end"].toObject();
        QCOMPARE(start["first_position"].toInt(), 16);
        QCOMPARE(end["first_position"].toInt(), 2048 - 8 - 1);
        QCOMPARE(start["tokens"].toInt(), 8);
        QCOMPARE(o["decode_tps"].toDouble(), start["tps"].toDouble());
        QCOMPARE(o["decode_tps_end"].toDouble(), end["tps"].toDouble());
        QVERIFY(o["decode_tps"].toDouble() > 0.0);
        QVERIFY(o["decode_tps_end"].toDouble() > 0.0);

        // Bytes per token: the weights (less than the file: one embedding row) plus the cache.
        const qint64 weights = o["weight_bytes_per_token"].toInteger();
        const qint64 kv = o["kv_bytes_per_position"].toInteger();
        QVERIFY(weights > 0 && weights <= tensorBytes);
        QVERIFY(kv > 0);
        const qint64 perToken = o["bytes_per_token"].toInteger();
        const qint64 perTokenEnd = o["bytes_per_token_end"].toInteger();
        QCOMPARE(perToken, start["bytes_per_token"].toInteger());
        // Averaged over positions 16..23 (17..24 attended) and 2039..2046.
        QVERIFY(std::llabs(perToken - (weights + kv * 41 / 2)) <= 1);
        QVERIFY(std::llabs(perTokenEnd - (weights + kv * 4087 / 2)) <= 1);

        // Bandwidth = bytes per token x tokens per second; share = that / peak.
        const double gbps = o["bandwidth_gbps"].toDouble();
        QVERIFY(near(gbps, double(perToken) * o["decode_tps"].toDouble() / 1e9));
        QVERIFY(near(o["bandwidth_gbps_end"].toDouble(),
                     double(perTokenEnd) * o["decode_tps_end"].toDouble() / 1e9));
        const double peak = o["peak_bandwidth_gbps"].toDouble();
        QVERIFY(peak > 0.0);
        QVERIFY(!o["peak_bandwidth_source"].toString().isEmpty());
        QVERIFY(near(o["bandwidth_share"].toDouble(), gbps / peak));
        QVERIFY(!o.contains("profile"));
    }

    void profileOnVulkan() {
        const auto r = runProgram(binaryPath("hearth-cli"),
                                  {"bench", "-m", stories(), "-p", "8", "-n", "4", "-r", "1",
                                   "--backend", "vulkan", "--profile", "--json"},
                                  {}, kTimeoutMs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = parseJson(r.out);
        QVERIFY2(o.contains("profile"), r.out.constData());
        const QJsonArray entries = o["profile"].toArray();
        QVERIFY(!entries.isEmpty());
        QCOMPARE(o["profile_tokens"].toInt(), 4);
        double shares = 0.0;
        double previous = 1e300;
        int matvec = 0;
        for (const QJsonValue& v : entries) {
            const QJsonObject e = v.toObject();
            QVERIFY(e["calls"].toInteger() > 0);
            QVERIFY(e["seconds"].toDouble() <= previous); // sorted by time
            previous = e["seconds"].toDouble();
            shares += e["share"].toDouble();
            // The decode matrix products: matvec_* on GPUs, matmul_rows_* on CPU-like devices.
            const QString label = e["label"].toString();
            matvec += label.startsWith("matvec") || label.startsWith("matmul_rows") ? 1 : 0;
        }
        QVERIFY(matvec > 0);
        QVERIFY(std::fabs(shares - 1.0) < 1e-6);
        QVERIFY(o["profile_wall_seconds"].toDouble() > 0.0);
    }

    void profileTable() {
        const auto r = runProgram(binaryPath("hearth-cli"),
                                  {"bench", "-m", stories(), "-p", "8", "-n", "4", "-r", "2",
                                   "--backend", "vulkan", "--profile", "--peak-bandwidth", "50"},
                                  {}, kTimeoutMs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("prefill          8 x 2"));
        QVERIFY(r.out.contains("decode @8"));
        QVERIFY(r.out.contains("decode @2043"));
        QVERIFY(r.out.contains("peak bandwidth 50.00 GB/s (given"));
        QVERIFY(r.out.contains("device time per shader"));
        QVERIFY(r.out.contains("\nmatvec_") || r.out.contains("\nmatmul_rows_"));
    }

    void profileOnCpu() {
        const auto r = runProgram(binaryPath("hearth-cli"),
                                  {"bench", "-m", stories(), "-p", "8", "-n", "4", "-r", "1",
                                   "--backend", "cpu", "--profile", "--json", "--threads", "1"},
                                  {}, kTimeoutMs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = parseJson(r.out);
        QVERIFY(o["profile_error"].toString().contains("Vulkan-only"));
        QVERIFY(!o.contains("profile"));
        QCOMPARE(o["threads"].toInt(), 1);
        QVERIFY(r.err.contains("Vulkan-only"));
    }

    void contextOption() {
        const auto r = runProgram(binaryPath("hearth-cli"),
                                  {"bench", "-m", stories(), "-p", "8", "-n", "4", "-r", "1",
                                   "--backend", "cpu", "--ctx", "40", "--json"},
                                  {}, kTimeoutMs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = parseJson(r.out);
        QCOMPARE(o["context"].toInt(), 40);
        QCOMPARE(o["decode_end"].toObject()["first_position"].toInt(), 40 - 4 - 1);
        // Never less than the prompt, the generated tokens and a gap.
        const auto small = runProgram(binaryPath("hearth-cli"),
                                      {"bench", "-m", stories(), "-p", "8", "-n", "4", "-r", "1",
                                       "--backend", "cpu", "--ctx", "10", "--json"},
                                      {}, kTimeoutMs);
        QCOMPARE(small.exitCode, 0);
        QCOMPARE(parseJson(small.out)["context"].toInt(), 8 + 4 + 16);
    }

    void syntheticIsCached() {
        QTemporaryDir cache;
        QProcessEnvironment env;
        env.insert("HEARTH_CACHE_DIR", cache.path());
        const QStringList args = {"bench", "--synthetic", "0.5b", "--type",
                                  "q4_0",  "-p",          "1",    "-n",
                                  "1",     "-r",          "1",    "--ctx",
                                  "32",    "--backend",   "cpu",  "--peak-bandwidth",
                                  "10",    "--json"};
        const QString file = cache.path() + "/bench/hearth-synthetic-0.5b-q4_0-v1.gguf";
        const auto first = runProgram(binaryPath("hearth-cli"), args, env, kTimeoutMs);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY2(first.err.contains(file.toUtf8() + " (written)"), first.err.constData());
        const QJsonObject o = parseJson(first.out);
        QCOMPARE(o["synthetic"].toString(), QString("0.5b"));
        QCOMPARE(o["model"].toString(), file);
        QCOMPARE(o["model_type"].toString(), QString("Q4_0"));
        QCOMPARE(o["model_name"].toString(), QString("Hearth synthetic 0.5b"));
        QVERIFY(o["decode_tps"].toDouble() > 0.0);

        const auto second = runProgram(binaryPath("hearth-cli"), args, env, kTimeoutMs);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY2(second.err.contains(file.toUtf8() + " (cached)"), second.err.constData());
        QCOMPARE(parseJson(second.out)["model_bytes"], o["model_bytes"]);
    }

    void badArguments_data() {
        QTest::addColumn<QStringList>("args");
        const QString m = stories();
        QTest::newRow("no model") << QStringList{"bench"};
        QTest::newRow("model and synthetic")
            << QStringList{"bench", "-m", m, "--synthetic", "0.5b"};
        QTest::newRow("unknown shape") << QStringList{"bench", "--synthetic", "7b"};
        QTest::newRow("unknown type")
            << QStringList{"bench", "--synthetic", "0.5b", "--type", "q9"};
        QTest::newRow("type without synthetic") << QStringList{"bench", "-m", m, "--type", "q4_0"};
        QTest::newRow("zero prompt") << QStringList{"bench", "-m", m, "-p", "0"};
        QTest::newRow("prompt not a number") << QStringList{"bench", "-m", m, "-p", "many"};
        QTest::newRow("zero repetitions") << QStringList{"bench", "-m", m, "-r", "0"};
        QTest::newRow("negative peak") << QStringList{"bench", "-m", m, "--peak-bandwidth", "-3"};
        QTest::newRow("bad backend") << QStringList{"bench", "-m", m, "--backend", "metal"};
        QTest::newRow("unknown option") << QStringList{"bench", "-m", m, "--fast"};
        QTest::newRow("missing file") << QStringList{"bench", "-m", "/nonexistent/model.gguf"};
    }

    void badArguments() {
        QFETCH(QStringList, args);
        const auto r = runProgram(binaryPath("hearth-cli"), args, {}, kTimeoutMs);
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY(r.out.isEmpty());
        const QByteArray err = r.err.trimmed();
        QVERIFY2(!err.isEmpty() && !err.contains('\n'), r.err.constData());
        QVERIFY(err.startsWith("hearth-cli bench: "));
    }
};

QTEST_GUILESS_MAIN(TestCliBench)
#include "test_cli_bench.moc"
