// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/gguf/gguf.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hearth::gguf {

/// How much of a model is stored in one tensor type.
struct TypeUsage {
    TensorType type = TensorType::F32;
    std::size_t tensors = 0;
    uint64_t elements = 0;
    uint64_t bytes = 0;
};

/// What a GGUF file says about the model in it, read from the header only (no weight is
/// touched). Shown by `hearth-cli info` and stored by the app's model library.
struct ModelInfo {
    std::string path;
    uint64_t fileSize = 0;
    uint32_t ggufVersion = 0;
    std::string architecture; ///< general.architecture ("" when absent)
    std::string name;         ///< general.name ("" when absent)
    uint64_t parameters = 0;  ///< elements of all tensors
    std::size_t tensorCount = 0;
    uint64_t tensorBytes = 0;
    std::vector<TypeUsage> typeMix; ///< most bytes first
    /// "Q4_K_M", "Q8_0", "F16", … from general.file_type, or inferred from the type mix.
    std::string quantization;
    bool quantizationInferred = false;
    /// Tensor types Hearth cannot compute with, by name (empty when it runs them all).
    std::vector<std::string> unsupportedTypes;

    // Hyperparameters (absent when the file does not say).
    std::optional<uint64_t> contextLength;
    std::optional<uint64_t> embeddingLength;
    std::optional<uint64_t> blockCount;
    std::optional<uint64_t> feedForwardLength;
    std::optional<uint64_t> headCount;
    std::optional<uint64_t> headCountKv;

    // Vocabulary.
    std::string tokenizerModel; ///< tokenizer.ggml.model: "llama" (SentencePiece), "gpt2" (BPE)
    std::string tokenizerPre;   ///< tokenizer.ggml.pre ("" when absent)
    std::optional<uint64_t> vocabSize;
    bool hasChatTemplate = false;
};

/// Summarises `file`. Throws hearth::Error when a well-known key has an impossible type.
ModelInfo describeModel(const File& file);

/// "292.4K", "1.24B" for parameter counts.
std::string formatCount(uint64_t n);

} // namespace hearth::gguf
