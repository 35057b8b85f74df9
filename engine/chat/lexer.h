// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::chat {

/// Templates larger than this are refused (real chat templates are a few KiB).
inline constexpr std::size_t kMaxTemplateBytes = std::size_t{4} << 20;

enum class TokenType : uint8_t {
    Data,          ///< literal text between tags
    VariableBegin, ///< {{
    VariableEnd,   ///< }}
    BlockBegin,    ///< {%
    BlockEnd,      ///< %}
    Name,
    String, ///< text holds the decoded value
    Integer,
    Float,
    Operator, ///< text holds the operator: "==", "(", "|", ...
    Eof,
};

/// One token with its position (1-based line and column, columns in code points).
struct Token {
    TokenType type = TokenType::Eof;
    std::string text;
    int64_t intValue = 0;
    double floatValue = 0.0;
    int line = 1;
    int column = 1;
};

/// Splits a template into tokens the way Jinja does with Hugging Face's settings: newlines
/// normalised to \n and one trailing newline dropped; comments removed; {% raw %} kept as text;
/// whitespace control by "-" and "+", trim_blocks (the newline after a block or comment tag is
/// dropped) and lstrip_blocks (spaces before a block or comment tag at the start of a line are
/// dropped) already applied to the text. Throws TemplateError with the position of a problem.
std::vector<Token> tokenize(std::string_view source);

} // namespace hearth::chat
