// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/value.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

/// Python's operators and protocols on template values: arithmetic, comparisons, `in`,
/// iteration, len(), attribute and item access, slicing and %-formatting. Errors are thrown as
/// TemplateError without a position; the renderer adds the position of the expression.
namespace hearth::chat::ops {

/// Size limits for the values operators build.
struct Limits {
    std::size_t maxStringBytes;
    std::size_t maxListItems;
};

/// Throws the error for using an undefined value ("'x' is undefined").
[[noreturn]] void undefinedError(const Value& v);
/// Throws when a string of `bytes` would exceed the limit.
void checkStringSize(std::size_t bytes, const Limits& limits);

/// a op b for + - * / // % **.
Value binary(std::string_view op, const Value& a, const Value& b, const Limits& limits);
Value negate(const Value& v);
Value positive(const Value& v);
/// a op b for == != < <= > >= in notin.
bool compare(std::string_view op, const Value& a, const Value& b);
/// Python's `item in container`.
bool contains(const Value& container, const Value& item);

/// The items a for-loop visits: list items, dict keys, the code points of a string; nothing for
/// undefined. Throws for values that are not iterable.
std::vector<Value> iterate(const Value& v);
/// len(v) for strings (code points), lists and dicts; 0 for undefined.
int64_t length(const Value& v);

/// obj.name: a dict entry or method, a string method, a namespace attribute; undefined (with a
/// message) when there is none.
Value getAttr(const Value& obj, const std::string& name);
/// obj[key]: list and string indexes (negative from the end), dict keys, then attributes.
Value getItem(const Value& obj, const Value& key);
/// obj[start:stop:step] for lists, tuples and strings; absent bounds are undefined values.
Value slice(const Value& obj, const Value& start, const Value& stop, const Value& step);

/// Python's printf-style `format % args` (%s %r %d %i %f %e %g %x %o %c %%, flags, width,
/// precision, %(name)s with a dict).
std::string percentFormat(std::string_view format, const Value& args, const Limits& limits);

} // namespace hearth::chat::ops
