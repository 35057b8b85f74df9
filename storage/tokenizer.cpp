// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/tokenizer.h"

#include <QChar>
#include <QList>
#include <QString>

#include <sqlite3.h>

#include <string>
#include <vector>

namespace hearth::storage {
namespace {

/// Stands for a byte that is not valid UTF-8 (above the last code point).
constexpr char32_t kInvalidChar = 0x110000;
constexpr char32_t kMaxAscii = 0x7F;
constexpr char32_t kProlongedSoundMark = 0x30FC; // ー, written inside Japanese words
constexpr char32_t kIterationMark = 0x3005;      // 々
constexpr char32_t kVariationSelectorsFirst = 0xFE00;
constexpr char32_t kVariationSelectorsLast = 0xFE0F;
constexpr char32_t kVariationSupplementFirst = 0xE0100;
constexpr char32_t kVariationSupplementLast = 0xE01EF;

/// One decoded code point and the number of bytes it took.
struct Decoded {
    char32_t cp;
    int length;
};

/// Decodes one UTF-8 sequence at `p` (`n` bytes left); an invalid byte decodes as
/// kInvalidChar of length 1 (a separator), so that tokenizing never stops on bad input.
Decoded decodeUtf8(const unsigned char* p, size_t n) {
    const unsigned char b0 = p[0];
    if (b0 < 0x80) {
        return {b0, 1};
    }
    int length = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        length = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4;
        cp = b0 & 0x07;
    } else {
        return {kInvalidChar, 1};
    }
    if (static_cast<size_t>(length) > n) {
        return {kInvalidChar, 1};
    }
    for (int k = 1; k < length; ++k) {
        if ((p[k] & 0xC0) != 0x80) {
            return {kInvalidChar, 1};
        }
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    return {cp, length};
}

/// What a character does in tokenizing.
enum class CharClass {
    Separator, ///< ends a token
    Word,      ///< part of a word of an alphabetic script
    Mark,      ///< a combining mark: joins the word before it, else ignored
    Ngram,     ///< a character of a script written without spaces
    Symbol,    ///< a token of its own (emoji and other symbols)
};

bool isNgramScript(QChar::Script script) {
    switch (script) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
    case QChar::Script_Thai:
    case QChar::Script_Lao:
    case QChar::Script_Khmer:
    case QChar::Script_Myanmar:
    case QChar::Script_Bopomofo:
    case QChar::Script_Yi:
        return true;
    default:
        return false;
    }
}

CharClass classify(char32_t cp) {
    if (cp == kInvalidChar) {
        return CharClass::Separator;
    }
    if (cp <= kMaxAscii) {
        const bool alnum =
            (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        return alnum ? CharClass::Word : CharClass::Separator;
    }
    if (cp == kProlongedSoundMark || cp == kIterationMark) {
        return CharClass::Ngram;
    }
    switch (QChar::category(cp)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return isNgramScript(QChar::script(cp)) ? CharClass::Ngram : CharClass::Mark;
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
        return isNgramScript(QChar::script(cp)) ? CharClass::Ngram : CharClass::Word;
    case QChar::Symbol_Other:
        return CharClass::Symbol;
    default:
        return CharClass::Separator;
    }
}

bool isVariationSelector(char32_t cp) {
    return (cp >= kVariationSelectorsFirst && cp <= kVariationSelectorsLast) ||
           (cp >= kVariationSupplementFirst && cp <= kVariationSupplementLast);
}

/// Whether diacritics are dropped after a base character of this script.
bool foldsDiacritics(QChar::Script script) {
    return script == QChar::Script_Latin || script == QChar::Script_Greek ||
           script == QChar::Script_Cyrillic || script == QChar::Script_Common ||
           script == QChar::Script_Inherited;
}

/// The indexed form of one word: compatibility-decomposed, case-folded, without the diacritics
/// of Latin, Greek and Cyrillic letters, recomposed.
std::string foldWord(std::string_view bytes) {
    bool ascii = true;
    for (const char c : bytes) {
        if (static_cast<unsigned char>(c) > kMaxAscii) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        std::string out(bytes);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        return out;
    }
    const QString decomposed = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()))
                                   .normalized(QString::NormalizationForm_KD);
    QList<uint> kept;
    QChar::Script baseScript = QChar::Script_Common;
    for (const uint cp : decomposed.toUcs4()) {
        const QChar::Category cat = QChar::category(cp);
        const bool mark = cat == QChar::Mark_NonSpacing || cat == QChar::Mark_Enclosing ||
                          cat == QChar::Mark_SpacingCombining;
        if (mark) {
            if (isVariationSelector(cp) || foldsDiacritics(baseScript)) {
                continue;
            }
        } else {
            baseScript = QChar::script(cp);
        }
        kept.append(cp);
    }
    const QString folded =
        QString::fromUcs4(reinterpret_cast<const char32_t*>(kept.constData()), kept.size())
            .toCaseFolded()
            .normalized(QString::NormalizationForm_C);
    const QByteArray utf8 = folded.toUtf8();
    return std::string(utf8.constData(), static_cast<size_t>(utf8.size()));
}

/// Byte range of one character of an n-gram run.
struct CharSpan {
    int start;
    int end;
};

/// Emits the tokens of a run of characters of a script without spaces (see tokenize()).
int emitNgramRun(std::string_view text, const std::vector<CharSpan>& run, TokenizeMode mode,
                 const TokenSink& sink) {
    const size_t n = run.size();
    auto slice = [&](int start, int end) {
        return text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    };
    if (n == 1) {
        return sink(slice(run[0].start, run[0].end), run[0].start, run[0].end, false);
    }
    for (size_t i = 0; i + 1 < n; ++i) {
        const CharSpan a = run[i];
        const CharSpan b = run[i + 1];
        if (const int rc = sink(slice(a.start, b.end), a.start, b.end, false)) {
            return rc;
        }
        if (mode == TokenizeMode::Document) {
            if (const int rc = sink(slice(a.start, a.end), a.start, a.end, true)) {
                return rc;
            }
        }
    }
    if (mode == TokenizeMode::Document) {
        const CharSpan last = run[n - 1];
        return sink(slice(last.start, last.end), last.start, last.end, false);
    }
    return 0;
}

} // namespace

int tokenize(std::string_view utf8, TokenizeMode mode, const TokenSink& sink) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(utf8.data());
    const size_t size = utf8.size();
    int wordStart = -1;
    int wordEnd = -1;
    std::vector<CharSpan> ngram;

    auto flushWord = [&]() -> int {
        if (wordStart < 0) {
            return 0;
        }
        const std::string token = foldWord(
            utf8.substr(static_cast<size_t>(wordStart), static_cast<size_t>(wordEnd - wordStart)));
        const int start = wordStart;
        wordStart = -1;
        return token.empty() ? 0 : sink(token, start, wordEnd, false);
    };
    auto flushNgram = [&]() -> int {
        if (ngram.empty()) {
            return 0;
        }
        const int rc = emitNgramRun(utf8, ngram, mode, sink);
        ngram.clear();
        return rc;
    };

    size_t i = 0;
    while (i < size) {
        const Decoded d = decodeUtf8(bytes + i, size - i);
        const int start = static_cast<int>(i);
        const int end = start + d.length;
        i += static_cast<size_t>(d.length);
        const CharClass cls = classify(d.cp);
        int rc = 0;
        switch (cls) {
        case CharClass::Word:
            rc = flushNgram();
            if (wordStart < 0) {
                wordStart = start;
            }
            wordEnd = end;
            break;
        case CharClass::Mark:
            if (wordStart >= 0) {
                wordEnd = end;
            }
            break;
        case CharClass::Ngram:
            rc = flushWord();
            ngram.push_back({start, end});
            break;
        case CharClass::Symbol:
            rc = flushWord();
            if (rc == 0) {
                rc = flushNgram();
            }
            if (rc == 0) {
                rc = sink(utf8.substr(static_cast<size_t>(start), static_cast<size_t>(d.length)),
                          start, end, false);
            }
            break;
        case CharClass::Separator:
            rc = flushWord();
            if (rc == 0) {
                rc = flushNgram();
            }
            break;
        }
        if (rc != 0) {
            return rc;
        }
    }
    if (const int rc = flushWord()) {
        return rc;
    }
    return flushNgram();
}

QString tokenizerVersion() {
    // Raise when tokenize() changes what it produces for any text.
    constexpr int kRevision = 1;
    return QStringLiteral("%1/unicode-%2")
        .arg(kRevision)
        .arg(static_cast<int>(QChar::currentUnicodeVersion()));
}

namespace {

// The FTS5 glue: the tokenizer has no state, so every instance is the same static object.
char gTokenizerInstance;

int ftsCreate(void*, const char**, int, Fts5Tokenizer** out) {
    *out = reinterpret_cast<Fts5Tokenizer*>(&gTokenizerInstance);
    return SQLITE_OK;
}

void ftsDelete(Fts5Tokenizer*) {}

int ftsTokenize(Fts5Tokenizer*, void* context, int flags, const char* text, int length,
                int (*emitToken)(void*, int, const char*, int, int, int)) {
    const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    const std::string_view input(text ? text : "", text ? static_cast<size_t>(length) : 0);
    return tokenize(input, query ? TokenizeMode::Query : TokenizeMode::Document,
                    [&](std::string_view token, int start, int end, bool colocated) {
                        return emitToken(context, colocated ? FTS5_TOKEN_COLOCATED : 0,
                                         token.data(), static_cast<int>(token.size()), start, end);
                    });
}

fts5_tokenizer gTokenizer = {&ftsCreate, &ftsDelete, &ftsTokenize};

} // namespace

int registerTokenizer(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        return rc;
    }
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
    rc = sqlite3_finalize(stmt);
    if (rc != SQLITE_OK) {
        return rc;
    }
    if (!api) {
        return SQLITE_ERROR;
    }
    return api->xCreateTokenizer(api, "hearth", nullptr, &gTokenizer, nullptr);
}

} // namespace hearth::storage
