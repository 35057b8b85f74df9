// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QList>
#include <QString>

namespace hearth::storage {

class Database;

/// A range of characters in a QString (UTF-16 code units, as QString indexes them).
struct TextRange {
    int start = 0;
    int length = 0;
    bool operator==(const TextRange&) const = default;
};

/// In which order search results come.
enum class SearchOrder {
    Relevance, ///< best match first (BM25) among the 2,000 newest matches
    Newest,    ///< the message saved most recently first
};

/// Choices for MessageSearch::search.
struct SearchOptions {
    SearchOrder order = SearchOrder::Relevance;
    int limit = 50;
    int offset = 0;
    qint64 conversationId = 0; ///< 0 = every conversation
    bool includeArchived = true;
    int snippetLength = 160; ///< characters of context around the first match
};

/// One message that matched, with what the search overlay shows.
struct SearchHit {
    qint64 messageId = 0;
    qint64 conversationId = 0;
    QString conversationTitle;
    qint64 conversationUpdatedAt = 0;
    Role role = Role::User;
    qint64 messageCreatedAt = 0;
    QString snippet;             ///< one line of the message around the first match
    QList<TextRange> highlights; ///< the matches inside snippet
    QList<TextRange> matches;    ///< the matches inside the whole message text
    double score = 0;            ///< BM25 (lower is better); 0 for SearchOrder::Newest
};

/// Full-text search over every message (FTS5 with Hearth's Unicode tokenizer, see
/// tokenizer.h). The query is words separated by spaces, all of which must occur; "quoted
/// words" must occur together, in that order; the last word also matches as a prefix, so
/// results come while typing (from two characters on). Case and Latin diacritics are ignored;
/// Korean, Japanese and Chinese words are found inside longer runs of text.
/// Over 100,000 messages a query takes a few milliseconds (tests/storage/bench_search.cpp).
class MessageSearch {
public:
    explicit MessageSearch(Database& db) : db_(db) {}

    /// Matching messages; an empty list for a query with nothing searchable in it.
    QList<SearchHit> search(const QString& query, const SearchOptions& options = {}) const;

    /// The FTS5 MATCH expression for a query; empty when there is nothing to search for.
    static QString matchExpression(const QString& query);
    /// Where the query's terms occur in `text`, as search() reports them (sorted, merged).
    static QList<TextRange> findMatches(const QString& text, const QString& query);
    /// A one-line excerpt of `text` of about `length` characters around the first of
    /// `matches`, and the matches moved into it.
    static QString makeSnippet(const QString& text, const QList<TextRange>& matches, int length,
                               QList<TextRange>* snippetMatches);

    /// Rebuilds the search index from the messages (after a salvage or a tokenizer change).
    void rebuildIndex();

private:
    Database& db_;
};

} // namespace hearth::storage
