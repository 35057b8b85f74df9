// SPDX-License-Identifier: GPL-3.0-or-later
// Conversations and their messages: the tree of versions (edit, regenerate), the active branch
// and switching between versions, statistics, streaming answers and the streaming writer.

#include "storage/streamingwriter.h"
#include "tests/storage/storagetest.h"

#include <QtTest>

using namespace hearth::storage;
using hearth::test::makeConversation;
using hearth::test::openIn;
using hearth::test::say;

namespace {

QStringList texts(const QList<PathMessage>& path) {
    QStringList out;
    for (const PathMessage& p : path) {
        out << p.message.content;
    }
    return out;
}

NewMessage text(Role role, const QString& content) {
    NewMessage m;
    m.role = role;
    m.content = content;
    return m;
}

} // namespace

class TestConversations : public QObject {
    Q_OBJECT

    std::unique_ptr<Database> db_;
    qint64 now_ = 1'700'000'000'000;

private slots:
    void init() {
        db_ = Database::openInMemory();
        db_->setClock([this] { return now_; });
    }
    void cleanup() { db_.reset(); }

    void createsAndListsConversations() {
        ConversationStore store(*db_);
        Conversation draft;
        draft.title = "Trip plan";
        draft.modelName = "Qwen2.5 1.5B";
        draft.modelSha256 = "abc123";
        draft.systemPrompt = "You plan trips.";
        draft.sampling = QJsonObject{{"temperature", 0.7}, {"top_k", 40}, {"seed", 42}};
        const Conversation trip = store.create(draft);
        QVERIFY(trip.id > 0);
        QCOMPARE(trip.createdAt, now_);
        QCOMPARE(trip.updatedAt, now_);
        QCOMPARE(trip.sampling, draft.sampling);
        QCOMPARE(trip.systemPrompt, draft.systemPrompt);
        QCOMPARE(trip.modelSha256, QStringLiteral("abc123"));
        QCOMPARE(trip.messageCount, 0);
        QCOMPARE(trip.activeLeafId, qint64(0));

        now_ += 1000;
        const Conversation rust = makeConversation(*db_, "Rust help");
        now_ += 1000;
        const Conversation old = makeConversation(*db_, "Archived one");
        store.setArchived(old.id, true);

        // Most recent first; archived hidden unless asked for.
        QList<Conversation> list = store.list();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].id, rust.id);
        QCOMPARE(list[1].id, trip.id);
        // Pinned first; pinning keeps the time.
        store.setPinned(trip.id, true);
        list = store.list();
        QCOMPARE(list[0].id, trip.id);
        QCOMPARE(list[0].updatedAt, trip.updatedAt);
        QCOMPARE(store.list({.includeArchived = true}).size(), 3);
        QCOMPARE(store.list({.onlyArchived = true}).first().id, old.id);
        QCOMPARE(store.list({.limit = 1}).size(), 1);
        QCOMPARE(store.count(), 3);
    }

    void changesBumpTheTime() {
        ConversationStore store(*db_);
        const Conversation c = makeConversation(*db_, "Draft");
        now_ += 500;
        store.rename(c.id, "Final");
        QCOMPARE(store.get(c.id)->title, QStringLiteral("Final"));
        QCOMPARE(store.get(c.id)->updatedAt, now_);
        now_ += 500;
        store.setSystemPrompt(c.id, "Short answers.");
        store.setSampling(c.id, QJsonObject{{"temperature", 0.0}});
        store.setModel(c.id, "Llama 3.2 1B", "feed");
        Conversation got = *store.get(c.id);
        QCOMPARE(got.systemPrompt, QStringLiteral("Short answers."));
        QCOMPARE(got.sampling.value("temperature").toDouble(), 0.0);
        QCOMPARE(got.modelName, QStringLiteral("Llama 3.2 1B"));
        QCOMPARE(got.modelSha256, QStringLiteral("feed"));
        QCOMPARE(got.updatedAt, now_);

        now_ += 500;
        got.pinned = true;
        store.update(got); // only pinned changed: the time stays
        QCOMPARE(store.get(c.id)->updatedAt, now_ - 500);
        got.title = "Renamed again";
        store.update(got);
        QCOMPARE(store.get(c.id)->updatedAt, now_);
        QVERIFY(store.get(c.id)->pinned);
    }

    void unknownIdsAreClearErrors() {
        ConversationStore store(*db_);
        QVERIFY(!store.get(999).has_value());
        try {
            store.rename(999, "x");
            QFAIL("renaming a missing conversation must fail");
        } catch (const StorageError& e) {
            QCOMPARE(e.kind(), ErrorKind::NotFound);
            QVERIFY(e.message().contains("999"));
        }
        MessageStore messages(*db_);
        QVERIFY_THROWS_EXCEPTION(StorageError, messages.append(999, 0, text(Role::User, "x")));
        QVERIFY_THROWS_EXCEPTION(StorageError, messages.updateContent(12345, "x"));
        QVERIFY_THROWS_EXCEPTION(StorageError, messages.activate(12345));
        const Conversation a = makeConversation(*db_, "a");
        const Conversation b = makeConversation(*db_, "b");
        const Message inA = say(*db_, a.id, Role::User, "hello");
        try {
            messages.append(b.id, inA.id, text(Role::User, "wrong parent"));
            QFAIL("a parent from another conversation must fail");
        } catch (const StorageError& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidData);
        }
        QCOMPARE(messages.all(b.id).size(), 0);
    }

    void messagesFormATreeOfVersions() {
        const Conversation c = makeConversation(*db_, "Versions");
        MessageStore messages(*db_);
        const Message question = say(*db_, c.id, Role::User, "What is 2+2?");
        const Message answer1 = say(*db_, c.id, Role::Assistant, "4");
        QCOMPARE(answer1.parentId, question.id);
        const Message follow = say(*db_, c.id, Role::User, "And 3+3?");
        const Message answer2 = say(*db_, c.id, Role::Assistant, "6");
        QCOMPARE(texts(messages.activePath(c.id)),
                 QStringList({"What is 2+2?", "4", "And 3+3?", "6"}));
        QCOMPARE(ConversationStore(*db_).get(c.id)->messageCount, 4);

        // Regenerate the last answer: a sibling, now shown as version 2 of 2.
        now_ += 10;
        const Message answer2b = messages.addVersion(answer2.id, text(Role::User, "six"));
        QCOMPARE(answer2b.role, Role::Assistant); // the role of the original is kept
        QCOMPARE(answer2b.parentId, follow.id);
        QList<PathMessage> path = messages.activePath(c.id);
        QCOMPARE(texts(path), QStringList({"What is 2+2?", "4", "And 3+3?", "six"}));
        QCOMPARE(path.last().siblingIndex, 1);
        QCOMPARE(path.last().siblingCount, 2);
        QCOMPARE(path.first().siblingCount, 1);

        // Edit the first question: a new branch from the root, with its own answer.
        now_ += 10;
        const Message edited = messages.addVersion(question.id, text(Role::User, "What is 5+5?"));
        QCOMPARE(edited.parentId, qint64(0));
        say(*db_, c.id, Role::Assistant, "10");
        path = messages.activePath(c.id);
        QCOMPARE(texts(path), QStringList({"What is 5+5?", "10"}));
        QCOMPARE(path[0].siblingIndex, 1);
        QCOMPARE(path[0].siblingCount, 2);

        // Back to the first version of the question: the old branch comes back as it was
        // last shown, with the regenerated answer.
        now_ += 10;
        QCOMPARE(messages.switchVersion(edited.id, -1), question.id);
        QCOMPARE(texts(messages.activePath(c.id)),
                 QStringList({"What is 2+2?", "4", "And 3+3?", "six"}));
        // Previous version of the answer, then clamping at the ends.
        now_ += 10;
        QCOMPARE(messages.switchVersion(answer2b.id, -1), answer2.id);
        QCOMPARE(texts(messages.activePath(c.id)).last(), QStringLiteral("6"));
        QCOMPARE(messages.switchVersion(answer2.id, -5), answer2.id);
        QCOMPARE(messages.switchVersion(answer2.id, +5), answer2b.id);
        // And forward to the edited question again.
        now_ += 10;
        messages.switchVersion(question.id, +1);
        QCOMPARE(texts(messages.activePath(c.id)), QStringList({"What is 5+5?", "10"}));

        QCOMPARE(messages.versions(answer2.id).size(), 2);
        QCOMPARE(messages.all(c.id).size(), 7);
        // A search hit on an inactive branch can be opened: activate() shows its branch.
        messages.activate(answer1.id);
        QCOMPARE(texts(messages.activePath(c.id)),
                 QStringList({"What is 2+2?", "4", "And 3+3?", "six"}));
    }

    void activationWorksWithAFrozenClock() {
        // Versions made in the same millisecond still switch correctly.
        const Conversation c = makeConversation(*db_, "Fast");
        MessageStore messages(*db_);
        const Message q = say(*db_, c.id, Role::User, "q");
        const Message a = say(*db_, c.id, Role::Assistant, "a");
        const Message b = messages.addVersion(a.id, text(Role::Assistant, "b"));
        QCOMPARE(messages.activePath(c.id).last().message.id, b.id);
        messages.activate(a.id);
        QCOMPARE(messages.activePath(c.id).last().message.id, a.id);
        messages.activate(q.id);
        QCOMPARE(messages.activePath(c.id).last().message.id, a.id);
    }

    void removingMessagesMovesTheActiveBranch() {
        const Conversation c = makeConversation(*db_, "Removal");
        MessageStore messages(*db_);
        const Message q = say(*db_, c.id, Role::User, "question");
        const Message a1 = say(*db_, c.id, Role::Assistant, "first answer");
        now_ += 10;
        const Message a2 = messages.addVersion(a1.id, text(Role::Assistant, "second answer"));
        say(*db_, c.id, Role::User, "follow-up");
        messages.remove(a2.id); // with its follow-up
        QCOMPARE(texts(messages.activePath(c.id)), QStringList({"question", "first answer"}));
        QCOMPARE(messages.all(c.id).size(), 2);
        messages.remove(a1.id);
        QCOMPARE(texts(messages.activePath(c.id)), QStringList({"question"}));
        messages.remove(q.id);
        QVERIFY(messages.activePath(c.id).isEmpty());
        QCOMPARE(ConversationStore(*db_).get(c.id)->activeLeafId, qint64(0));
        // An emptied conversation takes messages again.
        say(*db_, c.id, Role::User, "again");
        QCOMPARE(texts(messages.activePath(c.id)), QStringList({"again"}));
    }

    void answersKeepTheirStatistics() {
        const Conversation c = makeConversation(*db_, "Stats");
        MessageStore messages(*db_);
        say(*db_, c.id, Role::User, "Tell me a story");
        NewMessage streaming;
        streaming.role = Role::Assistant;
        streaming.state = MessageState::Streaming;
        const Message answer = messages.appendToActive(c.id, streaming);
        QCOMPARE(answer.state, MessageState::Streaming);
        QVERIFY(!answer.stats);

        messages.updateContent(answer.id, "Once upon");
        QCOMPARE(messages.get(answer.id)->content, QStringLiteral("Once upon"));

        GenerationStats stats;
        stats.promptTokens = 31;
        stats.generatedTokens = 412;
        stats.prefillTokensPerSecond = 250.25;
        stats.decodeTokensPerSecond = 18.3;
        stats.timeToFirstTokenMs = 420;
        stats.durationMs = 22937;
        stats.model = "Qwen2.5 1.5B Q4_K_M";
        stats.stopReason = StopReason::EndOfText;
        FinishedMessage done;
        done.content = "Once upon a time.";
        done.tokenCount = 412;
        done.stats = stats;
        now_ += 5000;
        messages.finish(answer.id, done);
        const Message saved = *messages.get(answer.id);
        QCOMPARE(saved.content, done.content);
        QCOMPARE(saved.state, MessageState::Complete);
        QCOMPARE(saved.tokenCount, 412);
        QVERIFY(saved.stats.has_value());
        QCOMPARE(*saved.stats, stats);
        QCOMPARE(saved.updatedAt, now_);
        QCOMPARE(ConversationStore(*db_).get(c.id)->updatedAt, now_);

        // A failed answer keeps its error; token counts can be set later.
        FinishedMessage failed;
        failed.content = "partial";
        failed.state = MessageState::Failed;
        failed.error = "The device was lost.";
        const Message retry = messages.addVersion(answer.id, streaming);
        messages.finish(retry.id, failed);
        QCOMPARE(messages.get(retry.id)->error, QStringLiteral("The device was lost."));
        QCOMPARE(messages.get(retry.id)->state, MessageState::Failed);
        messages.setTokenCount(retry.id, 3);
        QCOMPARE(messages.get(retry.id)->tokenCount, 3);
    }

    void interruptedStreamsAreMarkedAtStart() {
        QTemporaryDir dir;
        qint64 id = 0;
        {
            auto db = openIn(dir.path());
            const Conversation c = makeConversation(*db, "Crash");
            NewMessage m;
            m.role = Role::Assistant;
            m.state = MessageState::Streaming;
            id = MessageStore(*db).append(c.id, 0, m).id;
            MessageStore(*db).updateContent(id, "half an answ");
            // The app ends here without finishing the answer.
        }
        auto db = openIn(dir.path());
        QCOMPARE(MessageStore(*db).recoverInterrupted(), 1);
        const Message m = *MessageStore(*db).get(id);
        QCOMPARE(m.state, MessageState::Interrupted);
        QCOMPARE(m.content, QStringLiteral("half an answ"));
        QCOMPARE(MessageStore(*db).recoverInterrupted(), 0);
    }

    void messageIsCommittedWhenCreated() {
        QTemporaryDir dir;
        auto app = openIn(dir.path());
        auto other = openIn(dir.path());
        const Conversation c = makeConversation(*app, "Visible");
        const Message m = say(*app, c.id, Role::User, "saved at once");
        QCOMPARE(MessageStore(*other).get(m.id)->content, QStringLiteral("saved at once"));
    }

    void streamingWriterSavesOncePerSecond() {
        const Conversation c = makeConversation(*db_, "Streaming");
        MessageStore messages(*db_);
        NewMessage m;
        m.role = Role::Assistant;
        m.state = MessageState::Streaming;
        const Message answer = messages.append(c.id, 0, m);

        qint64 clock = 0;
        StreamingMessageWriter writer(messages, answer.id, [&] { return clock; });
        QString expected;
        int savedAt = 0;
        // A token every 50 ms for 2.6 s: saves at 1.0 s and 2.0 s only.
        for (int t = 50; t <= 2600; t += 50) {
            clock = t;
            const QString piece = QStringLiteral("w%1 ").arg(t);
            expected += piece;
            writer.append(piece);
            if (t == 1000 || t == 2000) {
                ++savedAt;
                QCOMPARE(messages.get(answer.id)->content, expected);
            }
            QCOMPARE(writer.writeCount(), savedAt);
        }
        QVERIFY(writer.hasPending());
        QVERIFY(messages.get(answer.id)->content != expected);
        // Tokens stall: poll() saves once a second has passed.
        clock = 2900;
        QVERIFY(!writer.poll());
        clock = 3000;
        QVERIFY(writer.poll());
        QCOMPARE(messages.get(answer.id)->content, expected);
        QVERIFY(!writer.poll());
        // flush() saves at once.
        writer.append("more");
        writer.flush();
        QCOMPARE(messages.get(answer.id)->content, expected + "more");
        QCOMPARE(writer.writeCount(), 4);
        // finish() saves the final state.
        FinishedMessage done;
        done.content = writer.content() + ".";
        done.state = MessageState::Stopped;
        done.stats = GenerationStats{};
        done.stats->stopReason = StopReason::User;
        writer.finish(done);
        const Message saved = *messages.get(answer.id);
        QCOMPARE(saved.content, expected + "more.");
        QCOMPARE(saved.state, MessageState::Stopped);
        QCOMPARE(saved.stats->stopReason, StopReason::User);
        writer.append("ignored after finish");
        QCOMPARE(messages.get(answer.id)->content, expected + "more.");
    }

    void streamingWriterSavesPendingTextWhenDestroyed() {
        const Conversation c = makeConversation(*db_, "Closing");
        MessageStore messages(*db_);
        NewMessage m;
        m.role = Role::Assistant;
        m.content = "Start: ";
        const Message answer = messages.append(c.id, 0, m);
        qint64 clock = 0;
        {
            StreamingMessageWriter writer(messages, answer.id, [&] { return clock; });
            QCOMPARE(writer.content(), QStringLiteral("Start: "));
            writer.append("unsaved words");
            QCOMPARE(writer.writeCount(), 0);
        }
        QCOMPARE(messages.get(answer.id)->content, QStringLiteral("Start: unsaved words"));
        QVERIFY_THROWS_EXCEPTION(StorageError, StreamingMessageWriter(messages, 424242));
    }
};

QTEST_GUILESS_MAIN(TestConversations)
#include "test_conversations.moc"
