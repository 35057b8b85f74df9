// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/vocab.h"

#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/gguf/gguf.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>

namespace hearth::tok {
namespace {

constexpr std::string_view kLogSubsystem = "tokenizer";
constexpr int kTypeCount = 7; // TokenType values 0..6
constexpr int kByteCount = static_cast<int>(kByteValues);

// SentencePiece's conventional ids when the file does not name them.
constexpr int32_t kSpmDefaultUnk = 0;
constexpr int32_t kSpmDefaultBos = 1;
constexpr int32_t kSpmDefaultEos = 2;

// Tokens recognised by their text. The first of these that exists is the end-of-turn token
// when the file names none.
constexpr std::string_view kEndOfTurnNames[] = {
    "<|eot_id|>",      "<|im_end|>", "<|end|>", "<end_of_turn>",         "<|endoftext|>",
    "<|end_of_text|>", "<EOT>",      "_<EOT>",  "<｜end▁of▁sentence｜>", "<end_of_utterance>",
};
constexpr std::string_view kEndOfMessageNames[] = {"<|eom_id|>"};
// Every one of these ends generation (and is treated as a control token).
constexpr std::string_view kEndOfGenerationNames[] = {
    "<|eot_id|>",    "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",        "<end_of_turn>",
    "<|endoftext|>", "<|eom_id|>", "<EOT>",   "_<EOT>",     "<|end_of_text|>", "<end_of_utterance>",
};
// Fill-in-the-middle tokens are control tokens; padding and separators end generation too.
constexpr std::string_view kFimNames[] = {"<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"};
constexpr std::string_view kFimEndNames[] = {"<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"};

std::string where(const gguf::File& file, std::string_view key) {
    return file.name() + ": " + std::string(key);
}

const std::vector<gguf::Value>* optionalArray(const gguf::File& file, std::string_view key,
                                              std::size_t expected) {
    const std::vector<gguf::Value>* a = file.getArray(key);
    if (a && a->size() != expected) {
        throw Error(where(file, key) + " has " + std::to_string(a->size()) +
                    " entries but the vocabulary has " + std::to_string(expected) + " tokens");
    }
    return a;
}

void readTokens(const gguf::File& file, Vocab& v) {
    const std::vector<gguf::Value>* tokens = file.getArray("tokenizer.ggml.tokens");
    if (!tokens || tokens->empty()) {
        throw Error(file.name() + ": the vocabulary (tokenizer.ggml.tokens) is missing or empty");
    }
    if (tokens->size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
        throw Error(where(file, "tokenizer.ggml.tokens") + " has too many tokens");
    }
    const std::size_t n = tokens->size();
    v.texts.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string* s = (*tokens)[i].asString();
        if (!s) {
            throw Error(where(file, "tokenizer.ggml.tokens") + " entry " + std::to_string(i) +
                        " is not a string");
        }
        // An empty token could never be matched; give it a name that cannot occur in text.
        v.texts[i] = s->empty() ? "[EMPTY_" + std::to_string(i) + "]" : *s;
    }

    v.scores.assign(n, 0.0f);
    if (const auto* scores = optionalArray(file, "tokenizer.ggml.scores", n)) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto f = (*scores)[i].asFloat();
            if (!f) {
                throw Error(where(file, "tokenizer.ggml.scores") + " entry " + std::to_string(i) +
                            " is not a number");
            }
            v.scores[i] = static_cast<float>(*f);
        }
    }

    v.types.assign(n, TokenType::Normal);
    if (const auto* types = optionalArray(file, "tokenizer.ggml.token_type", n)) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto t = (*types)[i].asInt();
            if (!t) {
                throw Error(where(file, "tokenizer.ggml.token_type") + " entry " +
                            std::to_string(i) + " is not an integer");
            }
            v.types[i] =
                (*t >= 0 && *t < kTypeCount) ? static_cast<TokenType>(*t) : TokenType::Undefined;
        }
    }
    v.lstrip.assign(n, 0);
    v.rstrip.assign(n, 0);
    v.index.build(v.texts);
}

void readMerges(const gguf::File& file, Vocab& v) {
    const std::vector<gguf::Value>* merges = file.getArray("tokenizer.ggml.merges");
    if (!merges) {
        throw Error(file.name() + ": a gpt2 tokenizer needs merges (tokenizer.ggml.merges)");
    }
    v.merges.reserve(merges->size());
    for (std::size_t i = 0; i < merges->size(); ++i) {
        const std::string* s = (*merges)[i].asString();
        if (!s) {
            throw Error(where(file, "tokenizer.ggml.merges") + " entry " + std::to_string(i) +
                        " is not a string");
        }
        const std::size_t space = s->find(' ', 1);
        if (space == std::string::npos || space + 1 >= s->size()) {
            throw Error(where(file, "tokenizer.ggml.merges") + " entry " + std::to_string(i) +
                        " is not two pieces separated by a space");
        }
        v.merges.push_back(*s);
    }
}

// Reads an optional token id; out-of-range ids are an error.
void readId(const gguf::File& file, std::string_view key, const Vocab& v, int32_t& id) {
    const gguf::Value* value = file.find(key);
    if (!value) {
        return;
    }
    const auto i = value->asInt();
    if (!value->isInteger() || !i) {
        throw Error(where(file, key) + " is not an integer");
    }
    if (*i < 0 || static_cast<uint64_t>(*i) >= v.size()) {
        throw Error(where(file, key) + " = " + std::to_string(*i) +
                    " is outside the vocabulary of " + std::to_string(v.size()) + " tokens");
    }
    id = static_cast<int32_t>(*i);
}

void readSpecialIds(const gguf::File& file, Vocab& v) {
    if (v.model == VocabModel::Spm) {
        const auto defaultId = [&](int32_t id) { return v.contains(id) ? id : kNoToken; };
        v.unk = defaultId(kSpmDefaultUnk);
        v.bos = defaultId(kSpmDefaultBos);
        v.eos = defaultId(kSpmDefaultEos);
    }
    readId(file, "tokenizer.ggml.bos_token_id", v, v.bos);
    readId(file, "tokenizer.ggml.eos_token_id", v, v.eos);
    readId(file, "tokenizer.ggml.eot_token_id", v, v.eot);
    readId(file, "tokenizer.ggml.eom_token_id", v, v.eom);
    readId(file, "tokenizer.ggml.unknown_token_id", v, v.unk);
    // A padding id is not used for inference; some converters write one past the vocabulary.
    if (const gguf::Value* pad = file.find("tokenizer.ggml.padding_token_id")) {
        const auto i = pad->asInt();
        if (pad->isInteger() && i && v.contains(static_cast<int32_t>(*i))) {
            v.pad = static_cast<int32_t>(*i);
        }
    }
}

void readFlags(const gguf::File& file, Vocab& v) {
    if (v.model == VocabModel::Spm) {
        v.addBos = true;
        v.addSpacePrefix = true;
    } else {
        v.cleanSpaces = true;
        const std::string& p = v.preName;
        if (p.empty() || p == "default") {
            if (p.empty()) {
                log(LogLevel::Warning, kLogSubsystem,
                    file.name() + ": no pre-tokenizer named (tokenizer.ggml.pre); using the "
                                  "default one, which may tokenize worse than the original");
            }
            v.pre = PreTokenizer::Default;
        } else if (p == "gpt-2" || p == "phi-2" || p == "roberta-bpe") {
            v.pre = PreTokenizer::Gpt2;
        } else if (p == "llama-bpe" || p == "llama3" || p == "llama-v3") {
            v.pre = PreTokenizer::Llama3;
            v.ignoreMerges = true;
            v.addBos = true;
        } else if (p == "qwen2" || p == "deepseek-r1-qwen") {
            v.pre = PreTokenizer::Qwen2;
            v.cleanSpaces = false;
        } else {
            throw Error(file.name() + ": unsupported pre-tokenizer '" + p +
                        "' (tokenizer.ggml.pre); Hearth knows default, gpt-2, llama-bpe and qwen2");
        }
    }
    v.addBos = file.getBool("tokenizer.ggml.add_bos_token").value_or(v.addBos);
    v.addEos = file.getBool("tokenizer.ggml.add_eos_token").value_or(v.addEos);
    if (v.model == VocabModel::Spm) {
        v.addSpacePrefix = file.getBool("tokenizer.ggml.add_space_prefix").value_or(true);
    }
    // Without the token itself the flag cannot be honoured.
    v.addBos = v.addBos && v.bos != kNoToken;
    v.addEos = v.addEos && v.eos != kNoToken;
}

void markControl(Vocab& v, int32_t id) {
    v.types[static_cast<std::size_t>(id)] = TokenType::Control;
}

void findEndTokens(Vocab& v) {
    if (v.eot == kNoToken) {
        for (std::string_view name : kEndOfTurnNames) {
            if (const auto id = v.find(name)) {
                v.eot = *id;
                markControl(v, *id);
                break;
            }
        }
    }
    if (v.eom == kNoToken) {
        for (std::string_view name : kEndOfMessageNames) {
            if (const auto id = v.find(name)) {
                v.eom = *id;
                markControl(v, *id);
                break;
            }
        }
    }
    std::vector<int32_t>& eog = v.endOfGeneration;
    for (std::string_view name : kEndOfGenerationNames) {
        if (const auto id = v.find(name)) {
            eog.push_back(*id);
            markControl(v, *id);
        }
    }
    for (std::string_view name : kFimNames) {
        if (const auto id = v.find(name)) {
            markControl(v, *id);
        }
    }
    for (std::string_view name : kFimEndNames) {
        if (const auto id = v.find(name)) {
            eog.push_back(*id);
            markControl(v, *id);
        }
    }
    for (int32_t id : {v.eos, v.eot, v.eom}) {
        if (id != kNoToken) {
            eog.push_back(id);
        }
    }
    std::sort(eog.begin(), eog.end());
    eog.erase(std::unique(eog.begin(), eog.end()), eog.end());
}

bool isSpecialType(TokenType t) {
    return t == TokenType::Control || t == TokenType::UserDefined || t == TokenType::Unknown;
}

void collectSpecials(Vocab& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (isSpecialType(v.types[i])) {
            v.specials.push_back(static_cast<int32_t>(i));
        }
    }
    std::stable_sort(v.specials.begin(), v.specials.end(), [&](int32_t a, int32_t b) {
        return v.texts[static_cast<std::size_t>(a)].size() >
               v.texts[static_cast<std::size_t>(b)].size();
    });
}

// Phi-3's tokenizer strips whitespace after its special tokens (but not after <unk>, <s> and
// <|endoftext|>); the converter does not record this, so it is recognised by the model's name.
void applyModelRules(const gguf::File& file, Vocab& v) {
    std::string name = file.getString("general.name").value_or("");
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name.find("phi-3") == std::string::npos && name.find("phi3") == std::string::npos) {
        return;
    }
    for (int32_t id : v.specials) {
        v.rstrip[static_cast<std::size_t>(id)] = 1;
    }
    const auto set = [&](std::string_view text, uint8_t value) {
        if (const auto id = v.find(text)) {
            v.rstrip[static_cast<std::size_t>(*id)] = value;
        }
    };
    set("</s>", 1);
    for (std::string_view text : {"<unk>", "<s>", "<|endoftext|>"}) {
        set(text, 0);
    }
}

void findByteTokens(Vocab& v) {
    v.byteTokens.fill(kNoToken);
    if (v.model != VocabModel::Spm) {
        return;
    }
    for (int b = 0; b < kByteCount; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        if (const auto id = v.find(name)) {
            v.byteTokens[static_cast<std::size_t>(b)] = *id;
        } else if (const auto raw = v.find(std::string(1, static_cast<char>(b)))) {
            v.byteTokens[static_cast<std::size_t>(b)] = *raw;
        }
    }
}

} // namespace

bool Vocab::isEndOfGeneration(int32_t id) const {
    return std::binary_search(endOfGeneration.begin(), endOfGeneration.end(), id);
}

Vocab Vocab::fromGguf(const gguf::File& file) {
    Vocab v;
    const std::optional<std::string> model = file.getString("tokenizer.ggml.model");
    if (!model) {
        throw Error(file.name() + ": the file has no tokenizer (tokenizer.ggml.model is missing)");
    }
    v.modelName = *model;
    if (*model == "llama") {
        v.model = VocabModel::Spm;
    } else if (*model == "gpt2") {
        v.model = VocabModel::Bpe;
    } else {
        throw Error(file.name() + ": unsupported tokenizer model '" + *model +
                    "' (tokenizer.ggml.model); Hearth supports llama and gpt2");
    }
    v.preName = file.getString("tokenizer.ggml.pre").value_or("");
    readTokens(file, v);
    if (v.model == VocabModel::Bpe) {
        readMerges(file, v);
    }
    readSpecialIds(file, v);
    readFlags(file, v);
    findEndTokens(v);
    collectSpecials(v);
    applyModelRules(file, v);
    findByteTokens(v);
    return v;
}

} // namespace hearth::tok
