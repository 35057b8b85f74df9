// SPDX-License-Identifier: GPL-3.0-or-later
// The Vulkan backend's failure paths, each provoked: no Vulkan loader and no Vulkan driver (in a
// child process, since the loader is opened once per process), where the caller then falls back
// to the CPU backend; a model that does not fit the device memory (an artificial budget); a
// device lost in the middle of generation (an injected fault); a shader that is missing or whose
// pipeline cannot be created.

#include "engine/core/error.h"
#include "engine/cpu/cpu_backend.h"
#include "engine/gguf/gguf.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/pipeline.h"
#include "engine/vulkan/vulkan_backend.h"
#include "tests/common/testsupport.h"
#include "tests/engine/vk_support.h"

#include <QtTest>

#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace hearth;

namespace {

/// Environment variable that turns this executable into the child of the no-device tests.
constexpr const char* kChildMode = "HEARTH_VK_FAILURE_CHILD";

struct Loaded {
    std::shared_ptr<gguf::File> file;
    ModelConfig config;
    ModelWeights weights;
};

Loaded load(const std::string& path) {
    Loaded l;
    l.file = std::shared_ptr<gguf::File>(gguf::File::open(path));
    l.config = readModelConfig(*l.file);
    l.weights = loadWeights(*l.file, l.config);
    return l;
}

std::string testModel() {
    return test::testDataPath("models/arch/tiny-llama256-q4_0.gguf").toStdString();
}

/// The child: what an application does at start-up. Try Vulkan; on failure print the reason and
/// run the same prompt on the CPU backend instead. Exit 0 only if Vulkan failed and the CPU
/// backend then produced logits.
int runChild() {
    const Loaded m = load(testModel());
    const std::vector<int32_t> prompt = {1, 438, 113, 346};
    std::vector<float> logits;
    try {
        VulkanBackend gpu(m.config, m.weights, m.file, VulkanOptions{.contextSize = 16});
        std::fprintf(stderr, "unexpected: Vulkan works (%s)\n", gpu.name().c_str());
        return 1;
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
    }
    CpuBackend cpu(m.config, m.weights, m.file, 16, 1);
    cpu.forward(prompt, 0, false, logits);
    return logits.size() == m.config.nVocab ? 0 : 1;
}

} // namespace

class TestVkFailures : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { HEARTH_REQUIRE_TESTDATA(); }

    void noDevice_data() {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("no loader") << "HEARTH_VULKAN_LIBRARY"
                                   << "/nonexistent/libvulkan.so.1"
                                   << "no Vulkan loader found";
        QTest::newRow("no driver") << "VK_ICD_FILENAMES"
                                   << "/nonexistent/icd.json"
                                   << "no Vulkan driver";
    }

    void noDevice() {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, message);
        QProcessEnvironment env;
        env.insert(kChildMode, "1");
        env.insert(variable, value);
        env.insert("VK_DRIVER_FILES", value); // newer loaders prefer this name
        const test::ProcessResult r =
            test::runProgram(QCoreApplication::applicationFilePath(), {}, env);
        QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
        QVERIFY2(r.exitCode == 0, r.err.constData()); // fell back to the CPU and ran
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
    }

    void notEnoughMemory() {
        const Loaded m = load(testModel());
        // Far too small for anything: says what is needed and what there is, offers the CPU.
        try {
            VulkanBackend b(m.config, m.weights, m.file,
                            VulkanOptions{.contextSize = 64, .memoryBudget = 1 << 20});
            QFAIL("a 1 MiB budget was accepted");
        } catch (const Error& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("not enough GPU memory") && msg.contains("needs about") &&
                         msg.contains("has 1 MiB") && msg.contains("CPU backend"),
                     e.what());
        }
        // Enough for the weights but not for a 4096-token context: suggests a context that
        // fits, and that context does fit.
        const uint64_t budget = 8ull << 20;
        uint32_t suggested = 0;
        try {
            VulkanBackend b(m.config, m.weights, m.file,
                            VulkanOptions{.contextSize = 4096, .memoryBudget = budget});
            QFAIL("a 4096-token context was accepted in 8 MiB");
        } catch (const Error& e) {
            const QString msg = e.what();
            const QRegularExpressionMatch match =
                QRegularExpression("at most (\\d+) tokens").match(msg);
            QVERIFY2(match.hasMatch(), e.what());
            suggested = match.captured(1).toUInt();
        }
        QVERIFY(suggested > 0 && suggested < 4096);
        VulkanBackend b(m.config, m.weights, m.file,
                        VulkanOptions{.contextSize = suggested, .memoryBudget = budget});
        QCOMPARE(b.contextSize(), suggested);
    }

    void deviceLost() {
        const Loaded m = load(testModel());
        const std::vector<int32_t> prompt = {1, 438, 113, 346, 701};
        std::vector<float> before, logits;
        {
            VulkanBackend b(m.config, m.weights, m.file, VulkanOptions{.contextSize = 32});
            b.forward(prompt, 0, false, before);
            qputenv("HEARTH_VK_FAULT", "device-lost");
            const int32_t next[] = {265};
            try {
                b.forward(next, 5, false, logits);
                qunsetenv("HEARTH_VK_FAULT");
                QFAIL("the injected device loss went unnoticed");
            } catch (const Error& e) {
                qunsetenv("HEARTH_VK_FAULT");
                QVERIFY2(QString(e.what()).contains("device lost"), e.what());
            }
            // The backend stays usable for a clean error path: it keeps reporting the loss.
            QVERIFY_THROWS_EXCEPTION(Error, b.forward(next, 5, false, logits));
        } // and is destroyed without trouble
        // A new backend works and computes what the first one did.
        VulkanBackend fresh(m.config, m.weights, m.file, VulkanOptions{.contextSize = 32});
        fresh.forward(prompt, 0, false, logits);
        QCOMPARE(logits, before);
    }

    void missingShader() {
        vktest::Gpu gpu;
        try {
            vk::Pipeline p(*gpu.device, vk::PipelineDesc{"matvec_q9_9", 3, 32, {64}});
            QFAIL("a missing shader was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("matvec_q9_9"), e.what());
        }
        // A weight type without kernels names the type.
        vk::Kernels kernels(*gpu.device, vk::portableKernelConfig());
        try {
            kernels.get(vk::Kernel::Matvec, TensorType::IQ4_NL);
            QFAIL("IQ4_NL weights were accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("IQ4_NL"), e.what());
        }
    }

    void pipelineCreationFails() {
        vktest::Gpu gpu;
        // A workgroup larger than the device allows cannot become a pipeline.
        const uint32_t tooLarge = gpu.device->info().maxComputeWorkGroupInvocations * 2;
        try {
            vk::Pipeline p(*gpu.device, vk::PipelineDesc{"rmsnorm", 3, 24, {tooLarge}});
            QFAIL("an impossible workgroup size was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("rmsnorm"), e.what());
        }
        // Kernels refuse a configuration the device cannot run, before building anything.
        vk::KernelConfig bad = vk::portableKernelConfig();
        bad.matmulTokens = 3; // not a multiple of the token groups of a tile
        QVERIFY_THROWS_EXCEPTION(Error, vk::Kernels(*gpu.device, bad));
    }
};

int main(int argc, char** argv) {
    if (std::getenv(kChildMode)) {
        return runChild();
    }
    QCoreApplication app(argc, argv);
    TestVkFailures test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_vk_failures.moc"
