// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/error.h"

#include <string>

namespace hearth::chat {

/// An error in a chat template: a syntax error found while compiling it, or a failure while
/// rendering it (an undefined variable used in arithmetic, a bad filter argument, a limit reached).
/// `line()` and `column()` locate it in the template source (1-based; 0 when unknown).
class TemplateError : public hearth::Error {
public:
    TemplateError(std::string detail, int line, int column);

    /// The message without the position ("unexpected 'endfor'").
    const std::string& detail() const { return detail_; }
    int line() const { return line_; }
    int column() const { return column_; }

protected:
    /// For subclasses that word the whole message themselves.
    TemplateError(std::string what, std::string detail, int line, int column);

private:
    std::string detail_;
    int line_;
    int column_;
};

/// The template itself rejected the conversation by calling raise_exception(message), e.g. Gemma's
/// "System role not supported". `detail()` is the template's message, unchanged.
class TemplateRaised : public TemplateError {
public:
    TemplateRaised(std::string message, int line, int column);
};

} // namespace hearth::chat
