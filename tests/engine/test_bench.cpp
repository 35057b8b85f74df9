// SPDX-License-Identifier: GPL-3.0-or-later
// The benchmark's measurements: bytes a decoded token reads, the runs on a backend (positions,
// counts, refusals), the median and the host bandwidth.

#include "engine/bench/bench.h"
#include "engine/bench/synthetic.h"
#include "engine/core/error.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/gguf/gguf.h"
#include "engine/model/memory.h"
#include "engine/model/model.h"
#include "tests/common/testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth;

namespace {

/// A tiny synthetic model written into `dir`.
std::shared_ptr<const Model> tinyModel(const QTemporaryDir& dir, bool tied) {
    bench::SyntheticShape s;
    s.name = "tiny";
    s.embedding = 64;
    s.layers = 2;
    s.feedForward = 128;
    s.heads = 4;
    s.kvHeads = 2;
    s.vocab = 300;
    s.tiedOutput = tied;
    s.context = 128;
    const std::string path = dir.filePath(tied ? "tied.gguf" : "untied.gguf").toStdString();
    bench::writeSyntheticModel(s, quant::FileType::MostlyQ8_0, path);
    return Model::load(path);
}

/// A backend that only counts: which positions and batch sizes it was asked for.
class CountingBackend : public Backend {
public:
    CountingBackend(uint32_t context, uint32_t batch, uint32_t vocab)
        : context_(context), batch_(batch), vocab_(vocab) {}
    std::string name() const override { return "counting"; }
    uint32_t contextSize() const override { return context_; }
    uint32_t maxBatch() const override { return batch_; }
    void forward(std::span<const int32_t> tokens, uint32_t pos, bool,
                 std::vector<float>& logits) override {
        QVERIFY(tokens.size() <= batch_);
        QVERIFY(pos + tokens.size() <= context_);
        for (const int32_t t : tokens) {
            QVERIFY(t >= 0 && uint32_t(t) < vocab_);
        }
        calls.emplace_back(pos, static_cast<uint32_t>(tokens.size()));
        logits.assign(vocab_, 0.0f);
    }
    std::vector<std::pair<uint32_t, uint32_t>> calls; ///< (position, tokens)

private:
    uint32_t context_, batch_, vocab_;
};

} // namespace

class TestBench : public QObject {
    Q_OBJECT

private slots:
    void traffic_data() {
        QTest::addColumn<bool>("tied");
        QTest::newRow("own output") << false;
        QTest::newRow("tied output") << true;
    }

    void traffic() {
        QFETCH(bool, tied);
        QTemporaryDir dir;
        const auto model = tinyModel(dir, tied);
        uint64_t fileBytes = 0;
        for (const gguf::TensorInfo& t : model->file().tensors()) {
            fileBytes += t.bytes;
        }
        const WeightTensor& embd = model->weights().tokenEmbd;
        // Every tensor once, except the embedding: one row, plus all of it when it is the output.
        const uint64_t expected = fileBytes - embd.bytes + embd.rowBytes + (tied ? embd.bytes : 0);
        const bench::TokenTraffic f16 = bench::tokenTraffic(model->config(), model->weights(), 2);
        QCOMPARE(f16.weightBytes, expected);
        QCOMPARE(f16.kvBytesPerPosition, kvBytesPerPosition(model->config()));
        QCOMPARE(f16.kvBytesPerWindowPosition, uint64_t(0));
        const bench::TokenTraffic f32 = bench::tokenTraffic(model->config(), model->weights(), 4);
        QCOMPARE(f32.kvBytesPerPosition, 2 * f16.kvBytesPerPosition);
        // A token at position p attends to p + 1 positions.
        QCOMPARE(f16.at(0), expected + f16.kvBytesPerPosition);
        QCOMPARE(f16.at(99), expected + 100 * f16.kvBytesPerPosition);
    }

    void slidingWindowTraffic() {
        bench::TokenTraffic t;
        t.weightBytes = 1000;
        t.kvBytesPerPosition = 10;
        t.kvBytesPerWindowPosition = 7;
        t.window = 4;
        QCOMPARE(t.at(1), uint64_t(1000 + 2 * 10 + 2 * 7));
        QCOMPARE(t.at(99), uint64_t(1000 + 100 * 10 + 4 * 7));
    }

    void phasesAndPositions() {
        ModelConfig c;
        c.nVocab = 50;
        bench::BenchSettings s;
        s.promptTokens = 10;
        s.genTokens = 5;
        s.repetitions = 3;
        CountingBackend backend(64, 4, c.nVocab);
        bench::TokenTraffic traffic;
        traffic.weightBytes = 100;
        traffic.kvBytesPerPosition = 2;
        std::vector<std::string> phases;
        const bench::BenchResult r = bench::runBenchmark(
            backend, c, traffic, s, {[&](const std::string& p) { phases.push_back(p); }});
        const std::vector<std::string> expectedPhases = {"warm-up",
                                                         "prefill 1/3",
                                                         "prefill 2/3",
                                                         "prefill 3/3",
                                                         "decode from position 10",
                                                         "decode from position 58"};
        QCOMPARE(phases, expectedPhases);

        // Warm-up (1 token, then a batch), 3 prefills in batches of 4, 5 + 5 decodes.
        std::vector<std::pair<uint32_t, uint32_t>> expected = {{0, 1}, {0, 4}};
        for (int rep = 0; rep < 3; ++rep) {
            expected.insert(expected.end(), {{0, 4}, {4, 4}, {8, 2}});
        }
        for (uint32_t i = 0; i < 5; ++i) {
            expected.emplace_back(10 + i, 1);
        }
        for (uint32_t i = 0; i < 5; ++i) {
            expected.emplace_back(58 + i, 1);
        }
        QCOMPARE(backend.calls, expected);

        QCOMPARE(r.prefillTokensPerSecond.size(), std::size_t(3));
        QVERIFY(r.prefillMedian > 0.0);
        QCOMPARE(r.decodeStart.firstPosition, 10u);
        QCOMPARE(r.decodeStart.tokens, 5u);
        QCOMPARE(r.decodeEnd.firstPosition, 58u);
        // Averaged over positions 10..14 and 58..62.
        QCOMPARE(r.decodeStart.bytesPerToken, uint64_t(100 + 2 * 13));
        QCOMPARE(r.decodeEnd.bytesPerToken, uint64_t(100 + 2 * 61));
        QVERIFY(r.decodeStart.tokensPerSecond() > 0.0);
        QCOMPARE(r.decodeStart.bytesPerSecond(),
                 double(r.decodeStart.bytesPerToken) * r.decodeStart.tokensPerSecond());
    }

    void refusals() {
        ModelConfig c;
        c.nVocab = 50;
        bench::BenchSettings s;
        s.promptTokens = 40;
        s.genTokens = 20;
        QCOMPARE(bench::minimumContext(s), 76u);
        CountingBackend small(75, 8, c.nVocab);
        QVERIFY_THROWS_EXCEPTION(Error, bench::runBenchmark(small, c, {}, s));
        QVERIFY(small.calls.empty());
        CountingBackend fits(76, 8, c.nVocab);
        bench::runBenchmark(fits, c, {}, s);
        QCOMPARE(fits.calls.back().first, 74u); // the last decode: position ctx - 2
        QVERIFY_THROWS_EXCEPTION(Error, bench::decodeRun(fits, c, {}, 70, 7, 1));
    }

    void onTheCpuBackend() {
        QTemporaryDir dir;
        const auto model = tinyModel(dir, false);
        CpuBackend cpu(model, 64, 1);
        bench::BenchSettings s;
        s.promptTokens = 8;
        s.genTokens = 4;
        s.repetitions = 1;
        const auto traffic = bench::tokenTraffic(model->config(), model->weights(), 4);
        const bench::BenchResult r = bench::runBenchmark(cpu, model->config(), traffic, s);
        QVERIFY(r.prefillMedian > 0.0);
        QVERIFY(r.decodeStart.tokensPerSecond() > 0.0);
        QVERIFY(r.decodeEnd.tokensPerSecond() > 0.0);
        QCOMPARE(r.decodeEnd.firstPosition, 64u - 4u - 1u);
        QVERIFY(r.decodeEnd.bytesPerToken > r.decodeStart.bytesPerToken);
    }

    void medianOfRuns() {
        QCOMPARE(bench::median({}), 0.0);
        QCOMPARE(bench::median({3.0}), 3.0);
        QCOMPARE(bench::median({5.0, 1.0, 3.0}), 3.0);
        QCOMPARE(bench::median({4.0, 1.0, 3.0, 2.0}), 2.5);
    }

    void hostBandwidth() {
        const double bps = bench::measureHostBandwidth(2, 8u << 20, 2);
        // Anything between a slow laptop's and a server's memory.
        QVERIFY2(bps > 1e8 && bps < 1e13, QByteArray::number(bps).constData());
    }
};

QTEST_GUILESS_MAIN(TestBench)
#include "test_bench.moc"
