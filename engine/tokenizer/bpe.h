// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tokenizer/string_index.h"
#include "engine/tokenizer/vocab.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tok {

/// The GPT-2 byte-to-character map of byte-level BPE: printable bytes stand for themselves, the
/// other 68 map to U+0100 onward in byte order.
char32_t byteToUnicode(uint8_t byte);
/// The inverse; -1 for characters that do not stand for a byte.
int unicodeToByte(char32_t cp);

/// Byte-level BPE over one pre-tokenized word (ENGINE.md §4): the word's bytes become GPT-2
/// characters, then the adjacent pair with the lowest merge rank (ties: leftmost) is merged
/// until no merge applies. Merges are looked up on interned pieces, not strings.
class BpeModel {
public:
    explicit BpeModel(const Vocab& vocab);

    /// Appends the tokens of `word` (raw bytes) to `out`.
    void encodeWord(std::string_view word, std::vector<int32_t>& out) const;

    /// Raw bytes of a byte-level token text (characters outside the map are kept as UTF-8).
    static std::string decodeText(std::string_view tokenText);

private:
    struct Symbol {
        int32_t piece; ///< interned piece, -1 when the text is in no merge
        uint32_t start;
        uint32_t length; ///< bytes of the word; 0 once merged away
        int32_t prev;
        int32_t next;
    };
    struct Bigram {
        int32_t rank;
        int32_t left;
        int32_t right;
        int32_t leftPiece;
        int32_t rightPiece;
        int32_t result;
    };
    /// Heap order: the lowest rank first, then the leftmost pair.
    struct QueuedAfter {
        bool operator()(const Bigram& a, const Bigram& b) const {
            return a.rank > b.rank || (a.rank == b.rank && a.left > b.left);
        }
    };
    int32_t intern(std::string_view text);
    int32_t findPiece(std::string_view text) const;
    void tryAdd(const std::vector<Symbol>& symbols, int32_t left, int32_t right,
                std::vector<Bigram>& heap) const;
    void emitWord(std::string_view word, const Symbol& s, std::vector<int32_t>& out) const;

    const Vocab& vocab_;
    std::vector<std::string>
        extraPieces_; ///< merge pieces that are not tokens (ids after the vocab)
    StringIndex extraIndex_;
    PairIndex merges_;
    std::array<std::string, kByteValues> byteChars_; ///< UTF-8 of each byte's character
    std::array<int32_t, kByteValues> bytePieces_{};  ///< interned piece of each byte's character
    std::array<int32_t, kByteValues>
        byteTokenIds_{}; ///< token of each byte's character, or kNoToken
};

} // namespace hearth::tok
