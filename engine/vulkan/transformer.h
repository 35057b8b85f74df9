// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/model/config.h"
#include "engine/model/weights.h"
#include "engine/vulkan/ops.h"
#include "engine/vulkan/rope_setup.h"
#include "engine/vulkan/weight_store.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace hearth::vk {

class Profiler;

/// Sizes and upload settings of a Transformer.
struct TransformerOptions {
    uint32_t contextSize = 0;  ///< KV-cache positions (> 0)
    uint32_t maxBatch = 0;     ///< tokens per forward() at most (> 0)
    uint64_t memoryBudget = 0; ///< bytes of device memory the model may take
    std::optional<uint64_t> maxBindingBytes;
    bool forceStaging = false;
    /// Decode steps replay one recorded command buffer (false: every step records its own, as
    /// batches do; tests compare the two).
    bool replayDecode = true;
    UploadProgress uploadProgress;
};

/// One model's forward pass on one device: its weights in device memory, the f16 KV cache,
/// float32 activation buffers for a batch, and every operation prepared with its descriptor
/// sets. forward() records the whole pass into one command buffer, submits it and reads back
/// only the logits. A decode step (one token) is recorded once and then replayed: its token id
/// and position live in buffers (ids, StepBuffer) that the host rewrites before each submission,
/// so later steps submit the same command buffer without recording anything.
class Transformer {
public:
    /// Plans and checks memory, uploads the weights, allocates buffers and prepares every
    /// operation. Throws hearth::Error (OutOfMemoryError-derived messages are rewritten to say
    /// what the model needs and what the device has).
    Transformer(Kernels& kernels, const ModelConfig& config, const ModelWeights& weights,
                const TransformerOptions& options);
    ~Transformer();
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;

    uint32_t contextSize() const { return nCtx_; }
    uint32_t maxBatch() const { return batch_; }
    /// Times every command of later forward() calls with `profiler` (nullptr: stop timing).
    /// While timing, every call records its own command buffer (timestamps are per recording).
    void setProfiler(Profiler* profiler) { profiler_ = profiler; }
    /// Command buffers forward() has recorded so far; a replayed decode step adds none.
    uint64_t recordings() const { return recordings_; }

    /// Backend::forward: tokens at positions pos.., logits of the last token or of all.
    void forward(std::span<const int32_t> tokens, uint32_t pos, bool allLogits,
                 std::vector<float>& logits);

private:
    /// The prepared operations of one transformer block.
    struct Layer {
        RmsNormOp attnNorm;
        MatmulOp wq, wk, wv, wqkv; ///< separate Q/K/V, or fused (phi3)
        AddOp bq, bk, bv;          ///< qwen2 biases
        KvStoreOp storeK, storeV;
        AttentionOp attention;
        MatmulOp wo;
        RmsNormOp postAttnNorm; ///< gemma2
        RmsNormOp ffnNorm;
        MatmulOp gate, up; ///< up has 2·nFf rows when gate is absent (phi3)
        MatmulOp down;
        RmsNormOp postFfwNorm; ///< gemma2
        bool sliding = false;
    };

    void planWeights(WeightStore& store, const ModelWeights& weights);
    void allocate();
    void prepare(const WeightStore& store);
    /// The whole pass for n tokens at the StepBuffer's position, logits of tokens first..n-1.
    void recordPass(Recorder& rec, uint32_t n, uint32_t first) const;
    void recordLayer(Recorder& rec, const Layer& layer, uint32_t n) const;
    void recordLogits(Recorder& rec, uint32_t first, uint32_t n) const;
    /// "not enough GPU memory: needs X, has Y; use a context of at most N or the CPU".
    std::string memoryMessage(uint64_t weightBytes) const;

    Kernels& kernels_;
    Device& device_;
    ModelConfig c_;
    uint32_t nCtx_;
    uint32_t batch_ = 0;
    uint32_t logitRows_ = 0; ///< tokens whose logits fit the logits buffer at once
    uint64_t budget_ = 0;
    bool replayDecode_ = true;
    Profiler* profiler_ = nullptr;
    RopeSetup rope_;
    std::unique_ptr<WeightStore> store_;

    // Weight handles in store_ (per layer, in the order planWeights() adds them).
    struct LayerHandles {
        std::optional<std::size_t> attnNorm, wq, wk, wv, wqkv, bq, bk, bv, wo, postAttnNorm,
            ffnNorm, gate, up, down, postFfwNorm;
    };
    std::vector<LayerHandles> handles_;
    std::size_t tokenEmbd_ = 0, output_ = 0, outputNorm_ = 0, theta_ = 0;

    // Activations, token-major, for batch_ tokens (widths in floats per token).
    uint32_t qkvWidth_ = 0;             ///< Q | K | V of one token
    uint32_t attnWidth_ = 0;            ///< nHead · headDimV
    Buffer ids_;                        ///< int32 token ids (host-visible)
    Buffer x_;                          ///< residual stream [d]
    Buffer xb_;                         ///< normed input [d]
    Buffer qkv_;                        ///< [qkvWidth_]
    Buffer attn_;                       ///< attention output [attnWidth_]
    Buffer proj_;                       ///< output of wo and down [d]
    Buffer gu_;                         ///< gate | up [2·nFf]
    Buffer hidden_;                     ///< act(gate)·up [nFf]
    Buffer logits_;                     ///< [logitRows_ · nVocab]
    Buffer readback_;                   ///< host-visible copy of the logits read back
    std::vector<Buffer> keys_, values_; ///< per layer, f16 [nCtx · kvDim] / [nCtx · kvDimV]
    StepBuffer step_;                   ///< position of the pass being submitted

    GetRowsOp embed_;
    std::vector<Layer> layers_;
    RopeOp ropeOp_;
    AddOp residual_;
    GluOp glu_;
    RmsNormOp outputNormOp_;
    MatmulOp outputOp_;
    SoftcapOp softcap_;

    /// The decode step (one token), recorded by the first one and replayed by the later ones;
    /// dropped when a buffer it copies into is replaced.
    std::unique_ptr<Recorder> decode_;
    uint64_t recordings_ = 0;
};

} // namespace hearth::vk
