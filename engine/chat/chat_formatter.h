// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/builtin_templates.h"
#include "engine/chat/template.h"

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace hearth::chat {

/// Turns a conversation into the prompt text a model expects. Uses the model's own chat template
/// (tokenizer.chat_template) when it has a readable one, and otherwise a built-in template for its
/// family, with a warning. Rendering is const and safe to share between threads.
class ChatFormatter {
public:
    /// `templateSource` may be empty. `architecture` (general.architecture) and the BOS/EOS token
    /// texts choose the built-in fallback.
    ChatFormatter(std::string templateSource, std::string architecture, std::string bosToken,
                  std::string eosToken);

    /// Renders the conversation. When the template rejects it because of a system message
    /// (Gemma: "System role not supported"), the system text is folded into the first user
    /// message as "{system}\n\n{user}" and the conversation rendered again. With
    /// `stripLeadingBos` (the tokenizer adds BOS itself) a leading BOS text is removed. Throws
    /// TemplateError (TemplateRaised when the template still rejects the conversation).
    std::string format(const std::vector<Message>& messages, bool addGenerationPrompt,
                       bool stripLeadingBos) const;

    /// Whether a built-in template is in use (the model has none, or it could not be compiled).
    bool usingBuiltin() const { return usingBuiltin_; }
    /// The built-in template's name ("llama3", "chatml", ...); "" when the model's own is used.
    std::string builtinName() const;
    /// Why the built-in template is used ("" when it is not), for the user.
    const std::string& warning() const { return warning_; }
    /// The family the template belongs to (detected from its text for a model's own template).
    ChatFamily family() const { return family_; }
    /// Text that ends an assistant turn: the family's end-of-turn markers and the EOS text.
    std::vector<std::string> stopStrings() const;

    /// The compiled template in use, and the options format() renders it with.
    const Template& activeTemplate() const { return *template_; }
    RenderOptions renderOptions(bool addGenerationPrompt) const;
    /// Fixes the time strftime_now() sees (tests); the current time when not set.
    void setNow(std::optional<std::time_t> now) { now_ = now; }

private:
    std::string bosToken_;
    std::string eosToken_;
    ChatFamily family_ = ChatFamily::Unknown;
    bool usingBuiltin_ = false;
    std::string warning_;
    std::optional<Template> template_;
    std::optional<std::time_t> now_;
};

/// Folds the system messages into the first user message ("{system}\n\n{user}"); with no user
/// message the system text becomes one. Other messages are unchanged.
std::vector<Message> foldSystemIntoFirstUser(const std::vector<Message>& messages);

} // namespace hearth::chat
