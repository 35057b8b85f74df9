// SPDX-License-Identifier: GPL-3.0-or-later
// Decode steps replay one recorded command buffer: a Recorder submitted many times runs its
// commands again on the buffers' current contents; a Transformer records the decode step once
// and gives bit-for-bit the logits of a Transformer that records every step, and the CPU
// reference's within the f16 cache's rounding — across prompts at other positions, rewinds to
// an earlier position (a reused prefix), Gemma 2's sliding window, a readback buffer that grows
// (the step is recorded again) and timed passes (recorded per call).

#include "engine/core/error.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/gguf/gguf.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/profiler.h"
#include "engine/vulkan/recorder.h"
#include "engine/vulkan/transformer.h"
#include "tests/common/testsupport.h"
#include "tests/engine/vk_models.h"
#include "tests/engine/vk_support.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

using namespace hearth;

namespace {

constexpr uint32_t kContext = 48;
constexpr uint32_t kBatch = 16;
constexpr uint64_t kBudget = 1ull << 30;

using vktest::load;
using vktest::Loaded;
using vktest::relativeError;

/// One forward() call of a scripted session.
struct Call {
    uint32_t pos;
    uint32_t tokens;
    bool allLogits;
    bool rewound; ///< at positions used before: feed other tokens than the first time
    const char* what;
};

} // namespace

class TestVkReplay : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { gpu_ = std::make_unique<vktest::Gpu>(); }

    // The same commands, submitted three times, read what the host wrote in between.
    void recorderReplays() {
        vk::Device& dev = *gpu_->device;
        constexpr uint32_t kWords = 64;
        vk::Buffer src(dev, kWords * sizeof(uint32_t), vk::MemoryKind::Staging);
        vk::Buffer dst(dev, kWords * sizeof(uint32_t), vk::MemoryKind::Readback);
        vk::Recorder rec(dev, vk::Submissions::Many);
        QVERIFY(!rec.recorded());
        rec.copy(src, dst, src.size());
        std::vector<uint32_t> in(kWords), out(kWords);
        for (uint32_t round = 0; round < 3; ++round) {
            for (uint32_t i = 0; i < kWords; ++i) {
                in[i] = round * 1000 + i;
            }
            src.upload(in.data(), src.size());
            rec.submitAndWait();
            QVERIFY(rec.recorded());
            dst.download(out.data(), dst.size());
            QCOMPARE(out, in);
        }
        QVERIFY_THROWS_EXCEPTION(Error, rec.fill(dst, 0));
        vk::Recorder once(dev);
        once.fill(dst, 7);
        once.submitAndWait();
        QVERIFY(!once.recorded());
        once.fill(dst, 9); // a one-time recorder records again after its submission
        once.submitAndWait();
        dst.download(out.data(), dst.size());
        QCOMPARE(out, std::vector<uint32_t>(kWords, 9));
        if (vk::Profiler::supported(dev)) {
            vk::Profiler profiler(dev);
            QVERIFY_THROWS_EXCEPTION(Error, rec.setProfiler(&profiler));
        }
    }

    void matchesFreshRecording_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("rows");    // the row kernels (lavapipe's choice) or the tiled ones
        QTest::addColumn<bool>("sliding"); // the model has sliding-window layers
        QTest::newRow("tiny-gemma2-f32") << "models/arch/tiny-gemma2-f32.gguf" << true << true;
        QTest::newRow("tiny-gemma2-f32 tiles")
            << "models/arch/tiny-gemma2-f32.gguf" << false << true;
        QTest::newRow("tiny-llama256-q4_0")
            << "models/arch/tiny-llama256-q4_0.gguf" << true << false;
        QTest::newRow("tiny-qwen2-f32") << "models/arch/tiny-qwen2-f32.gguf" << true << false;
    }

    void matchesFreshRecording() {
        HEARTH_REQUIRE_TESTDATA();
        QFETCH(QString, file);
        QFETCH(bool, rows);
        QFETCH(bool, sliding);
        const Loaded m = load(file);
        // Decode below runs from position 12 to 33, across a window of 16.
        QCOMPARE(m.config.slidingWindow > 0, sliding);
        QVERIFY(!sliding || m.config.slidingWindow < 28);
        vk::Device& dev = *gpu_->device;
        vk::KernelConfig kc = vk::chooseKernelConfig(dev.info());
        kc.rowKernels = rows;
        vk::Kernels kernels(dev, kc);
        vk::TransformerOptions options;
        options.contextSize = kContext;
        options.maxBatch = kBatch;
        options.memoryBudget = kBudget;
        vk::Transformer replay(kernels, m.config, m.weights, options);
        options.replayDecode = false;
        vk::Transformer fresh(kernels, m.config, m.weights, options);
        CpuBackend cpu(m.config, m.weights, m.file, kContext);

        std::mt19937 rng(7);
        std::vector<int32_t> ids(kContext);
        for (int32_t& t : ids) {
            t = int32_t(rng() % m.config.nVocab);
        }
        // Decode from the start, a prompt with every token's logits (the readback buffer grows:
        // the decode step is recorded again), decode across the window of 16, a batch further
        // on, decode after it; then back to earlier positions: a batch over a reused prefix and
        // decode after it, and decode steps alone at positions already used.
        std::vector<Call> calls;
        for (uint32_t p = 0; p < 3; ++p) {
            calls.push_back({p, 1, false, false, "decode from the start"});
        }
        calls.push_back({3, 9, true, false, "prompt, every token"});
        for (uint32_t p = 12; p < 22; ++p) {
            calls.push_back({p, 1, false, false, "decode"});
        }
        calls.push_back({22, 6, false, false, "batch"});
        for (uint32_t p = 28; p < 34; ++p) {
            calls.push_back({p, 1, false, false, "decode after a batch"});
        }
        calls.push_back({5, 4, false, true, "rewound batch"});
        for (uint32_t p = 9; p < 12; ++p) {
            calls.push_back({p, 1, false, true, "decode after rewinding"});
        }
        calls.push_back({2, 1, false, true, "rewound decode"});
        calls.push_back({3, 1, false, true, "rewound decode"});

        const uint32_t vocab = m.config.nVocab;
        uint64_t batches = 0;
        double worst = 0.0;
        std::vector<float> lr, lf, lc;
        for (const Call& call : calls) {
            const std::span<const int32_t> tokens =
                std::span<const int32_t>(ids).subspan(call.pos, call.tokens);
            std::vector<int32_t> fed(tokens.begin(), tokens.end());
            if (call.rewound) {
                for (int32_t& t : fed) {
                    t = int32_t((uint32_t(t) + 1) % vocab);
                }
            }
            replay.forward(fed, call.pos, call.allLogits, lr);
            fresh.forward(fed, call.pos, call.allLogits, lf);
            cpu.forward(fed, call.pos, call.allLogits, lc);
            batches += call.tokens > 1 ? 1 : 0;
            const QByteArray where = QByteArray(call.what) + " at " + QByteArray::number(call.pos);
            QVERIFY2(lr == lf, where.constData());
            QCOMPARE(lc.size(), lr.size());
            for (size_t t = 0; t < lr.size() / vocab; ++t) {
                const double err = relativeError(std::span(lr).subspan(t * vocab, vocab),
                                                 std::span(lc).subspan(t * vocab, vocab));
                worst = std::max(worst, err);
                // The f16 cache against the CPU's float32 one (see test_vk_backend.cpp).
                QVERIFY2(err <= 4e-3,
                         (where + ": relative error " + QByteArray::number(err)).constData());
            }
        }
        // Every call of `fresh` recorded; `replay` recorded the batches and the decode step
        // twice (at the start, and after the readback buffer grew).
        QCOMPARE(fresh.recordings(), uint64_t(calls.size()));
        QCOMPARE(replay.recordings(), batches + 2);
        qInfo("largest relative logit error %.3g", worst);
    }

    // While a profiler times the passes, each records its own command buffer with timestamps;
    // afterwards decode replays again.
    void profiledPassesRecord() {
        HEARTH_REQUIRE_TESTDATA();
        vk::Device& dev = *gpu_->device;
        QVERIFY(vk::Profiler::supported(dev)); // lavapipe writes timestamps
        const Loaded m = load("models/arch/tiny-llama-f32.gguf");
        vk::Kernels kernels(dev, vk::chooseKernelConfig(dev.info()));
        vk::TransformerOptions options;
        options.contextSize = kContext;
        options.maxBatch = kBatch;
        options.memoryBudget = kBudget;
        vk::Transformer t(kernels, m.config, m.weights, options);
        const std::vector<int32_t> one{1};
        std::vector<float> logits;
        t.forward(one, 0, false, logits);
        t.forward(one, 1, false, logits);
        QCOMPARE(t.recordings(), uint64_t(1));
        vk::Profiler profiler(dev);
        t.setProfiler(&profiler);
        t.forward(one, 2, false, logits);
        t.forward(one, 3, false, logits);
        QCOMPARE(t.recordings(), uint64_t(3));
        const std::vector<vk::ProfileEntry> entries = profiler.entries();
        QVERIFY(!entries.empty());
        const auto attention = std::find_if(entries.begin(), entries.end(), [](const auto& e) {
            return e.label.starts_with("attention");
        });
        QVERIFY(attention != entries.end());
        QCOMPARE(attention->calls, uint64_t(2) * m.config.nLayer);
        t.setProfiler(nullptr);
        t.forward(one, 4, false, logits);
        QCOMPARE(t.recordings(), uint64_t(3));
    }

private:
    std::unique_ptr<vktest::Gpu> gpu_;
};

QTEST_GUILESS_MAIN(TestVkReplay)
#include "test_vk_replay.moc"
