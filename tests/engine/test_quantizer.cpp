// SPDX-License-Identifier: GPL-3.0-or-later
// The quantization mix and the model quantizer: per-tensor types as the reference quantizer
// chooses them, whole files identical to the reference's, and the rules on synthetic models.

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/writer.h"
#include "engine/quant/quantizer.h"
#include "tests/common/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <random>

using namespace hearth;
using quant::FileType;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::vector<float> noise(std::size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 0.02f);
    std::vector<float> v(n);
    for (float& f : v) {
        f = dist(rng);
    }
    return v;
}

/// A llama-shaped model with `layers` layers, rows of `width` values and small matrices.
std::vector<uint8_t> syntheticModel(int layers, uint64_t width, bool withOutput) {
    gguf::Writer w;
    w.set("general.architecture", gguf::Value::string("llama"));
    w.set("general.file_type", gguf::Value::u32(0));
    w.set("llama.block_count", gguf::Value::u32(static_cast<uint32_t>(layers)));
    w.set("test.after", gguf::Value::string("kept"));
    constexpr uint64_t kRows = 4;
    uint32_t seed = 1;
    const auto matrix = [&](const std::string& name, uint64_t cols, uint64_t rows) {
        w.addTensor(name, noise(cols * rows, seed++), {cols, rows});
    };
    matrix("token_embd.weight", width, 16);
    w.addTensor("output_norm.weight", noise(width, seed++), {width});
    if (withOutput) {
        matrix("output.weight", width, 16);
    }
    for (int i = 0; i < layers; ++i) {
        const std::string p = "blk." + std::to_string(i) + ".";
        w.addTensor(p + "attn_norm.weight", noise(width, seed++), {width});
        matrix(p + "attn_q.weight", width, kRows);
        matrix(p + "attn_k.weight", width, kRows);
        matrix(p + "attn_v.weight", width, kRows);
        matrix(p + "attn_output.weight", width, kRows);
        matrix(p + "ffn_gate.weight", width, kRows);
        matrix(p + "ffn_up.weight", width, kRows);
        matrix(p + "ffn_down.weight", width, kRows);
    }
    return w.toBytes();
}

std::map<std::string, TensorType> planTypes(const gguf::File& f, FileType target) {
    std::map<std::string, TensorType> types;
    for (const quant::TensorPlan& p : quant::planQuantization(f, target)) {
        types[p.name] = p.to;
    }
    return types;
}

} // namespace

class TestQuantizer : public QObject {
    Q_OBJECT

private slots:
    void reproducesReferenceFilesByteForByte_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("type");
        QTest::newRow("stories q8_0") << "models/stories260K-F32.gguf"
                                      << "models/stories260K-Q8_0.gguf"
                                      << "q8_0";
        QTest::newRow("stories q4_0") << "models/stories260K-F32.gguf"
                                      << "models/stories260K-Q4_0.gguf"
                                      << "q4_0";
        QTest::newRow("stories q4_k_m") << "models/stories260K-F32.gguf"
                                        << "models/stories260K-Q4_K_M.gguf"
                                        << "q4_k_m";
        QTest::newRow("stories f16") << "models/stories260K-F32.gguf"
                                     << "models/stories260K-F16.gguf"
                                     << "f16";
        for (const char* q : {"q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_k_m", "q5_k_m", "q6_k"}) {
            QTest::newRow(q) << "models/arch/tiny-llama256-f32.gguf"
                             << QString("models/arch/tiny-llama256-%1.gguf").arg(q) << q;
        }
    }

    void reproducesReferenceFilesByteForByte() {
        HEARTH_REQUIRE_TESTDATA();
        QFETCH(QString, source);
        QFETCH(QString, reference);
        QFETCH(QString, type);
        QTemporaryDir dir;
        const std::string out = dir.filePath("out.gguf").toStdString();
        const auto model = gguf::File::open(test::testDataPath(source).toStdString());
        const auto target = quant::quantizeTargetFromName(type.toStdString());
        QVERIFY(target);
        std::size_t calls = 0;
        const quant::QuantizeReport report =
            quant::quantizeModel(*model, out, *target,
                                 [&](std::size_t i, std::size_t count, const quant::TensorPlan& p) {
                                     QCOMPARE(i, calls);
                                     QCOMPARE(count, model->tensors().size());
                                     QVERIFY(model->findTensor(p.name));
                                     ++calls;
                                 });
        QCOMPARE(calls, model->tensors().size());
        QVERIFY(readAll(QString::fromStdString(out)) == readAll(test::testDataPath(reference)));

        // The plan names the reference's types, and the report adds up.
        const auto ref = gguf::File::open(test::testDataPath(reference).toStdString());
        uint64_t bytesOut = 0;
        for (const quant::TensorPlan& p : report.plan) {
            QCOMPARE(p.to, ref->findTensor(p.name)->type);
            bytesOut += ref->findTensor(p.name)->bytes;
        }
        QCOMPARE(report.bytesOut, bytesOut);
        for (const quant::TypeError& e : report.errors) {
            QVERIFY(e.tensors > 0 && e.values > 0);
            QVERIFY(e.relativeRmse() < 0.2);
            QVERIFY(e.rmse() > 0);
        }
    }

    void storiesMixFallsBack() {
        HEARTH_REQUIRE_TESTDATA();
        const auto model =
            gguf::File::open(test::testDataPath("models/stories260K-F32.gguf").toStdString());
        for (FileType t : {FileType::MostlyQ4_0, FileType::MostlyQ8_0}) {
            const auto types = planTypes(*model, t);
            QCOMPARE(types.at("blk.2.ffn_down.weight"), TensorType::F16); // 172 columns
            QCOMPARE(types.at("output.weight"), TensorType::Q8_0);
            QCOMPARE(types.at("blk.2.attn_norm.weight"), TensorType::F32);
        }
        const auto km = planTypes(*model, FileType::MostlyQ4_K_M);
        QCOMPARE(km.at("blk.0.attn_q.weight"), TensorType::Q5_0); // Q4_K does not fit 64
        QCOMPARE(km.at("blk.2.attn_v.weight"), TensorType::Q8_0); // Q6_K does not fit 64
        QCOMPARE(km.at("blk.1.attn_v.weight"), TensorType::Q5_0);
        QCOMPARE(km.at("blk.4.ffn_down.weight"), TensorType::F16); // Q6_K, Q8_0: 172 fits neither
        const auto q5 = planTypes(*model, FileType::MostlyQ5_K_M);
        QCOMPARE(q5.at("blk.0.attn_q.weight"), TensorType::Q5_1); // Q5_K does not fit 64
    }

    void moreBitsLayersOfTheKMixes() {
        const std::vector<uint8_t> bytes = syntheticModel(32, 256, true);
        const auto model = gguf::File::fromMemory(bytes);
        for (FileType t : {FileType::MostlyQ4_K_M, FileType::MostlyQ5_K_M}) {
            const TensorType base =
                t == FileType::MostlyQ4_K_M ? TensorType::Q4_K : TensorType::Q5_K;
            const auto types = planTypes(*model, t);
            int more = 0;
            for (int i = 0; i < 32; ++i) {
                const std::string p = "blk." + std::to_string(i) + ".";
                const bool expected = i < 4 || i >= 28 || (i - 4) % 3 == 2;
                const TensorType want = expected ? TensorType::Q6_K : base;
                QCOMPARE(types.at(p + "attn_v.weight"), want);
                QCOMPARE(types.at(p + "ffn_down.weight"), want);
                QCOMPARE(types.at(p + "attn_q.weight"), base);
                QCOMPARE(types.at(p + "ffn_up.weight"), base);
                QCOMPARE(types.at(p + "attn_norm.weight"), TensorType::F32);
                more += expected ? 1 : 0;
            }
            QCOMPARE(more, 16);
            QCOMPARE(types.at("output.weight"), TensorType::Q6_K);
            QCOMPARE(types.at("token_embd.weight"), base); // not tied: output.weight exists
        }
        const auto q6 = planTypes(*model, FileType::MostlyQ6_K);
        QCOMPARE(q6.at("blk.3.attn_v.weight"), TensorType::Q6_K);
        const auto q4 = planTypes(*model, FileType::MostlyQ4_0);
        QCOMPARE(q4.at("output.weight"), TensorType::Q6_K);
        QCOMPARE(q4.at("blk.0.attn_v.weight"), TensorType::Q4_0);
        const auto q8 = planTypes(*model, FileType::MostlyQ8_0);
        QCOMPARE(q8.at("output.weight"), TensorType::Q8_0);
        const auto f16 = planTypes(*model, FileType::MostlyF16);
        QCOMPARE(f16.at("output.weight"), TensorType::F16);
        QCOMPARE(f16.at("blk.7.ffn_down.weight"), TensorType::F16);
        QCOMPARE(f16.at("output_norm.weight"), TensorType::F32);
    }

    void tiedEmbeddingFollowsTheOutputType() {
        const std::vector<uint8_t> bytes = syntheticModel(2, 256, false);
        const auto model = gguf::File::fromMemory(bytes);
        QCOMPARE(planTypes(*model, FileType::MostlyQ4_K_M).at("token_embd.weight"),
                 TensorType::Q6_K);
        QCOMPARE(planTypes(*model, FileType::MostlyQ4_0).at("token_embd.weight"), TensorType::Q6_K);
        QCOMPARE(planTypes(*model, FileType::MostlyQ8_0).at("token_embd.weight"), TensorType::Q8_0);
    }

    void rowsThatDoNotFitTheBlocks() {
        // 96 values: a multiple of 32, not of 256.
        const std::vector<uint8_t> bytes96 = syntheticModel(2, 96, true);
        const auto m96 = gguf::File::fromMemory(bytes96);
        const auto k4 = planTypes(*m96, FileType::MostlyQ4_K_M);
        QCOMPARE(k4.at("blk.0.attn_q.weight"), TensorType::Q5_0);
        QCOMPARE(k4.at("blk.1.ffn_down.weight"), TensorType::Q8_0);
        QCOMPARE(k4.at("output.weight"), TensorType::Q8_0);
        QCOMPARE(planTypes(*m96, FileType::MostlyQ5_K_M).at("blk.0.attn_q.weight"),
                 TensorType::Q5_1);
        QCOMPARE(planTypes(*m96, FileType::MostlyQ6_K).at("blk.0.attn_q.weight"), TensorType::Q8_0);
        for (const quant::TensorPlan& p : quant::planQuantization(*m96, FileType::MostlyQ4_K_M)) {
            // The output takes Q8_0 by the output rule itself, not as a fallback.
            QCOMPARE(p.fallback, p.from != p.to && p.name != "output.weight");
        }
        // 100 values: not even a multiple of 32.
        const std::vector<uint8_t> bytes100 = syntheticModel(2, 100, true);
        const auto m100 = gguf::File::fromMemory(bytes100);
        for (FileType t : {FileType::MostlyQ4_K_M, FileType::MostlyQ4_0, FileType::MostlyQ8_0,
                           FileType::MostlyQ5_1, FileType::MostlyQ6_K}) {
            const auto types = planTypes(*m100, t);
            QCOMPARE(types.at("blk.1.attn_k.weight"), TensorType::F16);
            QCOMPARE(types.at("output.weight"), TensorType::F16);
        }
    }

    void writesMetadataAndIsThreadIndependent() {
        const std::vector<uint8_t> bytes = syntheticModel(3, 256, true);
        const auto model = gguf::File::fromMemory(bytes);
        QTemporaryDir dir;
        const std::string one = dir.filePath("one.gguf").toStdString();
        const std::string many = dir.filePath("many.gguf").toStdString();
        quant::quantizeModel(*model, one, FileType::MostlyQ5_K_M, {}, 1);
        quant::quantizeModel(*model, many, FileType::MostlyQ5_K_M, {}, 3);
        QVERIFY(readAll(QString::fromStdString(one)) == readAll(QString::fromStdString(many)));
        const auto out = gguf::File::open(one);
        QCOMPARE(out->getUInt("general.file_type").value(), 17u);
        QCOMPARE(out->getUInt("general.quantization_version").value(), 2u);
        QCOMPARE(out->getString("test.after").value(), std::string("kept"));
        // Replaced keys move to the end, as the reference writes them.
        QCOMPARE(out->metadata().back().first, std::string("general.file_type"));
        QCOMPARE(out->tensors().size(), model->tensors().size());
        QCOMPARE(out->tensors().front().name, std::string("output.weight"));
        QCOMPARE(out->tensors().back().name, std::string("blk.2.ffn_up.weight"));
    }

    void refusesToRequantizeAndNamesBadTensors() {
        const std::vector<uint8_t> bytes = syntheticModel(2, 256, true);
        const auto model = gguf::File::fromMemory(bytes);
        QTemporaryDir dir;
        const std::string q8 = dir.filePath("q8.gguf").toStdString();
        quant::quantizeModel(*model, q8, FileType::MostlyQ8_0);
        const auto quantized = gguf::File::open(q8);
        try {
            quant::planQuantization(*quantized, FileType::MostlyQ4_0);
            QFAIL("requantization was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("already quantized (Q8_0)"), e.what());
        }
        // The same mix again only copies.
        const auto same = quant::planQuantization(*quantized, FileType::MostlyQ8_0);
        QVERIFY(
            std::all_of(same.begin(), same.end(), [](const auto& p) { return p.from == p.to; }));

        gguf::Writer w;
        w.set("general.architecture", gguf::Value::string("llama"));
        std::vector<float> v(256 * 2, 0.5f);
        v[300] = NAN;
        w.addTensor("blk.0.attn_q.weight", v, {256, 2});
        const std::vector<uint8_t> nanBytes = w.toBytes();
        const auto nanModel = gguf::File::fromMemory(nanBytes);
        const std::string out = dir.filePath("nan.gguf").toStdString();
        try {
            quant::quantizeModel(*nanModel, out, FileType::MostlyQ4_K_M);
            QFAIL("NaN was quantized");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("tensor blk.0.attn_q.weight: "), e.what());
            QVERIFY(QString(e.what()).contains("NaN"));
        }
        QVERIFY(!QFile::exists(QString::fromStdString(out)));
    }

    void targetNames() {
        QCOMPARE(quant::quantizeTargetFromName("q4_k_m"), FileType::MostlyQ4_K_M);
        QCOMPARE(quant::quantizeTargetFromName("Q8_0"), FileType::MostlyQ8_0);
        QCOMPARE(quant::quantizeTargetFromName("f16"), FileType::MostlyF16);
        QVERIFY(!quant::quantizeTargetFromName("q4_k"));
        QVERIFY(!quant::quantizeTargetFromName("q2_k"));
        QVERIFY(!quant::quantizeTargetFromName(""));
        QCOMPARE(quant::fileTypeLabel(15).value(), std::string("Q4_K_M"));
        QCOMPARE(quant::fileTypeLabel(7).value(), std::string("Q8_0"));
        QVERIFY(!quant::fileTypeLabel(5));
    }
};

QTEST_GUILESS_MAIN(TestQuantizer)
#include "test_quantizer.moc"
