// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/builtin_templates.h"

namespace hearth::chat {
namespace {

bool has(std::string_view s, std::string_view needle) {
    return s.find(needle) != std::string_view::npos;
}

const char* const kChatML =
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

const char* const kLlama3 =
    "{{- bos_token }}"
    "{%- for message in messages %}"
    "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + "
    "message['content'] | trim + '<|eot_id|>' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}"
    "{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
    "{%- endif %}";

const char* const kLlama2 =
    "{{- bos_token + '[INST] ' }}"
    "{%- set ns = namespace(inside=true) %}"
    "{%- for message in messages %}"
    "{%- if not ns.inside %}{{- '[INST] ' }}{%- set ns.inside = true %}{%- endif %}"
    "{%- if message['role'] == 'system' %}"
    "{{- '<<SYS>>\\n' + message['content'] + '\\n<</SYS>>\\n\\n' }}"
    "{%- elif message['role'] == 'user' %}"
    "{{- message['content'] + ' [/INST]' }}"
    "{%- else %}"
    "{{- message['content'] + '</s>' }}{%- set ns.inside = false %}"
    "{%- endif %}"
    "{%- endfor %}";

const char* const kPhi3 =
    "{%- for message in messages %}"
    "{{- '<|' + message['role'] + '|>\\n' + message['content'] + '<|end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|assistant|>\\n' }}{%- endif %}";

const char* const kGemma =
    "{{- bos_token }}"
    "{%- set ns = namespace(system='') %}"
    "{%- for message in messages %}"
    "{%- if message['role'] == 'system' %}"
    "{%- set ns.system = ns.system + message['content'] | trim %}"
    "{%- else %}"
    "{%- set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{{- '<start_of_turn>' + role + '\\n' }}"
    "{%- if ns.system and role != 'model' %}"
    "{{- ns.system + '\\n\\n' }}{%- set ns.system = '' %}"
    "{%- endif %}"
    "{{- message['content'] | trim + '<end_of_turn>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<start_of_turn>model\\n' }}{%- endif %}";

const char* const kDeepSeek =
    "{{- bos_token }}"
    "{%- for message in messages %}"
    "{%- if message['role'] == 'system' %}{{- message['content'] + '\\n\\n' }}"
    "{%- elif message['role'] == 'user' %}{{- '<｜User｜>' + message['content'] }}"
    "{%- else %}{{- '<｜Assistant｜>' + message['content'] + '<｜end▁of▁sentence｜>' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<｜Assistant｜>' }}{%- endif %}";

/// Mistral v1/v3/v3-tekken differ only in spaces around [INST] and in trimming answers.
std::string mistral(std::string_view lead, std::string_view trail, bool trimAnswer) {
    const std::string l = "'" + std::string(lead) + "'";
    const std::string t = "'" + std::string(trail) + "'";
    const std::string answer = trimAnswer ? "(message['content'] | trim)" : "message['content']";
    return "{{- bos_token }}"
           "{%- set ns = namespace(inside=false) %}"
           "{%- for message in messages %}"
           "{%- if not ns.inside %}{{- " +
           l + " + '[INST]' + " + t +
           " }}{%- set ns.inside = true %}{%- endif %}"
           "{%- if message['role'] == 'system' %}{{- message['content'] + '\\n\\n' }}"
           "{%- elif message['role'] == 'user' %}{{- message['content'] + " +
           l +
           " + '[/INST]' }}"
           "{%- else %}{{- " +
           t + " + " + answer +
           " + '</s>' }}{%- set ns.inside = false %}"
           "{%- endif %}"
           "{%- endfor %}";
}

std::string mistralV7(std::string_view space) {
    const std::string s = "'" + std::string(space) + "'";
    return "{{- bos_token }}"
           "{%- for message in messages %}"
           "{%- if message['role'] == 'system' %}"
           "{{- '[SYSTEM_PROMPT]' + " +
           s +
           " + message['content'] + '[/SYSTEM_PROMPT]' }}"
           "{%- elif message['role'] == 'user' %}"
           "{{- '[INST]' + " +
           s +
           " + message['content'] + '[/INST]' }}"
           "{%- else %}{{- " +
           s +
           " + message['content'] + '</s>' }}"
           "{%- endif %}"
           "{%- endfor %}";
}

} // namespace

std::string_view familyName(ChatFamily family) {
    switch (family) {
    case ChatFamily::Unknown:
        return "";
    case ChatFamily::ChatML:
        return "chatml";
    case ChatFamily::Llama3:
        return "llama3";
    case ChatFamily::Llama2:
        return "llama2";
    case ChatFamily::MistralV1:
        return "mistral-v1";
    case ChatFamily::MistralV3:
        return "mistral-v3";
    case ChatFamily::MistralV3Tekken:
        return "mistral-v3-tekken";
    case ChatFamily::MistralV7:
        return "mistral-v7";
    case ChatFamily::Phi3:
        return "phi3";
    case ChatFamily::Gemma:
        return "gemma";
    case ChatFamily::DeepSeek:
        return "deepseek";
    }
    return "";
}

ChatFamily detectFamily(std::string_view t) {
    // Hearth's own built-in templates (as written into a model's metadata) are recognised first.
    for (ChatFamily f : {ChatFamily::MistralV1, ChatFamily::MistralV3, ChatFamily::MistralV3Tekken,
                         ChatFamily::MistralV7, ChatFamily::Llama2}) {
        if (t == builtinTemplate(f)) {
            return f;
        }
    }
    if (has(t, "<|im_start|>")) {
        return ChatFamily::ChatML;
    }
    if (has(t, "[INST]")) {
        if (has(t, "[SYSTEM_PROMPT]")) {
            return ChatFamily::MistralV7;
        }
        if (has(t, "' [INST] ' + system_message") || has(t, "[AVAILABLE_TOOLS]")) {
            if (has(t, " [INST]")) {
                return ChatFamily::MistralV1;
            }
            if (has(t, "\"[INST]\"")) {
                return ChatFamily::MistralV3Tekken;
            }
            return ChatFamily::MistralV3;
        }
        return ChatFamily::Llama2;
    }
    if (has(t, "<|assistant|>") && has(t, "<|end|>")) {
        return ChatFamily::Phi3;
    }
    if (has(t, "<start_of_turn>")) {
        return ChatFamily::Gemma;
    }
    if (has(t, "<|start_header_id|>") && has(t, "<|end_header_id|>")) {
        return ChatFamily::Llama3;
    }
    if (has(t, "<｜Assistant｜>") && has(t, "<｜User｜>")) {
        return ChatFamily::DeepSeek;
    }
    return ChatFamily::Unknown;
}

ChatFamily familyForArchitecture(std::string_view arch, std::string_view bosToken,
                                 std::string_view eosToken) {
    if (arch.rfind("qwen", 0) == 0) {
        return ChatFamily::ChatML;
    }
    if (arch == "phi3") {
        return ChatFamily::Phi3;
    }
    if (arch.rfind("gemma", 0) == 0) {
        return ChatFamily::Gemma;
    }
    if (arch == "llama") {
        const bool llama3 = bosToken == "<|begin_of_text|>" || eosToken == "<|eot_id|>" ||
                            eosToken == "<|end_of_text|>";
        return llama3 ? ChatFamily::Llama3 : ChatFamily::Llama2;
    }
    return ChatFamily::ChatML;
}

std::string builtinTemplate(ChatFamily family) {
    switch (family) {
    case ChatFamily::Llama3:
        return kLlama3;
    case ChatFamily::Llama2:
        return kLlama2;
    case ChatFamily::MistralV1:
        return mistral(" ", " ", false);
    case ChatFamily::MistralV3:
        return mistral("", " ", true);
    case ChatFamily::MistralV3Tekken:
        return mistral("", "", false);
    case ChatFamily::MistralV7:
        return mistralV7(" ");
    case ChatFamily::Phi3:
        return kPhi3;
    case ChatFamily::Gemma:
        return kGemma;
    case ChatFamily::DeepSeek:
        return kDeepSeek;
    case ChatFamily::ChatML:
    case ChatFamily::Unknown:
        break;
    }
    return kChatML;
}

std::vector<std::string> familyStopStrings(ChatFamily family) {
    switch (family) {
    case ChatFamily::ChatML:
        return {"<|im_end|>"};
    case ChatFamily::Llama3:
        return {"<|eot_id|>", "<|eom_id|>"};
    case ChatFamily::Llama2:
    case ChatFamily::MistralV1:
    case ChatFamily::MistralV3:
    case ChatFamily::MistralV3Tekken:
    case ChatFamily::MistralV7:
        return {"</s>"};
    case ChatFamily::Phi3:
        return {"<|end|>", "<|endoftext|>"};
    case ChatFamily::Gemma:
        return {"<end_of_turn>"};
    case ChatFamily::DeepSeek:
        return {"<｜end▁of▁sentence｜>"};
    case ChatFamily::Unknown:
        break;
    }
    return {};
}

} // namespace hearth::chat
