// SPDX-License-Identifier: GPL-3.0-or-later
// The real engine on its worker thread (EngineService) with the tiny stories260K model: load
// with progress, streamed tokens as queued signals on the caller's thread, cancel at any
// token, token counts, a failed load, and falling back to the CPU.

#include "app/services/engineservice.h"
#include "engine/backend_factory.h"
#include "tests/common/testsupport.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace hearth::services;

namespace {
constexpr int kWaitMs = 60000;

// The engine emits from its worker thread, so a signal can arrive before QSignalSpy::wait() starts
// (which would then wait for a second one): wait for the spy to hold anything instead.
bool received(const QSignalSpy& spy) {
    const bool ok = QTest::qWaitFor([&spy] { return !spy.isEmpty(); }, kWaitMs);
    QCoreApplication::processEvents(); // deliver what was queued before it (streamed tokens)
    return ok;
}

LoadRequest cpuRequest() {
    LoadRequest r;
    r.path = hearth::test::testDataPath("models/stories260K-Q8_0.gguf");
    r.displayName = QStringLiteral("stories260K");
    r.preferGpu = false;
    r.contextSize = 256;
    r.threads = 1;
    return r;
}

GenerateRequest storyRequest(int maxTokens) {
    GenerateRequest g;
    g.messages = {{QStringLiteral("user"), QStringLiteral("Once upon a time")}};
    g.settings.temperature = 0; // greedy: reproducible
    g.settings.maxTokens = maxTokens;
    return g;
}
} // namespace

class TestEngineWorker : public QObject {
    Q_OBJECT

private slots:
    void loadsAndStreamsOnItsThread() {
        HEARTH_REQUIRE_TESTDATA();
        EngineService engine;
        QSignalSpy progress(&engine, &ChatEngine::loadProgress);
        QSignalSpy loaded(&engine, &ChatEngine::loaded);
        engine.load(cpuRequest());
        QVERIFY(received(loaded));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.first().at(0).toDouble(), -1.0); // CPU: indeterminate
        const auto info = loaded.first().at(0).value<LoadedModel>();
        QVERIFY(!info.onGpu);
        QCOMPARE(info.contextSize, 256u);
        QCOMPARE(info.architecture, QString("llama"));
        QVERIFY(info.gpuFallbackReason.isEmpty());

        QString streamed;
        bool onCallerThread = true;
        connect(&engine, &ChatEngine::tokenGenerated, this, [&](quint64 id, const QString& text) {
            QCOMPARE(id, quint64(7));
            onCallerThread = onCallerThread && QThread::currentThread() == thread();
            streamed += text;
        });
        QSignalSpy prefill(&engine, &ChatEngine::prefillProgress);
        QSignalSpy finished(&engine, &ChatEngine::generationFinished);
        engine.generate(7, storyRequest(24));
        QVERIFY(received(finished));
        QVERIFY(onCallerThread);
        QVERIFY(!prefill.isEmpty());
        const auto out = finished.first().at(1).value<GenerationOutcome>();
        QCOMPARE(out.text, streamed);
        QVERIFY(!out.text.isEmpty());
        QVERIFY(out.generatedTokens > 0 && out.generatedTokens <= 24);
        QVERIFY(out.promptTokens > 0);
        QVERIFY(out.stop == EngineStop::MaxTokens || out.stop == EngineStop::EndOfText);

        // The same request again gives the same greedy text (and reuses the cache).
        QSignalSpy again(&engine, &ChatEngine::generationFinished);
        streamed.clear();
        disconnect(&engine, &ChatEngine::tokenGenerated, this, nullptr);
        engine.generate(8, storyRequest(24));
        QVERIFY(received(again));
        QCOMPARE(again.first().at(1).value<GenerationOutcome>().text, out.text);

        QSignalSpy counted(&engine, &ChatEngine::tokensCounted);
        engine.countTokens(9, storyRequest(1).messages);
        QVERIFY(received(counted));
        QCOMPARE(counted.first().at(0).toULongLong(), quint64(9));
        QCOMPARE(counted.first().at(1).toInt(), out.promptTokens);
    }

    void cancelsAtAnyToken() {
        HEARTH_REQUIRE_TESTDATA();
        EngineService engine;
        QSignalSpy loaded(&engine, &ChatEngine::loaded);
        engine.load(cpuRequest());
        QVERIFY(received(loaded));

        int tokens = 0;
        connect(&engine, &ChatEngine::tokenGenerated, this, [&] {
            if (++tokens == 3) {
                engine.cancel();
            }
        });
        QSignalSpy finished(&engine, &ChatEngine::generationFinished);
        engine.generate(1, storyRequest(-1));
        QVERIFY(received(finished));
        const auto out = finished.first().at(1).value<GenerationOutcome>();
        QCOMPARE(out.stop, EngineStop::Cancelled);
        QVERIFY(out.generatedTokens < 200);

        // A cancel before a generation starts stops it at once; later ones run normally.
        QSignalSpy second(&engine, &ChatEngine::generationFinished);
        engine.generate(2, storyRequest(50));
        engine.cancel();
        engine.generate(3, storyRequest(5));
        QVERIFY(QTest::qWaitFor([&] { return second.size() == 2; }, kWaitMs));
        QCOMPARE(second.at(0).at(1).value<GenerationOutcome>().stop, EngineStop::Cancelled);
        QCOMPARE(second.at(1).at(0).toULongLong(), quint64(3));
        QVERIFY(second.at(1).at(1).value<GenerationOutcome>().stop != EngineStop::Cancelled);
    }

    void failuresAreSignals() {
        EngineService engine;
        QSignalSpy failed(&engine, &ChatEngine::loadFailed);
        LoadRequest r = cpuRequest();
        r.path = QStringLiteral("/nonexistent/model.gguf");
        engine.load(r);
        QVERIFY(received(failed));
        QVERIFY(!failed.first().at(0).toString().isEmpty());

        QSignalSpy genFailed(&engine, &ChatEngine::generationFailed);
        engine.generate(1, storyRequest(5));
        QVERIFY(received(genFailed));
        QSignalSpy counted(&engine, &ChatEngine::tokensCounted);
        engine.countTokens(2, storyRequest(1).messages);
        QVERIFY(received(counted));
        QCOMPARE(counted.first().at(1).toInt(), -1);
    }

    // Preferring a GPU when the only Vulkan device is a software renderer (lavapipe in CI) loads
    // on the CPU backend, which is many times faster there, and says why.
    void softwareRendererMeansCpu() {
        HEARTH_REQUIRE_TESTDATA();
        const auto software = hearth::softwareVulkanDevice();
        EngineService engine;
        QSignalSpy loaded(&engine, &ChatEngine::loaded);
        LoadRequest r = cpuRequest();
        r.preferGpu = true;
        r.device = -1;
        engine.load(r);
        QVERIFY(received(loaded));
        const auto info = loaded.first().at(0).value<LoadedModel>();
        if (!software) {
            QVERIFY(info.onGpu || !info.gpuFallbackReason.isEmpty()); // a real GPU, or no Vulkan
            return;
        }
        QVERIFY(!info.onGpu);
        QVERIFY(info.noGpu); // nothing to warn about
        QCOMPARE(info.backendName, QString("cpu"));
        QVERIFY2(info.gpuFallbackReason.contains(QString::fromStdString(*software)),
                 qPrintable(info.gpuFallbackReason));
    }

    void fallsBackToTheCpu() {
        HEARTH_REQUIRE_TESTDATA();
        EngineService engine;
        QSignalSpy loaded(&engine, &ChatEngine::loaded);
        LoadRequest r = cpuRequest();
        r.preferGpu = true;
        r.device = 99; // no such device
        engine.load(r);
        QVERIFY(received(loaded));
        const auto info = loaded.first().at(0).value<LoadedModel>();
        QVERIFY(!info.onGpu);
        QVERIFY(!info.gpuFallbackReason.isEmpty());
    }

    void destroyedWhileGenerating() {
        HEARTH_REQUIRE_TESTDATA();
        auto engine = std::make_unique<EngineService>();
        QSignalSpy loaded(engine.get(), &ChatEngine::loaded);
        engine->load(cpuRequest());
        QVERIFY(received(loaded));
        QSignalSpy token(engine.get(), &ChatEngine::tokenGenerated);
        engine->generate(1, storyRequest(-1));
        QVERIFY(received(token));
        engine.reset(); // cancels and joins without hanging
    }
};

QTEST_GUILESS_MAIN(TestEngineWorker)
#include "test_engineworker.moc"
