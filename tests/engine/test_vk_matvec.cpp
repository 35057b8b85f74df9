// SPDX-License-Identifier: GPL-3.0-or-later
// The shader pipeline end to end: the embedded F32 matrix-vector shader runs on the Vulkan device
// (lavapipe in CI) and matches a CPU loop on awkward sizes.

#include "engine/core/error.h"
#include "engine/vulkan/buffer.h"
#include "engine/vulkan/device.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/pipeline.h"
#include "engine/vulkan/recorder.h"
#include "engine/vulkan/shader_registry.h"

#include <QtTest>

#include <cmath>
#include <memory>
#include <random>
#include <vector>

using namespace hearth;

namespace {

struct MatvecParams {
    uint32_t rows;
    uint32_t cols;
};

constexpr uint32_t kWorkgroupSize = 64;

} // namespace

class TestVkMatvec : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // A missing device is a failure here: CI runs this on lavapipe, never skips it.
        instance_ = std::make_unique<vk::Instance>();
        device_ = std::make_unique<vk::Device>(*instance_, instance_->chooseDevice());
        qInfo("Vulkan device: %s", device_->info().name.c_str());
        pipeline_ = std::make_unique<vk::Pipeline>(
            *device_, vk::PipelineDesc{"matvec_f32", 3, sizeof(MatvecParams), {kWorkgroupSize}});
    }

    void registryHasShader() {
        const vk::ShaderBlob* blob = vk::findShader("matvec_f32");
        QVERIFY(blob);
        QVERIFY(blob->words > 5);
        QCOMPARE(blob->code[0], 0x07230203u); // SPIR-V magic
        QVERIFY(!vk::findShader("no_such_shader"));
    }

    void matchesCpu_data() {
        QTest::addColumn<uint>("rows");
        QTest::addColumn<uint>("cols");
        QTest::newRow("1x1") << 1u << 1u;
        QTest::newRow("1x7") << 1u << 7u;
        QTest::newRow("7x33") << 7u << 33u;
        QTest::newRow("33x1") << 33u << 1u;
        QTest::newRow("127x127") << 127u << 127u;
        QTest::newRow("13x4097") << 13u << 4097u;
        QTest::newRow("4097x13") << 4097u << 13u;
        QTest::newRow("65x64") << 65u << 64u;
    }

    void matchesCpu() {
        QFETCH(uint, rows);
        QFETCH(uint, cols);
        std::mt19937 rng(rows * 7919u + cols);
        std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
        std::vector<float> w(size_t(rows) * cols), x(cols), y(rows, 0.0f);
        for (float& v : w) {
            v = dist(rng);
        }
        for (float& v : x) {
            v = dist(rng);
        }

        vk::Buffer wb(*device_, w.size() * sizeof(float), vk::MemoryKind::DeviceLocal);
        vk::Buffer xb(*device_, x.size() * sizeof(float), vk::MemoryKind::DeviceLocal);
        vk::Buffer yb(*device_, y.size() * sizeof(float), vk::MemoryKind::DeviceLocal);
        wb.upload(w.data(), w.size() * sizeof(float));
        xb.upload(x.data(), x.size() * sizeof(float));
        const vk::BufferBinding bindings[] = {wb.binding(), xb.binding(), yb.binding()};
        const VkDescriptorSet set = pipeline_->makeDescriptorSet(bindings);

        vk::Recorder rec(*device_);
        const MatvecParams params{rows, cols};
        rec.dispatch(*pipeline_, set, &params, rows);
        rec.submitAndWait();
        yb.download(y.data(), y.size() * sizeof(float));

        for (uint r = 0; r < rows; ++r) {
            double ref = 0.0;
            double magnitude = 0.0;
            for (uint c = 0; c < cols; ++c) {
                ref += double(w[size_t(r) * cols + c]) * x[c];
                magnitude += std::fabs(double(w[size_t(r) * cols + c]) * x[c]);
            }
            // float32 accumulation in a different order than the double reference: the error
            // is bounded by about cols * eps * sum|w*x|; use a 4x margin over eps * sqrt-growth.
            const double tol = 4.0 * 1.2e-7 * std::sqrt(double(cols)) * magnitude + 1e-6;
            if (std::fabs(y[r] - ref) > tol) {
                QFAIL(qPrintable(QStringLiteral("row %1: GPU %2, CPU %3 (tolerance %4)")
                                     .arg(r)
                                     .arg(double(y[r]), 0, 'g', 9)
                                     .arg(ref, 0, 'g', 9)
                                     .arg(tol)));
            }
        }
    }

    void cleanupTestCase() {
        pipeline_.reset();
        device_.reset();
        instance_.reset();
    }

private:
    std::unique_ptr<vk::Instance> instance_;
    std::unique_ptr<vk::Device> device_;
    std::unique_ptr<vk::Pipeline> pipeline_;
};

QTEST_GUILESS_MAIN(TestVkMatvec)
#include "test_vk_matvec.moc"
