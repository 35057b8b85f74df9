// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/interpreter.h"
#include "engine/chat/template_error.h"
#include "engine/chat/value.h"

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::chat {

namespace ast {
struct Template;
}

/// One turn of a conversation.
struct Message {
    std::string role; ///< "system", "user", "assistant", "tool", ...
    std::string content;
};

/// What a chat template sees besides the messages, as Hugging Face's apply_chat_template passes
/// it: add_generation_prompt, bos_token, eos_token, tools and documents (none), and any extra
/// variables (e.g. enable_thinking).
struct RenderOptions {
    bool addGenerationPrompt = true;
    std::string bosToken;
    std::string eosToken;
    /// The time strftime_now() formats (local time); the current time when absent.
    std::optional<std::time_t> now;
    /// More variables, set after the standard ones (so they can replace them).
    std::vector<std::pair<std::string, Value>> extraVariables;
    RenderLimits limits;
};

/// A compiled chat template: a small interpreter for the Jinja subset that real chat templates
/// use, configured as Hugging Face configures Jinja (trim_blocks, lstrip_blocks, loop controls,
/// a tojson that keeps non-ASCII text, raise_exception, strftime_now). Compile once, render many
/// times; rendering is const and may run on several threads at once.
class Template {
public:
    /// Parses `source`. Throws TemplateError for a syntax error.
    explicit Template(std::string_view source);

    /// Renders a conversation. Throws TemplateError when rendering fails, TemplateRaised when the
    /// template rejects the conversation with raise_exception().
    std::string render(const std::vector<Message>& messages, const RenderOptions& options) const;
    /// Renders messages given as values (a list of dicts, which may carry more than role and
    /// content, e.g. tool_calls).
    std::string render(const Value& messages, const RenderOptions& options) const;

private:
    std::shared_ptr<const ast::Template> ast_;
};

/// The messages as the list of {"role": ..., "content": ...} dicts a template iterates.
Value messagesValue(const std::vector<Message>& messages);

/// Compiles and renders in one step.
std::string renderTemplate(std::string_view source, const std::vector<Message>& messages,
                           const RenderOptions& options);

} // namespace hearth::chat
