// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/template_error.h"

namespace hearth::chat {
namespace {

std::string located(const std::string& detail, int line, int column) {
    if (line <= 0) {
        return "chat template: " + detail;
    }
    return "chat template, line " + std::to_string(line) + ", column " + std::to_string(column) +
           ": " + detail;
}

} // namespace

TemplateError::TemplateError(std::string detail, int line, int column)
    : TemplateError(located(detail, line, column), detail, line, column) {}

TemplateError::TemplateError(std::string what, std::string detail, int line, int column)
    : hearth::Error(what), detail_(std::move(detail)), line_(line), column_(column) {}

TemplateRaised::TemplateRaised(std::string message, int line, int column)
    : TemplateError("the chat template rejected the conversation: " + message, message, line,
                    column) {}

} // namespace hearth::chat
