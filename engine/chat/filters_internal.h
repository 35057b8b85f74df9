// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/callargs.h"
#include "engine/chat/value.h"

#include <string_view>

namespace hearth::chat {
class Interpreter;
}

/// The filter tables, split by kind: text and number filters (filters.cpp) and filters over
/// sequences (filters_seq.cpp).
namespace hearth::chat::filters {

using Fn = Value (*)(Interpreter& in, const Value& input, const CallArgs& args);

/// The text or number filter called `name`, or nullptr.
Fn findScalar(std::string_view name);
/// The sequence filter called `name`, or nullptr.
Fn findSequence(std::string_view name);

/// Jinja's attribute getter: "a.b.0" looks up a, then b, then index 0, item first (dict keys,
/// list indexes) then attribute. Undefined when a step is missing.
Value attribute(const Value& item, std::string_view path);

/// str(value), as Jinja's soft_str.
std::string text(const Value& v);

} // namespace hearth::chat::filters
