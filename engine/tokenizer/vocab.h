// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tokenizer/string_index.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::gguf {
class File;
}

namespace hearth::tok {

/// `tokenizer.ggml.token_type` values.
enum class TokenType : uint8_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
};

/// The tokenization algorithm (`tokenizer.ggml.model`).
enum class VocabModel : uint8_t {
    Spm, ///< "llama": SentencePiece-style merges by score with byte fallback
    Bpe, ///< "gpt2": byte-level BPE with merges by rank
};

/// How a byte-level BPE vocabulary splits text into words before merging (`tokenizer.ggml.pre`).
enum class PreTokenizer : uint8_t {
    None,    ///< SPM vocabularies do not pre-tokenize
    Default, ///< "default": punctuation runs, the GPT-2 expression, digit runs, digit triples
    Gpt2,    ///< "gpt-2" and its relatives
    Llama3,  ///< "llama-bpe", "llama3", "llama-v3": \p{N}{1,3}, case-insensitive contractions
    Qwen2,   ///< "qwen2", "deepseek-r1-qwen": like Llama 3 but one digit per word
};

/// No such token.
inline constexpr int32_t kNoToken = -1;
/// Number of distinct byte values (byte tokens, the byte-level alphabet).
inline constexpr std::size_t kByteValues = 256;

/// A tokenizer vocabulary read from GGUF metadata and checked: the token strings, scores and
/// types, the merges, the special ids and flags, and what follows from them (the end-of-
/// generation set, the special tokens cut out of text before tokenizing, strip attributes).
/// Build it with fromGguf(): the derived tables (index, specials, byte tokens, end-of-generation
/// set) must agree with the token lists.
struct Vocab {
    /// Reads `tokenizer.ggml.*` (and `general.name` for a model-specific rule). Throws
    /// hearth::Error when the vocabulary is missing, inconsistent or of an unsupported kind.
    static Vocab fromGguf(const gguf::File& file);

    VocabModel model = VocabModel::Spm;
    std::string modelName; ///< "llama" or "gpt2"
    std::string preName;   ///< `tokenizer.ggml.pre` as written ("" when absent)
    PreTokenizer pre = PreTokenizer::None;

    std::vector<std::string> texts;
    std::vector<float> scores;
    std::vector<TokenType> types;
    std::vector<uint8_t> lstrip;     ///< special token eats whitespace on its left
    std::vector<uint8_t> rstrip;     ///< special token eats whitespace on its right
    std::vector<std::string> merges; ///< "left right", rank = position (BPE only)

    int32_t bos = kNoToken;
    int32_t eos = kNoToken;
    int32_t eot = kNoToken;
    int32_t eom = kNoToken;
    int32_t unk = kNoToken;
    int32_t pad = kNoToken;
    bool addBos = false;
    bool addEos = false;
    bool addSpacePrefix = false; ///< SPM: a space before text that starts a fragment
    bool ignoreMerges = false;   ///< BPE: a word that is a token is emitted whole
    bool cleanSpaces = false;    ///< BPE: remove spaces before punctuation when decoding

    std::vector<int32_t> endOfGeneration; ///< sorted
    /// Control, user-defined and unknown tokens, longest first (the partition order).
    std::vector<int32_t> specials;
    /// SPM byte fallback: the token for each byte (`<0xXX>`), kNoToken when there is none.
    std::array<int32_t, kByteValues> byteTokens{};

    StringIndex index;

    std::size_t size() const { return texts.size(); }
    bool contains(int32_t id) const { return id >= 0 && static_cast<std::size_t>(id) < size(); }
    std::optional<int32_t> find(std::string_view text) const { return index.find(text, texts); }
    bool isEndOfGeneration(int32_t id) const;
};

} // namespace hearth::tok
