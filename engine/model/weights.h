// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/model/config.h"
#include "engine/quant/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hearth {

namespace gguf {
class File;
}

/// A weight tensor inside the memory-mapped GGUF file, in its stored type. A matrix has `rows`
/// rows of `cols` values (GGUF ne = [cols, rows]); a vector has rows == 1.
struct WeightTensor {
    std::string name;
    TensorType type = TensorType::F32;
    const uint8_t* data = nullptr; ///< nullptr when the tensor is absent
    uint64_t cols = 0;             ///< ne[0]: values per row
    uint64_t rows = 0;             ///< ne[1]
    uint64_t bytes = 0;
    uint64_t rowBytes = 0;

    explicit operator bool() const { return data != nullptr; }
    const uint8_t* row(uint64_t r) const { return data + r * rowBytes; }
};

/// The weights of one transformer block. Shapes as [rows x cols]; d = nEmbd.
struct LayerWeights {
    WeightTensor attnNorm;     ///< [d]
    WeightTensor wq;           ///< [qDim x d]
    WeightTensor wk;           ///< [kvDim x d]
    WeightTensor wv;           ///< [kvDimV x d]
    WeightTensor wqkv;         ///< phi3: [(qDim + kvDim + kvDimV) x d], Q then K then V rows
    WeightTensor bq;           ///< qwen2: [qDim]
    WeightTensor bk;           ///< qwen2: [kvDim]
    WeightTensor bv;           ///< qwen2: [kvDimV]
    WeightTensor wo;           ///< [d x qDimV]
    WeightTensor postAttnNorm; ///< gemma2: [d]
    WeightTensor ffnNorm;      ///< [d]
    WeightTensor gate;         ///< [nFf x d]
    WeightTensor up;           ///< [nFf x d]; phi3: [2·nFf x d], gate rows then up rows
    WeightTensor down;         ///< [d x nFf]
    WeightTensor postFfwNorm;  ///< gemma2: [d]
};

/// All weights of a model, pointing into its GGUF file (which must outlive them).
struct ModelWeights {
    WeightTensor tokenEmbd;        ///< [nVocab x d]
    WeightTensor outputNorm;       ///< [d]
    WeightTensor output;           ///< [nVocab x d]; the same as tokenEmbd when tied
    bool tiedOutput = false;       ///< no output.weight: logits use token_embd
    WeightTensor ropeFreqs;        ///< llama 3.1+: [nRot/2] frequency divisors
    WeightTensor ropeFactorsLong;  ///< phi3 LongRoPE: [nRot/2]
    WeightTensor ropeFactorsShort; ///< phi3 LongRoPE: [nRot/2]
    std::vector<LayerWeights> layers;

    /// Total bytes of every weight tensor.
    uint64_t totalBytes = 0;
};

/// Finds and checks every tensor the architecture needs: a missing tensor, a wrong shape or an
/// unsupported type is a hearth::Error naming the tensor.
ModelWeights loadWeights(const gguf::File& file, const ModelConfig& config);

} // namespace hearth
