// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth::chat {

/// The chat formats Hearth knows without a model's own template.
enum class ChatFamily {
    Unknown,
    ChatML,          ///< <|im_start|>role\n...<|im_end|> (Qwen, SmolLM, many others)
    Llama3,          ///< <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|>
    Llama2,          ///< [INST] <<SYS>>\n...\n<</SYS>>\n\n... [/INST]...</s>
    MistralV1,       ///< " [INST] ... [/INST] ...</s>"
    MistralV3,       ///< "[INST] ...[/INST] ...</s>"
    MistralV3Tekken, ///< "[INST]...[/INST]...</s>"
    MistralV7,       ///< [SYSTEM_PROMPT] ...[/SYSTEM_PROMPT][INST] ...[/INST] ...</s>
    Phi3,            ///< <|role|>\n...<|end|>\n
    Gemma,           ///< <start_of_turn>user|model\n...<end_of_turn>\n; no system role
    DeepSeek,        ///< <｜User｜>...<｜Assistant｜>...<｜end▁of▁sentence｜>
};

/// "chatml", "llama3", "mistral-v3-tekken", ... ("" for Unknown).
std::string_view familyName(ChatFamily family);

/// Recognises a family from a template's text by the markers it contains (as llama.cpp does):
/// "<|im_start|>" is ChatML, "<|start_header_id|>" Llama 3, and so on.
ChatFamily detectFamily(std::string_view templateSource);

/// The family to assume for a model without a template, from its architecture
/// (general.architecture) and its BOS/EOS token texts.
ChatFamily familyForArchitecture(std::string_view architecture, std::string_view bosToken,
                                 std::string_view eosToken);

/// The built-in template of a family, as Jinja source; these render the forms of llama.cpp's
/// built-in formats, starting with bos_token where the family's official template does. Gemma's
/// folds system messages into the first user turn. Unknown gives ChatML.
std::string builtinTemplate(ChatFamily family);

/// Text that ends a turn in the family's format ("<|im_end|>", "<end_of_turn>", ...).
std::vector<std::string> familyStopStrings(ChatFamily family);

} // namespace hearth::chat
