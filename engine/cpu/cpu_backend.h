// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/backend.h"
#include "engine/cpu/ops.h"
#include "engine/cpu/threadpool.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"

#include <memory>
#include <vector>

namespace hearth {

class Model;

/// The float32 reference forward pass on the CPU: weights stay in their stored type and are
/// dequantized row by row inside the matrix products; activations and the KV cache are float32.
/// Every GPU kernel is tested against it.
class CpuBackend : public Backend {
public:
    /// `contextSize` 0 means the model's training context. `threads` 0 means all cores.
    CpuBackend(std::shared_ptr<const Model> model, uint32_t contextSize, unsigned threads = 0);
    /// For callers that hold the weights some other way; `keepAlive` owns what they point into.
    CpuBackend(const ModelConfig& config, const ModelWeights& weights,
               std::shared_ptr<const void> keepAlive, uint32_t contextSize, unsigned threads = 0);

    std::string name() const override { return "cpu"; }
    uint32_t contextSize() const override { return nCtx_; }
    uint32_t maxBatch() const override { return kMaxBatch; }
    void forward(std::span<const int32_t> tokens, uint32_t pos, bool allLogits,
                 std::vector<float>& logits) override;

    /// Tokens per forward() call at most; longer prompts are split by the caller.
    static constexpr uint32_t kMaxBatch = 256;

private:
    /// The layer's attention for `n` tokens whose Q (rotated) is in q_ and whose K/V are
    /// already in the cache; writes the per-head outputs into attn_.
    void attention(uint32_t layer, uint32_t n, uint32_t pos);

    std::shared_ptr<const void> keepAlive_;
    ModelConfig c_;
    ModelWeights w_;
    uint32_t nCtx_;
    ThreadPool pool_;
    std::unique_ptr<cpu::Rope> rope_;

    // Small weights dequantized once.
    struct LayerFloats {
        std::vector<float> attnNorm, ffnNorm, postAttnNorm, postFfwNorm, bq, bk, bv;
    };
    std::vector<LayerFloats> lf_;
    std::vector<float> outputNorm_;

    // KV cache: per layer, nCtx positions of kvDim (K) and kvDimV (V) floats.
    std::vector<std::vector<float>> kCache_, vCache_;

    // Scratch, token-major, sized for the largest batch seen.
    std::vector<float> x_, xb_, q_, k_, v_, qkv_, attn_, proj_, gate_, up_, hidden_;
};

} // namespace hearth
