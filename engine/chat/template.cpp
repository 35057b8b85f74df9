// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/template.h"

#include "engine/chat/ast.h"
#include "engine/chat/parser.h"

#include <new>

namespace hearth::chat {

Template::Template(std::string_view source)
    : ast_(std::make_shared<const ast::Template>(parseTemplate(source))) {}

std::string Template::render(const std::vector<Message>& messages,
                             const RenderOptions& options) const {
    return render(messagesValue(messages), options);
}

std::string Template::render(const Value& messages, const RenderOptions& options) const {
    std::vector<std::pair<std::string, Value>> vars = {
        {"messages", messages},
        {"add_generation_prompt", Value::boolean(options.addGenerationPrompt)},
        {"bos_token", Value::string(options.bosToken)},
        {"eos_token", Value::string(options.eosToken)},
        {"tools", Value::none()},
        {"documents", Value::none()},
    };
    for (const auto& extra : options.extraVariables) {
        vars.push_back(extra);
    }
    const std::time_t now = options.now ? *options.now : std::time(nullptr);
    try {
        Interpreter interpreter(*ast_, options.limits, now);
        return interpreter.render(vars);
    } catch (const std::bad_alloc&) {
        throw TemplateError("out of memory while rendering the chat template", 0, 0);
    }
}

Value messagesValue(const std::vector<Message>& messages) {
    std::vector<Value> list;
    list.reserve(messages.size());
    for (const Message& m : messages) {
        list.push_back(Value::object(
            {{"role", Value::string(m.role)}, {"content", Value::string(m.content)}}));
    }
    return Value::list(std::move(list));
}

std::string renderTemplate(std::string_view source, const std::vector<Message>& messages,
                           const RenderOptions& options) {
    return Template(source).render(messages, options);
}

} // namespace hearth::chat
