// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Text operations with the semantics of Python's `str`, which chat templates rely on: strings
/// are sequences of code points (length, indexing and slicing count code points), `strip()` and
/// `split()` know Unicode whitespace, and numbers print the way `str()` prints them. Strings are
/// UTF-8; an invalid byte counts as one code point and is kept as it is.
namespace hearth::chat::py {

/// Python's str.isspace() for one code point (ASCII and Unicode whitespace).
bool isSpace(char32_t cp);

/// The end of the code point that starts at `pos` (pos + 1 for an invalid byte).
std::size_t nextCodePoint(std::string_view s, std::size_t pos);
/// The code point at `pos` (U+FFFD for an invalid byte); `next` receives its end.
char32_t codePointAt(std::string_view s, std::size_t pos, std::size_t& next);
/// Number of code points.
std::size_t length(std::string_view s);
/// The code points of `s` as views into it.
std::vector<std::string_view> codePoints(std::string_view s);

/// Upper/lower case of one code point (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic,
/// Armenian, full-width Latin); other code points are returned unchanged.
char32_t toUpper(char32_t cp);
char32_t toLower(char32_t cp);
/// Whether the code point has case (Python's "cased" characters, for the tables above).
bool isCased(char32_t cp);

std::string upper(std::string_view s);
std::string lower(std::string_view s);
/// str.capitalize(): the first code point upper-cased, the rest lower-cased.
std::string capitalize(std::string_view s);
/// str.title(): every code point that follows a cased one lower-cased, the others upper-cased.
std::string title(std::string_view s);
/// str.isupper() / str.islower(): at least one cased code point and all of them in that case.
bool isUpper(std::string_view s);
bool isLower(std::string_view s);

/// str.strip/lstrip/rstrip: removes whitespace, or any code point of `chars` when given.
std::string strip(std::string_view s, std::optional<std::string_view> chars, bool left, bool right);

/// str.split(sep, maxsplit) and str.rsplit(): without `sep`, splits on runs of whitespace and
/// drops empty parts. `maxsplit` < 0 means no limit. `sep` must not be empty.
std::vector<std::string> split(std::string_view s, std::optional<std::string_view> sep,
                               int64_t maxsplit);
std::vector<std::string> rsplit(std::string_view s, std::optional<std::string_view> sep,
                                int64_t maxsplit);
/// str.splitlines() (without keepends): splits at \n, \r\n, \r and the other line boundaries.
std::vector<std::string> splitLines(std::string_view s);

/// str.replace(old, new, count); `count` < 0 replaces all. An empty `old` inserts `new` around
/// every code point. Returns nullopt when the result would exceed `maxBytes`.
std::optional<std::string> replace(std::string_view s, std::string_view old,
                                   std::string_view replacement, int64_t count,
                                   std::size_t maxBytes);

/// Number of non-overlapping occurrences of `needle` (str.count); empty needle: length + 1.
std::size_t count(std::string_view s, std::string_view needle);

/// repr() of a float: shortest round-trip digits, "1e+16", "1.5e-05", "inf", "nan".
std::string floatRepr(double v);
/// repr() of a str: quoted with ' (or " when only ' occurs), with escapes.
std::string strRepr(std::string_view s);

/// Parses an int the way Python's int(str) does (surrounding whitespace, sign, underscores
/// between digits) in base 2..36 or 0 (prefix decides). nullopt when invalid or out of range.
std::optional<int64_t> parseInt(std::string_view s, int base);
/// Parses a float like Python's float(str): decimal or exponent notation, "inf", "nan".
std::optional<double> parseFloat(std::string_view s);

} // namespace hearth::chat::py
