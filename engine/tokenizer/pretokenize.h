// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tokenizer/vocab.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace hearth::tok {

/// Reusable buffers for splitWords (one per encode call).
struct SplitBuffers {
    std::vector<char32_t> cps;
    std::vector<uint32_t> offsets; ///< byte offset of each code point, plus the end
    std::vector<uint8_t> flags;
    std::vector<uint32_t> ends; ///< word ends in code points
    std::vector<uint32_t> scratch;
};

/// Splits `text` into the words a byte-level BPE vocabulary merges within, exactly as the
/// pre-tokenizer's regular expression would (hand-written; see ENGINE.md §4). The words are
/// views into `text` and cover it completely, in order. Bytes that are not valid UTF-8 count
/// as characters of their own that are neither letters, digits nor spaces.
void splitWords(PreTokenizer kind, std::string_view text, SplitBuffers& buffers,
                std::vector<std::string_view>& words);

} // namespace hearth::tok
