// SPDX-License-Identifier: GPL-3.0-or-later
// Which shader variants Hearth picks for the devices laptops have — the choice logic against
// their feature sets, every chosen variant present in the binary and its sizes valid — and the
// start-up self-test: every variant family passes it on this device, and a backend whose chosen
// variants compute wrong results falls back to the portable ones and still matches the CPU.

#include "engine/core/log.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/gguf/gguf.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/self_test.h"
#include "engine/vulkan/shader_registry.h"
#include "engine/vulkan/vulkan_backend.h"
#include "tests/common/testsupport.h"
#include "tests/engine/vk_support.h"

#include <QtTest>

#include <cmath>

using namespace hearth;

Q_DECLARE_METATYPE(hearth::vk::DeviceInfo)

namespace {

constexpr TensorType kTypes[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16,
                                 TensorType::Q8_0, TensorType::Q4_0, TensorType::Q4_1,
                                 TensorType::Q5_0, TensorType::Q5_1, TensorType::Q4_K,
                                 TensorType::Q5_K, TensorType::Q6_K};

constexpr vk::Kernel kKernels[] = {vk::Kernel::GetRows,
                                   vk::Kernel::Dequant,
                                   vk::Kernel::Matvec,
                                   vk::Kernel::MatvecNoSubgroup,
                                   vk::Kernel::Matmul,
                                   vk::Kernel::MatvecRows,
                                   vk::Kernel::MatmulRows,
                                   vk::Kernel::MatvecRowsUnaligned,
                                   vk::Kernel::MatmulRowsUnaligned,
                                   vk::Kernel::RmsNorm,
                                   vk::Kernel::Rope,
                                   vk::Kernel::KvStore,
                                   vk::Kernel::Attention,
                                   vk::Kernel::Glu,
                                   vk::Kernel::Add,
                                   vk::Kernel::Softcap};

/// The features and limits a device of this kind reports (typical values of current drivers).
vk::DeviceInfo device(const char* name, vk::DeviceType type, uint32_t subgroup, uint32_t minSg,
                      uint32_t maxSg) {
    vk::DeviceInfo d;
    d.name = name;
    d.type = type;
    d.subgroupSize = subgroup;
    d.minSubgroupSize = minSg;
    d.maxSubgroupSize = maxSg;
    d.subgroupSizeControl = minSg != maxSg;
    d.subgroupArithmetic = true;
    d.storage16Bit = true;
    d.storage8Bit = true;
    d.fp16Arithmetic = true;
    d.int8Arithmetic = true;
    d.maxComputeWorkGroupInvocations = 1024;
    d.maxComputeSharedMemorySize = 32768;
    d.maxStorageBufferRange = 1ull << 31;
    return d;
}

} // namespace

class TestVkVariants : public QObject {
    Q_OBJECT

private slots:
    void choice_data() {
        QTest::addColumn<vk::DeviceInfo>("info");
        QTest::addColumn<bool>("s16");
        QTest::addColumn<bool>("subgroups");
        QTest::addColumn<bool>("rows");

        vk::DeviceInfo xe = device("Intel Iris Xe", vk::DeviceType::Integrated, 32, 8, 32);
        xe.integerDotProduct = xe.integerDotProductAccelerated = true;
        QTest::newRow("Intel Iris Xe") << xe << true << true << false;
        vk::DeviceInfo arc = device("Intel Arc A370M", vk::DeviceType::Discrete, 32, 8, 32);
        arc.integerDotProduct = arc.integerDotProductAccelerated = true;
        QTest::newRow("Intel Arc") << arc << true << true << false;
        QTest::newRow("AMD 780M (wave64)")
            << device("AMD Radeon 780M", vk::DeviceType::Integrated, 64, 32, 64) << true << true
            << false;
        vk::DeviceInfo rtx =
            device("NVIDIA GeForce RTX 4060 Laptop", vk::DeviceType::Discrete, 32, 32, 32);
        rtx.cooperativeMatrix = true;
        rtx.integerDotProduct = rtx.integerDotProductAccelerated = true;
        QTest::newRow("NVIDIA laptop") << rtx << true << true << false;
        vk::DeviceInfo old = device("Old GPU", vk::DeviceType::Integrated, 16, 16, 16);
        old.fp16Arithmetic = old.storage16Bit = old.storage8Bit = old.int8Arithmetic = false;
        old.subgroupArithmetic = false;
        old.maxComputeWorkGroupInvocations = 256;
        old.maxComputeSharedMemorySize = 16384;
        QTest::newRow("no fp16, no 8/16-bit storage") << old << false << false << false;
        vk::DeviceInfo apple = device("Apple M2 (MoltenVK)", vk::DeviceType::Integrated, 32, 4, 32);
        apple.storage8Bit = false;
        QTest::newRow("Apple through MoltenVK") << apple << true << true << false;
        QTest::newRow("lavapipe") << device("llvmpipe", vk::DeviceType::Cpu, 8, 8, 8) << true
                                  << false << true;
    }

    void choice() {
        QFETCH(vk::DeviceInfo, info);
        QFETCH(bool, s16);
        QFETCH(bool, subgroups);
        QFETCH(bool, rows);
        const vk::KernelConfig c = vk::chooseKernelConfig(info);
        QCOMPARE(c.storage16, s16);
        QCOMPARE(c.subgroupReduce, subgroups);
        QCOMPARE(c.rowKernels, rows);
        // Whole subgroups in a workgroup, within the device's limits; sizes the shaders accept.
        const uint32_t sg = std::max(info.subgroupSize, info.maxSubgroupSize);
        QVERIFY(c.workgroupSize % sg == 0 || sg > c.workgroupSize);
        QVERIFY(c.workgroupSize <= info.maxComputeWorkGroupInvocations);
        vk::checkKernelConfig(c, info);
        // Every variant the choice names is built into this binary.
        for (const vk::Kernel k : kKernels) {
            for (const TensorType t : kTypes) {
                const std::string name = vk::shaderName(k, t, c);
                QVERIFY2(vk::findShader(name), name.c_str());
            }
        }
        // The portable choice runs everywhere.
        vk::checkKernelConfig(vk::portableKernelConfig(), info);
    }

    void impossibleConfigsAreRefused() {
        const vk::DeviceInfo lp = device("llvmpipe", vk::DeviceType::Cpu, 8, 8, 8);
        vk::KernelConfig c = vk::chooseKernelConfig(lp);
        c.rowTokens = 99;
        QVERIFY_THROWS_EXCEPTION(Error, vk::checkKernelConfig(c, lp));
        vk::DeviceInfo noSg = lp;
        noSg.subgroupArithmetic = false;
        c = vk::portableKernelConfig();
        c.subgroupReduce = true;
        c.maxSubgroupSize = 8;
        QVERIFY_THROWS_EXCEPTION(Error, vk::checkKernelConfig(c, noSg));
        c.subgroupReduce = false;
        c.workgroupSize = 48;
        QVERIFY_THROWS_EXCEPTION(Error, vk::checkKernelConfig(c, lp));
    }

    // Every family of matrix kernels passes the self-test for every weight type on this device.
    void selfTestPasses_data() {
        QTest::addColumn<QString>("family");
        for (const char* f : {"chosen", "rows", "tiles", "tiles+subgroups", "portable"}) {
            QTest::newRow(f) << f;
        }
    }

    void selfTestPasses() {
        QFETCH(QString, family);
        vktest::Gpu gpu;
        const vk::DeviceInfo& info = gpu.device->info();
        vk::KernelConfig c = vk::chooseKernelConfig(info);
        if (family == "rows") {
            c.rowKernels = true;
        } else if (family.startsWith("tiles")) {
            c.rowKernels = false;
            c.subgroupReduce = family.endsWith("subgroups");
            c.maxSubgroupSize = std::max(info.subgroupSize, info.maxSubgroupSize);
        } else if (family == "portable") {
            c = vk::portableKernelConfig();
        }
        vk::Kernels kernels(*gpu.device, c);
        const vk::SelfTestResult r = vk::selfTest(kernels, kTypes);
        QVERIFY2(r, r.failure.c_str());
    }

    // A driver computing wrong results in the chosen variants: the backend says so, uses the
    // portable variants, and its answers still match the CPU reference.
    void wrongResultsFallBack() {
        HEARTH_REQUIRE_TESTDATA();
        auto file = std::shared_ptr<gguf::File>(gguf::File::open(
            hearth::test::testDataPath("models/arch/tiny-llama256-q4_k_m.gguf").toStdString()));
        const ModelConfig config = readModelConfig(*file);
        const ModelWeights weights = loadWeights(*file, config);
        std::string warnings;
        setLogSink([&](LogLevel level, std::string_view, std::string_view message) {
            if (level == LogLevel::Warning) {
                warnings += std::string(message) + "\n";
            }
        });
        qputenv("HEARTH_VK_FAULT", "wrong-results");
        VulkanOptions o;
        o.contextSize = 16;
        o.pipelineCacheDir = std::string();
        std::unique_ptr<VulkanBackend> gpu;
        try {
            gpu = std::make_unique<VulkanBackend>(config, weights, file, o);
        } catch (...) {
            qunsetenv("HEARTH_VK_FAULT");
            setLogSink(nullptr);
            throw;
        }
        qunsetenv("HEARTH_VK_FAULT");
        setLogSink(nullptr);
        QVERIFY2(warnings.find("computed a wrong result") != std::string::npos, warnings.c_str());
        QVERIFY2(warnings.find("portable variants") != std::string::npos, warnings.c_str());
        CpuBackend cpu(config, weights, file, 16);
        const std::vector<int32_t> prompt = {1, 5, 77, 123, 9};
        std::vector<float> lg, lc;
        gpu->forward(prompt, 0, false, lg);
        cpu.forward(prompt, 0, false, lc);
        QCOMPARE(lg.size(), lc.size());
        double diff = 0, scale = 0;
        for (size_t i = 0; i < lg.size(); ++i) {
            diff = std::max(diff, std::fabs(double(lg[i]) - lc[i]));
            scale = std::max(scale, std::fabs(double(lc[i])));
        }
        QVERIFY2(diff <= 1e-3 * scale, qPrintable(QString::number(diff / scale)));
    }
};

QTEST_GUILESS_MAIN(TestVkVariants)
#include "test_vk_variants.moc"
