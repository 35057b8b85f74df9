// SPDX-License-Identifier: GPL-3.0-or-later
// Search benchmark: builds a database of 100,000 messages (English-like words with a Zipf
// distribution, Korean and Japanese phrases, emoji) and reports how long queries take.
//
//     build/tests/hearth_bench_search [--messages N] [--keep DIR]
//
// Not a test: it prints figures (the README quotes them) and exits 1 only when it cannot run.

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/messagestore.h"
#include "storage/privacy.h"
#include "storage/search.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace hearth::storage;

namespace {

constexpr int kDefaultMessages = 100'000;
constexpr int kMessagesPerConversation = 20;
constexpr int kVocabulary = 20'000;
constexpr int kMinWords = 8;
constexpr int kMaxWords = 120;
constexpr int kRepeats = 7;
constexpr quint32 kSeed = 20240501;
constexpr double kZipfExponent = 1.0;
constexpr int kPercent = 100;
constexpr int kKoreanPercent = 15;
constexpr int kJapanesePercent = 5;
constexpr int kEmojiPercent = 3;
constexpr double kTargetMs = 50;

const QStringList kSyllables = {"ka", "lo",  "mi", "ren", "sto", "vel", "dar", "qui", "ne",  "tor",
                                "ba", "shi", "em", "pra", "lu",  "zen", "or",  "fi",  "gra", "yu"};
const QStringList kKorean = {"오늘",   "날씨가", "좋네요",   "내일은", "비가",
                             "온대요", "커피",   "한잔",     "할까요", "프로그래밍",
                             "공부를", "했어요", "서울에서", "만나요", "감사합니다"};
const QStringList kJapanese = {"東京に行きたいです", "コーヒーを飲みましょう", "今日は雨です",
                               "プログラミングが好き"};

/// A pronounceable made-up word for a vocabulary rank.
QString wordFor(int rank) {
    QString w;
    int n = rank + 1;
    do {
        w += kSyllables[n % kSyllables.size()];
        n /= static_cast<int>(kSyllables.size());
    } while (n > 0);
    return w;
}

/// Draws vocabulary ranks with a Zipf distribution.
class Zipf {
public:
    explicit Zipf(int n) : cumulative_(static_cast<size_t>(n)) {
        double sum = 0;
        for (int i = 0; i < n; ++i) {
            sum += 1.0 / std::pow(i + 1, kZipfExponent);
            cumulative_[static_cast<size_t>(i)] = sum;
        }
        for (double& c : cumulative_) {
            c /= sum;
        }
    }
    int draw(QRandomGenerator& rng) const {
        const double u = rng.generateDouble();
        return static_cast<int>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) -
                                cumulative_.begin());
    }

private:
    std::vector<double> cumulative_;
};

QString makeMessage(QRandomGenerator& rng, const Zipf& zipf) {
    const int words = kMinWords + static_cast<int>(rng.bounded(kMaxWords - kMinWords));
    QStringList parts;
    for (int i = 0; i < words; ++i) {
        parts << wordFor(zipf.draw(rng));
    }
    const int roll = static_cast<int>(rng.bounded(kPercent));
    if (roll < kKoreanPercent) {
        for (int i = 0; i < 4; ++i) {
            parts.insert(static_cast<int>(rng.bounded(parts.size())),
                         kKorean[static_cast<int>(rng.bounded(kKorean.size()))]);
        }
    } else if (roll < kKoreanPercent + kJapanesePercent) {
        parts << kJapanese[static_cast<int>(rng.bounded(kJapanese.size()))];
    } else if (roll < kKoreanPercent + kJapanesePercent + kEmojiPercent) {
        parts << QStringLiteral("🎉");
    }
    return parts.join(QLatin1Char(' '));
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto index = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
    return v[std::min(index, v.size() - 1)];
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int messageCount = kDefaultMessages;
    QString keepDir;
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--messages")) {
            messageCount = args[i + 1].toInt();
        } else if (args[i] == QLatin1String("--keep")) {
            keepDir = args[i + 1];
        }
    }
    if (messageCount <= 0) {
        std::fprintf(stderr, "usage: hearth_bench_search [--messages N] [--keep DIR]\n");
        return 1;
    }
    QTemporaryDir temp;
    const QString dir = keepDir.isEmpty() ? temp.path() : keepDir;
    OpenResult opened = Database::openInDataDir(dir);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.message));
        return 1;
    }
    Database& db = *opened.db;

    // ---- build ----
    QRandomGenerator rng(kSeed);
    const Zipf zipf(kVocabulary);
    QElapsedTimer timer;
    timer.start();
    {
        Transaction tx(db);
        MessageStore messages(db);
        ConversationStore conversations(db);
        qint64 conversation = 0;
        for (int i = 0; i < messageCount; ++i) {
            if (i % kMessagesPerConversation == 0) {
                Conversation c;
                c.title = QStringLiteral("Conversation %1").arg(i / kMessagesPerConversation);
                conversation = conversations.create(c).id;
            }
            NewMessage m;
            m.role = i % 2 == 0 ? Role::User : Role::Assistant;
            m.content = makeMessage(rng, zipf);
            messages.appendToActive(conversation, m);
        }
        tx.commit();
    }
    const double buildSeconds = static_cast<double>(timer.elapsed()) / 1000.0;
    db.checkpoint();
    const qint64 bytes = QFileInfo(db.path()).size();
    std::printf("database: %d messages in %.1f s, %.1f MiB\n", messageCount, buildSeconds,
                static_cast<double>(bytes) / (1024.0 * 1024.0));

    // ---- queries ----
    struct Query {
        const char* label;
        QString text;
    };
    const std::vector<Query> queries = {
        {"most common word", wordFor(0)},
        {"common word (rank 10)", wordFor(10)},
        {"word of rank 100", wordFor(100)},
        {"word of rank 1000", wordFor(1000)},
        {"rare word (rank 15000)", wordFor(15000)},
        {"two common words", wordFor(1) + " " + wordFor(2)},
        {"two rarer words", wordFor(300) + " " + wordFor(700)},
        {"prefix, 2 letters", wordFor(5).left(2)},
        {"prefix, 4 letters", wordFor(1200).left(4)},
        {"quoted phrase", "\"" + wordFor(0) + " " + wordFor(1) + "\""},
        {"Korean word", QStringLiteral("날씨")},
        {"Korean syllable", QStringLiteral("비")},
        {"Korean phrase", QStringLiteral("커피 한잔")},
        {"Japanese word", QStringLiteral("東京")},
        {"emoji", QStringLiteral("🎉")},
        {"no match", QStringLiteral("zzyzx")},
    };
    MessageSearch search(db);
    std::vector<double> all;
    std::printf("\n%-24s %8s %12s %12s\n", "query", "results", "relevance", "newest");
    for (const Query& q : queries) {
        std::vector<double> relevance;
        std::vector<double> newest;
        qsizetype results = 0;
        for (int r = 0; r < kRepeats; ++r) {
            SearchOptions options;
            timer.restart();
            results = search.search(q.text, options).size();
            relevance.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            options.order = SearchOrder::Newest;
            timer.restart();
            search.search(q.text, options);
            newest.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        }
        all.insert(all.end(), relevance.begin(), relevance.end());
        all.insert(all.end(), newest.begin(), newest.end());
        std::printf("%-24s %8lld %9.1f ms %9.1f ms\n", q.label, static_cast<long long>(results),
                    median(relevance), median(newest));
    }
    const double p50 = percentile(all, 0.5);
    const double p95 = percentile(all, 0.95);
    const double worst = *std::max_element(all.begin(), all.end());
    std::printf("\nall queries (first 50 results with snippets): median %.1f ms, p95 %.1f ms, "
                "max %.1f ms (target < %.0f ms)\n",
                p50, p95, worst, kTargetMs);

    // ---- privacy deletion cost (index merge + WAL truncation) ----
    timer.restart();
    deleteConversation(db, 1);
    std::printf("deleting a conversation, with the index merge and WAL truncation: %lld ms\n",
                static_cast<long long>(timer.elapsed()));
    return 0;
}
