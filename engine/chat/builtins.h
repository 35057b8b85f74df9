// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/callargs.h"
#include "engine/chat/value.h"

#include <ctime>
#include <string>
#include <string_view>

/// The template language's library: Jinja's filters and tests, the methods of str and dict that
/// templates call, and the global functions Hugging Face provides. Errors are thrown as
/// TemplateError without a position; the renderer adds it.
namespace hearth::chat {

class Interpreter;

/// value | name(args). Throws for an unknown filter.
Value applyFilter(Interpreter& in, std::string_view name, const Value& input, const CallArgs& args);
/// value is name(args). Throws for an unknown test.
bool applyTest(Interpreter& in, std::string_view name, const Value& value, const CallArgs& args);

/// Whether `self` (a str or dict) has a method called `name`.
bool hasMethod(const Value& self, std::string_view name);
/// self.name(args).
Value callMethod(Interpreter& in, const Value& self, std::string_view name, const CallArgs& args);

/// The global function called `name` (range, namespace, dict, raise_exception, strftime_now,
/// cycler-free subset) as a callable value, or nullptr.
const Value* findGlobal(std::string_view name);
/// Calls a global function.
Value callGlobal(Interpreter& in, std::string_view name, const CallArgs& args);

/// C-locale strftime (English month and day names) for %a %A %b %B %c %d %e %H %I %j %m %M %p
/// %S %y %Y %Z %z %% and the glibc "%-d" form without padding.
std::string formatTime(std::string_view format, const std::tm& tm);

} // namespace hearth::chat
