// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the chat template interpreter: compiles the input as a template and renders
// a fixed conversation with it (and its messages as JSON text through the JSON reader, when the
// input looks like JSON). A TemplateError is the expected answer to a bad or hostile template;
// anything else (a crash, a sanitizer report, a hang, runaway memory, another exception) is a bug.

#include "engine/chat/json.h"
#include "engine/chat/template.h"
#include "engine/core/error.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

/// 2026-11-28 12:00 UTC, so strftime_now() is deterministic.
constexpr std::time_t kFixedNow = 1795867200;
/// Smaller bounds than an app render, so that each input runs fast; the same checks apply.
constexpr uint64_t kFuzzMaxWork = 300'000;
constexpr std::size_t kFuzzMaxBytes = std::size_t{1} << 20;

const std::vector<hearth::chat::Message>& conversation() {
    static const std::vector<hearth::chat::Message> messages = {
        {"system", "  You are a helpful assistant.\n"},
        {"user", "Hello! 안녕하세요 <think>?</think>"},
        {"assistant", "<think>\nhmm\n</think>\n\nHi there!"},
        {"user", "Tell me \"more\", please\t\\ é"},
    };
    return messages;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    hearth::chat::RenderOptions options;
    options.bosToken = "<s>";
    options.eosToken = "</s>";
    options.now = kFixedNow;
    options.limits.maxWork = kFuzzMaxWork;
    options.limits.maxOutputBytes = kFuzzMaxBytes;
    options.limits.maxStringBytes = kFuzzMaxBytes;
    for (const bool generationPrompt : {true, false}) {
        options.addGenerationPrompt = generationPrompt;
        try {
            const hearth::chat::Template tpl(input);
            (void)tpl.render(conversation(), options);
        } catch (const hearth::chat::TemplateError&) {
            break; // a compile error repeats; a render error is enough once
        }
    }
    if (!input.empty() && (input[0] == '[' || input[0] == '{')) {
        try {
            (void)hearth::chat::parseJson(input);
        } catch (const hearth::Error&) {
        }
    }
    return 0;
}
