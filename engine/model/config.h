// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

namespace hearth {

namespace gguf {
class File;
}

/// Transformer families Hearth runs.
enum class Architecture { Llama, Qwen2, Phi3, Gemma, Gemma2 };

/// "llama", "qwen2", ... as in general.architecture.
const char* architectureName(Architecture a);

/// How RoPE pairs the dimensions of a head.
enum class RopeOrder {
    Normal, ///< adjacent pairs (2i, 2i+1): llama (its converter permuted Q and K)
    NeoX,   ///< halves (i, i + n_rot/2): qwen2, phi3, gemma
};

/// How RoPE frequencies are rescaled for contexts longer than the training context.
enum class RopeScaling { None, Linear, Yarn };

/// Feed-forward activation on the gate.
enum class Activation { Silu, GeluTanh };

/// The hyperparameters of a model, read from GGUF metadata. Shapes in comments.
struct ModelConfig {
    Architecture arch = Architecture::Llama;
    std::string name;       ///< general.name
    uint32_t nVocab = 0;    ///< rows of token_embd
    uint32_t nCtxTrain = 0; ///< context length the model was trained for
    uint32_t nEmbd = 0;     ///< d: width of the residual stream
    uint32_t nLayer = 0;    ///< transformer blocks
    uint32_t nHead = 0;     ///< query heads
    uint32_t nHeadKv = 0;   ///< key/value heads (GQA: nHead % nHeadKv == 0)
    uint32_t headDim = 0;   ///< per-head width of Q and K (attention.key_length)
    uint32_t headDimV = 0;  ///< per-head width of V (attention.value_length)
    uint32_t nFf = 0;       ///< hidden width of the feed-forward network
    float rmsEps = 1e-5f;   ///< RMSNorm epsilon

    uint32_t nRot = 0; ///< dimensions of each head that RoPE rotates (<= headDim)
    RopeOrder ropeOrder = RopeOrder::Normal;
    float ropeFreqBase = 10000.0f; ///< θ base
    RopeScaling ropeScaling = RopeScaling::None;
    float ropeScaleFactor = 1.0f; ///< context extension factor (linear / YaRN)
    uint32_t ropeOrigCtx = 0;     ///< training context before extension
    float ropeAttnFactor = 1.0f;  ///< magnitude multiplier on cos/sin (Phi-3 LongRoPE, YaRN)
    float yarnBetaFast = 32.0f;
    float yarnBetaSlow = 1.0f;

    Activation activation = Activation::Silu;
    float embeddingScale = 1.0f; ///< multiply embeddings after lookup (gemma: sqrt(nEmbd))
    float attentionScale = 0.0f; ///< softmax scale on Q·K (1/sqrt(headDim))
    float attnSoftcap = 0.0f;    ///< gemma2: s = cap·tanh(s/cap); 0 = off
    float finalSoftcap = 0.0f;   ///< gemma2: logits = cap·tanh(logits/cap); 0 = off
    uint32_t slidingWindow = 0;  ///< gemma2: window of the sliding-window layers; 0 = none
    uint32_t swaPattern = 0;     ///< layer l uses the window when l % swaPattern < swaPattern-1

    /// Whether layer `l` attends through the sliding window.
    bool isSlidingLayer(uint32_t l) const {
        return slidingWindow > 0 && swaPattern > 1 && (l % swaPattern) < swaPattern - 1;
    }
    uint32_t qDim() const { return nHead * headDim; }      ///< width of Q
    uint32_t kvDim() const { return nHeadKv * headDim; }   ///< width of K
    uint32_t kvDimV() const { return nHeadKv * headDimV; } ///< width of V
};

/// Reads and checks the configuration of `file`. Throws hearth::Error naming the problem
/// (unknown architecture, a missing or inconsistent key).
ModelConfig readModelConfig(const gguf::File& file);

} // namespace hearth
