// SPDX-License-Identifier: GPL-3.0-or-later
// Synthetic benchmark models: the named shapes, tensor types equal to the quantizer's plan for
// the same model in F32 (and bytes equal to what the quantizer writes from it), bytes that do
// not depend on the thread count, a model that loads and runs to finite logits, the cache.

#include "engine/bench/synthetic.h"
#include "engine/core/error.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/gguf/gguf.h"
#include "engine/model/model.h"
#include "engine/quant/quantizer.h"
#include "engine/tokenizer/tokenizer.h"
#include "tests/common/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <map>

using namespace hearth;
using quant::FileType;

Q_DECLARE_METATYPE(hearth::quant::FileType)

namespace {

/// Small enough to write in milliseconds; 256-wide rows so the K-quants fit most matrices
/// while the narrower key/value rows and the 320-wide FFN rows take the fallbacks.
bench::SyntheticShape tinyShape(bool tied) {
    bench::SyntheticShape s;
    s.name = tied ? "tiny-tied" : "tiny";
    s.embedding = 256;
    s.layers = 8;
    s.feedForward = 320;
    s.heads = 4;
    s.kvHeads = 2;
    s.vocab = 300;
    s.tiedOutput = tied;
    s.context = 256;
    return s;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::string path(const QTemporaryDir& dir, const char* name) {
    return dir.filePath(QString::fromLatin1(name)).toStdString();
}

std::span<const uint8_t> dataOf(const gguf::File& f, const std::string& name) {
    const gguf::TensorInfo* t = f.findTensor(name);
    return t ? f.tensorData(*t) : std::span<const uint8_t>();
}

void setEnv(const char* name, const QByteArray& value) {
    if (value.isNull()) {
        qunsetenv(name);
    } else {
        qputenv(name, value);
    }
}

} // namespace

class TestSynthetic : public QObject {
    Q_OBJECT

private slots:
    void namedShapes() {
        const auto small = bench::syntheticShape("0.5b");
        QVERIFY(small);
        QCOMPARE(small->embedding, 896u);
        QCOMPARE(small->layers, 24u);
        QCOMPARE(small->feedForward, 4864u);
        QCOMPARE(small->heads, 14u);
        QCOMPARE(small->kvHeads, 2u);
        QCOMPARE(small->vocab, 32000u);
        QVERIFY(small->tiedOutput);
        const auto large = bench::syntheticShape("1.1b");
        QVERIFY(large);
        QCOMPARE(large->embedding, 2048u);
        QCOMPARE(large->layers, 22u);
        QCOMPARE(large->feedForward, 5632u);
        QCOMPARE(large->heads, 32u);
        QCOMPARE(large->kvHeads, 4u);
        QVERIFY(!large->tiedOutput);
        QVERIFY(!bench::syntheticShape("3b"));

        // Tied: no output.weight; 3 global + 9 per layer tensors otherwise.
        const auto smallTensors = bench::syntheticTensors(*small);
        QCOMPARE(smallTensors.size(), std::size_t(2 + 9 * 24));
        for (const gguf::TensorInfo& t : smallTensors) {
            QVERIFY(t.name != "output.weight");
        }
        QCOMPARE(bench::syntheticTensors(*large).size(), std::size_t(3 + 9 * 22));
        // The 0.5b rows of 896 values do not fit 256-value K-quant blocks: the reference
        // quantizer's fallbacks apply (Q5_0 for Q4_K, Q8_0 for the Q6_K embedding).
        std::map<std::string, TensorType> types;
        for (const auto& p : quant::planQuantization(smallTensors, bench::syntheticMixFacts(*small),
                                                     FileType::MostlyQ4_K_M)) {
            types[p.name] = p.to;
        }
        QCOMPARE(types["token_embd.weight"], TensorType::Q8_0);
        QCOMPARE(types["blk.5.attn_q.weight"], TensorType::Q5_0);
        QCOMPARE(types["blk.0.ffn_down.weight"], TensorType::Q6_K);
        QCOMPARE(types["blk.5.attn_norm.weight"], TensorType::F32);
    }

    void impossibleShapes() {
        bench::SyntheticShape s = tinyShape(false);
        s.heads = 3; // 256 is not a multiple of 3
        QVERIFY_THROWS_EXCEPTION(Error, bench::syntheticTensors(s));
        s = tinyShape(false);
        s.vocab = 200; // no room for the byte tokens
        QVERIFY_THROWS_EXCEPTION(Error, bench::syntheticTensors(s));
        s = tinyShape(false);
        s.layers = 0;
        QVERIFY_THROWS_EXCEPTION(Error, bench::syntheticTensors(s));
    }

    void typesFollowTheQuantizer_data() {
        QTest::addColumn<FileType>("target");
        QTest::addColumn<bool>("tied");
        QTest::newRow("f16") << FileType::MostlyF16 << false;
        QTest::newRow("q8_0") << FileType::MostlyQ8_0 << true;
        QTest::newRow("q4_0 tied") << FileType::MostlyQ4_0 << true;
        QTest::newRow("q4_0") << FileType::MostlyQ4_0 << false;
        QTest::newRow("q4_1") << FileType::MostlyQ4_1 << false;
        QTest::newRow("q5_1") << FileType::MostlyQ5_1 << true;
        QTest::newRow("q4_k_m") << FileType::MostlyQ4_K_M << false;
        QTest::newRow("q4_k_m tied") << FileType::MostlyQ4_K_M << true;
        QTest::newRow("q5_k_m") << FileType::MostlyQ5_K_M << false;
        QTest::newRow("q6_k") << FileType::MostlyQ6_K << true;
    }

    void typesFollowTheQuantizer() {
        QFETCH(FileType, target);
        QFETCH(bool, tied);
        QTemporaryDir dir;
        const bench::SyntheticShape shape = tinyShape(tied);
        bench::writeSyntheticModel(shape, FileType::AllF32, path(dir, "f32.gguf"));
        const auto plan = bench::writeSyntheticModel(shape, target, path(dir, "model.gguf"));
        const auto f32 = gguf::File::open(path(dir, "f32.gguf"));
        const auto model = gguf::File::open(path(dir, "model.gguf"));
        for (const gguf::TensorInfo& t : f32->tensors()) {
            QCOMPARE(t.type, TensorType::F32);
        }

        // The types are the quantizer's choice for the equivalent F32 file.
        const auto expected = quant::planQuantization(*f32, target);
        QCOMPARE(plan.size(), expected.size());
        QCOMPARE(model->tensors().size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(plan[i].name, expected[i].name);
            const gguf::TensorInfo* t = model->findTensor(expected[i].name);
            QVERIFY2(t, expected[i].name.c_str());
            QVERIFY2(t->type == expected[i].to, expected[i].name.c_str());
        }
        QCOMPARE(model->getUInt("general.file_type"), uint64_t(target));
        QCOMPARE(model->getUInt("llama.block_count"), uint64_t(shape.layers));

        // And the bytes are what the quantizer writes from that file.
        quant::quantizeModel(*f32, path(dir, "quantized.gguf"), target);
        const auto quantized = gguf::File::open(path(dir, "quantized.gguf"));
        for (const gguf::TensorInfo& t : quantized->tensors()) {
            const auto a = dataOf(*quantized, t.name);
            const auto b = dataOf(*model, t.name);
            QVERIFY2(a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()),
                     t.name.c_str());
        }
    }

    void bytesDoNotDependOnThreads() {
        QTemporaryDir dir;
        const bench::SyntheticShape shape = tinyShape(false);
        bench::writeSyntheticModel(shape, FileType::MostlyQ4_K_M, path(dir, "one.gguf"), {}, 1);
        bench::writeSyntheticModel(shape, FileType::MostlyQ4_K_M, path(dir, "three.gguf"), {}, 3);
        const QByteArray one = readAll(dir.filePath("one.gguf"));
        QVERIFY(one.size() > 100000);
        QCOMPARE(one, readAll(dir.filePath("three.gguf")));
    }

    void loadsAndRuns_data() {
        QTest::addColumn<FileType>("target");
        QTest::addColumn<bool>("tied");
        QTest::newRow("q4_0 tied") << FileType::MostlyQ4_0 << true;
        QTest::newRow("q4_k_m") << FileType::MostlyQ4_K_M << false;
        QTest::newRow("f16") << FileType::MostlyF16 << false;
    }

    void loadsAndRuns() {
        QFETCH(FileType, target);
        QFETCH(bool, tied);
        QTemporaryDir dir;
        const bench::SyntheticShape shape = tinyShape(tied);
        std::vector<std::size_t> progress;
        bench::writeSyntheticModel(shape, target, path(dir, "m.gguf"),
                                   [&](std::size_t done, std::size_t count) {
                                       QVERIFY(done <= count);
                                       progress.push_back(done);
                                   });
        QCOMPARE(progress.size(), bench::syntheticTensors(shape).size());
        QCOMPARE(progress.back(), progress.size());

        const auto model = Model::load(path(dir, "m.gguf"));
        QCOMPARE(model->config().nVocab, shape.vocab);
        QCOMPARE(model->config().nLayer, shape.layers);
        QCOMPARE(model->weights().tiedOutput, tied);
        QCOMPARE(model->tokenizer().size(), std::size_t(shape.vocab));
        // A SentencePiece vocabulary: BOS first, and byte fallback for anything.
        const std::vector<int32_t> ids =
            model->tokenizer().encode("hello \xe2\x82\xac", true, true);
        QVERIFY(ids.size() > 2);
        QCOMPARE(ids.front(), 1);

        CpuBackend cpu(model, 64, 2);
        std::vector<float> logits;
        cpu.forward(ids, 0, true, logits);
        QCOMPARE(logits.size(), ids.size() * shape.vocab);
        float spread = 0.0f;
        for (const float v : logits) {
            QVERIFY(std::isfinite(v));
            spread = std::max(spread, std::fabs(v - logits[0]));
        }
        QVERIFY(spread > 0.0f); // random weights, not a constant
    }

    void cache() {
        QTemporaryDir dir;
        const bench::SyntheticShape shape = tinyShape(true);
        const std::string folder = path(dir, "cache/bench");
        const auto first = bench::cachedSyntheticModel(shape, FileType::MostlyQ8_0, folder);
        QVERIFY(first.created);
        QVERIFY(QFile::exists(QString::fromStdString(first.path)));
        QCOMPARE(QString::fromStdString(first.path),
                 QString::fromStdString(folder) + "/hearth-synthetic-tiny-tied-q8_0-v1.gguf");
        const QByteArray bytes = readAll(QString::fromStdString(first.path));

        const auto second = bench::cachedSyntheticModel(shape, FileType::MostlyQ8_0, folder);
        QVERIFY(!second.created);
        QCOMPARE(second.path, first.path);

        // A damaged file is written again.
        QVERIFY(QFile::resize(QString::fromStdString(first.path), bytes.size() / 2));
        const auto third = bench::cachedSyntheticModel(shape, FileType::MostlyQ8_0, folder);
        QVERIFY(third.created);
        QCOMPARE(readAll(QString::fromStdString(third.path)), bytes);

        // Another type is another file.
        const auto other = bench::cachedSyntheticModel(shape, FileType::MostlyQ4_0, folder);
        QVERIFY(other.created);
        QVERIFY(other.path != first.path);
    }

    void cacheFolder() {
        const QByteArray hearth = qgetenv("HEARTH_CACHE_DIR");
        const QByteArray xdg = qgetenv("XDG_CACHE_HOME");
        const QByteArray home = qgetenv("HOME");
        qputenv("HEARTH_CACHE_DIR", "/tmp/h");
        QCOMPARE(bench::benchCacheDir(), std::string("/tmp/h/bench"));
        qunsetenv("HEARTH_CACHE_DIR");
        qputenv("XDG_CACHE_HOME", "/tmp/x");
        QCOMPARE(bench::benchCacheDir(), std::string("/tmp/x/hearth/bench"));
        qunsetenv("XDG_CACHE_HOME");
        qputenv("HOME", "/tmp/home");
        QCOMPARE(bench::benchCacheDir(), std::string("/tmp/home/.cache/hearth/bench"));
        qunsetenv("HOME");
        QVERIFY_THROWS_EXCEPTION(Error, bench::benchCacheDir());
        setEnv("HEARTH_CACHE_DIR", hearth.isEmpty() ? QByteArray() : hearth);
        setEnv("XDG_CACHE_HOME", xdg.isEmpty() ? QByteArray() : xdg);
        setEnv("HOME", home.isEmpty() ? QByteArray() : home);
    }
};

QTEST_GUILESS_MAIN(TestSynthetic)
#include "test_synthetic.moc"
