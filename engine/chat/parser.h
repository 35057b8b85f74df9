// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/ast.h"

#include <string_view>

namespace hearth::chat {

/// Parses a template into its syntax tree with Jinja's grammar and operator precedence. Throws
/// TemplateError at the first syntax error, or when blocks or expressions nest too deeply.
ast::Template parseTemplate(std::string_view source);

} // namespace hearth::chat
