// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hearth {

/// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool isValidUtf8(std::string_view s);

/// Length in bytes of the UTF-8 sequence starting with byte `lead` (1 for invalid lead bytes).
std::size_t utf8SequenceLength(uint8_t lead);

/// Decodes the code point at `s[pos]`, advancing `pos`. Invalid bytes decode as U+FFFD and
/// advance by one byte.
char32_t decodeUtf8(std::string_view s, std::size_t& pos);

/// Appends the UTF-8 encoding of `cp` to `out`.
void appendUtf8(std::string& out, char32_t cp);

/// The longest prefix of `s` that does not end inside a UTF-8 sequence (for streaming text).
std::size_t completeUtf8Prefix(std::string_view s);

} // namespace hearth
