// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/search.h"

#include "storage/database.h"
#include "storage/statement.h"
#include "storage/tokenizer.h"

#include <algorithm>
#include <string>
#include <vector>

namespace hearth::storage {
namespace {

/// Characters the snippet may move its edges by to start or end at a space.
constexpr int kSnippetSnap = 16;
/// Part of the snippet shown before the first match (1/kLeadDivisor of its length).
constexpr int kLeadDivisor = 3;
const QString kEllipsis = QStringLiteral("…");
/// Most matches ranked by relevance (the newest ones); see search().
constexpr int kRankCandidates = 2000;
/// A last term shorter than this (in characters) is a whole word, not a prefix: a one-letter
/// prefix matches nearly everything, and single CJK characters are indexed on their own.
constexpr int kMinPrefixChars = 2;

/// One term of a query: its tokens in query mode, and whether the last one is a prefix.
struct Term {
    QString text;
    std::vector<std::string> tokens;
    bool prefix = false;
};

std::vector<std::string> queryTokens(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    std::vector<std::string> out;
    tokenize(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())),
             TokenizeMode::Query, [&](std::string_view token, int, int, bool) {
                 out.emplace_back(token);
                 return 0;
             });
    return out;
}

/// Splits a query into terms: words separated by white space, or "quoted phrases". The last
/// unquoted word is a prefix. Terms without any searchable token are dropped.
std::vector<Term> parseQuery(const QString& query) {
    std::vector<Term> terms;
    qsizetype i = 0;
    const qsizetype n = query.size();
    while (i < n) {
        if (query[i].isSpace()) {
            ++i;
            continue;
        }
        Term term;
        if (query[i] == QLatin1Char('"')) {
            const qsizetype close = query.indexOf(QLatin1Char('"'), i + 1);
            const qsizetype end = close < 0 ? n : close;
            term.text = query.mid(i + 1, end - i - 1);
            i = end + 1;
        } else {
            qsizetype end = i;
            while (end < n && !query[end].isSpace() && query[end] != QLatin1Char('"')) {
                ++end;
            }
            term.text = query.mid(i, end - i);
            term.prefix = true;
            i = end;
        }
        term.tokens = queryTokens(term.text);
        if (!term.tokens.empty()) {
            terms.push_back(std::move(term));
        }
    }
    for (size_t k = 0; k + 1 < terms.size(); ++k) {
        terms[k].prefix = false;
    }
    if (!terms.empty() && terms.back().prefix) {
        const std::string& last = terms.back().tokens.back();
        const auto chars = std::count_if(last.begin(), last.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        });
        terms.back().prefix = chars >= kMinPrefixChars;
    }
    return terms;
}

/// A token of the indexed text, at its position, with its byte range.
struct DocToken {
    int position;
    std::string text;
    int start;
    int end;
};

bool tokenMatches(const DocToken& t, const std::string& wanted, bool prefix) {
    return prefix ? t.text.compare(0, wanted.size(), wanted) == 0 : t.text == wanted;
}

/// Maps byte offsets of a UTF-8 string to UTF-16 offsets of the same text.
std::vector<int> utf16Offsets(const QByteArray& utf8) {
    std::vector<int> map(static_cast<size_t>(utf8.size()) + 1, 0);
    int units = 0;
    for (qsizetype b = 0; b < utf8.size(); ++b) {
        map[static_cast<size_t>(b)] = units;
        const auto c = static_cast<unsigned char>(utf8[b]);
        if ((c & 0xC0) != 0x80) {
            // A lead byte: 4-byte sequences are two UTF-16 units.
            units += (c & 0xF8) == 0xF0 ? 2 : 1;
        }
    }
    map[static_cast<size_t>(utf8.size())] = units;
    return map;
}

QList<TextRange> mergeRanges(QList<TextRange> ranges) {
    std::sort(ranges.begin(), ranges.end(),
              [](const TextRange& a, const TextRange& b) { return a.start < b.start; });
    QList<TextRange> out;
    for (const TextRange& r : ranges) {
        if (!out.isEmpty() && r.start <= out.last().start + out.last().length) {
            TextRange& last = out.last();
            last.length = std::max(last.start + last.length, r.start + r.length) - last.start;
        } else {
            out.append(r);
        }
    }
    return out;
}

QList<TextRange> findTermMatches(const QString& text, const std::vector<Term>& terms) {
    const QByteArray utf8 = text.toUtf8();
    std::vector<DocToken> tokens;
    int position = -1;
    tokenize(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())),
             TokenizeMode::Document, [&](std::string_view token, int start, int end, bool colo) {
                 if (!colo) {
                     ++position;
                 }
                 tokens.push_back({position, std::string(token), start, end});
                 return 0;
             });
    // First token index of each position.
    std::vector<size_t> firstAt(static_cast<size_t>(position) + 2, tokens.size());
    for (size_t k = tokens.size(); k-- > 0;) {
        firstAt[static_cast<size_t>(tokens[k].position)] = k;
    }
    auto matchAt = [&](int pos, const std::string& wanted, bool prefix) -> const DocToken* {
        const DocToken* best = nullptr;
        for (size_t k = firstAt[static_cast<size_t>(pos)];
             k < tokens.size() && tokens[k].position == pos; ++k) {
            if (tokenMatches(tokens[k], wanted, prefix) &&
                (!best || tokens[k].end - tokens[k].start < best->end - best->start)) {
                best = &tokens[k];
            }
        }
        return best;
    };

    const std::vector<int> map = utf16Offsets(utf8);
    QList<TextRange> ranges;
    for (const Term& term : terms) {
        const int length = static_cast<int>(term.tokens.size());
        for (int p = 0; p + length - 1 <= position; ++p) {
            const DocToken* first = nullptr;
            const DocToken* last = nullptr;
            for (int k = 0; k < length; ++k) {
                const bool prefix = term.prefix && k == length - 1;
                last = matchAt(p + k, term.tokens[static_cast<size_t>(k)], prefix);
                if (!last) {
                    break;
                }
                if (k == 0) {
                    first = last;
                }
            }
            if (first && last) {
                const int start = map[static_cast<size_t>(first->start)];
                const int end = map[static_cast<size_t>(last->end)];
                ranges.append({start, end - start});
            }
        }
    }
    return mergeRanges(ranges);
}

} // namespace

QString MessageSearch::matchExpression(const QString& query) {
    QStringList parts;
    for (const Term& term : parseQuery(query)) {
        QString quoted = term.text;
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        parts << QStringLiteral("\"%1\"%2")
                     .arg(quoted, term.prefix ? QStringLiteral(" *") : QString());
    }
    return parts.join(QLatin1Char(' '));
}

QList<TextRange> MessageSearch::findMatches(const QString& text, const QString& query) {
    return findTermMatches(text, parseQuery(query));
}

QString MessageSearch::makeSnippet(const QString& text, const QList<TextRange>& matches, int length,
                                   QList<TextRange>* snippetMatches) {
    const int size = static_cast<int>(text.size());
    const int anchor = matches.isEmpty() ? 0 : matches.first().start;
    int start = std::max(0, anchor - length / kLeadDivisor);
    int end = std::min(size, start + length);
    start = std::max(0, std::min(start, end - length));
    if (start > 0) {
        const int space = static_cast<int>(text.indexOf(QLatin1Char(' '), start));
        if (space >= 0 && space < anchor && space - start <= kSnippetSnap) {
            start = space + 1;
        }
    }
    if (end < size) {
        const int space = static_cast<int>(text.lastIndexOf(QLatin1Char(' '), end));
        const int anchorEnd = matches.isEmpty() ? 0 : anchor + matches.first().length;
        if (space > anchorEnd && end - space <= kSnippetSnap) {
            end = space;
        }
    }
    // Never cut a surrogate pair in two.
    if (start > 0 && start < size && text[start].isLowSurrogate()) {
        ++start;
    }
    if (end > start && end < size && text[end].isLowSurrogate()) {
        --end;
    }
    QString body = text.mid(start, end - start);
    for (QChar& c : body) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t')) {
            c = QLatin1Char(' ');
        }
    }
    const QString lead = start > 0 ? kEllipsis : QString();
    const QString snippet = lead + body + (end < size ? kEllipsis : QString());
    if (snippetMatches) {
        snippetMatches->clear();
        const int shift = static_cast<int>(lead.size()) - start;
        for (const TextRange& m : matches) {
            const int a = std::max(m.start, start);
            const int b = std::min(m.start + m.length, end);
            if (b > a) {
                snippetMatches->append({a + shift, b - a});
            }
        }
    }
    return snippet;
}

QList<SearchHit> MessageSearch::search(const QString& query, const SearchOptions& options) const {
    const std::vector<Term> terms = parseQuery(query);
    const QString expression = matchExpression(query);
    if (terms.empty() || expression.isEmpty() || options.limit == 0) {
        return {};
    }
    // The index gives its matches newest first (ids grow with time) and stops early. For
    // relevance, the newest kRankCandidates matches are ranked by BM25: exact for all but the
    // most common words, and it keeps a search over years of chats fast.
    const char* sql = nullptr;
    if (options.order == SearchOrder::Newest) {
        sql = "SELECT m.id, bm25(messages_fts), m.conversation_id, m.role, m.content, "
              "m.created_at, c.title, c.updated_at FROM messages_fts "
              "JOIN messages m ON m.id = messages_fts.rowid "
              "JOIN conversations c ON c.id = m.conversation_id "
              "WHERE messages_fts MATCH ?1 AND (?2 = 0 OR m.conversation_id = ?2) "
              "AND (?3 OR c.archived = 0) ORDER BY messages_fts.rowid DESC LIMIT ?4 OFFSET ?5";
    } else {
        sql = "SELECT m.id, hit.score, m.conversation_id, m.role, m.content, m.created_at, "
              "c.title, c.updated_at FROM ("
              "  SELECT messages_fts.rowid AS id, bm25(messages_fts) AS score FROM messages_fts "
              "  JOIN messages m ON m.id = messages_fts.rowid "
              "  JOIN conversations c ON c.id = m.conversation_id "
              "  WHERE messages_fts MATCH ?1 AND (?2 = 0 OR m.conversation_id = ?2) "
              "  AND (?3 OR c.archived = 0) ORDER BY messages_fts.rowid DESC LIMIT ?6) hit "
              "JOIN messages m ON m.id = hit.id JOIN conversations c ON c.id = m.conversation_id "
              "ORDER BY hit.score, m.id DESC LIMIT ?4 OFFSET ?5";
    }
    Statement s(db_, sql);
    s.bind(1, expression)
        .bind(2, options.conversationId)
        .bind(3, options.includeArchived)
        .bind(4, options.limit)
        .bind(5, options.offset);
    if (options.order == SearchOrder::Relevance) {
        s.bind(6, kRankCandidates);
    }
    QList<SearchHit> hits;
    while (s.step()) {
        SearchHit hit;
        hit.messageId = s.int64(0);
        hit.score = s.real(1);
        hit.conversationId = s.int64(2);
        hit.role = roleFromName(s.text(3)).value_or(Role::User);
        const QString content = s.text(4);
        hit.messageCreatedAt = s.int64(5);
        hit.conversationTitle = s.text(6);
        hit.conversationUpdatedAt = s.int64(7);
        hit.matches = findTermMatches(content, terms);
        hit.snippet = makeSnippet(content, hit.matches, options.snippetLength, &hit.highlights);
        hits.append(hit);
    }
    return hits;
}

void MessageSearch::rebuildIndex() {
    Transaction tx(db_);
    execSql(db_.handle(), "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')");
    tx.commit();
}

} // namespace hearth::storage
