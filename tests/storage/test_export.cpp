// SPDX-License-Identifier: GPL-3.0-or-later
// Export to Markdown, JSON, HTML and plain text; import of the JSON export (round trip, bad
// files); atomic writes.

#include "storage/export.h"
#include "storage/import.h"
#include "storage/search.h"
#include "tests/storage/storagetest.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace hearth::storage;
using hearth::test::fileBytes;
using hearth::test::makeConversation;
using hearth::test::say;

namespace {

const QString kHostile = QStringLiteral("안녕하세요! <script>alert(\"x\")</script> & 'q' "
                                        "<img src=https://evil.invalid/x.png>");

/// Replaces ids by positions so that two exports of the same data compare equal.
QJsonObject normalized(QJsonObject root) {
    root.remove("exported_at");
    QJsonArray conversations = root.value("conversations").toArray();
    for (qsizetype i = 0; i < conversations.size(); ++i) {
        QJsonObject c = conversations[i].toObject();
        QJsonArray messages = c.value("messages").toArray();
        QHash<qint64, int> position;
        for (qsizetype k = 0; k < messages.size(); ++k) {
            position.insert(messages[k].toObject().value("id").toInteger(), static_cast<int>(k));
        }
        auto map = [&](const QJsonValue& v) {
            return v.isNull() ? v : QJsonValue(position.value(v.toInteger(), -1));
        };
        for (qsizetype k = 0; k < messages.size(); ++k) {
            QJsonObject m = messages[k].toObject();
            m["id"] = map(m.value("id"));
            m["parent"] = map(m.value("parent"));
            messages[k] = m;
        }
        c["messages"] = messages;
        c["active_leaf"] = map(c.value("active_leaf"));
        c["id"] = static_cast<int>(i);
        conversations[i] = c;
    }
    root["conversations"] = conversations;
    return root;
}

QJsonObject parse(const QByteArray& json) {
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

    std::unique_ptr<Database> db_;
    static constexpr qint64 kStart = 1'714'564'800'000; // 2024-05-01 12:00 UTC
    qint64 now_ = kStart;
    qint64 first_ = 0;

    /// Two conversations: one with an edited question, a regenerated answer, statistics,
    /// hostile text; one archived with a system message and emoji.
    void buildFixture() {
        db_->setClock([this] { return now_; });
        MessageStore messages(*db_);
        Conversation c;
        c.title = "Korean & <b>bold</b> 'quotes'";
        c.systemPrompt = "Be <careful> & kind";
        c.sampling = QJsonObject{{"temperature", 0.7}, {"top_p", 0.95}, {"seed", 7}};
        c.modelName = "Qwen2.5 1.5B";
        c.modelSha256 = "0123abcd";
        c.pinned = true;
        first_ = ConversationStore(*db_).create(c).id;
        now_ += 1000;
        const Message q = say(*db_, first_, Role::User, kHostile);
        now_ += 1000;
        NewMessage old;
        old.role = Role::Assistant;
        old.content = "Old answer";
        old.stats = GenerationStats{5, 2, 100.5, 20.25, 300, 400, "tiny", StopReason::EndOfText};
        old.tokenCount = 2;
        const Message a1 = messages.appendToActive(first_, old);
        now_ += 1000;
        NewMessage fresh = old;
        fresh.content = "**New** answer with `code`\nand a second line";
        fresh.stats->decodeTokensPerSecond = 18.3;
        fresh.stats->stopReason = StopReason::User;
        messages.addVersion(a1.id, fresh);
        now_ += 1000;
        const Message edited = messages.addVersion(q.id, NewMessage{Role::User, "Edited question"});
        now_ += 1000;
        say(*db_, first_, Role::Assistant, "Answer to the edit");
        now_ += 1000;
        messages.switchVersion(edited.id, -1); // back to the first question and new answer

        Conversation second;
        second.title = "Second";
        second.archived = true;
        const qint64 s = ConversationStore(*db_).create(second).id;
        say(*db_, s, Role::System, "You are a pirate.");
        say(*db_, s, Role::User, "Ahoy 🎉");
    }

    QByteArray render(ExportFormat format, bool allVersions = false, bool system = true) {
        ExportOptions o = ExportOptions::defaultsFor(format);
        o.includeAllVersions = allVersions;
        o.includeSystemPrompts = system;
        return renderExport(loadArchive(*db_), o, now_);
    }

private slots:
    void init() {
        now_ = kStart;
        db_ = Database::openInMemory();
        buildFixture();
    }
    void cleanup() { db_.reset(); }

    void markdownShowsTheActiveBranch() {
        const QString md = QString::fromUtf8(render(ExportFormat::Markdown));
        QVERIFY(md.startsWith("# Hearth conversations"));
        QVERIFY(md.contains("## Korean & <b>bold</b> 'quotes'"));
        QVERIFY(md.contains("**System prompt:**\n\n> Be <careful> & kind"));
        QVERIFY(md.contains("### You (version 1 of 2)\n\n" + kHostile));
        QVERIFY(md.contains("### Assistant (version 2 of 2)\n\n**New** answer with `code`"));
        QVERIFY(md.contains("*2 tokens · 18.3 tokens/s · 0.30 s to first token · tiny · stopped*"));
        QVERIFY(md.contains("Model: Qwen2.5 1.5B · Created: 2024-05-01 12:00 UTC"));
        QVERIFY(!md.contains("Old answer"));
        QVERIFY(!md.contains("Edited question"));
        QVERIFY(md.contains("## Second"));
        QVERIFY(md.contains("### System\n\nYou are a pirate."));
        QVERIFY(md.contains("Ahoy 🎉"));
    }

    void markdownCanShowEveryVersion() {
        const QString md = QString::fromUtf8(render(ExportFormat::Markdown, true));
        QVERIFY(md.contains("> **Other version 1 of 2**"));
        QVERIFY(md.contains("> Old answer"));
        // The other version of the question comes with the answers below it.
        QVERIFY(md.contains("> **Other version 2 of 2**"));
        QVERIFY(md.contains("> Edited question"));
        QVERIFY(md.contains("> Answer to the edit"));
    }

    void systemPromptsCanBeLeftOut() {
        for (const ExportFormat f : {ExportFormat::Markdown, ExportFormat::Html,
                                     ExportFormat::PlainText, ExportFormat::Json}) {
            const QByteArray out = render(f, true, false);
            QVERIFY(!out.contains("careful"));
            QVERIFY(!out.contains("pirate"));
            QVERIFY(out.contains("Ahoy"));
        }
        // The user message below the removed system message is now a first message.
        const QJsonObject json = parse(render(ExportFormat::Json, true, false));
        const QJsonObject second = json["conversations"].toArray()[1].toObject();
        QCOMPARE(second["messages"].toArray().size(), 1);
        QVERIFY(second["messages"].toArray()[0].toObject()["parent"].isNull());
    }

    void htmlIsStandaloneAndEscaped() {
        for (const bool all : {false, true}) {
            const QString html = QString::fromUtf8(render(ExportFormat::Html, all));
            QVERIFY(html.startsWith("<!DOCTYPE html>"));
            QVERIFY(html.contains("<style>"));
            QVERIFY(html.contains("Content-Security-Policy"));
            QVERIFY(html.contains(
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"));
            QVERIFY(html.contains("<title>Hearth conversations</title>"));
            QVERIFY(html.contains("Korean &amp; &lt;b&gt;bold&lt;/b&gt; &#39;quotes&#39;"));
            QVERIFY(html.contains("안녕하세요!"));
            // Only Hearth's own tags, and nothing that loads anything from anywhere.
            static const QSet<QString> allowed = {
                "!DOCTYPE", "html",    "head", "meta", "title", "style",   "body",    "main",
                "p",        "article", "h1",   "div",  "span",  "details", "summary", "hr"};
            const QRegularExpression tag(QStringLiteral("</?([A-Za-z!][A-Za-z0-9]*)"));
            for (auto it = tag.globalMatch(html); it.hasNext();) {
                const QString name = it.next().captured(1);
                QVERIFY2(allowed.contains(name), qPrintable(name));
            }
            // The hostile message itself is text now; nothing else may load anything.
            QString rest = html;
            rest.remove(QStringLiteral("&lt;img src=https://evil.invalid/x.png&gt;"));
            for (const char* forbidden :
                 {"<script", "src=", "href=", "url(", "@import", "http://", "https://"}) {
                QVERIFY2(!rest.contains(QLatin1String(forbidden), Qt::CaseInsensitive), forbidden);
            }
            QCOMPARE(html.contains("Old answer"), all);
            QCOMPARE(html.contains("<details>"), all);
        }
    }

    void plainTextIsJustText() {
        const QString txt = QString::fromUtf8(render(ExportFormat::PlainText));
        const QString title = QStringLiteral("Korean & <b>bold</b> 'quotes'");
        QVERIFY(txt.contains(title + "\n" + QString(title.size(), QLatin1Char('=')) + "\n"));
        QVERIFY(txt.contains("--- You, version 1 of 2 (2024-05-01 12:00 UTC) ---\n" + kHostile));
        QVERIFY(txt.contains("System prompt:\n  Be <careful> & kind"));
        QVERIFY(!txt.contains("Old answer"));
        QVERIFY(render(ExportFormat::PlainText, true).contains("    [Other version 1 of 2]"));
    }

    void jsonIsCompleteAndVersioned() {
        const QJsonObject root = parse(render(ExportFormat::Json, true));
        QCOMPARE(root["format"].toString(), QStringLiteral("hearth-chat-export"));
        QCOMPARE(root["version"].toInt(), kExportFormatVersion);
        QCOMPARE(root["exported_at"].toString(), isoTime(now_));
        const QJsonArray conversations = root["conversations"].toArray();
        QCOMPARE(conversations.size(), 2);
        const QJsonObject c = conversations[0].toObject();
        QCOMPARE(c["title"].toString(), QStringLiteral("Korean & <b>bold</b> 'quotes'"));
        QCOMPARE(c["system_prompt"].toString(), QStringLiteral("Be <careful> & kind"));
        QCOMPARE(c["sampling"].toObject()["top_p"].toDouble(), 0.95);
        QCOMPARE(c["model"].toObject()["sha256"].toString(), QStringLiteral("0123abcd"));
        QVERIFY(c["pinned"].toBool());
        QCOMPARE(c["created_at"].toString(), QStringLiteral("2024-05-01T12:00:00.000Z"));
        const QJsonArray messages = c["messages"].toArray();
        QCOMPARE(messages.size(), 5); // every version
        const QJsonObject old = messages[1].toObject();
        QCOMPARE(old["content"].toString(), QStringLiteral("Old answer"));
        QCOMPARE(old["parent"].toInteger(), messages[0].toObject()["id"].toInteger());
        QCOMPARE(old["stats"].toObject()["prefill_tokens_per_second"].toDouble(), 100.5);
        QCOMPARE(old["stats"].toObject()["stop_reason"].toString(), QStringLiteral("end_of_text"));
        QCOMPARE(c["active_leaf"].toInteger(), messages[2].toObject()["id"].toInteger());
        QVERIFY(messages[0].toObject()["stats"].isNull());
        // Without older versions: only the active branch.
        const QJsonObject active = parse(render(ExportFormat::Json, false));
        QCOMPARE(active["conversations"].toArray()[0].toObject()["messages"].toArray().size(), 2);
    }

    void jsonRoundTripIsLossless() {
        const QByteArray first = render(ExportFormat::Json, true);
        auto other = Database::openInMemory();
        const ImportSummary summary = importArchives(*other, archiveFromJson(first));
        QCOMPARE(summary.conversations, 2);
        QCOMPARE(summary.messages, 7);
        ExportOptions o = ExportOptions::defaultsFor(ExportFormat::Json);
        const QByteArray second = renderExport(loadArchive(*other), o, now_ + 99);
        QCOMPARE(QJsonDocument(normalized(parse(second))).toJson(),
                 QJsonDocument(normalized(parse(first))).toJson());
        // The imported copy works like the original: branches, search, statistics.
        const qint64 id = summary.conversationIds.first();
        const QList<PathMessage> path = MessageStore(*other).activePath(id);
        QCOMPARE(path.size(), 2);
        QCOMPARE(path[1].siblingCount, 2);
        QCOMPARE(path[1].message.stats->decodeTokensPerSecond, 18.3);
        QCOMPARE(MessageSearch(*other).search("안녕하세요").size(), 1);
        // Importing again adds copies, never replaces.
        importArchives(*other, archiveFromJson(first));
        QCOMPARE(ConversationStore(*other).count(), 4);
    }

    void badImportFilesAreExplained_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray head = R"({"format":"hearth-chat-export","version":1,"conversations":)";
        QTest::addRow("not json") << QByteArray("{oops") << "cannot be read";
        QTest::addRow("other format")
            << QByteArray(R"({"format":"x","version":1})") << "\"format\" is not";
        QTest::addRow("no conversations") << QByteArray(R"({"format":"hearth-chat-export",
                                                        "version":1})")
                                          << "\"conversations\" must be a list";
        QTest::addRow("bad role") << head + R"([{"messages":[{"id":1,"role":"robot"}]}]})"
                                  << "conversation 1, message 1: unknown role \"robot\"";
        QTest::addRow("missing parent")
            << head +
                   R"([{"messages":[{"id":1,"role":"user"},{"id":2,"parent":9,"role":"user"}]}]})"
            << "message 2 has parent 9, which is not in the conversation";
        QTest::addRow("loop")
            << head +
                   R"([{"messages":[{"id":1,"parent":2,"role":"user"},{"id":2,"parent":1,"role":"user"}]}]})"
            << "form a loop";
        QTest::addRow("duplicate id")
            << head + R"([{"messages":[{"id":1,"role":"user"},{"id":1,"role":"user"}]}]})"
            << "appears twice";
        QTest::addRow("bad time")
            << head + R"([{"messages":[{"id":1,"role":"user","created_at":"yesterday"}]}]})"
            << "\"created_at\" is not an ISO 8601 time";
        QTest::addRow("bad leaf") << head + R"([{"active_leaf":5,"messages":[]}]})"
                                  << "\"active_leaf\" 5 is not one of its messages";
        QTest::addRow("content type")
            << head + R"([{"messages":[{"id":1,"role":"user","content":42}]}]})"
            << "\"content\" must be a string";
    }

    void badImportFilesAreExplained() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        try {
            archiveFromJson(json);
            QFAIL("the import must be refused");
        } catch (const StorageError& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidData);
            QVERIFY2(e.message().contains(expected), e.what());
        }
    }

    void newerExportIsRefused() {
        try {
            archiveFromJson(R"({"format":"hearth-chat-export","version":99,"conversations":[]})");
            QFAIL("a newer format must be refused");
        } catch (const StorageError& e) {
            QCOMPARE(e.kind(), ErrorKind::TooNew);
            QVERIFY(e.message().contains("newer version of Hearth"));
        }
    }

    void filesAreWrittenAtomically() {
        QTemporaryDir dir;
        const QString path = dir.filePath("chat.md");
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("previous content");
        old.close();
        ExportOptions o;
        o.conversationId = first_;
        const ExportSummary summary = exportToFile(*db_, path, o);
        QCOMPARE(summary.conversations, 1);
        QCOMPARE(summary.messages, 2);
        QCOMPARE(summary.bytes, QFileInfo(path).size());
        QVERIFY(fileBytes(path).startsWith("# Korean"));
        // Nothing but the file is left in the folder.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({"chat.md"}));

        // A failure leaves no file behind and says why.
        try {
            exportToFile(*db_, dir.filePath("missing/folder/chat.md"), o);
            QFAIL("writing into a missing folder must fail");
        } catch (const StorageError& e) {
            QVERIFY2(e.message().contains("Cannot write"), e.what());
        }
        QVERIFY(!QFileInfo::exists(dir.filePath("missing")));
        o.conversationId = 424242;
        try {
            exportToFile(*db_, path, o);
            QFAIL("an unknown conversation must fail");
        } catch (const StorageError& e) {
            QCOMPARE(e.kind(), ErrorKind::NotFound);
        }
        QVERIFY(fileBytes(path).startsWith("# Korean")); // untouched

        // importJsonFile reads what exportToFile wrote.
        const QString json = dir.filePath("all.json");
        exportToFile(*db_, json, ExportOptions::defaultsFor(ExportFormat::Json));
        auto other = Database::openInMemory();
        QCOMPARE(importJsonFile(*other, json).messages, 7);
        QVERIFY_THROWS_EXCEPTION(StorageError, importJsonFile(*other, dir.filePath("none.json")));
    }

    void formatNames() {
        QCOMPARE(exportFormatFromName("md"), ExportFormat::Markdown);
        QCOMPARE(exportFormatFromName("Markdown"), ExportFormat::Markdown);
        QCOMPARE(exportFormatFromName("JSON"), ExportFormat::Json);
        QCOMPARE(exportFormatFromName("html"), ExportFormat::Html);
        QCOMPARE(exportFormatFromName("txt"), ExportFormat::PlainText);
        QVERIFY(!exportFormatFromName("pdf").has_value());
        QCOMPARE(exportFormatExtension(ExportFormat::PlainText), QStringLiteral("txt"));
        QVERIFY(ExportOptions::defaultsFor(ExportFormat::Json).includeAllVersions);
        QVERIFY(!ExportOptions::defaultsFor(ExportFormat::Html).includeAllVersions);
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
