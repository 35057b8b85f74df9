// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>

namespace hearth::tok {

/// The major class of a code point's Unicode general category (the first letter of Lu, Nd, ...),
/// which is what the pre-tokenizers' \p{L}, \p{N} and \p{P} ask about.
enum class CharClass : uint8_t {
    Unassigned,  ///< Cn, and anything that is not a code point
    Letter,      ///< L*
    Mark,        ///< M*
    Number,      ///< N*
    Punctuation, ///< P*
    Symbol,      ///< S*
    Separator,   ///< Z*
    Other,       ///< Cc, Cf, Cs, Co
};

/// The class of `cp` (Unassigned for values past U+10FFFF).
CharClass charClass(char32_t cp);

/// Unicode White_Space (what \s matches in the tokenizers' regular expressions).
bool isWhitespace(char32_t cp);

namespace detail {

/// A run of code points [first, last] of one class; the generated table lists them in order.
struct ClassRange {
    char32_t first;
    char32_t last;
    CharClass cls;
};

extern const ClassRange kClassRanges[];
extern const std::size_t kClassRangeCount;

} // namespace detail
} // namespace hearth::tok
