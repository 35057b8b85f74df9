// SPDX-License-Identifier: GPL-3.0-or-later
// The chat controller and message list against the fake engine: streaming (saved as it goes,
// shown through throttled dataChanged on the last row), stop, regenerate, edit and branch
// switching, errors and retry, interrupted answers, titles, the context meter, model switch.

#include "chatfixture.h"

#include "app/viewmodels/appsettings.h"
#include "app/viewmodels/exportcontroller.h"
#include "app/viewmodels/generationoptions.h"
#include "app/viewmodels/quantizationchoices.h"
#include "storage/conversationstore.h"
#include "storage/datadir.h"
#include "storage/messagestore.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>

using hearth::app::MessageListModel;
using hearth::storage::MessageState;
using hearth::test::ChatFixture;

namespace {
/// A reply long enough to stop in the middle.
QString longReply(int words) {
    QStringList w;
    for (int i = 0; i < words; ++i) {
        w << QStringLiteral("word%1").arg(i);
    }
    return w.join(QLatin1Char(' '));
}
} // namespace

class TestChat : public QObject {
    Q_OBJECT

private slots:
    void cannotSendWithoutModel() {
        ChatFixture f;
        QVERIFY(!f.chat()->canSend());
        QVERIFY(!f.chat()->send("hello"));
        QCOMPARE(f.chat()->conversations()->count(), 0);
        QVERIFY(f.load(f.alpha));
        QVERIFY(f.chat()->canSend());
        QVERIFY(!f.chat()->send("   ")); // nothing to send
    }

    void streamsAndSaves() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        const QString reply = QStringLiteral("Hello there, friend.\n\n```cpp\nint x = 1;\n```");
        f.fake->queueReply(reply);
        f.fake->setTokenDelayMs(2);
        QSignalSpy changed(f.messages(), &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(f.messages(), &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(f.messages(), &QAbstractItemModel::modelReset);

        QVERIFY(f.chat()->send("Tell me something nice, please"));
        // Saved before the engine answers: the user's message and the answer being written.
        QVERIFY(f.chat()->conversationId() != 0);
        QCOMPARE(f.messages()->count(), 2);
        QCOMPARE(f.state(1), QString("streaming"));
        hearth::storage::MessageStore store(f.db());
        const auto path = store.activePath(f.chat()->conversationId());
        QCOMPARE(path.size(), 2);
        QCOMPARE(path[0].message.content, QString("Tell me something nice, please"));
        QCOMPARE(path[1].message.state, MessageState::Streaming);
        QVERIFY(f.chat()->generating());
        QVERIFY(!f.chat()->canSend());

        QVERIFY(f.waitIdle());
        QCOMPARE(f.content(1), reply);
        QCOMPARE(f.state(1), QString("complete"));
        const auto saved = store.get(f.id(1));
        QCOMPARE(saved->content, reply);
        QCOMPARE(saved->state, MessageState::Complete);
        QVERIFY(saved->stats.has_value());
        QCOMPARE(saved->stats->model, QString("Alpha"));
        QCOMPARE(saved->stats->generatedTokens,
                 int(hearth::services::FakeEngine::pieces(reply).size()));
        QVERIFY(!f.messages()
                     ->data(f.messages()->index(1), MessageListModel::StatsTextRole)
                     .toString()
                     .isEmpty());

        // Streaming never reset the model; while it streamed only the answer's content changed.
        QCOMPARE(reset.size(), 0);
        int contentUpdates = 0;
        for (const QList<QVariant>& c : changed) {
            const auto roles = c.at(2).value<QList<int>>();
            if (roles == QList<int>{MessageListModel::ContentRole}) {
                ++contentUpdates;
                QCOMPARE(c.at(0).toModelIndex().row(), 1);
            }
        }
        QVERIFY(contentUpdates >= 1);
        QVERIFY(contentUpdates <= int(hearth::services::FakeEngine::pieces(reply).size()));
    }

    void streamingIsThrottled() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        const QString reply = longReply(400);
        f.fake->queueReply(reply);
        f.fake->setTokenDelayMs(0);
        QSignalSpy changed(f.messages(), &QAbstractItemModel::dataChanged);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(f.chat()->send("go"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.content(1), reply);
        int contentUpdates = 0;
        for (const QList<QVariant>& c : changed) {
            if (c.at(2).value<QList<int>>() == QList<int>{MessageListModel::ContentRole}) {
                ++contentUpdates;
            }
        }
        // At most one update per interval (plus one), far fewer than the 400 pieces.
        const qint64 allowed = clock.elapsed() / MessageListModel::kUpdateIntervalMs + 2;
        QVERIFY2(contentUpdates <= allowed, qPrintable(QString::number(contentUpdates)));
        QVERIFY(contentUpdates < 400);
    }

    void stopKeepsWhatWasWritten() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        const QString reply = longReply(200);
        f.fake->queueReply(reply);
        f.fake->setTokenDelayMs(15);
        QVERIFY(f.chat()->send("Count for me"));
        QVERIFY(QTest::qWaitFor([&] { return f.content(1).size() > 20; }, ChatFixture::kWaitMs));
        f.chat()->stop();
        QVERIFY(f.waitIdle());
        QCOMPARE(f.state(1), QString("stopped"));
        const QString shown = f.content(1);
        QVERIFY(!shown.isEmpty());
        QVERIFY(reply.startsWith(shown));
        QVERIFY(shown.size() < reply.size());
        const auto saved = hearth::storage::MessageStore(f.db()).get(f.id(1));
        QCOMPARE(saved->content, shown);
        QCOMPARE(saved->state, MessageState::Stopped);
        QCOMPARE(saved->stats->stopReason, hearth::storage::StopReason::User);
        QVERIFY(f.chat()->canSend());
    }

    void regenerateKeepsVersions() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        f.fake->queueReply("First answer.");
        f.fake->queueReply("Second answer.");
        QVERIFY(f.chat()->send("Question one two three"));
        QVERIFY(f.waitIdle());
        const qint64 first = f.id(1);
        QVERIFY(f.chat()->regenerate(first));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.messages()->count(), 2);
        QCOMPARE(f.content(1), QString("Second answer."));
        QCOMPARE(f.siblingIndex(1), 1);
        QCOMPARE(f.siblingCount(1), 2);
        QVERIFY(f.id(1) != first);
        // The engine saw the conversation up to the question, not the old answer.
        const auto& request = f.fake->requests().last();
        QCOMPARE(request.messages.last().role, QString("user"));

        f.chat()->switchVersion(f.id(1), -1);
        QCOMPARE(f.content(1), QString("First answer."));
        QCOMPARE(f.siblingIndex(1), 0);
        f.chat()->switchVersion(f.id(1), 1);
        QCOMPARE(f.content(1), QString("Second answer."));
        QVERIFY(f.chat()->regenerateLast());
        QVERIFY(f.waitIdle());
        QCOMPARE(f.siblingCount(1), 3);
    }

    void editStartsABranch() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        f.fake->queueReply("About cats.");
        f.fake->queueReply("More about cats.");
        f.fake->queueReply("About dogs.");
        QVERIFY(f.chat()->send("Tell me about cats"));
        QVERIFY(f.waitIdle());
        QVERIFY(f.chat()->send("And more?"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.messages()->count(), 4);

        const qint64 question = f.id(0);
        QVERIFY(f.chat()->editMessage(question, "Tell me about dogs"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.messages()->count(), 2);
        QCOMPARE(f.content(0), QString("Tell me about dogs"));
        QCOMPARE(f.siblingIndex(0), 1);
        QCOMPARE(f.siblingCount(0), 2);
        QCOMPARE(f.content(1), QString("About dogs."));
        QCOMPARE(f.fake->lastUserMessage(), QString("Tell me about dogs"));

        // Back to the first version: the whole old branch comes back.
        f.chat()->switchVersion(f.id(0), -1);
        QCOMPARE(f.messages()->count(), 4);
        QCOMPARE(f.content(0), QString("Tell me about cats"));
        QCOMPARE(f.content(3), QString("More about cats."));
        // Editing an answer is not a thing; editing to the same text does nothing.
        QVERIFY(!f.chat()->editMessage(f.id(1), "x"));
        QVERIFY(!f.chat()->editMessage(f.id(0), "Tell me about cats"));
    }

    void errorsAndRetry() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        f.fake->queueReply("one two three four five");
        f.fake->failNextGeneration("the GPU was lost", 2);
        QVERIFY(f.chat()->send("Please answer me"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.state(1), QString("failed"));
        QCOMPARE(f.messages()->data(f.messages()->index(1), MessageListModel::ErrorRole).toString(),
                 QString("the GPU was lost"));
        QCOMPARE(f.content(1), QString("one two"));
        QCOMPARE(hearth::storage::MessageStore(f.db()).get(f.id(1))->state, MessageState::Failed);

        // A failed answer with text is kept as a version.
        f.fake->queueReply("Fine now.");
        QVERIFY(f.chat()->retry(f.id(1)));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.content(1), QString("Fine now."));
        QCOMPARE(f.siblingCount(1), 2);

        // One with no text is replaced.
        f.fake->failNextGeneration("out of memory", 0);
        QVERIFY(f.chat()->send("Again"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.state(3), QString("failed"));
        f.fake->queueReply("Recovered.");
        QVERIFY(f.chat()->retry(f.id(3)));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.content(3), QString("Recovered."));
        QCOMPARE(f.siblingCount(3), 1);
        // The failed text-less answer was never shown to the engine as history.
        for (const auto& m : f.fake->requests().last().messages) {
            QVERIFY(!m.content.isEmpty());
        }
    }

    void savedWhileStreamingAndInterrupted() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        f.fake->queueReply(longReply(120));
        f.fake->setTokenDelayMs(20);
        QVERIFY(f.chat()->send("Write a long story"));
        const qint64 answer = f.id(1);
        hearth::storage::MessageStore store(f.db());
        // Saved at least once a second while it streams.
        QVERIFY(QTest::qWaitFor([&] { return !store.get(answer)->content.isEmpty(); }, 2500));
        QCOMPARE(store.get(answer)->state, MessageState::Streaming);
        QVERIFY(f.chat()->generating());
        // The window closes: what was generated is kept.
        f.messages()->flush();
        const QString shown = f.content(1);
        f.context->shutdown();
        const auto saved = store.get(answer);
        QCOMPARE(saved->state, MessageState::Interrupted);
        QVERIFY(saved->content.startsWith(shown));
        QVERIFY(!saved->content.isEmpty());
    }

    void titlesFromTheFirstExchange() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        f.fake->queueReply("Hello! Nice to meet you. How can I help?");
        QVERIFY(f.chat()->send("hi"));
        QCOMPARE(f.chat()->title(), QString("hi"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.chat()->title(), QString("Hello!"));
        const qint64 id = f.chat()->conversationId();
        QCOMPARE(hearth::storage::ConversationStore(f.db()).get(id)->title, QString("Hello!"));

        // A title the user chose stays.
        f.chat()->conversations()->rename(id, "My chat");
        QCOMPARE(f.chat()->title(), QString("My chat"));
        f.fake->queueReply("Greetings and salutations.");
        QVERIFY(f.chat()->regenerate(f.id(1)));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.chat()->title(), QString("My chat"));
    }

    void contextMeter() {
        ChatFixture f;
        f.fake->setContextSize(1000);
        QVERIFY(f.load(f.alpha));
        QCOMPARE(f.chat()->contextSize(), 1000);
        QCOMPARE(f.chat()->contextUsed(), 0);
        f.fake->queueReply("a b c d");
        QVERIFY(f.chat()->send("one two three"));
        QVERIFY(f.waitIdle());
        const QList<hearth::services::EngineMessage> all{{"user", "one two three"},
                                                         {"assistant", "a b c d"}};
        const int expected = hearth::services::FakeEngine::countFakeTokens(all);
        QVERIFY(QTest::qWaitFor([&] { return f.chat()->contextUsed() == expected; }, 2000));
        QCOMPARE(f.chat()->contextFraction(), expected / 1000.0);
        QVERIFY(f.chat()->contextText().contains("1.0k"));
        QVERIFY(f.chat()->lastTokensPerSecond() > 0);
    }

    void systemPromptAndSampling() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        f.context->settings()->generation()->setSystemPrompt("Be brief.");
        f.context->settings()->generation()->setTemperature(0.3);
        f.chat()->newChat();
        QCOMPARE(f.chat()->conversationOptions()->systemPrompt(), QString("Be brief."));
        QVERIFY(f.chat()->send("Hello there friend"));
        QVERIFY(f.waitIdle());
        auto request = f.fake->requests().last();
        QCOMPARE(request.messages.first().role, QString("system"));
        QCOMPARE(request.messages.first().content, QString("Be brief."));
        QCOMPARE(request.settings.temperature, 0.3f);

        // This conversation's own settings.
        f.chat()->conversationOptions()->setSystemPrompt("Answer in Korean.");
        f.chat()->setCustomSampling(true);
        f.chat()->conversationOptions()->setTemperature(1.2);
        f.chat()->saveConversationOptions();
        QVERIFY(f.chat()->send("Next"));
        QVERIFY(f.waitIdle());
        request = f.fake->requests().last();
        QCOMPARE(request.messages.first().content, QString("Answer in Korean."));
        QCOMPARE(request.settings.temperature, 1.2f);
        const auto c = hearth::storage::ConversationStore(f.db()).get(f.chat()->conversationId());
        QCOMPARE(c->systemPrompt, QString("Answer in Korean."));
        QCOMPARE(c->sampling.value("temperature").toDouble(), 1.2f);
        // Reopened, it keeps them; the defaults did not change.
        f.chat()->newChat();
        QCOMPARE(f.chat()->conversationOptions()->systemPrompt(), QString("Be brief."));
        f.chat()->openConversation(c->id);
        QVERIFY(f.chat()->customSampling());
        QCOMPARE(f.chat()->conversationOptions()->temperature(), double(1.2f));
    }

    void modelIsRememberedPerConversation() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        QVERIFY(f.chat()->send("With alpha please"));
        QVERIFY(f.waitIdle());
        const qint64 first = f.chat()->conversationId();
        QCOMPARE(hearth::storage::ConversationStore(f.db()).get(first)->modelName,
                 QString("Alpha"));

        f.chat()->newChat();
        QVERIFY(f.load(f.beta));
        QVERIFY(f.chat()->send("With beta please"));
        QVERIFY(f.waitIdle());
        const qint64 second = f.chat()->conversationId();
        QCOMPARE(hearth::storage::ConversationStore(f.db()).get(second)->modelSha256,
                 QString("bb22"));

        // Opening the first conversation loads its model again.
        const int loads = f.fake->loadCount();
        f.chat()->openConversation(first);
        QVERIFY(QTest::qWaitFor([&] { return f.models()->ready(); }, ChatFixture::kWaitMs));
        QCOMPARE(f.fake->loadCount(), loads + 1);
        QCOMPARE(f.models()->modelName(), QString("Alpha"));
        QVERIFY(f.fake->loadedPath().endsWith("Alpha.gguf"));

        // A conversation whose model is gone says so and keeps the loaded one.
        hearth::storage::ConversationStore(f.db()).setModel(second, "Gone", "ffff");
        f.chat()->openConversation(second);
        QVERIFY(f.chat()->notice().contains("Gone"));
        QCOMPARE(f.models()->modelName(), QString("Alpha"));
        // Sending records the model that answered.
        QVERIFY(f.chat()->send("Still there?"));
        QVERIFY(f.waitIdle());
        QCOMPARE(hearth::storage::ConversationStore(f.db()).get(second)->modelName,
                 QString("Alpha"));
    }

    void loadFailuresAndFallback() {
        ChatFixture f;
        f.fake->failNextLoad("not a GGUF file");
        f.models()->load(f.alpha);
        QVERIFY(QTest::qWaitFor([&] { return !f.models()->loading(); }, ChatFixture::kWaitMs));
        QCOMPARE(f.models()->status(), hearth::app::ModelController::Status::Failed);
        QVERIFY(f.models()->error().contains("not a GGUF file"));
        QVERIFY(!f.chat()->canSend());

        f.models()->loadOnCpu();
        QVERIFY(QTest::qWaitFor([&] { return f.models()->ready(); }, ChatFixture::kWaitMs));
        QVERIFY(!f.models()->onGpu());
        QCOMPARE(f.models()->deviceText(), QString("CPU"));

        f.fake->setGpuAvailable(false);
        QVERIFY(f.load(f.beta));
        QVERIFY(f.models()->notice().contains("no Vulkan device"));
        // A computer whose only Vulkan device is a software renderer runs on the CPU with no
        // warning: there is nothing the user could do about it.
        f.fake->setSoftwareRendererOnly(true);
        QVERIFY(f.load(f.alpha));
        QVERIFY(!f.models()->onGpu());
        QVERIFY2(f.models()->notice().isEmpty(), qPrintable(f.models()->notice()));
        f.fake->setSoftwareRendererOnly(false);
        f.fake->setGpuAvailable(true);
        QVERIFY(f.load(f.alpha));
        QVERIFY(f.models()->notice().isEmpty());
        QVERIFY(f.models()->deviceText().contains("Fake GPU"));

        // A load replaced by another before it finished reports only the last one.
        f.fake->setLoadDelayMs(40);
        QSignalSpy loaded(f.models(), &hearth::app::ModelController::modelLoaded);
        f.models()->load(f.alpha);
        f.models()->load(f.beta);
        QVERIFY(QTest::qWaitFor([&] { return f.models()->ready(); }, ChatFixture::kWaitMs));
        QCOMPARE(f.models()->modelName(), QString("Beta"));
        QTest::qWait(100);
        QCOMPARE(loaded.size(), 1);

        f.models()->unload();
        QCOMPARE(f.models()->status(), hearth::app::ModelController::Status::Unloaded);
        QVERIFY(!f.chat()->canSend());
    }

    void deleteMessage() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        QVERIFY(f.chat()->send("First question here"));
        QVERIFY(f.waitIdle());
        QVERIFY(f.chat()->send("Second question here"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.messages()->count(), 4);
        f.chat()->deleteMessage(f.id(2));
        QCOMPARE(f.messages()->count(), 2);
        QCOMPARE(
            hearth::storage::MessageStore(f.db()).activePath(f.chat()->conversationId()).size(), 2);
    }
    // The settings shape every load: context length, GPU device (or the CPU only), and the model
    // loaded at start.
    void settingsShapeTheLoad() {
        ChatFixture f;
        hearth::app::AppSettings* s = f.context->settings();
        s->setContextLength(1024);
        s->setGpuDevice(1);
        QVERIFY(f.load(f.alpha));
        QVERIFY(f.fake->lastLoadRequest().has_value());
        QCOMPARE(f.fake->lastLoadRequest()->contextSize, 1024u);
        QCOMPARE(f.fake->lastLoadRequest()->device, 1);
        QVERIFY(f.fake->lastLoadRequest()->preferGpu);
        QVERIFY(f.fake->lastLoadRequest()->path.endsWith("Alpha.gguf"));

        s->setGpuDevice(hearth::app::AppSettings::kCpuOnly);
        QVERIFY(f.load(f.alpha));
        QVERIFY(!f.fake->lastLoadRequest()->preferGpu);
        QVERIFY(!f.models()->onGpu());

        s->setGpuDevice(-1); // automatic
        s->setDefaultModelId(f.beta);
        s->setLoadModelOnStart(true);
        f.models()->unload();
        f.models()->loadStartupModel();
        QVERIFY(QTest::qWaitFor([&] { return f.models()->ready(); }, ChatFixture::kWaitMs));
        QCOMPARE(f.models()->modelName(), QString("Beta"));
        QCOMPARE(f.fake->lastLoadRequest()->device, -1);
        QVERIFY(f.fake->lastLoadRequest()->preferGpu);

        s->setLoadModelOnStart(false);
        f.models()->unload();
        const int loads = f.fake->loadCount();
        f.models()->loadStartupModel();
        QCOMPARE(f.fake->loadCount(), loads);
    }

    // Copying: one message, and the last answer (Ctrl+Shift+C).
    void copyToClipboard() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        f.fake->queueReply(QStringLiteral("The **answer** to copy."));
        QVERIFY(f.chat()->send("A question to copy"));
        QVERIFY(f.waitIdle());
        QGuiApplication::clipboard()->clear();
        f.chat()->copyLastAnswer();
        QCOMPARE(QGuiApplication::clipboard()->text(), QString("The **answer** to copy."));
        f.chat()->copyMessage(f.id(0));
        QCOMPARE(QGuiApplication::clipboard()->text(), QString("A question to copy"));
    }

    // Pinned conversations come first, in their own group, and stay pinned in storage.
    void pinnedComeFirst() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        QVERIFY(f.chat()->send("First conversation"));
        QVERIFY(f.waitIdle());
        const qint64 first = f.chat()->conversationId();
        f.chat()->newChat();
        QVERIFY(f.chat()->send("Second conversation"));
        QVERIFY(f.waitIdle());
        auto* list = f.chat()->conversations();
        QCOMPARE(list->rowCount(), 2);
        const auto idAt = [&](int row) {
            return list
                ->data(list->index(row, 0), hearth::app::ConversationListModel::ConversationIdRole)
                .toLongLong();
        };
        QVERIFY(idAt(0) != first); // newest first
        list->setPinned(first, true);
        QVERIFY(QTest::qWaitFor([&] { return idAt(0) == first; }, ChatFixture::kWaitMs));
        QVERIFY(hearth::storage::ConversationStore(f.db()).get(first)->pinned);
        const QString pinnedSection =
            list->data(list->index(0, 0), hearth::app::ConversationListModel::SectionRole)
                .toString();
        const QString otherSection =
            list->data(list->index(1, 0), hearth::app::ConversationListModel::SectionRole)
                .toString();
        QVERIFY(pinnedSection != otherSection);
        list->setPinned(first, false);
        QVERIFY(QTest::qWaitFor([&] { return idAt(0) != first; }, ChatFixture::kWaitMs));
    }
    // The quantization chooser of a Discover card: one row per file of the catalog model, each
    // with a label, a file id and a fit verdict, under QAbstractItemModelTester.
    void quantizationChoices() {
        ChatFixture f;
        hearth::app::QuantizationChoices choices;
        QAbstractItemModelTester tester(&choices,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(choices.count(), 0);
        for (const char* id : {"qwen2.5-0.5b-instruct", "qwen2.5-1.5b-instruct"}) {
            choices.setCatalogId(QString::fromLatin1(id));
            QVERIFY2(choices.count() > 0, id);
            QVERIFY(choices.defaultIndex() >= 0 && choices.defaultIndex() < choices.count());
            for (int row = 0; row < choices.count(); ++row) {
                const QModelIndex i = choices.index(row, 0);
                using R = hearth::app::QuantizationChoices::Role;
                QVERIFY(!choices.fileIdAt(row).isEmpty());
                QVERIFY(!choices.data(i, R::LabelRole).toString().isEmpty());
                QVERIFY(QStringList({"fits", "tight", "tooBig"})
                            .contains(choices.data(i, R::FitRole).toString()));
                QVERIFY(!choices.data(i, R::InstalledRole).toBool());
            }
        }
        choices.setCatalogId(QStringLiteral("no-such-model"));
        QCOMPARE(choices.count(), 0);
        QCOMPARE(choices.fileIdAt(0), QString());
    }
    // Privacy settings: a retention period removes conversations not updated within it; "delete
    // all data" removes every conversation and setting, and the sidebar follows.
    void retentionAndDeleteEverything() {
        ChatFixture f;
        constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        f.db().setClock([&now] { return now; });
        QVERIFY(f.load(f.alpha));
        now -= 40 * kDayMs;
        QVERIFY(f.chat()->send("An old conversation"));
        QVERIFY(f.waitIdle());
        now += 40 * kDayMs;
        f.chat()->newChat();
        QVERIFY(f.chat()->send("A recent conversation"));
        QVERIFY(f.waitIdle());
        hearth::storage::ConversationStore store(f.db());
        QCOMPARE(store.count(), 2);

        hearth::app::AppSettings* s = f.context->settings();
        QCOMPARE(s->applyRetention(), 0); // keep everything by default
        s->setRetentionDays(30);
        QCOMPARE(s->applyRetention(), 1);
        QCOMPARE(store.count(), 1);

        s->setTheme(QStringLiteral("dark"));
        QSignalSpy deleted(s, &hearth::app::AppSettings::allDataDeleted);
        s->deleteAllData();
        QCOMPARE(deleted.size(), 1);
        QCOMPARE(store.count(), 0);
        QCOMPARE(s->theme(), QString("system"));
        QCOMPARE(s->retentionDays(), 0);
        QVERIFY(QTest::qWaitFor([&] { return f.chat()->conversations()->rowCount() == 0; },
                                ChatFixture::kWaitMs));
    }
    // Exporting every conversation runs in the background and reports its progress, rising to 1;
    // the file holds every conversation.
    void exportShowsProgress() {
        ChatFixture f;
        QVERIFY(f.load(f.alpha));
        constexpr int kConversations = 5;
        for (int i = 0; i < kConversations; ++i) {
            f.chat()->newChat();
            QVERIFY(f.chat()->send(QStringLiteral("Conversation number %1").arg(i)));
            QVERIFY(f.waitIdle());
        }
        hearth::app::ExportController* exporter = f.context->exporter();
        QList<double> seen;
        connect(exporter, &hearth::app::ExportController::progressChanged, this,
                [&] { seen << exporter->progress(); });
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("all.md"));
        QSignalSpy finished(exporter, &hearth::app::ExportController::finished);
        QVERIFY(exporter->exportTo(path, QStringLiteral("md"), true, true, false));
        QVERIFY(!exporter->exportTo(path, QStringLiteral("md"), true, true, false)); // busy
        QVERIFY(finished.wait(ChatFixture::kWaitMs));
        QVERIFY(finished.first().at(0).toBool());
        QCOMPARE(exporter->progress(), 1.0);
        QVERIFY2(seen.size() >= 3, qPrintable(QString::number(seen.size())));
        QCOMPARE(seen.first(), 0.0);
        for (int i = 1; i < seen.size(); ++i) {
            QVERIFY(seen[i] > seen[i - 1]);
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        for (int i = 0; i < kConversations; ++i) {
            QVERIFY(text.contains(QStringLiteral("Conversation number %1").arg(i).toUtf8()));
        }
    }
    // Settings → data folder: the choice is kept for the next start (the running app keeps its
    // database), and that start resolves to it.
    void dataFolderForTheNextStart() {
        QStandardPaths::setTestModeEnabled(true); // QSettings in the test locations
        ChatFixture f;
        hearth::app::AppSettings* s = f.context->settings();
        const QString before = hearth::app::AppSettings::storedDataFolder();
        QTemporaryDir dir;
        QSignalSpy changed(s, &hearth::app::AppSettings::dataFolderChanged);
        s->setNextDataFolder(QUrl::fromLocalFile(dir.path()));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(s->nextDataFolder(), dir.path());
        QCOMPARE(hearth::app::AppSettings::storedDataFolder(), dir.path());
        QCOMPARE(QDir(hearth::storage::resolveDataDir(hearth::app::AppSettings::storedDataFolder()))
                     .absolutePath(),
                 QDir(dir.path()).absolutePath());
        QVERIFY(s->dataFolder() != dir.path()); // this run keeps its folder
        s->setNextDataFolder(QUrl());
        QCOMPARE(hearth::app::AppSettings::storedDataFolder(), QString());
        s->setNextDataFolder(before.isEmpty() ? QUrl() : QUrl::fromLocalFile(before));
    }
};

QTEST_MAIN(TestChat)
#include "test_chat.moc"
