// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/transformer.h"

#include "engine/core/error.h"
#include "engine/model/memory.h"
#include "engine/quant/quant.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace hearth::vk {
namespace {

constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kFloatBytes = 4;
constexpr uint64_t kHalfBytes = 2;
/// attention.comp keeps a query head in shared memory (MAX_HEAD_DIM) and at most 8 output values
/// per invocation (MAX_DIMS_PER_INVOCATION x a workgroup of at least 64).
constexpr uint32_t kMaxHeadDim = 512;
/// The logits buffer holds at most this many bytes; longer all-logits batches run in groups.
constexpr uint64_t kMaxLogitBytes = 64 * kMiB;

std::string mib(uint64_t bytes) {
    return std::to_string((bytes + kMiB - 1) / kMiB) + " MiB";
}

/// A vector-shaped weight (norm, bias, RoPE factors) as float32.
std::vector<float> toFloats(const WeightTensor& w) {
    std::vector<float> v(w.rows * w.cols);
    quant::dequantize(w.type, w.data, v.data(), v.size());
    return v;
}

BufferBinding whole(const Buffer& b) {
    return b.binding();
}

} // namespace

Transformer::Transformer(Kernels& kernels, const ModelConfig& config, const ModelWeights& weights,
                         const TransformerOptions& options)
    : kernels_(kernels), device_(kernels.device()), c_(config), nCtx_(options.contextSize),
      budget_(options.memoryBudget), replayDecode_(options.replayDecode) {
    const DeviceInfo& info = device_.info();
    if (c_.headDim % 2 != 0 || c_.headDimV % 2 != 0 || c_.nRot % 2 != 0) {
        throw Error("the Vulkan backend needs even head widths");
    }
    if (c_.headDim > kMaxHeadDim || c_.headDimV > kMaxHeadDim) {
        throw Error("the Vulkan backend handles heads of at most " + std::to_string(kMaxHeadDim) +
                    " values (this model has " + std::to_string(c_.headDim) + ")");
    }

    // Phi-3 LongRoPE: the long factors when the context exceeds the original one.
    std::vector<float> factors;
    if (weights.ropeFreqs) {
        factors = toFloats(weights.ropeFreqs);
    } else if (weights.ropeFactorsLong && nCtx_ > c_.ropeOrigCtx) {
        factors = toFloats(weights.ropeFactorsLong);
    } else if (weights.ropeFactorsShort) {
        factors = toFloats(weights.ropeFactorsShort);
    }
    rope_ = makeRopeSetup(c_, factors);

    // Batch and logits sizes: every activation buffer must fit one binding.
    qkvWidth_ = c_.qDim() + c_.kvDim() + c_.kvDimV();
    attnWidth_ = c_.nHead * c_.headDimV;
    const uint64_t range =
        std::min<uint64_t>(info.maxStorageBufferRange,
                           options.maxBindingBytes.value_or(std::numeric_limits<uint64_t>::max()));
    const uint64_t widest =
        std::max<uint64_t>({c_.nEmbd, qkvWidth_, attnWidth_, 2ull * c_.nFf}) * kFloatBytes;
    batch_ = static_cast<uint32_t>(std::min<uint64_t>(options.maxBatch, range / widest));
    const uint64_t logitRowBytes = uint64_t(c_.nVocab) * kFloatBytes;
    logitRows_ = static_cast<uint32_t>(
        std::min<uint64_t>(batch_, std::min(range, kMaxLogitBytes) / logitRowBytes));
    if (batch_ == 0 || logitRows_ == 0) {
        throw Error("the model's activations exceed the largest buffer binding of \"" + info.name +
                    "\" (" + mib(range) + ")");
    }
    const uint64_t kvLayerBytes = uint64_t(nCtx_) * std::max(c_.kvDim(), c_.kvDimV()) * kHalfBytes;
    if (kvLayerBytes > range) {
        const uint64_t maxCtx = range / (uint64_t(std::max(c_.kvDim(), c_.kvDimV())) * kHalfBytes);
        throw Error("a context of " + std::to_string(nCtx_) +
                    " tokens exceeds the largest buffer "
                    "binding of \"" +
                    info.name + "\"; use a context of at most " + std::to_string(maxCtx) +
                    " tokens (--ctx) or the CPU backend");
    }

    store_ = std::make_unique<WeightStore>(device_, options.maxBindingBytes, options.forceStaging);
    planWeights(*store_, weights);
    const uint64_t weightBytes = store_->plannedBytes();
    if (estimateMemory(c_, weightBytes, nCtx_, batch_).total() > budget_) {
        throw Error(memoryMessage(weightBytes));
    }
    try {
        store_->upload(options.uploadProgress);
        allocate();
    } catch (const OutOfMemoryError&) {
        throw Error(memoryMessage(weightBytes));
    }
    prepare(*store_);
}

Transformer::~Transformer() = default;

std::string Transformer::memoryMessage(uint64_t weightBytes) const {
    const uint64_t needed = estimateMemory(c_, weightBytes, nCtx_, batch_).total();
    std::string msg = "not enough GPU memory: the model needs about " + mib(needed) +
                      " at a context of " + std::to_string(nCtx_) + " tokens, but \"" +
                      device_.info().name + "\" has " + mib(budget_);
    // The longest context that would fit (the estimate grows with the context).
    uint32_t lo = 0;
    uint32_t hi = nCtx_;
    while (lo + 1 < hi) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (estimateMemory(c_, weightBytes, mid, batch_).total() <= budget_) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if (lo > 0) {
        msg += "; a context of at most " + std::to_string(lo) +
               " tokens (--ctx) would fit, or use the CPU backend (--backend cpu)";
    } else {
        msg += "; use the CPU backend (--backend cpu)";
    }
    return msg;
}

void Transformer::planWeights(WeightStore& store, const ModelWeights& w) {
    const auto matrix = [&](const WeightTensor& t) -> std::optional<std::size_t> {
        if (!t) {
            return std::nullopt;
        }
        if (!kernelSupportsType(t.type)) {
            throw Error("tensor " + t.name + " has type " + std::string(typeName(t.type)) +
                        ", which the Vulkan backend cannot compute with (use the CPU backend)");
        }
        return store.add(t.name, t.type, t.rows, t.cols, t.data);
    };
    const auto vector = [&](const WeightTensor& t) -> std::optional<std::size_t> {
        if (!t) {
            return std::nullopt;
        }
        return store.addFloats(t.name, toFloats(t));
    };
    tokenEmbd_ = *matrix(w.tokenEmbd);
    output_ = w.tiedOutput || w.output.data == w.tokenEmbd.data ? tokenEmbd_ : *matrix(w.output);
    outputNorm_ = *vector(w.outputNorm);
    theta_ = store.addFloats("rope frequencies", rope_.theta);
    for (const LayerWeights& L : w.layers) {
        LayerHandles h;
        h.attnNorm = vector(L.attnNorm);
        h.wq = matrix(L.wq);
        h.wk = matrix(L.wk);
        h.wv = matrix(L.wv);
        h.wqkv = matrix(L.wqkv);
        h.bq = vector(L.bq);
        h.bk = vector(L.bk);
        h.bv = vector(L.bv);
        h.wo = matrix(L.wo);
        h.postAttnNorm = vector(L.postAttnNorm);
        h.ffnNorm = vector(L.ffnNorm);
        h.gate = matrix(L.gate);
        h.up = matrix(L.up);
        h.down = matrix(L.down);
        h.postFfwNorm = vector(L.postFfwNorm);
        handles_.push_back(h);
    }
}

void Transformer::allocate() {
    const uint64_t b = batch_;
    const auto floats = [&](uint64_t count) {
        return Buffer(device_, count * kFloatBytes, MemoryKind::DeviceOnly);
    };
    ids_ = Buffer(device_, b * sizeof(int32_t), MemoryKind::Staging);
    x_ = floats(b * c_.nEmbd);
    xb_ = floats(b * c_.nEmbd);
    qkv_ = floats(b * qkvWidth_);
    attn_ = floats(b * attnWidth_);
    proj_ = floats(b * c_.nEmbd);
    gu_ = floats(b * 2 * c_.nFf);
    hidden_ = floats(b * c_.nFf);
    logits_ = floats(uint64_t(logitRows_) * c_.nVocab);
    readback_ = Buffer(device_, uint64_t(c_.nVocab) * kFloatBytes, MemoryKind::Readback);
    step_ = StepBuffer(device_);

    // The cache starts as zeros so that reading a position never written is harmless.
    Recorder rec(device_);
    for (uint32_t l = 0; l < c_.nLayer; ++l) {
        keys_.emplace_back(device_, uint64_t(nCtx_) * c_.kvDim() * kHalfBytes,
                           MemoryKind::DeviceOnly);
        values_.emplace_back(device_, uint64_t(nCtx_) * c_.kvDimV() * kHalfBytes,
                             MemoryKind::DeviceOnly);
        rec.fill(keys_.back(), 0);
        rec.fill(values_.back(), 0);
    }
    rec.submitAndWait();
}

void Transformer::prepare(const WeightStore& store) {
    Kernels& k = kernels_;
    const auto T = [&](std::optional<std::size_t> h) -> const DeviceTensor& {
        return store.tensor(*h);
    };
    // The three inputs of the matrix products, each quantized once per use where the decode
    // kernels take 8-bit activations (null elsewhere), shared by every op that reads it.
    const auto q8Norm = MatmulOp::makeQ8Input(k, whole(xb_), c_.nEmbd);
    const auto q8Attn = MatmulOp::makeQ8Input(k, whole(attn_), attnWidth_);
    const auto q8Hidden = MatmulOp::makeQ8Input(k, whole(hidden_), c_.nFf);
    embed_ = GetRowsOp(k, store.tensor(tokenEmbd_), whole(ids_), whole(x_));
    ropeOp_ = RopeOp(k, whole(qkv_), store.tensor(theta_), step_);
    residual_ = AddOp(k, whole(x_), whole(proj_));
    glu_ = GluOp(k, whole(gu_), whole(hidden_));
    outputNormOp_ = RmsNormOp(k, whole(x_), store.tensor(outputNorm_), whole(xb_));
    outputOp_ = MatmulOp(k, store.tensor(output_), whole(xb_), whole(logits_), q8Norm);
    if (c_.finalSoftcap > 0.0f) {
        softcap_ = SoftcapOp(k, whole(logits_));
    }
    for (uint32_t l = 0; l < c_.nLayer; ++l) {
        const LayerHandles& h = handles_[l];
        Layer L;
        L.sliding = c_.isSlidingLayer(l);
        L.attnNorm = RmsNormOp(k, whole(x_), T(h.attnNorm), whole(xb_));
        if (h.wqkv) {
            L.wqkv = MatmulOp(k, T(h.wqkv), whole(xb_), whole(qkv_), q8Norm);
        } else {
            L.wq = MatmulOp(k, T(h.wq), whole(xb_), whole(qkv_), q8Norm);
            L.wk = MatmulOp(k, T(h.wk), whole(xb_), whole(qkv_), q8Norm);
            L.wv = MatmulOp(k, T(h.wv), whole(xb_), whole(qkv_), q8Norm);
        }
        if (h.bq) {
            L.bq = AddOp(k, whole(qkv_), singleChunk(T(h.bq)));
        }
        if (h.bk) {
            L.bk = AddOp(k, whole(qkv_), singleChunk(T(h.bk)));
        }
        if (h.bv) {
            L.bv = AddOp(k, whole(qkv_), singleChunk(T(h.bv)));
        }
        L.storeK = KvStoreOp(k, whole(qkv_), whole(keys_[l]), step_);
        L.storeV = KvStoreOp(k, whole(qkv_), whole(values_[l]), step_);
        L.attention = AttentionOp(k, whole(qkv_), whole(keys_[l]), whole(values_[l]), whole(attn_),
                                  step_, c_.headDim, c_.headDimV);
        L.wo = MatmulOp(k, T(h.wo), whole(attn_), whole(proj_), q8Attn);
        if (h.postAttnNorm) {
            L.postAttnNorm = RmsNormOp(k, whole(proj_), T(h.postAttnNorm), whole(proj_));
        }
        L.ffnNorm = RmsNormOp(k, whole(x_), T(h.ffnNorm), whole(xb_));
        if (h.gate) {
            L.gate = MatmulOp(k, T(h.gate), whole(xb_), whole(gu_), q8Norm);
        }
        L.up = MatmulOp(k, T(h.up), whole(xb_), whole(gu_), q8Norm);
        L.down = MatmulOp(k, T(h.down), whole(hidden_), whole(proj_), q8Hidden);
        if (h.postFfwNorm) {
            L.postFfwNorm = RmsNormOp(k, whole(proj_), T(h.postFfwNorm), whole(proj_));
        }
        layers_.push_back(std::move(L));
    }
}

void Transformer::recordPass(Recorder& rec, uint32_t n, uint32_t first) const {
    embed_.record(rec, n, {0, c_.nEmbd}, c_.embeddingScale);
    rec.barrier();
    for (const Layer& L : layers_) {
        recordLayer(rec, L, n);
    }
    recordLogits(rec, first, n);
}

void Transformer::recordLayer(Recorder& rec, const Layer& L, uint32_t n) const {
    const uint32_t d = c_.nEmbd;
    const uint32_t qDim = c_.qDim();
    const uint32_t kvDim = c_.kvDim();
    const uint32_t kvDimV = c_.kvDimV();
    const uint32_t ff = c_.nFf;
    const uint32_t qkv = qkvWidth_;
    const RmsNormParams norm{d, c_.rmsEps, 0, d, 0, d};

    // Attention block: norm, Q/K/V (+ biases), RoPE, cache, attention, output projection. The
    // position-dependent ops read the position from step_ (posOffset 0).
    L.attnNorm.record(rec, n, norm);
    rec.barrier();
    if (L.wqkv) {
        L.wqkv.record(rec, n, {0, d}, {0, qkv});
    } else {
        L.wq.record(rec, n, {0, d}, {0, qkv});
        L.wk.record(rec, n, {0, d}, {qDim, qkv});
        L.wv.record(rec, n, {0, d}, {qDim + kvDim, qkv});
    }
    rec.barrier();
    if (L.bq || L.bk || L.bv) {
        if (L.bq) {
            L.bq.record(rec, AddParams{n, qDim, 0, qkv, 0, 0});
        }
        if (L.bk) {
            L.bk.record(rec, AddParams{n, kvDim, qDim, qkv, 0, 0});
        }
        if (L.bv) {
            L.bv.record(rec, AddParams{n, kvDimV, qDim + kvDim, qkv, 0, 0});
        }
        rec.barrier();
    }
    ropeOp_.record(rec, rope_.params(n, c_.nHead, c_.headDim, 0, 0, qkv));
    ropeOp_.record(rec, rope_.params(n, c_.nHeadKv, c_.headDim, 0, qDim, qkv));
    rec.barrier();
    L.storeK.record(rec, KvStoreParams{n, kvDim, 0, qDim, qkv});
    L.storeV.record(rec, KvStoreParams{n, kvDimV, 0, qDim + kvDim, qkv});
    rec.barrier();
    AttentionParams a{};
    a.tokens = n;
    a.posOffset = 0;
    a.headDim = c_.headDim;
    a.headDimV = c_.headDimV;
    a.group = c_.nHead / c_.nHeadKv;
    a.qOffset = 0;
    a.qStride = qkv;
    a.kWidth = kvDim;
    a.vWidth = kvDimV;
    a.outOffset = 0;
    a.outStride = attnWidth_;
    a.window = L.sliding ? c_.slidingWindow : 0;
    a.scale = c_.attentionScale;
    a.softcap = c_.attnSoftcap;
    L.attention.record(rec, c_.nHead, a);
    rec.barrier();
    L.wo.record(rec, n, {0, attnWidth_}, {0, d});
    rec.barrier();
    if (L.postAttnNorm) {
        L.postAttnNorm.record(rec, n, norm);
        rec.barrier();
    }
    residual_.record(rec, AddParams{n, d, 0, d, 0, d});
    rec.barrier();

    // Feed-forward block: norm, gate and up, act(gate)·up, down (+ post-norm), residual.
    L.ffnNorm.record(rec, n, norm);
    rec.barrier();
    if (L.gate) {
        L.gate.record(rec, n, {0, d}, {0, 2 * ff});
        L.up.record(rec, n, {0, d}, {ff, 2 * ff});
    } else {
        L.up.record(rec, n, {0, d}, {0, 2 * ff}); // Phi-3: gate rows, then up rows
    }
    rec.barrier();
    const uint32_t gelu = c_.activation == Activation::GeluTanh ? 1 : 0;
    glu_.record(rec, GluParams{n, ff, 0, ff, 2 * ff, 0, ff, gelu});
    rec.barrier();
    L.down.record(rec, n, {0, ff}, {0, d});
    rec.barrier();
    if (L.postFfwNorm) {
        L.postFfwNorm.record(rec, n, norm);
        rec.barrier();
    }
    residual_.record(rec, AddParams{n, d, 0, d, 0, d});
    rec.barrier();
}

void Transformer::recordLogits(Recorder& rec, uint32_t first, uint32_t n) const {
    const uint32_t d = c_.nEmbd;
    const uint32_t vocab = c_.nVocab;
    for (uint32_t g0 = first; g0 < n; g0 += logitRows_) {
        const uint32_t rows = std::min(logitRows_, n - g0);
        outputNormOp_.record(rec, rows, RmsNormParams{d, c_.rmsEps, g0 * d, d, 0, d});
        rec.barrier();
        outputOp_.record(rec, rows, {0, d}, {0, vocab});
        rec.barrier();
        if (c_.finalSoftcap > 0.0f) {
            softcap_.record(rec, SoftcapParams{rows * vocab, 0, c_.finalSoftcap});
            rec.barrier();
        }
        rec.copy(logits_, readback_, uint64_t(rows) * vocab * kFloatBytes, 0,
                 uint64_t(g0 - first) * vocab * kFloatBytes);
        rec.barrier();
    }
}

void Transformer::forward(std::span<const int32_t> tokens, uint32_t pos, bool allLogits,
                          std::vector<float>& logits) {
    const uint32_t n = static_cast<uint32_t>(tokens.size());
    if (n == 0 || n > batch_) {
        throw Error("forward pass needs 1 to " + std::to_string(batch_) + " tokens");
    }
    if (uint64_t(pos) + n > nCtx_) {
        throw Error("the context is full (" + std::to_string(nCtx_) + " tokens)");
    }
    for (const int32_t t : tokens) {
        if (t < 0 || uint32_t(t) >= c_.nVocab) {
            throw Error("token id " + std::to_string(t) + " is outside the vocabulary");
        }
    }
    const uint32_t first = allLogits ? 0 : n - 1;
    const uint64_t logitBytes = uint64_t(n - first) * c_.nVocab * kFloatBytes;
    if (readback_.size() < logitBytes) {
        decode_.reset(); // it copies into the old buffer
        readback_ = Buffer(device_, logitBytes, MemoryKind::Readback);
    }
    ids_.upload(tokens.data(), tokens.size_bytes());
    step_.setPosition(pos);

    // A decode step replays the one recorded before; batches (their sizes vary) and timed
    // passes record their own.
    const bool replayable = n == 1 && replayDecode_ && !profiler_;
    if (replayable && decode_) {
        decode_->submitAndWait();
    } else {
        auto rec =
            std::make_unique<Recorder>(device_, replayable ? Submissions::Many : Submissions::One);
        rec->setProfiler(profiler_);
        recordPass(*rec, n, first);
        ++recordings_;
        rec->submitAndWait();
        if (replayable) {
            decode_ = std::move(rec);
        }
    }

    logits.resize(size_t(n - first) * c_.nVocab);
    readback_.download(logits.data(), logitBytes);
}

} // namespace hearth::vk
