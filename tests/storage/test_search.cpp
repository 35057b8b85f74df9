// SPDX-License-Identifier: GPL-3.0-or-later
// Full-text search: the Unicode tokenizer (Korean, Japanese, Chinese, accents, emoji), ranking,
// snippets and highlight ranges, filters, and the index following edits and deletions.

#include "storage/privacy.h"
#include "storage/search.h"
#include "storage/tokenizer.h"
#include "tests/storage/storagetest.h"

#include <QtTest>

using namespace hearth::storage;
using hearth::test::makeConversation;
using hearth::test::say;

namespace {

QStringList tokensOf(const QString& text, TokenizeMode mode) {
    const QByteArray utf8 = text.toUtf8();
    QStringList out;
    tokenize(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())), mode,
             [&](std::string_view token, int start, int end, bool colocated) {
                 // Every token's byte range lies inside the input.
                 if (start < 0 || end > utf8.size() || start >= end) {
                     out << QStringLiteral("<bad range>");
                 }
                 out << (colocated ? QStringLiteral("+") : QString()) +
                            QString::fromUtf8(token.data(), static_cast<qsizetype>(token.size()));
                 return 0;
             });
    return out;
}

/// The text of every highlight of a hit, taken from its snippet.
QStringList highlighted(const SearchHit& hit) {
    QStringList out;
    for (const TextRange& r : hit.highlights) {
        out << hit.snippet.mid(r.start, r.length);
    }
    return out;
}

} // namespace

class TestSearch : public QObject {
    Q_OBJECT

    std::unique_ptr<Database> db_;

    qint64 add(const QString& title, const QStringList& texts) {
        const Conversation c = makeConversation(*db_, title);
        Role role = Role::User;
        for (const QString& t : texts) {
            say(*db_, c.id, role, t);
            role = role == Role::User ? Role::Assistant : Role::User;
        }
        return c.id;
    }

    QList<SearchHit> find(const QString& query, SearchOptions options = {}) {
        return MessageSearch(*db_).search(query, options);
    }

    bool finds(const QString& query, const QString& text) {
        for (const SearchHit& hit : find(query)) {
            if (MessageStore(*db_).get(hit.messageId)->content == text) {
                return true;
            }
        }
        return false;
    }

private slots:
    void init() { db_ = Database::openInMemory(); }
    void cleanup() { db_.reset(); }

    void tokenizerFoldsCaseAndAccents() {
        QCOMPARE(tokensOf("Café CRÈME, naïve Ærø straße", TokenizeMode::Document),
                 QStringList({"cafe", "creme", "naive", "ærø", "strasse"}).mid(0, 3) +
                     tokensOf("ærø straße", TokenizeMode::Document));
        QCOMPARE(tokensOf("Hello, WORLD! 42x", TokenizeMode::Query),
                 QStringList({"hello", "world", "42x"}));
        // Decomposed input (e + combining acute) folds like the composed one.
        QCOMPARE(tokensOf(QString::fromUtf8("cafe\xcc\x81"), TokenizeMode::Document),
                 QStringList({"cafe"}));
        // Greek and Cyrillic lose accents and case too.
        QCOMPARE(tokensOf("Ἀθῆναι Ёлка", TokenizeMode::Document), QStringList({"αθηναι", "елка"}));
    }

    void tokenizerCutsHangulIntoBigrams() {
        // Document: each bigram, with the single syllable at the same position.
        QCOMPARE(tokensOf("날씨가", TokenizeMode::Document),
                 QStringList({"날씨", "+날", "씨가", "+씨", "가"}));
        // Query: only the bigrams (a single syllable stays itself).
        QCOMPARE(tokensOf("날씨가", TokenizeMode::Query), QStringList({"날씨", "씨가"}));
        QCOMPARE(tokensOf("날", TokenizeMode::Query), QStringList({"날"}));
        // Scripts change where words change: Latin word, then Hangul run.
        QCOMPARE(tokensOf("GPU가 빨라요", TokenizeMode::Query),
                 QStringList({"gpu", "가", "빨라", "라요"}));
    }

    void tokenizerKeepsEmojiAsTokens() {
        QCOMPARE(tokensOf("party 🎉🎉 👍🏽 ok", TokenizeMode::Document),
                 QStringList({"party", "🎉", "🎉", "👍", "ok"}));
        // A variation selector after a symbol is not a token of its own.
        QCOMPARE(
            tokensOf(QString::fromUtf8("\xe2\x9d\xa4\xef\xb8\x8f love"), TokenizeMode::Document),
            QStringList({QString::fromUtf8("\xe2\x9d\xa4"), "love"}));
    }

    void tokenizerSurvivesInvalidUtf8() {
        const QByteArray bad("ab\xff\xfe cd \xe4\xb8", 10);
        int count = 0;
        bool rangesValid = true;
        tokenize(std::string_view(bad.constData(), static_cast<size_t>(bad.size())),
                 TokenizeMode::Document, [&](std::string_view, int start, int end, bool) {
                     rangesValid = rangesValid && start >= 0 && end <= bad.size() && start < end;
                     ++count;
                     return 0;
                 });
        QVERIFY(rangesValid);
        QCOMPARE(count, 2);
    }

    void findsKoreanWordsInsidePhrases() {
        add("날씨 이야기", {"오늘 날씨가 좋네요", "내일은 비가 온대요", "날개를 펴다"});
        QVERIFY(finds("날씨", "오늘 날씨가 좋네요"));
        QVERIFY(finds("날씨가", "오늘 날씨가 좋네요"));
        QVERIFY(finds("좋네요", "오늘 날씨가 좋네요"));
        QVERIFY(finds("비가", "내일은 비가 온대요"));
        QVERIFY(finds("내일", "내일은 비가 온대요"));
        QVERIFY(finds("온대", "내일은 비가 온대요"));
        // Single syllables match too.
        QVERIFY(finds("비", "내일은 비가 온대요"));
        // A different word sharing a syllable is not a match.
        QCOMPARE(find("날씨").size(), 1);
        QVERIFY(find("날개").size() == 1 && finds("날개", "날개를 펴다"));
        QVERIFY(find("씨날").isEmpty());
        // The highlight is the word, not the whole run of syllables.
        const QList<SearchHit> hits = find("날씨");
        QCOMPARE(highlighted(hits.first()), QStringList({"날씨"}));
        QCOMPARE(hits.first().conversationTitle, QStringLiteral("날씨 이야기"));
        QCOMPARE(highlighted(find("날").first()), QStringList({"날"}));
    }

    void findsJapaneseAndChinese() {
        add("旅行", {"東京に行きたいです", "我喜欢编程和音乐", "コーヒーを飲みましょう"});
        QVERIFY(finds("東京", "東京に行きたいです"));
        QVERIFY(finds("行き", "東京に行きたいです"));
        QVERIFY(finds("行きたい", "東京に行きたいです"));
        QVERIFY(finds("编程", "我喜欢编程和音乐"));
        QVERIFY(finds("音乐", "我喜欢编程和音乐"));
        QVERIFY(finds("コーヒー", "コーヒーを飲みましょう"));
        QVERIFY(!finds("京東", "東京に行きたいです"));
        QCOMPARE(highlighted(find("行き").first()), QStringList({"行き"}));
    }

    void findsAccentedLatinEitherWay() {
        add("Cuisine", {"Un café crème, s'il vous plaît", "My resume is ready"});
        QVERIFY(finds("cafe", "Un café crème, s'il vous plaît"));
        QVERIFY(finds("CAFÉ", "Un café crème, s'il vous plaît"));
        QVERIFY(finds("creme", "Un café crème, s'il vous plaît"));
        QVERIFY(finds("résumé", "My resume is ready"));
        QCOMPARE(highlighted(find("cafe").first()), QStringList({"café"}));
    }

    void findsEmoji() {
        add("Fun", {"Party time 🎉 tonight", "Thanks 👍🏽 a lot", "no symbols here"});
        QVERIFY(finds("🎉", "Party time 🎉 tonight"));
        QVERIFY(finds("👍", "Thanks 👍🏽 a lot"));
        QCOMPARE(find("🎉").size(), 1);
        // Highlight offsets count UTF-16 units correctly after an emoji.
        const SearchHit hit = find("tonight").first();
        QCOMPARE(highlighted(hit), QStringList({"tonight"}));
    }

    void matchesAllWordsPrefixesAndPhrases() {
        add("Weather", {"The weather is good this morning", "Good morning to you",
                        "good people this morning", "weathervane on the roof"});
        // Every word must occur.
        QCOMPARE(find("weather morning").size(), 1);
        // The last word is a prefix (results while typing).
        QCOMPARE(find("weat").size(), 2);
        QCOMPARE(find("weather").size(), 2);
        QCOMPARE(find("weather is").size(), 1);
        // A quoted phrase needs its words together and in order.
        QCOMPARE(find("good morning").size(), 3);
        QCOMPARE(find("\"good morning\"").size(), 1);
        QCOMPARE(find("\"morning good\"").size(), 0);
        // Earlier words are whole words, not prefixes.
        QCOMPARE(find("weat good").size(), 0);
    }

    void ranksBetterMatchesFirst() {
        add("A", {"rust is fine", "filler text about nothing at all and then some more words"});
        add("B", {"rust rust rust: all about rust", "other"});
        const QList<SearchHit> hits = find("rust");
        QCOMPARE(hits.size(), 2);
        QCOMPARE(MessageStore(*db_).get(hits[0].messageId)->content,
                 QStringLiteral("rust rust rust: all about rust"));
        QVERIFY(hits[0].score <= hits[1].score);
    }

    void newestOrderAndFilters() {
        qint64 now = 1'700'000'000'000;
        db_->setClock([&] { return now; });
        const qint64 first = add("first", {"apple pie recipe"});
        now += 1000;
        const qint64 second = add("second", {"apple juice"});
        now += 1000;
        const qint64 third = add("third", {"apple tree"});
        ConversationStore(*db_).setArchived(third, true);

        SearchOptions newest;
        newest.order = SearchOrder::Newest;
        QList<SearchHit> hits = find("apple", newest);
        QCOMPARE(hits.size(), 3);
        QCOMPARE(hits[0].conversationId, third);
        QCOMPARE(hits[1].conversationId, second);
        QCOMPARE(hits[2].conversationId, first);
        QCOMPARE(hits[2].conversationTitle, QStringLiteral("first"));
        QCOMPARE(hits[2].messageCreatedAt, now - 2000);

        SearchOptions one;
        one.conversationId = second;
        hits = find("apple", one);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits[0].conversationId, second);

        SearchOptions active;
        active.includeArchived = false;
        QCOMPARE(find("apple", active).size(), 2);

        SearchOptions page;
        page.limit = 2;
        QCOMPARE(find("apple", page).size(), 2);
        page.offset = 2;
        QCOMPARE(find("apple", page).size(), 1);
    }

    void snippetsAreShortAndHighlighted() {
        QString longText;
        for (int i = 0; i < 60; ++i) {
            longText += QStringLiteral("lorem ipsum dolor ");
        }
        longText += QStringLiteral("the needle is here\nand the story goes on ");
        for (int i = 0; i < 60; ++i) {
            longText += QStringLiteral("sit amet ");
        }
        add("Long", {longText});
        SearchOptions options;
        options.snippetLength = 80;
        const SearchHit hit = find("needle", options).first();
        QVERIFY(hit.snippet.startsWith(QStringLiteral("…")));
        QVERIFY(hit.snippet.endsWith(QStringLiteral("…")));
        QVERIFY(hit.snippet.size() <= 82);
        QVERIFY(!hit.snippet.contains(QLatin1Char('\n')));
        QCOMPARE(highlighted(hit), QStringList({"needle"}));
        // The ranges in the whole message point at the same word.
        QCOMPARE(hit.matches.size(), 1);
        QCOMPARE(longText.mid(hit.matches[0].start, hit.matches[0].length),
                 QStringLiteral("needle"));
    }

    void findMatchesMergesOverlaps() {
        const QList<TextRange> r = MessageSearch::findMatches("오늘 날씨가 좋네요", "날씨 씨가");
        QCOMPARE(r, QList<TextRange>({{3, 3}}));
        QCOMPARE(MessageSearch::findMatches("no match", "zebra"), QList<TextRange>());
    }

    void oddQueriesAreSafe() {
        add("Syntax", {"AND OR NOT NEAR are words too", "a (b) c* \"d\" e:f"});
        QVERIFY(find("").isEmpty());
        QVERIFY(find("   ").isEmpty());
        QVERIFY(find("!!! ??? ...").isEmpty());
        QCOMPARE(find("AND").size(), 1);
        QCOMPARE(find("NOT near").size(), 1);
        QCOMPARE(find("(b)").size(), 1);
        QCOMPARE(find("c* e:f").size(), 1);
        QCOMPARE(find("\"unterminated").size(), 0);
        QCOMPARE(find("\"d").size(), 1);
        QCOMPARE(find("a\"\"b").size(), 1); // the words a and b
        QCOMPARE(MessageSearch::matchExpression("say \"hi\" now"),
                 QStringLiteral("\"say\" \"hi\" \"now\" *"));
    }

    void indexFollowsEditsAndDeletions() {
        const Conversation c = makeConversation(*db_, "Edits");
        MessageStore messages(*db_);
        NewMessage draft;
        draft.role = Role::Assistant;
        draft.state = MessageState::Streaming;
        draft.content = "first draft about kangaroos";
        const Message m = messages.append(c.id, 0, draft);
        QCOMPARE(find("kangaroos").size(), 1);
        messages.updateContent(m.id, "final text about wombats");
        QCOMPARE(find("kangaroos").size(), 0);
        QCOMPARE(find("wombats").size(), 1);
        messages.remove(m.id);
        QCOMPARE(find("wombats").size(), 0);

        const qint64 other = add("Other", {"platypus facts"});
        QCOMPARE(find("platypus").size(), 1);
        deleteConversation(*db_, other);
        QCOMPARE(find("platypus").size(), 0);
        QCOMPARE(QString::fromUtf8("ok"), db_->integrityCheck());
    }

    void rebuildKeepsResults() {
        add("Rebuild", {"quokka smiles", "오늘 날씨가 좋네요"});
        MessageSearch(*db_).rebuildIndex();
        QCOMPARE(find("quokka").size(), 1);
        QCOMPARE(find("날씨").size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "test_search.moc"
