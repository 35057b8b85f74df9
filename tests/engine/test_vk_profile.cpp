// SPDX-License-Identifier: GPL-3.0-or-later
// Timestamp profiling on the Vulkan device: per-label totals of recorded commands, profiling a
// forward pass of the backend, and the copy bandwidth measurement.

#include "engine/bench/synthetic.h"
#include "engine/model/model.h"
#include "engine/vulkan/bandwidth.h"
#include "engine/vulkan/profiler.h"
#include "engine/vulkan/recorder.h"
#include "engine/vulkan/vulkan_backend.h"
#include "tests/common/testsupport.h"
#include "tests/engine/vk_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace hearth;

namespace {

std::map<std::string, vk::ProfileEntry> byLabel(const std::vector<vk::ProfileEntry>& entries) {
    std::map<std::string, vk::ProfileEntry> m;
    for (const vk::ProfileEntry& e : entries) {
        m[e.label] = e;
    }
    return m;
}

} // namespace

class TestVkProfile : public QObject {
    Q_OBJECT

private slots:
    void recordedCommands() {
        vktest::Gpu gpu;
        if (!vk::Profiler::supported(*gpu.device)) {
            QVERIFY_THROWS_EXCEPTION(Error, vk::Profiler(*gpu.device));
            QSKIP("the device has no timestamp queries");
        }
        constexpr VkDeviceSize kBytes = 1 << 20;
        vk::Buffer a(*gpu.device, kBytes, vk::MemoryKind::DeviceOnly);
        vk::Buffer b(*gpu.device, kBytes, vk::MemoryKind::DeviceOnly);
        vk::Profiler profiler(*gpu.device, 4);
        for (int round = 0; round < 2; ++round) {
            vk::Recorder rec(*gpu.device);
            rec.setProfiler(&profiler);
            rec.fill(a, 7);
            rec.barrier();
            rec.copy(a, b, kBytes);
            rec.barrier();
            rec.copy(b, a, kBytes);
            rec.submitAndWait();
        }
        const auto entries = profiler.entries();
        QCOMPARE(entries.size(), std::size_t(2));
        QVERIFY(entries[0].seconds >= entries[1].seconds); // longest first
        const auto m = byLabel(entries);
        QCOMPARE(m.at("copy").calls, uint64_t(4));
        QCOMPARE(m.at("fill").calls, uint64_t(2));
        QVERIFY(m.at("copy").seconds > 0.0);
        QCOMPARE(profiler.dropped(), uint64_t(0));

        // A submission with more commands than the pool holds times the first ones.
        profiler.clear();
        QVERIFY(profiler.entries().empty());
        vk::Recorder rec(*gpu.device);
        rec.setProfiler(&profiler);
        for (int i = 0; i < 6; ++i) {
            rec.fill(a, uint32_t(i));
        }
        rec.submitAndWait();
        QCOMPARE(byLabel(profiler.entries()).at("fill").calls, uint64_t(4));
        QCOMPARE(profiler.dropped(), uint64_t(2));
    }

    void forwardPass() {
        QTemporaryDir dir;
        bench::SyntheticShape s;
        s.name = "tiny";
        s.embedding = 64;
        s.layers = 2;
        s.feedForward = 128;
        s.heads = 4;
        s.kvHeads = 2;
        s.vocab = 300;
        const std::string path = dir.filePath("m.gguf").toStdString();
        bench::writeSyntheticModel(s, quant::FileType::MostlyQ8_0, path);
        VulkanOptions options;
        options.contextSize = 32;
        VulkanBackend backend(Model::load(path), options);
        if (!backend.canProfile()) {
            QVERIFY_THROWS_EXCEPTION(Error, backend.setProfiling(true));
            QSKIP("the device has no timestamp queries");
        }
        std::vector<float> logits;
        const int32_t token = 5;
        backend.forward({&token, 1}, 0, false, logits);
        QVERIFY(backend.profile().empty()); // not profiling yet

        backend.setProfiling(true);
        for (uint32_t pos = 1; pos <= 3; ++pos) {
            backend.forward({&token, 1}, pos, false, logits);
        }
        backend.setProfiling(false);
        backend.forward({&token, 1}, 4, false, logits);
        const auto entries = backend.profile();
        QVERIFY(!entries.empty());
        uint64_t matvecCalls = 0;
        for (const vk::ProfileEntry& e : entries) {
            // Every profiled token runs the same commands; the unprofiled ones count nowhere.
            QVERIFY2(e.calls > 0 && e.calls % 3 == 0, e.label.c_str());
            QVERIFY(e.seconds >= 0.0);
            // The decode matrix products: matvec_* on GPUs, matmul_rows_* on CPU-like devices.
            if (e.label.rfind("matvec", 0) == 0 || e.label.rfind("matmul_rows", 0) == 0) {
                matvecCalls += e.calls;
            }
        }
        QVERIFY(matvecCalls >= 3);
        backend.clearProfile();
        QVERIFY(backend.profile().empty());
    }

    void copyBandwidth() {
        vktest::Gpu gpu;
        const vk::CopyBandwidth b = vk::measureCopyBandwidth(*gpu.device, 32u << 20, 2);
        QVERIFY(b.bufferBytes >= (16u << 20) && b.bufferBytes <= (32u << 20));
        QCOMPARE(b.timestamps, vk::Profiler::supported(*gpu.device));
        // Anything between a slow laptop's and a fast GPU's memory.
        QVERIFY2(b.bytesPerSecond > 1e8 && b.bytesPerSecond < 1e14,
                 QByteArray::number(b.bytesPerSecond).constData());
    }
};

QTEST_GUILESS_MAIN(TestVkProfile)
#include "test_vk_profile.moc"
