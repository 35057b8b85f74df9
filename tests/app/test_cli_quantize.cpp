// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli quantize as a user runs it: the real tiny model quantized to q8_0, q4_0 and q4_k_m
// matches the files the reference quantizer wrote, with progress and an error summary.

#include "engine/gguf/gguf.h"
#include "tests/common/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using hearth::test::binaryPath;
using hearth::test::runProgram;
using hearth::test::testDataPath;

namespace {

hearth::test::ProcessResult quantize(const QStringList& args) {
    return runProgram(binaryPath("hearth-cli"), QStringList{"quantize"} + args);
}

} // namespace

class TestCliQuantize : public QObject {
    Q_OBJECT

private slots:
    void matchesTheReferenceQuantizer_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("reference");
        QTest::newRow("q8_0") << "q8_0"
                              << "models/stories260K-Q8_0.gguf";
        QTest::newRow("q4_0") << "q4_0"
                              << "models/stories260K-Q4_0.gguf";
        QTest::newRow("q4_k_m") << "Q4_K_M"
                                << "models/stories260K-Q4_K_M.gguf";
    }

    void matchesTheReferenceQuantizer() {
        HEARTH_REQUIRE_TESTDATA();
        QFETCH(QString, type);
        QFETCH(QString, reference);
        QTemporaryDir dir;
        const QString out = dir.filePath("out.gguf");
        const auto r = quantize({testDataPath("models/stories260K-F32.gguf"), out, type});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // Every tensor whose type agrees has exactly the reference's bytes, and ffn_down stays
        // F16 (172 values per row fit no block).
        const auto ours = hearth::gguf::File::open(out.toStdString());
        const auto theirs = hearth::gguf::File::open(testDataPath(reference).toStdString());
        QCOMPARE(ours->tensors().size(), theirs->tensors().size());
        int same = 0;
        for (const auto& t : ours->tensors()) {
            const auto* ref = theirs->findTensor(t.name);
            QVERIFY(ref);
            QCOMPARE(t.type, ref->type);
            const auto a = ours->tensorData(t);
            const auto b = theirs->tensorData(*ref);
            QVERIFY2(a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0,
                     t.name.c_str());
            ++same;
        }
        QCOMPARE(same, 48);
        QCOMPARE(ours->findTensor("blk.3.ffn_down.weight")->type, hearth::TensorType::F16);
        // In fact the whole file is the same.
        QFile a(out), b(testDataPath(reference));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());

        // Progress on stderr, one line per tensor; the summary on stdout.
        const QList<QByteArray> progress = r.err.trimmed().split('\n');
        QCOMPARE(progress.size(), 48);
        QVERIFY2(progress[0].startsWith("[ 1/48] output.weight"), progress[0].constData());
        QVERIFY(progress[1].contains("output_norm.weight") && progress[1].endsWith("F32 (kept)"));
        QVERIFY(progress[47].startsWith("[48/48] blk.4.ffn_up.weight"));
        QVERIFY2(r.out.startsWith("wrote " + out.toUtf8() + ": " + type.toUpper().toUtf8() +
                                  ", 48 tensors, 1.12 MiB -> "),
                 r.out.constData());
        QVERIFY(r.out.contains("type    tensors         values         RMSE  rel. RMSE"));
        QVERIFY(QRegularExpression(R"(\nF16 +5 +55040 +\d\.\d{4}e-\d\d +0\.0\d\d%)")
                    .match(r.out)
                    .hasMatch());
    }

    void q4kmFallsBackToLegacyTypes() {
        HEARTH_REQUIRE_TESTDATA();
        QTemporaryDir dir;
        const QString out = dir.filePath("km.gguf");
        const auto r = quantize({testDataPath("models/stories260K-F32.gguf"), out, "q4_k_m"});
        QCOMPARE(r.exitCode, 0);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY(err.contains(
            QRegularExpression(R"(blk\.0\.attn_q\.weight +F32 -> Q5_0 \(fallback\))")));
        QVERIFY(err.contains(
            QRegularExpression(R"(blk\.2\.attn_v\.weight +F32 -> Q8_0 \(fallback\))")));
        QVERIFY(err.contains(
            QRegularExpression(R"(blk\.4\.ffn_down\.weight +F32 -> F16 \(fallback\))")));
        QVERIFY(r.out.contains("tensor(s) took a fallback type"));
    }

    void errors() {
        QTemporaryDir dir;
        const QString out = dir.filePath("x.gguf");
        auto r = quantize({"/nonexistent.gguf", out, "q8_0"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.contains("cannot open /nonexistent.gguf"));
        QVERIFY(!QFile::exists(out));

        r = quantize({"in.gguf", out, "q2_k"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("unknown type \"q2_k\""), r.err.constData());
        r = quantize({"in.gguf", out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("expected IN.gguf OUT.gguf TYPE"));

        HEARTH_REQUIRE_TESTDATA();
        r = quantize({testDataPath("models/stories260K-Q8_0.gguf"), out, "q4_0"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(
            r.err.contains("already quantized (Q8_0); quantize from the F32, F16 or BF16 model"),
            r.err.constData());
        QVERIFY(!QFile::exists(out));
        r = quantize({testDataPath("models/stories260K-F32.gguf"), dir.filePath("no/such/dir.gguf"),
                      "q8_0"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot create"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliQuantize)
#include "test_cli_quantize.moc"
