// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/pretokenize.h"

#include "engine/core/utf8.h"
#include "engine/tokenizer/unicode.h"

#include <array>

namespace hearth::tok {
namespace {

// Character flags the expressions test.
constexpr uint8_t kLetter = 1;      // \p{L}
constexpr uint8_t kNumber = 2;      // \p{N}
constexpr uint8_t kSpace = 4;       // \s
constexpr uint8_t kPunctLike = 8;   // [\p{P}\$\+<=>\^~\|]
constexpr uint8_t kAsciiDigit = 16; // [0-9]

// Stands for a byte that is not part of valid UTF-8 (not a code point: no class).
constexpr char32_t kInvalidByte = 0x110000;
constexpr char32_t kAsciiEnd = 0x80;
constexpr uint32_t kLlama3MaxDigits = 3;
constexpr uint32_t kDigitTriple = 3;
constexpr std::string_view kPunctLikeSymbols = "$+<=>^~|";

uint8_t computeFlags(char32_t cp) {
    uint8_t f = 0;
    const CharClass c = charClass(cp);
    if (c == CharClass::Letter) {
        f |= kLetter;
    } else if (c == CharClass::Number) {
        f |= kNumber;
    }
    if (isWhitespace(cp)) {
        f |= kSpace;
    }
    if (c == CharClass::Punctuation || (cp < kAsciiEnd && kPunctLikeSymbols.find(static_cast<char>(
                                                              cp)) != std::string_view::npos)) {
        f |= kPunctLike;
    }
    if (cp >= '0' && cp <= '9') {
        f |= kAsciiDigit;
    }
    return f;
}

const std::array<uint8_t, kAsciiEnd>& asciiFlags() {
    static const auto table = [] {
        std::array<uint8_t, kAsciiEnd> t{};
        for (char32_t c = 0; c < kAsciiEnd; ++c) {
            t[c] = computeFlags(c);
        }
        return t;
    }();
    return table;
}

void decode(std::string_view text, SplitBuffers& b) {
    b.cps.clear();
    b.offsets.clear();
    b.flags.clear();
    const auto& ascii = asciiFlags();
    std::size_t pos = 0;
    while (pos < text.size()) {
        b.offsets.push_back(static_cast<uint32_t>(pos));
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < kAsciiEnd) {
            b.cps.push_back(byte);
            b.flags.push_back(ascii[byte]);
            ++pos;
            continue;
        }
        const std::size_t before = pos;
        char32_t cp = decodeUtf8(text, pos);
        if (pos - before == 1) {
            cp = kInvalidByte; // decodeUtf8 steps over an invalid byte one at a time
        }
        b.cps.push_back(cp);
        b.flags.push_back(cp == kInvalidByte ? 0 : computeFlags(cp));
    }
    b.offsets.push_back(static_cast<uint32_t>(text.size()));
}

char32_t asciiLower(char32_t c) {
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/// The regular expressions, hand-written over one piece [begin, end) of the decoded text.
class Splitter {
public:
    Splitter(const SplitBuffers& b, std::vector<uint32_t>& ends) : b_(b), ends_(ends) {}

    // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    void gpt2(uint32_t begin, uint32_t end) {
        end_ = end;
        uint32_t pos = begin;
        while (pos < end) {
            if (const uint32_t n = contraction(pos, false)) {
                pos = emit(pos + n);
                continue;
            }
            const char32_t c = b_.cps[pos];
            const uint32_t start = c == ' ' ? pos + 1 : pos;
            if (is(start, kLetter)) {
                pos = emit(runOf(start, kLetter));
            } else if (is(start, kNumber)) {
                pos = emit(runOf(start, kNumber));
            } else if (isOther(start)) {
                pos = emit(runOfOther(start));
            } else {
                pos = emit(whitespace(pos));
            }
        }
    }

    // (?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|
    // \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
    // (Qwen2: \p{N} instead of \p{N}{1,3}.)
    void llama3(uint32_t begin, uint32_t end, uint32_t maxDigits) {
        end_ = end;
        uint32_t pos = begin;
        while (pos < end) {
            if (const uint32_t n = contraction(pos, true)) {
                pos = emit(pos + n);
                continue;
            }
            const char32_t c = b_.cps[pos];
            const bool newline = c == '\r' || c == '\n';
            if (!newline && !is(pos, kNumber) && (is(pos, kLetter) || is(pos + 1, kLetter))) {
                pos = emit(runOf(pos + 1, kLetter));
                continue;
            }
            if (is(pos, kNumber)) {
                uint32_t p = pos;
                while (p < end && p - pos < maxDigits && is(p, kNumber)) {
                    ++p;
                }
                pos = emit(p);
                continue;
            }
            const uint32_t start = c == ' ' ? pos + 1 : pos;
            if (isOther(start)) {
                uint32_t p = runOfOther(start);
                while (p < end && (b_.cps[p] == '\r' || b_.cps[p] == '\n')) {
                    ++p;
                }
                pos = emit(p);
                continue;
            }
            uint32_t lastNewline = 0;
            uint32_t p = pos;
            while (is(p, kSpace)) {
                if (b_.cps[p] == '\r' || b_.cps[p] == '\n') {
                    lastNewline = p + 1;
                }
                ++p;
            }
            pos = emit(lastNewline ? lastNewline : whitespace(pos));
        }
    }

    // Maximal runs of characters with `flag`, and the stretches between them, as pieces.
    void runs(uint32_t begin, uint32_t end, uint8_t flag) {
        end_ = end;
        uint32_t pos = begin;
        while (pos < end) {
            const bool in = is(pos, flag);
            uint32_t p = pos + 1;
            while (p < end && is(p, flag) == in) {
                ++p;
            }
            pos = emit(p);
        }
    }

    // [0-9][0-9][0-9], leftmost and without overlap; the rest as pieces between.
    void digitTriples(uint32_t begin, uint32_t end) {
        end_ = end;
        uint32_t gapStart = begin;
        uint32_t pos = begin;
        while (pos + kDigitTriple <= end) {
            if (is(pos, kAsciiDigit) && is(pos + 1, kAsciiDigit) && is(pos + 2, kAsciiDigit)) {
                if (pos > gapStart) {
                    emit(pos);
                }
                pos = emit(pos + kDigitTriple);
                gapStart = pos;
            } else {
                ++pos;
            }
        }
        if (end > gapStart) {
            emit(end);
        }
    }

private:
    bool is(uint32_t pos, uint8_t flag) const { return pos < end_ && (b_.flags[pos] & flag); }
    // [^\s\p{L}\p{N}]
    bool isOther(uint32_t pos) const {
        return pos < end_ && !(b_.flags[pos] & (kLetter | kNumber | kSpace));
    }
    uint32_t runOf(uint32_t pos, uint8_t flag) const {
        while (is(pos, flag)) {
            ++pos;
        }
        return pos;
    }
    uint32_t runOfOther(uint32_t pos) const {
        while (isOther(pos)) {
            ++pos;
        }
        return pos;
    }
    // \s+(?!\S)|\s+ at `pos` (and a lone character when nothing else matched).
    uint32_t whitespace(uint32_t pos) const {
        const uint32_t runEnd = runOf(pos, kSpace);
        const uint32_t n = runEnd - pos;
        if (n > 1 && runEnd < end_) {
            return runEnd - 1; // the last space goes with the next word
        }
        return n > 0 ? runEnd : pos + 1;
    }
    // Length of 's 't 're 've 'm 'll 'd at `pos`, or 0.
    uint32_t contraction(uint32_t pos, bool anyCase) const {
        if (b_.cps[pos] != '\'' || pos + 1 >= end_) {
            return 0;
        }
        const auto at = [&](uint32_t p) { return anyCase ? asciiLower(b_.cps[p]) : b_.cps[p]; };
        const char32_t c1 = at(pos + 1);
        if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
            return 2;
        }
        if (pos + 2 < end_) {
            const char32_t c2 = at(pos + 2);
            if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
                return 3;
            }
        }
        return 0;
    }
    uint32_t emit(uint32_t end) {
        ends_.push_back(end);
        return end;
    }

    const SplitBuffers& b_;
    std::vector<uint32_t>& ends_;
    uint32_t end_ = 0;
};

// Applies `step` to every piece in `ends`, replacing them with the finer pieces.
template <typename Step>
void refine(SplitBuffers& b, Step step) {
    b.scratch.clear();
    Splitter s(b, b.scratch);
    uint32_t begin = 0;
    for (uint32_t end : b.ends) {
        step(s, begin, end);
        begin = end;
    }
    b.ends.swap(b.scratch);
}

} // namespace

void splitWords(PreTokenizer kind, std::string_view text, SplitBuffers& b,
                std::vector<std::string_view>& words) {
    words.clear();
    if (text.empty()) {
        return;
    }
    decode(text, b);
    const auto n = static_cast<uint32_t>(b.cps.size());
    b.ends.assign(1, n);
    switch (kind) {
    case PreTokenizer::None:
        break;
    case PreTokenizer::Gpt2:
        refine(b, [](Splitter& s, uint32_t i, uint32_t e) { s.gpt2(i, e); });
        break;
    case PreTokenizer::Llama3:
        refine(b, [](Splitter& s, uint32_t i, uint32_t e) { s.llama3(i, e, kLlama3MaxDigits); });
        break;
    case PreTokenizer::Qwen2:
        refine(b, [](Splitter& s, uint32_t i, uint32_t e) { s.llama3(i, e, 1); });
        break;
    case PreTokenizer::Default:
        refine(b, [](Splitter& s, uint32_t i, uint32_t e) { s.runs(i, e, kPunctLike); });
        refine(b, [](Splitter& s, uint32_t i, uint32_t e) { s.gpt2(i, e); });
        refine(b, [](Splitter& s, uint32_t i, uint32_t e) { s.runs(i, e, kNumber); });
        refine(b, [](Splitter& s, uint32_t i, uint32_t e) { s.digitTriples(i, e); });
        break;
    }
    uint32_t begin = 0;
    for (uint32_t end : b.ends) {
        const uint32_t from = b.offsets[begin];
        words.push_back(text.substr(from, b.offsets[end] - from));
        begin = end;
    }
}

} // namespace hearth::tok
