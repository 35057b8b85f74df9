// SPDX-License-Identifier: GPL-3.0-or-later
// Opening the database: pragmas, migrations from every earlier version, refusing a newer one,
// damaged files moved aside and salvaged, unusable folders, a full disk, transactions and
// concurrent connections.

#include "storage/import.h"
#include "storage/migrations.h"
#include "storage/modelstore.h"
#include "storage/salvage.h"
#include "storage/search.h"
#include "storage/settingsstore.h"
#include "storage/statement.h"
#include "storage/tokenizer.h"
#include "tests/storage/storagetest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRandomGenerator>
#include <QtTest>

#include <sqlite3.h>

#include <thread>

using namespace hearth::storage;
using hearth::test::fileBytes;
using hearth::test::makeConversation;
using hearth::test::openIn;
using hearth::test::say;

namespace {

QByteArray digest(const QString& path) {
    return QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256);
}

QStringList schemaOf(Database& db) {
    Statement s(db.handle(), "SELECT type || ' ' || name || ': ' || coalesce(sql, '') "
                             "FROM sqlite_schema ORDER BY name");
    QStringList out;
    while (s.step()) {
        out << s.text(0);
    }
    return out;
}

/// Makes a database of schema version `version` at `path` holding a small conversation with
/// an answer and a regenerated answer, written with the SQL of that version.
void makeOldDatabase(const QString& path, int version) {
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
             SQLITE_OK);
    QCOMPARE(registerTokenizer(db), SQLITE_OK);
    execSql(db, "PRAGMA journal_mode = WAL");
    migrate(db, version);
    QCOMPARE(queryInt(db, "PRAGMA user_version"), qint64(version));
    if (version >= 1) {
        execSql(db, R"sql(
            INSERT INTO conversations (id, title, system_prompt, sampling, pinned, created_at,
                                       updated_at, active_leaf_id)
            VALUES (7, 'Old chat', 'Be brief.', '{"temperature":0.5}', 1, 1000, 3000, 3);
            INSERT INTO messages (id, conversation_id, parent_id, role, content, created_at,
                                  updated_at, last_active_at)
            VALUES (1, 7, NULL, 'user', 'What is a hearth?', 1000, 1000, 2500),
                   (2, 7, 1, 'assistant', 'A fireplace floor.', 2000, 2000, 2000),
                   (3, 7, 1, 'assistant', 'The regenerated answer about fireplaces.', 2500,
                    2500, 2500);
            INSERT INTO settings (key, value) VALUES ('theme', 'dark');
        )sql");
    }
    if (version >= 2) {
        execSql(db, "UPDATE messages SET generated_tokens = 9, decode_tps = 12.5, "
                    "stop_reason = 'end_of_text', stats_model = 'tiny' WHERE id = 3");
    }
    if (version >= 3) {
        execSql(db, "INSERT INTO models (file_path, sha256, added_at) VALUES ('/m.gguf', 'ab', 1)");
    }
    sqlite3_close_v2(db);
}

} // namespace

class TestDatabase : public QObject {
    Q_OBJECT

private slots:
    void inMemoryDatabaseIsReady() {
        const auto db = Database::openInMemory();
        QCOMPARE(db->schemaVersion(), latestSchemaVersion());
        QCOMPARE(queryInt(db->handle(), "PRAGMA foreign_keys"), qint64(1));
        QCOMPARE(queryInt(db->handle(), "PRAGMA secure_delete"), qint64(1));
        QVERIFY(db->path().isEmpty());
        QCOMPARE(db->integrityCheck(), QStringLiteral("ok"));
    }

    void createsFileWithDurableSettings() {
        QTemporaryDir dir;
        const QString data = dir.filePath("nested/data");
        OpenResult first = Database::openInDataDir(data);
        QVERIFY2(first.ok(), qPrintable(first.message));
        QCOMPARE(first.status, OpenStatus::Created);
        QCOMPARE(first.db->path(), QDir(data).filePath("hearth.db"));
        sqlite3* h = first.db->handle();
        QCOMPARE(queryText(h, "PRAGMA journal_mode"), QStringLiteral("wal"));
        QCOMPARE(queryInt(h, "PRAGMA foreign_keys"), qint64(1));
        QCOMPARE(queryInt(h, "PRAGMA secure_delete"), qint64(1));
        QCOMPARE(queryInt(h, "PRAGMA synchronous"), qint64(2)); // FULL
        QCOMPARE(queryInt(h, "PRAGMA busy_timeout"), qint64(Database::kBusyTimeoutMs));
        makeConversation(*first.db, "kept");
        first.db.reset();

        OpenResult second = Database::openInDataDir(data);
        QCOMPARE(second.status, OpenStatus::Opened);
        QVERIFY(second.message.isEmpty());
        QCOMPARE(ConversationStore(*second.db).list().first().title, QStringLiteral("kept"));
    }

    void migrationsAreNumberedInOrder() {
        int expected = 1;
        for (const Migration& m : migrations()) {
            QCOMPARE(m.version, expected++);
            QVERIFY(m.sql && *m.sql);
        }
        QCOMPARE(latestSchemaVersion(), expected - 1);
    }

    void upgradesEveryEarlierVersion_data() {
        QTest::addColumn<int>("version");
        for (int v = 0; v < latestSchemaVersion(); ++v) {
            QTest::addRow("from version %d", v) << v;
        }
    }

    void upgradesEveryEarlierVersion() {
        QFETCH(int, version);
        QTemporaryDir dir;
        const QString path = dir.filePath("hearth.db");
        makeOldDatabase(path, version);

        OpenResult opened = Database::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.message));
        QCOMPARE(opened.status, OpenStatus::Opened);
        Database& db = *opened.db;
        QCOMPARE(db.schemaVersion(), latestSchemaVersion());
        QCOMPARE(db.integrityCheck(), QStringLiteral("ok"));
        // The upgraded schema is exactly the schema of a new database.
        QCOMPARE(schemaOf(db), schemaOf(*Database::openInMemory()));
        if (version == 0) {
            return;
        }
        const Conversation c = *ConversationStore(db).get(7);
        QCOMPARE(c.title, QStringLiteral("Old chat"));
        QCOMPARE(c.systemPrompt, QStringLiteral("Be brief."));
        QCOMPARE(c.sampling.value("temperature").toDouble(), 0.5);
        QVERIFY(c.pinned);
        const QList<PathMessage> path_ = MessageStore(db).activePath(7);
        QCOMPARE(path_.size(), 2);
        QCOMPARE(path_[1].message.id, qint64(3));
        QCOMPARE(path_[1].siblingIndex, 1);
        QCOMPARE(path_[1].siblingCount, 2);
        QCOMPARE(path_[1].message.stats.has_value(), version >= 2);
        if (version >= 2) {
            QCOMPARE(path_[1].message.stats->decodeTokensPerSecond, 12.5);
        }
        QCOMPARE(SettingsStore(db).string("theme"), QStringLiteral("dark"));
        // Messages written before the search index existed are found.
        const QList<SearchHit> hits = MessageSearch(db).search("fireplaces");
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits[0].messageId, qint64(3));
        // New tables work, new rows continue after the old ids.
        ModelRecord m;
        m.filePath = "/models/new.gguf";
        QVERIFY(ModelStore(db).add(m).id > 0);
        QVERIFY(say(db, 7, Role::User, "next").id > 3);
    }

    void searchIndexFollowsTheTokenizerVersion() {
        QTemporaryDir dir;
        {
            auto db = openIn(dir.path());
            say(*db, makeConversation(*db, "index").id, Role::User, "오늘 날씨가 좋네요");
            QCOMPARE(SettingsStore(*db).string("search.tokenizer"), tokenizerVersion());
            // An index made by another tokenizer (here: emptied) is rebuilt at the next start.
            execSql(db->handle(), "INSERT INTO messages_fts(messages_fts) VALUES ('delete-all')");
            SettingsStore(*db).set("search.tokenizer", "0/unicode-0");
            QVERIFY(MessageSearch(*db).search("날씨").isEmpty());
        }
        auto db = openIn(dir.path());
        QCOMPARE(MessageSearch(*db).search("날씨").size(), 1);
        QCOMPARE(SettingsStore(*db).string("search.tokenizer"), tokenizerVersion());
    }

    void refusesNewerDatabase() {
        QTemporaryDir dir;
        const QString path = dir.filePath("hearth.db");
        {
            auto db = openIn(dir.path());
            makeConversation(*db, "from the future");
            execSql(db->handle(), QByteArray("PRAGMA user_version = " +
                                             QByteArray::number(latestSchemaVersion() + 1))
                                      .constData());
        }
        const QByteArray before = digest(path);
        const OpenResult r = Database::open(path);
        QVERIFY(!r.ok());
        QCOMPARE(r.status, OpenStatus::TooNew);
        QCOMPARE(r.errorKind, ErrorKind::TooNew);
        QCOMPARE(r.foundVersion, latestSchemaVersion() + 1);
        QVERIFY2(r.message.contains("newer version of Hearth"), qPrintable(r.message));
        QCOMPARE(digest(path), before);
        QCOMPARE(QDir(dir.path()).entryList({"*damaged*"}), QStringList());
    }

    void garbageFileIsMovedAsideNeverDeleted() {
        QTemporaryDir dir;
        const QString path = dir.filePath("hearth.db");
        QByteArray garbage(64 * 1024, '\0');
        QRandomGenerator rng(3);
        for (char& c : garbage) {
            c = static_cast<char>(rng.bounded(256));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(garbage);
        f.close();

        OpenResult r = Database::open(path);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.status, OpenStatus::Recovered);
        QVERIFY(r.message.contains(QDir::toNativeSeparators(r.damagedPath)));
        QCOMPARE(fileBytes(r.damagedPath), garbage);
        QCOMPARE(r.db->schemaVersion(), latestSchemaVersion());
        makeConversation(*r.db, "a fresh start");
        // Nothing can be read from noise, and salvage says so.
        const SalvageResult s = salvage(r.damagedPath);
        QVERIFY(s.conversations.isEmpty());
        QVERIFY(!s.problems.isEmpty());
        QCOMPARE(fileBytes(r.damagedPath), garbage);

        // A second damaged file gets a name of its own.
        r.db.reset();
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::remove(path + "-wal") || !QFile::exists(path + "-wal"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(garbage);
        f.close();
        const OpenResult again = Database::open(path);
        QCOMPARE(again.status, OpenStatus::Recovered);
        QVERIFY(again.damagedPath != r.damagedPath);
        QVERIFY(QFile::exists(r.damagedPath));
    }

    void damagedPagesAreFoundAndSalvaged() {
        QTemporaryDir dir;
        const QString path = dir.filePath("hearth.db");
        constexpr int kConversations = 40;
        constexpr int kMessages = 6;
        {
            auto db = openIn(dir.path());
            Transaction tx(*db);
            for (int c = 0; c < kConversations; ++c) {
                const Conversation conv = makeConversation(*db, QStringLiteral("chat %1").arg(c));
                for (int m = 0; m < kMessages; ++m) {
                    say(*db, conv.id, m % 2 ? Role::Assistant : Role::User,
                        QStringLiteral("message %1 of chat %2 ").arg(m).arg(c).repeated(20));
                }
            }
            tx.commit();
        }
        // Overwrite a run of pages in the middle of the file with noise.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 40 * 4096);
        f.seek(size / 2);
        f.write(QByteArray(3 * 4096, '\x5a'));
        f.close();
        const QByteArray damaged = digest(path);

        const OpenResult r = Database::open(path);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.status, OpenStatus::Recovered);
        QCOMPARE(digest(r.damagedPath), damaged);

        const SalvageResult s = salvage(r.damagedPath);
        QCOMPARE(digest(r.damagedPath), damaged); // salvage works on a copy
        QVERIFY2(s.messages > kConversations * kMessages / 2,
                 qPrintable(QString::number(s.messages)));
        QVERIFY(s.messages <= kConversations * kMessages);
        const ImportSummary imported = importArchives(*r.db, s.conversations);
        QCOMPARE(imported.messages, s.messages);
        QCOMPARE(r.db->integrityCheck(), QStringLiteral("ok"));
        QVERIFY(!MessageSearch(*r.db).search("chat").isEmpty());
        // Every salvaged conversation with messages shows a branch.
        for (const qint64 id : imported.conversationIds) {
            const bool empty = MessageStore(*r.db).all(id).isEmpty();
            QCOMPARE(MessageStore(*r.db).activePath(id).isEmpty(), empty);
        }
    }

    void truncatedFileIsDetected() {
        QTemporaryDir dir;
        const QString path = dir.filePath("hearth.db");
        {
            auto db = openIn(dir.path());
            const Conversation c = makeConversation(*db, "to be cut");
            Transaction tx(*db);
            for (int i = 0; i < 300; ++i) {
                say(*db, c.id, Role::User, QStringLiteral("line %1 ").arg(i).repeated(30));
            }
            tx.commit();
        }
        QFile f(path);
        QVERIFY(f.resize(f.size() / 2));
        const OpenResult r = Database::open(path);
        QCOMPARE(r.status, OpenStatus::Recovered);
        QVERIFY(salvage(r.damagedPath).messages > 0);
    }

    void otherSqliteDatabaseIsLeftAlone() {
        QTemporaryDir dir;
        const QString path = dir.filePath("hearth.db");
        sqlite3* raw = nullptr;
        sqlite3_open(path.toUtf8().constData(), &raw);
        execSql(raw, "CREATE TABLE recipes (name TEXT)");
        sqlite3_close(raw);
        const QByteArray before = digest(path);
        const OpenResult r = Database::open(path);
        QCOMPARE(r.status, OpenStatus::Failed);
        QCOMPARE(r.errorKind, ErrorKind::InvalidData);
        QVERIFY(r.message.contains("not one of Hearth's"));
        QCOMPARE(digest(path), before);
    }

    void unusableFolderIsAClearError() {
        // Tests may run as root, for whom permissions do not stop writes; a folder below a
        // regular file can be created by nobody.
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const OpenResult r = Database::openInDataDir(dir.filePath("file/data"));
        QCOMPARE(r.status, OpenStatus::Failed);
        QVERIFY(!r.ok());
        QVERIFY2(r.message.contains("cannot create the data folder"), qPrintable(r.message));

        const OpenResult direct = Database::open(dir.filePath("file/hearth.db"));
        QCOMPARE(direct.status, OpenStatus::Failed);
        QVERIFY2(direct.message.contains("cannot be opened"), qPrintable(direct.message));

        QVERIFY(QDir(dir.path()).mkdir("hearth.db"));
        const OpenResult folder = Database::open(dir.filePath("hearth.db"));
        QCOMPARE(folder.status, OpenStatus::Failed);
        QVERIFY(folder.message.contains("is not a file"));
    }

    void fullDiskLeavesNothingHalfWritten() {
        QTemporaryDir dir;
        auto db = openIn(dir.path());
        const Conversation c = makeConversation(*db, "filling up");
        MessageStore messages(*db);
        const qint64 pages = queryInt(db->handle(), "PRAGMA page_count");
        // The database may not grow past a few more pages: SQLite reports SQLITE_FULL.
        execSql(
            db->handle(),
            QByteArray("PRAGMA max_page_count = " + QByteArray::number(pages + 30)).constData());
        const QString big = QStringLiteral("Lots of words to fill the disk. ").repeated(200);
        int saved = 0;
        qint64 lastSaved = 0;
        bool full = false;
        for (int i = 0; i < 1000 && !full; ++i) {
            try {
                lastSaved = say(*db, c.id, Role::User, big).id;
                ++saved;
            } catch (const StorageError& e) {
                QCOMPARE(e.kind(), ErrorKind::DiskFull);
                QVERIFY2(e.message().contains("disk is full"), e.what());
                full = true;
            }
        }
        QVERIFY(full);
        QVERIFY(saved > 0);
        QCOMPARE(queryInt(db->handle(), "SELECT count(*) FROM messages"), qint64(saved));
        QCOMPARE(ConversationStore(*db).get(c.id)->activeLeafId, lastSaved);
        QCOMPARE(MessageSearch(*db).search("fill disk").size(), qsizetype(std::min(saved, 50)));

        // An import that does not fit adds nothing at all.
        ConversationArchive a;
        a.conversation.title = "too big";
        for (int i = 0; i < 50; ++i) {
            Message m;
            m.id = i + 1;
            m.parentId = i;
            m.content = big;
            a.messages.append(m);
        }
        QVERIFY_THROWS_EXCEPTION(StorageError, importArchives(*db, {a}));
        QCOMPARE(ConversationStore(*db).count(), 1);
        QCOMPARE(db->integrityCheck(), QStringLiteral("ok"));

        // With space again, writing works.
        execSql(db->handle(), "PRAGMA max_page_count = 1073741823");
        say(*db, c.id, Role::User, big);
        QCOMPARE(queryInt(db->handle(), "SELECT count(*) FROM messages"), qint64(saved + 1));
    }

    void failedTransactionRollsBack() {
        const auto db = Database::openInMemory();
        try {
            Transaction tx(*db);
            makeConversation(*db, "inside");
            Transaction inner(*db);
            makeConversation(*db, "nested");
            inner.commit();
            throw StorageError(ErrorKind::Internal, "stop");
        } catch (const StorageError&) {
        }
        QCOMPARE(ConversationStore(*db).count(), 0);
        {
            Transaction tx(*db);
            makeConversation(*db, "outer kept");
            {
                Transaction inner(*db);
                makeConversation(*db, "inner dropped");
            }
            tx.commit();
        }
        QCOMPARE(ConversationStore(*db).count(), 1);
        QCOMPARE(ConversationStore(*db).list().first().title, QStringLiteral("outer kept"));
    }

    void secondConnectionReadsWhileOneWrites() {
        QTemporaryDir dir;
        auto writer = openIn(dir.path());
        auto reader = openIn(dir.path());
        const Conversation c = makeConversation(*writer, "shared");
        {
            Transaction tx(*writer);
            say(*writer, c.id, Role::User, "not committed yet");
            // WAL: the reader is not blocked and sees only committed data.
            QCOMPARE(MessageStore(*reader).all(c.id).size(), 0);
            tx.commit();
        }
        QCOMPARE(MessageStore(*reader).all(c.id).size(), 1);
    }

    void threadsWriteThroughTheirOwnConnections() {
        QTemporaryDir dir;
        auto main = openIn(dir.path());
        const Conversation c = makeConversation(*main, "threads");
        constexpr int kThreads = 3;
        constexpr int kEach = 15;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                try {
                    auto own = openIn(dir.path());
                    for (int i = 0; i < kEach; ++i) {
                        NewMessage m;
                        m.content = QStringLiteral("thread %1 message %2").arg(t).arg(i);
                        MessageStore(*own).append(c.id, 0, m);
                    }
                } catch (const StorageError&) {
                    ++failures;
                }
            });
        }
        for (std::thread& t : threads) {
            t.join();
        }
        QCOMPARE(failures.load(), 0);
        QCOMPARE(MessageStore(*main).all(c.id).size(), qsizetype(kThreads * kEach));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "test_database.moc"
