// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tokenizer/vocab.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::gguf {
class File;
}

namespace hearth::tok {

class SpmModel;
class BpeModel;

/// Text to token ids and back for a model's vocabulary: SentencePiece-style (`llama`) or
/// byte-level BPE (`gpt2`), token for token as the reference runtime. Special tokens are cut
/// out of the text first (ENGINE.md §4). Immutable after construction; encode and decode may
/// be called from several threads at once.
class Tokenizer {
public:
    /// Reads the vocabulary from GGUF metadata. Throws hearth::Error.
    static std::unique_ptr<Tokenizer> fromGguf(const gguf::File& file);
    explicit Tokenizer(Vocab vocab);
    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    /// addSpecial: add BOS (and EOS) as the vocabulary says; parseSpecial: recognise control
    /// tokens written in the text (user-defined tokens are always recognised).
    std::vector<int32_t> encode(std::string_view text, bool addSpecial, bool parseSpecial) const;
    /// Text of one token as it appears in output: byte tokens give raw bytes, U+2581 becomes a
    /// space, byte-level BPE is decoded. Control and unknown tokens give "" unless renderSpecial.
    /// Throws hearth::Error for an id outside the vocabulary.
    std::string tokenToPiece(int32_t id, bool renderSpecial = false) const;
    /// Whole-sequence detokenization: the pieces joined, without the space an SPM vocabulary
    /// puts before the first word, and with the BPE clean-up of spaces before punctuation
    /// where the vocabulary asks for it. Throws hearth::Error for ids outside the vocabulary.
    std::string decode(std::span<const int32_t> ids, bool renderSpecial = false) const;

    int32_t bos() const { return vocab_.bos; } ///< -1 when absent
    int32_t eos() const { return vocab_.eos; } ///< -1 when absent
    std::optional<int32_t> eot() const;
    bool isEndOfGeneration(int32_t id) const { return vocab_.isEndOfGeneration(id); }
    bool isControl(int32_t id) const;
    bool addBos() const { return vocab_.addBos; }
    bool addEos() const { return vocab_.addEos; }
    /// Whether decoding drops one leading space (SPM with add_space_prefix).
    bool stripsLeadingSpace() const;

    std::size_t size() const { return vocab_.size(); }
    /// The raw vocabulary string ("" for an id outside the vocabulary).
    std::string_view tokenText(int32_t id) const;
    std::optional<int32_t> find(std::string_view tokenText) const { return vocab_.find(tokenText); }
    std::string_view model() const { return vocab_.modelName; } ///< "llama" or "gpt2"
    std::string_view pre() const { return vocab_.preName; }
    const Vocab& vocab() const { return vocab_; }

private:
    struct Fragment {
        int32_t token; ///< kNoToken for text
        uint32_t begin;
        uint32_t length;
    };
    std::vector<Fragment> partition(std::string_view text, bool parseSpecial) const;
    void encodeSpm(std::string_view text, const std::vector<Fragment>& fragments,
                   std::vector<int32_t>& out) const;
    void encodeBpe(std::string_view text, const std::vector<Fragment>& fragments,
                   std::vector<int32_t>& out) const;
    const std::string& piece(int32_t id) const;

    Vocab vocab_;
    std::unique_ptr<SpmModel> spm_;
    std::unique_ptr<BpeModel> bpe_;
    std::vector<std::string> pieces_; ///< output text of every token (special ones rendered)
    std::vector<uint8_t> hidden_;     ///< piece shown only with renderSpecial
};

/// Turns a stream of generated tokens into text as it arrives, for display: each push returns
/// only complete, valid UTF-8 (a character split over byte tokens is held back until its last
/// byte; bytes that cannot become valid become U+FFFD), and the first piece loses the leading
/// space an SPM vocabulary puts before words.
class StreamDecoder {
public:
    explicit StreamDecoder(const Tokenizer& tokenizer, bool renderSpecial = false);
    /// Adds one token; returns the text completed by it (possibly "").
    std::string push(int32_t id);
    /// Ends the stream: whatever is still held back, incomplete characters as U+FFFD.
    std::string finish();
    /// Starts a new stream (the leading-space rule applies again).
    void reset();

private:
    std::string takeComplete(bool final);

    const Tokenizer& tokenizer_;
    bool renderSpecial_;
    bool atStart_ = true;
    std::string pending_;
};

} // namespace hearth::tok
