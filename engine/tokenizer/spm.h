// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tokenizer/vocab.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace hearth::tok {

/// SentencePiece-style tokenization of one text fragment (ENGINE.md §4): the text is split into
/// UTF-8 characters, adjacent symbols whose concatenation is a token are merged best score first
/// (ties: leftmost), and whatever is left that is not a token falls back to byte tokens.
/// O(n log n) in the length of the fragment.
class SpmModel {
public:
    explicit SpmModel(const Vocab& vocab);

    /// Tokenizes `text`, in which spaces have already been replaced by U+2581, appending to `out`.
    void encode(std::string_view text, std::vector<int32_t>& out) const;

private:
    struct Symbol {
        uint32_t start;
        uint32_t length; ///< 0 once merged into its left neighbour
        int32_t prev;
        int32_t next;
    };
    struct Bigram {
        float score;
        int32_t left;
        int32_t right;
        uint32_t length;
    };
    /// Heap order: the best score first, then the leftmost pair.
    struct QueuedAfter {
        bool operator()(const Bigram& a, const Bigram& b) const {
            return a.score < b.score || (a.score == b.score && a.left > b.left);
        }
    };
    void tryAdd(std::string_view text, const std::vector<Symbol>& symbols, int32_t left,
                int32_t right, std::vector<Bigram>& heap) const;
    void encodePiece(std::string_view text, std::vector<int32_t>& out) const;
    void emitBytes(std::string_view bytes, std::vector<int32_t>& out) const;

    const Vocab& vocab_;
    std::size_t maxTokenLength_ = 0;
    bool splittable_ = false; ///< no token has U+2581 after another character
};

} // namespace hearth::tok
