// SPDX-License-Identifier: GPL-3.0-or-later
// Deleting for real: after deleting a conversation, a message or everything, the text is in
// neither the database file nor its WAL (checked by scanning their bytes); retention.

#include "storage/modelstore.h"
#include "storage/privacy.h"
#include "storage/search.h"
#include "storage/settingsstore.h"
#include "storage/statement.h"
#include "storage/streamingwriter.h"
#include "tests/storage/storagetest.h"

#include <QtTest>

using namespace hearth::storage;
using hearth::test::fileBytes;
using hearth::test::makeConversation;
using hearth::test::openIn;
using hearth::test::say;

namespace {

const QString kMarker = QStringLiteral("zqxmarker7731");
const QString kKoreanMarker = QStringLiteral("뷁뛟쐛뙑");
constexpr qint64 kMsPerDay = 24LL * 60 * 60 * 1000;

/// Every byte string that would give the marked text away: the markers, and the Korean
/// marker's bigrams as the search index stores them.
QList<QByteArray> secrets() {
    QList<QByteArray> out{kMarker.toUtf8(), kMarker.toUpper().toUtf8(), kKoreanMarker.toUtf8()};
    for (qsizetype i = 0; i + 1 < kKoreanMarker.size(); ++i) {
        out << kKoreanMarker.mid(i, 2).toUtf8();
    }
    return out;
}

/// The secrets found in the database file, its WAL and its shared-memory index.
QStringList leaks(const QString& dbPath) {
    QStringList found;
    for (const QString& path : {dbPath, dbPath + "-wal", dbPath + "-shm"}) {
        const QByteArray bytes = fileBytes(path);
        for (const QByteArray& secret : secrets()) {
            if (bytes.contains(secret)) {
                found << QStringLiteral("%1 in %2").arg(QString::fromUtf8(secret), path);
            }
        }
    }
    return found;
}

} // namespace

class TestPrivacy : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<Database> db_;
    qint64 keep_ = 0;

    QString path() const { return db_ ? db_->path() : dir_.filePath("hearth.db"); }

    /// A conversation full of the markers: title, messages, a streamed answer saved several
    /// times, an older version; also searched, so the index pages were read.
    qint64 addSecretConversation() {
        Conversation c;
        c.title = kMarker + " trip";
        c.systemPrompt = "Remember " + kMarker;
        const qint64 id = ConversationStore(*db_).create(c).id;
        const Message q = say(*db_, id, Role::User, "Plan " + kMarker + " for " + kKoreanMarker);
        MessageStore messages(*db_);
        NewMessage streaming;
        streaming.role = Role::Assistant;
        streaming.state = MessageState::Streaming;
        const Message a = messages.appendToActive(id, streaming);
        QString text;
        for (int i = 0; i < 5; ++i) {
            text += QStringLiteral("step %1 %2 %3. ").arg(i).arg(kMarker, kKoreanMarker);
            messages.updateContent(a.id, text);
        }
        messages.addVersion(q.id, NewMessage{Role::User, kKoreanMarker + "를 다시"});
        if (MessageSearch(*db_).search(kMarker).isEmpty()) {
            qFatal("the marker must be searchable before it is deleted");
        }
        return id;
    }

private slots:
    void init() {
        QVERIFY(dir_.isValid());
        db_ = openIn(dir_.path());
        keep_ = makeConversation(*db_, "Unrelated").id;
        say(*db_, keep_, Role::User, "Nothing secret about gardening.");
    }

    void cleanup() {
        db_.reset();
        for (const char* suffix : {"", "-wal", "-shm"}) {
            QFile::remove(dir_.filePath(QStringLiteral("hearth.db") + suffix));
        }
    }

    void deletedConversationLeavesNoTrace() {
        const qint64 secret = addSecretConversation();
        QVERIFY2(!leaks(path()).isEmpty(), "the scan must see the text before deletion");
        deleteConversation(*db_, secret);
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
        QCOMPARE(QFileInfo(path() + "-wal").size(), 0);
        QVERIFY(!ConversationStore(*db_).get(secret).has_value());
        QCOMPARE(queryInt(db_->handle(), "SELECT count(*) FROM messages WHERE conversation_id = "
                                         "(SELECT max(id) FROM conversations) + 100"),
                 qint64(0));
        QVERIFY(MessageSearch(*db_).search(kMarker).isEmpty());
        QVERIFY(MessageSearch(*db_).search(kKoreanMarker).isEmpty());
        // What was not deleted is intact and searchable.
        QCOMPARE(MessageSearch(*db_).search("gardening").size(), 1);
        QCOMPARE(db_->integrityCheck(), QStringLiteral("ok"));
        execSql(db_->handle(),
                "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)");
        db_.reset();
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
        QVERIFY_THROWS_EXCEPTION(StorageError, deleteConversation(*openIn(dir_.path()), secret));
    }

    void deletedMessageLeavesNoTrace() {
        const Conversation c = makeConversation(*db_, "Mixed");
        say(*db_, c.id, Role::User, "harmless question");
        const Message secret = say(*db_, c.id, Role::Assistant, "the answer is " + kMarker);
        QVERIFY(!leaks(path()).isEmpty());
        MessageStore(*db_).remove(secret.id);
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
        QCOMPARE(MessageSearch(*db_).search("harmless").size(), 1);
    }

    void streamedThenDeletedLeavesNoTrace() {
        // Many saves of a growing answer leave many old copies of pages behind.
        const Conversation c = makeConversation(*db_, "Streaming");
        MessageStore messages(*db_);
        NewMessage m;
        m.role = Role::Assistant;
        m.state = MessageState::Streaming;
        const Message answer = messages.append(c.id, 0, m);
        qint64 clock = 0;
        StreamingMessageWriter writer(messages, answer.id, [&] { return clock; });
        for (int i = 0; i < 40; ++i) {
            clock += StreamingMessageWriter::kDefaultIntervalMs;
            writer.append(QStringLiteral(" %1 %2").arg(kMarker).arg(i));
        }
        writer.finish({writer.content(), MessageState::Complete, 0, std::nullopt, {}});
        QVERIFY(writer.writeCount() >= 40);
        deleteConversation(*db_, c.id);
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
    }

    void deleteEverything() {
        addSecretConversation();
        addSecretConversation();
        ModelRecord model;
        model.filePath = "/models/" + kMarker + ".gguf";
        ModelStore(*db_).add(model);
        SettingsStore(*db_).set("last.search", kMarker);
        const qint64 sizeBefore = QFileInfo(path()).size() + QFileInfo(path() + "-wal").size();
        deleteAllData(*db_);
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
        for (const char* table : {"conversations", "messages", "models", "downloads", "settings"}) {
            QCOMPARE(queryInt(db_->handle(), QByteArray("SELECT count(*) FROM ") + table),
                     qint64(0));
        }
        QVERIFY(QFileInfo(path()).size() < sizeBefore);
        QCOMPARE(db_->integrityCheck(), QStringLiteral("ok"));
        // The database is usable afterwards.
        say(*db_, makeConversation(*db_, "after").id, Role::User, "fresh start");
        QCOMPARE(MessageSearch(*db_).search("fresh").size(), 1);
    }

    void deleteAllConversationsKeepsSettings() {
        addSecretConversation();
        SettingsStore(*db_).set("theme", "dark");
        QCOMPARE(deleteAllConversations(*db_), 2);
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
        QCOMPARE(ConversationStore(*db_).count(), 0);
        QCOMPARE(SettingsStore(*db_).string("theme"), QStringLiteral("dark"));
    }

    void deletionFinishedAfterACrash() {
        // Hearth stops right after the deletion committed, before the index was merged.
        const qint64 secret = addSecretConversation();
        {
            Transaction tx(*db_);
            Statement s(db_->handle(), "DELETE FROM conversations WHERE id = ?1");
            s.bind(1, secret);
            s.run();
            markScrubPending(*db_);
            tx.commit();
        }
        db_.reset(); // closing copies the WAL into the file
        QVERIFY2(!leaks(path()).isEmpty(), "the index still holds the words until it is merged");
        db_ = openIn(dir_.path()); // opening finishes the job
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
    }

    void readerDelaysOnlyTheWalTruncation() {
        const qint64 secret = addSecretConversation();
        {
            auto reader = openIn(dir_.path());
            execSql(reader->handle(), "BEGIN");
            queryInt(reader->handle(), "SELECT count(*) FROM messages");
            // The reader's snapshot keeps the WAL from being truncated now...
            deleteConversation(*db_, secret);
            QVERIFY(!db_->checkpoint());
            execSql(reader->handle(), "COMMIT");
        }
        // ...and the next checkpoint (or closing) completes it.
        QVERIFY(db_->checkpoint());
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
    }

    void retentionRemovesOldConversations() {
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        db_->setClock([&] { return now; });
        ConversationStore conversations(*db_);
        auto at = [&](qint64 daysAgo, const QString& title, bool secret = true) {
            const qint64 saved = now;
            now -= daysAgo * kMsPerDay;
            const qint64 id = makeConversation(*db_, title).id;
            say(*db_, id, Role::User, secret ? title + " " + kMarker : title);
            now = saved;
            return id;
        };
        const qint64 old = at(40, "old");
        const qint64 recent = at(10, "recent");
        const qint64 pinnedOld = at(100, "pinned old");
        conversations.setPinned(pinnedOld, true);
        const qint64 archivedOld = at(60, "archived old");
        conversations.setArchived(archivedOld, true);
        // A recent message keeps an old conversation: the last update counts.
        const qint64 revived = at(90, "revived", false);
        say(*db_, revived, Role::User, "still talking");

        QCOMPARE(applyRetention(*db_), 0); // no retention set: keep everything
        QCOMPARE(deleteOlderThan(*db_, 0), 0);
        SettingsStore(*db_).setInteger(kRetentionDaysKey, 30);
        QCOMPARE(applyRetention(*db_), 2);
        QVERIFY(!conversations.get(old).has_value());
        QVERIFY(!conversations.get(archivedOld).has_value());
        QVERIFY(conversations.get(recent).has_value());
        QVERIFY(conversations.get(pinnedOld).has_value());
        QVERIFY(conversations.get(revived).has_value());
        SettingsStore(*db_).setBoolean(kRetentionIncludesPinnedKey, true);
        QCOMPARE(applyRetention(*db_), 1);
        QVERIFY(!conversations.get(pinnedOld).has_value());
        QCOMPARE(deleteOlderThan(*db_, 5, true), 1);
        QCOMPARE(conversations.count(), 2); // the unrelated one (made in init()) and "revived"
        QVERIFY2(leaks(path()).isEmpty(), qPrintable(leaks(path()).join(", ")));
    }
};

QTEST_GUILESS_MAIN(TestPrivacy)
#include "test_privacy.moc"
