// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli template (-m MODEL | --template FILE.jinja) --messages CONV.json
//                    [--no-generation-prompt] [--bos S --eos S]
// Renders a conversation with a model's chat template (or a template file) and prints the prompt
// text exactly as the model would see it, with no newline added.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "engine/chat/chat_formatter.h"
#include "engine/chat/json.h"
#include "engine/chat/template.h"
#include "engine/core/error.h"
#include "engine/gguf/gguf.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace hearth::cli {
namespace {

std::string readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("cannot read " + path + ": " + std::strerror(errno));
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw Error("cannot read " + path + ": " + std::strerror(errno));
    }
    return text;
}

/// CONV.json: a list of objects, each with a string "role" (other fields are passed through).
chat::Value readMessages(const std::string& path) {
    chat::Value messages;
    try {
        messages = chat::parseJson(readTextFile(path));
    } catch (const chat::TemplateError& e) {
        throw Error(path + ": " + e.detail());
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
    if (!messages.isList()) {
        throw Error(path + ": expected a JSON array of messages");
    }
    std::size_t index = 0;
    for (const chat::Value& m : messages.asList().items) {
        const chat::Value* role = m.isDict() ? m.asDict().find("role") : nullptr;
        if (role == nullptr || !role->isString()) {
            throw Error(path + ": message " + std::to_string(index) +
                        " is not an object with a string \"role\"");
        }
        ++index;
    }
    return messages;
}

/// The text of the token whose id is stored under `idKey`, or "".
std::string tokenText(const gguf::File& file, const char* idKey) {
    const std::optional<uint64_t> id = file.getUInt(idKey);
    const std::vector<gguf::Value>* tokens = file.getArray("tokenizer.ggml.tokens");
    if (!id || tokens == nullptr || *id >= tokens->size()) {
        return {};
    }
    const std::string* text = (*tokens)[static_cast<std::size_t>(*id)].asString();
    return text ? *text : std::string();
}

} // namespace

int cmdTemplate(Args& args) {
    const auto model = args.option({"-m", "--model"});
    const auto templateFile = args.option({"--template"});
    const std::string messagesFile = args.required({"--messages"});
    const bool noGenerationPrompt = args.flag({"--no-generation-prompt"});
    const auto bos = args.option({"--bos"});
    const auto eos = args.option({"--eos"});
    args.finish();
    if (model.has_value() == templateFile.has_value()) {
        throw UsageError("give exactly one of -m MODEL or --template FILE.jinja");
    }

    const chat::Value messages = readMessages(messagesFile);
    std::string rendered;
    if (templateFile) {
        chat::RenderOptions options;
        options.addGenerationPrompt = !noGenerationPrompt;
        options.bosToken = bos.value_or("");
        options.eosToken = eos.value_or("");
        rendered = chat::Template(readTextFile(*templateFile)).render(messages, options);
    } else {
        const auto file = gguf::File::open(*model);
        const chat::ChatFormatter formatter(
            file->getString("tokenizer.chat_template").value_or(""), file->architecture(),
            bos ? *bos : tokenText(*file, "tokenizer.ggml.bos_token_id"),
            eos ? *eos : tokenText(*file, "tokenizer.ggml.eos_token_id"));
        if (!formatter.warning().empty()) {
            std::fprintf(stderr, "hearth-cli template: warning: %s\n", formatter.warning().c_str());
        }
        rendered = formatter.activeTemplate().render(messages,
                                                     formatter.renderOptions(!noGenerationPrompt));
    }
    std::fwrite(rendered.data(), 1, rendered.size(), stdout);
    return kExitOk;
}

} // namespace hearth::cli
