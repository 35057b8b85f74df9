// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/value.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::chat {

/// Options of Python's json.dumps as Hugging Face's `tojson` filter passes them.
struct JsonOptions {
    std::optional<std::string> indent; ///< none: one line
    std::string itemSeparator = ", ";  ///< "," by default when indenting
    std::string keySeparator = ": ";
    bool sortKeys = false;
    bool ensureAscii = false; ///< escape every non-ASCII code point as \uXXXX
};

/// json.dumps(value, ensure_ascii=False, ...): non-ASCII text kept as it is, floats as repr()
/// prints them, NaN/Infinity spelled as Python does. Throws TemplateError (without position) for
/// values JSON cannot hold (undefined, namespaces, functions) or past `maxBytes`.
std::string toJson(const Value& value, const JsonOptions& options, std::size_t maxBytes);

/// Parses JSON text (RFC 8259) into a value: objects keep their key order, integers that fit
/// become ints, other numbers floats. Throws hearth::Error with the line and column of a problem,
/// or when arrays and objects nest deeper than kMaxValueDepth.
Value parseJson(std::string_view text);

} // namespace hearth::chat
