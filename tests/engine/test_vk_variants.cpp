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
#include "tests/engine/vk_models.h"
#include "tests/engine/vk_support.h"

#include <QtTest>

#include <algorithm>
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
                                   vk::Kernel::AttentionTiles,
                                   vk::Kernel::Glu,
                                   vk::Kernel::Add,
                                   vk::Kernel::Softcap};

constexpr uint32_t kIntel = 0x8086;
constexpr uint32_t kAmd = 0x1002;
constexpr uint32_t kNvidia = 0x10de;
constexpr uint32_t kApple = 0x106b;
constexpr uint32_t kMesa = 0x10005;

/// The features and limits a device of this kind reports (typical values of current drivers).
vk::DeviceInfo device(const char* name, uint32_t vendor, vk::DeviceType type, uint32_t subgroup,
                      uint32_t minSg, uint32_t maxSg) {
    vk::DeviceInfo d;
    d.name = name;
    d.vendorId = vendor;
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
        QTest::addColumn<bool>("s8");
        QTest::addColumn<bool>("f16");
        QTest::addColumn<bool>("dp4");

        using T = vk::DeviceType;
        vk::DeviceInfo xe = device("Intel Iris Xe", kIntel, T::Integrated, 32, 8, 32);
        xe.integerDotProduct = xe.integerDotProductAccelerated = true;
        QTest::newRow("Intel Iris Xe") << xe << true << true << false << true << true << true;
        vk::DeviceInfo arc = device("Intel Arc A370M", kIntel, T::Discrete, 32, 8, 32);
        arc.integerDotProduct = arc.integerDotProductAccelerated = true;
        QTest::newRow("Intel Arc") << arc << true << true << false << true << true << true;
        vk::DeviceInfo amd = device("AMD Radeon 780M", kAmd, T::Integrated, 64, 32, 64);
        amd.integerDotProduct = amd.integerDotProductAccelerated = true;
        QTest::newRow("AMD 780M (wave64)") << amd << true << true << false << true << true << true;
        vk::DeviceInfo rtx =
            device("NVIDIA GeForce RTX 4060 Laptop", kNvidia, T::Discrete, 32, 32, 32);
        rtx.cooperativeMatrix = true;
        rtx.integerDotProduct = rtx.integerDotProductAccelerated = true;
        // Halves run at the float rate there: no half dequantization.
        QTest::newRow("NVIDIA laptop") << rtx << true << true << false << true << false << true;
        vk::DeviceInfo old = device("Old GPU", kAmd, T::Integrated, 16, 16, 16);
        old.fp16Arithmetic = old.storage16Bit = old.storage8Bit = old.int8Arithmetic = false;
        old.subgroupArithmetic = false;
        old.maxComputeWorkGroupInvocations = 256;
        old.maxComputeSharedMemorySize = 16384;
        QTest::newRow("no fp16, no 8/16-bit storage")
            << old << false << false << false << false << false << false;
        vk::DeviceInfo slowDot = device("Intel UHD 620", kIntel, T::Integrated, 16, 8, 32);
        slowDot.integerDotProduct = true; // emulated: slower than floats
        QTest::newRow("integer dot not accelerated")
            << slowDot << true << true << false << true << true << false;
        vk::DeviceInfo apple = device("Apple M2 (MoltenVK)", kApple, T::Integrated, 32, 4, 32);
        apple.storage8Bit = false;
        QTest::newRow("Apple through MoltenVK")
            << apple << true << true << false << false << true << false;
        vk::DeviceInfo lp = device("llvmpipe", kMesa, T::Cpu, 8, 8, 8);
        lp.integerDotProduct = true;
        QTest::newRow("lavapipe") << lp << true << false << true << false << false << false;
    }

    void choice() {
        QFETCH(vk::DeviceInfo, info);
        QFETCH(bool, s16);
        QFETCH(bool, subgroups);
        QFETCH(bool, rows);
        QFETCH(bool, s8);
        QFETCH(bool, f16);
        QFETCH(bool, dp4);
        const vk::KernelConfig c = vk::chooseKernelConfig(info);
        QCOMPARE(c.storage16, s16);
        QCOMPARE(c.subgroupReduce, subgroups);
        QCOMPARE(c.rowKernels, rows);
        QCOMPARE(c.storage8, s8);
        QCOMPARE(c.fp16, f16);
        // Integer dot products only where this build's shader compiler could emit them.
        QCOMPARE(c.integerDot, dp4 && vk::integerDotShadersBuilt());
        // Prefill tiles: register-blocked on GPUs (4 rows per invocation), twice as wide in
        // tokens on discrete ones.
        QCOMPARE(c.matmulTokens, info.type == vk::DeviceType::Discrete ? 32u : 16u);
        QCOMPARE(c.matmulRowsPerInvocation, info.type == vk::DeviceType::Cpu ? 1u : 4u);
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

    // Whether this build has the integer-dot variants follows the configure-time test of the
    // shader compiler.
    void integerDotVariantsFollowTheBuild() {
        QCOMPARE(vk::integerDotShadersBuilt(), bool(HEARTH_EXPECT_INTEGER_DOT_SHADERS));
        if (vk::integerDotShadersBuilt()) {
            for (const char* name :
                 {"matvec_q4_0_s16_dp4", "matvec_q8_0_s16_dp4_sg", "matvec_q5_1_s16_dp4"}) {
                QVERIFY2(vk::findShader(name), name);
            }
        }
    }

    // Variant names: features only where they change the kernel.
    void variantNames() {
        vk::KernelConfig c = vk::portableKernelConfig();
        vk::applyKernelOverrides(c, "f16,s8");
        QVERIFY(c.storage16 && c.fp16 && c.storage8 && !c.integerDot);
        QCOMPARE(vk::shaderName(vk::Kernel::Matvec, TensorType::Q6_K, c),
                 std::string("matvec_q6_k_s16_s8_f16"));
        QCOMPARE(vk::shaderName(vk::Kernel::Matvec, TensorType::Q4_K, c),
                 std::string("matvec_q4_k_s16_f16")); // reads whole words only
        QCOMPARE(vk::shaderName(vk::Kernel::Matvec, TensorType::Q4_0, c),
                 std::string("matvec_q4_0_s16_f16"));
        QCOMPARE(vk::shaderName(vk::Kernel::Matvec, TensorType::F16, c),
                 std::string("matvec_f16_s16")); // float weights stay float
        QCOMPARE(vk::shaderName(vk::Kernel::Matmul, TensorType::Q4_K, c),
                 std::string("matmul_q4_k_s16_f16")); // prefill dequantizes in halves too
        QCOMPARE(vk::shaderName(vk::Kernel::Matmul, TensorType::F32, c),
                 std::string("matmul_f32_s16"));
        vk::applyKernelOverrides(c, "dp4,no-s8");
        c.subgroupReduce = true;
        QCOMPARE(vk::shaderName(vk::Kernel::Matvec, TensorType::Q8_0, c),
                 std::string("matvec_q8_0_s16_dp4_sg"));
        QCOMPARE(vk::shaderName(vk::Kernel::MatvecNoSubgroup, TensorType::Q5_0, c),
                 std::string("matvec_q5_0_s16_dp4"));
        QCOMPARE(vk::shaderName(vk::Kernel::Matvec, TensorType::Q4_K, c),
                 std::string("matvec_q4_k_s16_f16_sg")); // no integer-dot kernel: halves
        QCOMPARE(vk::matvecStep(c, TensorType::Q4_K), 64u);
        QCOMPARE(vk::matvecStep(c, TensorType::Q8_0), 32u);
        QCOMPARE(vk::matvecStep(c, TensorType::Q6_K), 4u);
        QCOMPARE(vk::matvecStep(c, TensorType::F16), 4u);
        vk::applyKernelOverrides(c, "rows");
        QCOMPARE(vk::shaderName(vk::Kernel::MatvecRows, TensorType::Q8_0, c),
                 std::string("matmul_rows_q8_0"));
        QVERIFY(!vk::usesIntegerDot(c, TensorType::Q8_0));
        QVERIFY_THROWS_EXCEPTION(Error, vk::applyKernelOverrides(c, "rows,fast"));
        QVERIFY_THROWS_EXCEPTION(Error, vk::applyKernelOverrides(c, "no-rows"));
        QCOMPARE(vk::describeKernelConfig(vk::portableKernelConfig()), std::string("tiles"));
    }

    void impossibleConfigsAreRefused() {
        vk::DeviceInfo lp = device("llvmpipe", kMesa, vk::DeviceType::Cpu, 8, 8, 8);
        lp.integerDotProduct = true;
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
        // Register-blocked tiles must divide into the workgroup and the accumulators.
        c = vk::portableKernelConfig();
        c.matmulRows = 64;
        c.matmulRowsPerInvocation = 3; // 64 rows do not split into groups of 3
        QVERIFY_THROWS_EXCEPTION(Error, vk::checkKernelConfig(c, lp));
        c.matmulRowsPerInvocation = 8;
        c.matmulTokens = 512; // 8 rows x 64 tokens per invocation: too many accumulators
        QVERIFY_THROWS_EXCEPTION(Error, vk::checkKernelConfig(c, lp));
        c.matmulTokens = 16;
        vk::checkKernelConfig(c, lp);
        // Decode variants need their device features (and 16-bit storage).
        vk::DeviceInfo bare = lp;
        bare.fp16Arithmetic = bare.storage8Bit = bare.integerDotProduct = false;
        for (const char* feature : {"f16", "s8", "dp4"}) {
            c = vk::portableKernelConfig();
            vk::applyKernelOverrides(c, feature);
            QVERIFY_THROWS_EXCEPTION(Error, vk::checkKernelConfig(c, bare));
            c.storage16 = false;
            QVERIFY_THROWS_EXCEPTION(Error, vk::checkKernelConfig(c, lp));
        }
    }

    // Every family of matrix and attention kernels passes the self-test (every weight type) on
    // this device.
    void selfTestPasses_data() {
        QTest::addColumn<QString>("family");
        for (const char* f :
             {"chosen", "rows", "tiles", "tiles+subgroups", "portable", "tiles+s8", "tiles+f16",
              "tiles+subgroups+s8+f16", "tiles+dp4", "tiles+subgroups+dp4", "tiles+blocks"}) {
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
            const QStringList parts = family.split('+');
            if (parts.contains("dp4") && !vk::integerDotShadersBuilt()) {
                QSKIP("this build's shader compiler cannot emit integer dot products");
            }
            c.rowKernels = false;
            c.storage8 = c.fp16 = c.integerDot = false;
            c.subgroupReduce = parts.contains("subgroups");
            c.maxSubgroupSize = std::max(info.subgroupSize, info.maxSubgroupSize);
            // blocks: prompts attend by attention_tiles.comp (the GPU choice).
            c.attentionRows = c.attentionRows && !parts.contains("blocks");
            for (const QString& feature : parts.mid(1)) {
                if (feature != "subgroups" && feature != "blocks") {
                    vk::applyKernelOverrides(c, feature.toStdString());
                }
            }
        } else if (family == "portable") {
            c = vk::portableKernelConfig();
        }
        vk::Kernels kernels(*gpu.device, c);
        const vk::SelfTestResult r = vk::selfTest(kernels, kTypes);
        QVERIFY2(r, r.failure.c_str());
    }

    // Whole models through the decode variants forced on this device: prompt and decode steps
    // against the CPU reference. Half dequantization and 8-bit activations round more than
    // float32, so logits agree to a share of their range rather than to float32 rounding (here
    // about 0.15 % and 1.2 % at most; a wrong kernel is off by the whole range).
    void forcedVariantsMatchCpu_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("kernels");
        QTest::addColumn<double>("tolerance");
        for (const char* model : {"models/stories260K-Q4_0.gguf", "models/stories260K-Q8_0.gguf",
                                  "models/arch/tiny-llama256-q4_k_m.gguf"}) {
            QTest::addRow("%s f16 s8", model) << model << "tiles,f16,s8" << 5e-3;
            if (vk::integerDotShadersBuilt()) {
                QTest::addRow("%s dp4", model) << model << "tiles,dp4" << 4e-2;
            }
        }
    }

    void forcedVariantsMatchCpu() {
        HEARTH_REQUIRE_TESTDATA();
        QFETCH(QString, model);
        QFETCH(QString, kernels);
        QFETCH(double, tolerance);
        const vktest::Loaded m = vktest::load(model);
        const auto& [file, config, weights] = m;
        qputenv("HEARTH_VK_KERNELS", kernels.toUtf8());
        VulkanOptions o;
        o.contextSize = 32;
        o.pipelineCacheDir = std::string();
        std::unique_ptr<VulkanBackend> gpu;
        try {
            gpu = std::make_unique<VulkanBackend>(config, weights, file, o);
        } catch (...) {
            qunsetenv("HEARTH_VK_KERNELS");
            throw;
        }
        qunsetenv("HEARTH_VK_KERNELS");
        CpuBackend cpu(config, weights, file, 32);
        const std::vector<int32_t> prompt = {1, 5, 77, 123, 9, 300};
        std::vector<float> lg, lc;
        gpu->forward(prompt, 0, false, lg);
        cpu.forward(prompt, 0, false, lc);
        uint32_t pos = uint32_t(prompt.size());
        for (int step = 0; step <= 4; ++step) {
            QCOMPARE(lg.size(), lc.size());
            const double err = vktest::relativeError(lg, lc);
            QVERIFY2(
                err <= tolerance,
                qPrintable(
                    QStringLiteral("step %1: off by %2 of the largest logit").arg(step).arg(err)));
            const auto next = int32_t(std::max_element(lc.begin(), lc.end()) - lc.begin());
            const std::vector<int32_t> one = {next};
            gpu->forward(one, pos, false, lg);
            cpu.forward(one, pos, false, lc);
            ++pos;
        }
    }

    // A driver computing wrong results in the chosen variants: the backend says so, uses the
    // portable variants, and its answers still match the CPU reference.
    void wrongResultsFallBack() {
        HEARTH_REQUIRE_TESTDATA();
        const vktest::Loaded m = vktest::load("models/arch/tiny-llama256-q4_k_m.gguf");
        const auto& [file, config, weights] = m;
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
        const double err = vktest::relativeError(lg, lc);
        QVERIFY2(err <= 1e-3, qPrintable(QString::number(err)));
    }
};

QTEST_GUILESS_MAIN(TestVkVariants)
#include "test_vk_variants.moc"
