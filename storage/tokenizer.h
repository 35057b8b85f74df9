// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <string_view>

struct sqlite3;

namespace hearth::storage {

/// How text is cut into tokens: the same function indexes messages (Document) and parses search
/// terms (Query), so a term always finds the text it was typed from.
enum class TokenizeMode {
    Document, ///< message text being indexed
    Query,    ///< a search term
};

/// Receives one token: its folded UTF-8 text, its byte range in the input, and whether it shares
/// the position of the previous token. Returns 0 to continue; any other value stops tokenizing.
using TokenSink = std::function<int(std::string_view token, int start, int end, bool colocated)>;

/// Hearth's tokenizer for full-text search ("hearth" in FTS5), Unicode-aware:
///  - words of alphabetic scripts (Latin, Greek, Cyrillic, Arabic, Devanagari ...): runs of
///    letters, digits and marks, NFKD-folded, case-folded, and without diacritics for Latin,
///    Greek and Cyrillic ("Café" -> "cafe");
///  - scripts written without spaces between words (Han, Hiragana, Katakana, Hangul, Thai, Lao,
///    Khmer, Myanmar): overlapping character bigrams, so a word inside a longer run is found
///    ("날씨" inside "날씨가"). In Document mode each character is also indexed on its own at
///    the same position, so single-character terms match too;
///  - symbols such as emoji: one token per symbol.
/// Returns 0, or the first non-zero value the sink returned.
int tokenize(std::string_view utf8, TokenizeMode mode, const TokenSink& sink);

/// Identifies what tokenize() produces: its own revision and the Unicode version of Qt's
/// character tables. The search index must be rebuilt when it changes, because deleting a
/// message from it re-tokenizes the old text and must produce the same tokens (Database does
/// this when it opens).
QString tokenizerVersion();

/// Registers the "hearth" tokenizer with the FTS5 module of `db`. Every connection that touches
/// the search index needs it; Database does this when it opens. Returns an SQLite result code.
int registerTokenizer(sqlite3* db);

} // namespace hearth::storage
