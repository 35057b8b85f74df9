// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/cpu/cpu_backend.h"

#include "engine/core/error.h"
#include "engine/model/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace hearth {

CpuBackend::CpuBackend(std::shared_ptr<const Model> model, uint32_t contextSize, unsigned threads)
    : CpuBackend(model->config(), model->weights(), model, contextSize, threads) {}

CpuBackend::CpuBackend(const ModelConfig& config, const ModelWeights& weights,
                       std::shared_ptr<const void> keepAlive, uint32_t contextSize,
                       unsigned threads)
    : keepAlive_(std::move(keepAlive)), c_(config), w_(weights),
      nCtx_(contextSize ? contextSize : config.nCtxTrain), pool_(threads) {
    // Phi-3 LongRoPE: the long factors when the context exceeds the original one.
    std::vector<float> factors;
    if (w_.ropeFreqs) {
        factors = cpu::toFloat(w_.ropeFreqs);
    } else if (w_.ropeFactorsLong && nCtx_ > c_.ropeOrigCtx) {
        factors = cpu::toFloat(w_.ropeFactorsLong);
    } else if (w_.ropeFactorsShort) {
        factors = cpu::toFloat(w_.ropeFactorsShort);
    }
    rope_ = std::make_unique<cpu::Rope>(c_, factors);

    lf_.resize(c_.nLayer);
    for (uint32_t l = 0; l < c_.nLayer; ++l) {
        const LayerWeights& L = w_.layers[l];
        lf_[l].attnNorm = cpu::toFloat(L.attnNorm);
        lf_[l].ffnNorm = cpu::toFloat(L.ffnNorm);
        lf_[l].postAttnNorm = cpu::toFloat(L.postAttnNorm);
        lf_[l].postFfwNorm = cpu::toFloat(L.postFfwNorm);
        lf_[l].bq = cpu::toFloat(L.bq);
        lf_[l].bk = cpu::toFloat(L.bk);
        lf_[l].bv = cpu::toFloat(L.bv);
    }
    outputNorm_ = cpu::toFloat(w_.outputNorm);

    kCache_.assign(c_.nLayer, std::vector<float>(size_t(nCtx_) * c_.kvDim()));
    vCache_.assign(c_.nLayer, std::vector<float>(size_t(nCtx_) * c_.kvDimV()));
}

void CpuBackend::attention(uint32_t layer, uint32_t n, uint32_t pos) {
    const uint32_t hd = c_.headDim;
    const uint32_t hdv = c_.headDimV;
    const uint32_t group = c_.nHead / c_.nHeadKv;
    const uint32_t qDim = c_.qDim();
    const uint32_t kvDim = c_.kvDim();
    const uint32_t kvDimV = c_.kvDimV();
    const bool sliding = c_.isSlidingLayer(layer);
    const float* kc = kCache_[layer].data();
    const float* vc = vCache_[layer].data();

    // One job per (token, head).
    pool_.parallelFor(size_t(n) * c_.nHead, [&](size_t begin, size_t end) {
        std::vector<float> scores(pos + n);
        for (size_t job = begin; job < end; ++job) {
            const uint32_t t = uint32_t(job / c_.nHead);
            const uint32_t h = uint32_t(job % c_.nHead);
            const uint32_t p = pos + t; // this query's position
            const uint32_t kvh = h / group;
            const float* q = q_.data() + size_t(t) * qDim + size_t(h) * hd;
            // Causal: keys 0..p; sliding window: keys with p - p0 < window.
            const uint32_t first =
                sliding && p + 1 > c_.slidingWindow ? p + 1 - c_.slidingWindow : 0;
            float maxScore = -std::numeric_limits<float>::infinity();
            for (uint32_t p0 = first; p0 <= p; ++p0) {
                float s =
                    cpu::dot(q, kc + size_t(p0) * kvDim + size_t(kvh) * hd, hd) * c_.attentionScale;
                if (c_.attnSoftcap > 0.0f) {
                    s = c_.attnSoftcap * std::tanh(s / c_.attnSoftcap);
                }
                scores[p0] = s;
                maxScore = std::max(maxScore, s);
            }
            float sum = 0.0f;
            for (uint32_t p0 = first; p0 <= p; ++p0) {
                scores[p0] = std::exp(scores[p0] - maxScore);
                sum += scores[p0];
            }
            float* out = attn_.data() + size_t(t) * c_.nHead * hdv + size_t(h) * hdv;
            std::fill(out, out + hdv, 0.0f);
            for (uint32_t p0 = first; p0 <= p; ++p0) {
                const float a = scores[p0] / sum;
                const float* v = vc + size_t(p0) * kvDimV + size_t(kvh) * hdv;
                for (uint32_t i = 0; i < hdv; ++i) {
                    out[i] += a * v[i];
                }
            }
        }
    });
}

void CpuBackend::forward(std::span<const int32_t> tokens, uint32_t pos, bool allLogits,
                         std::vector<float>& logits) {
    const uint32_t n = static_cast<uint32_t>(tokens.size());
    if (n == 0 || n > kMaxBatch) {
        throw Error("forward pass needs 1 to " + std::to_string(kMaxBatch) + " tokens");
    }
    if (uint64_t(pos) + n > nCtx_) {
        throw Error("the context is full (" + std::to_string(nCtx_) + " tokens)");
    }
    const uint32_t d = c_.nEmbd;
    const uint32_t qDim = c_.qDim();
    const uint32_t kvDim = c_.kvDim();
    const uint32_t kvDimV = c_.kvDimV();
    const uint32_t attnDim = c_.nHead * c_.headDimV;
    const uint32_t ff = c_.nFf;
    x_.resize(size_t(n) * d);
    xb_.resize(size_t(n) * d);
    q_.resize(size_t(n) * qDim);
    k_.resize(size_t(n) * kvDim);
    v_.resize(size_t(n) * kvDimV);
    attn_.resize(size_t(n) * attnDim);
    proj_.resize(size_t(n) * d);
    gate_.resize(size_t(n) * 2 * ff);
    up_.resize(size_t(n) * ff);
    hidden_.resize(size_t(n) * ff);

    // Embedding lookup (gemma scales by sqrt(d)).
    for (uint32_t t = 0; t < n; ++t) {
        if (tokens[t] < 0 || uint32_t(tokens[t]) >= c_.nVocab) {
            throw Error("token id " + std::to_string(tokens[t]) + " is outside the vocabulary");
        }
        float* x = x_.data() + size_t(t) * d;
        cpu::dequantizeRow(w_.tokenEmbd, uint64_t(tokens[t]), x);
        if (c_.embeddingScale != 1.0f) {
            for (uint32_t i = 0; i < d; ++i) {
                x[i] *= c_.embeddingScale;
            }
        }
    }

    for (uint32_t l = 0; l < c_.nLayer; ++l) {
        const LayerWeights& L = w_.layers[l];
        const LayerFloats& F = lf_[l];

        // Attention block: norm, Q/K/V projections (+ biases), RoPE, cache, attention, output.
        for (uint32_t t = 0; t < n; ++t) {
            cpu::rmsnorm(xb_.data() + size_t(t) * d, x_.data() + size_t(t) * d, F.attnNorm.data(),
                         d, c_.rmsEps);
        }
        if (L.wqkv) {
            const uint32_t rows = qDim + kvDim + kvDimV;
            qkv_.resize(size_t(n) * rows);
            cpu::matmul(pool_, L.wqkv, xb_.data(), n, d, qkv_.data(), rows);
            for (uint32_t t = 0; t < n; ++t) {
                const float* src = qkv_.data() + size_t(t) * rows;
                std::copy(src, src + qDim, q_.data() + size_t(t) * qDim);
                std::copy(src + qDim, src + qDim + kvDim, k_.data() + size_t(t) * kvDim);
                std::copy(src + qDim + kvDim, src + rows, v_.data() + size_t(t) * kvDimV);
            }
        } else {
            cpu::matmul(pool_, L.wq, xb_.data(), n, d, q_.data(), qDim);
            cpu::matmul(pool_, L.wk, xb_.data(), n, d, k_.data(), kvDim);
            cpu::matmul(pool_, L.wv, xb_.data(), n, d, v_.data(), kvDimV);
        }
        for (uint32_t t = 0; t < n; ++t) {
            const auto addBias = [](float* y, const std::vector<float>& b) {
                for (size_t i = 0; i < b.size(); ++i) {
                    y[i] += b[i];
                }
            };
            float* q = q_.data() + size_t(t) * qDim;
            float* k = k_.data() + size_t(t) * kvDim;
            float* v = v_.data() + size_t(t) * kvDimV;
            addBias(q, F.bq);
            addBias(k, F.bk);
            addBias(v, F.bv);
            rope_->apply(q, c_.nHead, c_.headDim, pos + t);
            rope_->apply(k, c_.nHeadKv, c_.headDim, pos + t);
            std::copy(k, k + kvDim, kCache_[l].data() + size_t(pos + t) * kvDim);
            std::copy(v, v + kvDimV, vCache_[l].data() + size_t(pos + t) * kvDimV);
        }
        attention(l, n, pos);
        cpu::matmul(pool_, L.wo, attn_.data(), n, attnDim, proj_.data(), d);
        for (uint32_t t = 0; t < n; ++t) {
            float* o = proj_.data() + size_t(t) * d;
            if (!F.postAttnNorm.empty()) {
                cpu::rmsnorm(o, o, F.postAttnNorm.data(), d, c_.rmsEps);
            }
            float* x = x_.data() + size_t(t) * d;
            for (uint32_t i = 0; i < d; ++i) {
                x[i] += o[i];
            }
        }

        // Feed-forward block: norm, gate and up, activation(gate)·up, down.
        for (uint32_t t = 0; t < n; ++t) {
            cpu::rmsnorm(xb_.data() + size_t(t) * d, x_.data() + size_t(t) * d, F.ffnNorm.data(), d,
                         c_.rmsEps);
        }
        const float* gateRows;
        const float* upRows;
        size_t stride;
        if (!L.gate) {
            // Phi-3: one matrix, gate rows then up rows.
            cpu::matmul(pool_, L.up, xb_.data(), n, d, gate_.data(), 2 * ff);
            gateRows = gate_.data();
            upRows = gate_.data() + ff;
            stride = 2 * ff;
        } else {
            cpu::matmul(pool_, L.gate, xb_.data(), n, d, gate_.data(), ff);
            cpu::matmul(pool_, L.up, xb_.data(), n, d, up_.data(), ff);
            gateRows = gate_.data();
            upRows = up_.data();
            stride = ff;
        }
        for (uint32_t t = 0; t < n; ++t) {
            const float* g = gateRows + t * stride;
            const float* u = upRows + t * stride;
            float* hdn = hidden_.data() + size_t(t) * ff;
            for (uint32_t i = 0; i < ff; ++i) {
                const float a =
                    c_.activation == Activation::Silu ? cpu::silu(g[i]) : cpu::geluTanh(g[i]);
                hdn[i] = a * u[i];
            }
        }
        cpu::matmul(pool_, L.down, hidden_.data(), n, ff, proj_.data(), d);
        for (uint32_t t = 0; t < n; ++t) {
            float* o = proj_.data() + size_t(t) * d;
            if (!F.postFfwNorm.empty()) {
                cpu::rmsnorm(o, o, F.postFfwNorm.data(), d, c_.rmsEps);
            }
            float* x = x_.data() + size_t(t) * d;
            for (uint32_t i = 0; i < d; ++i) {
                x[i] += o[i];
            }
        }
    }

    // Final norm and logits, for the last token or all of them.
    const uint32_t first = allLogits ? 0 : n - 1;
    const uint32_t count = n - first;
    for (uint32_t t = first; t < n; ++t) {
        cpu::rmsnorm(xb_.data() + size_t(t - first) * d, x_.data() + size_t(t) * d,
                     outputNorm_.data(), d, c_.rmsEps);
    }
    logits.resize(size_t(count) * c_.nVocab);
    cpu::matmul(pool_, w_.output, xb_.data(), count, d, logits.data(), c_.nVocab);
    if (c_.finalSoftcap > 0.0f) {
        for (float& v : logits) {
            v = c_.finalSoftcap * std::tanh(v / c_.finalSoftcap);
        }
    }
}

} // namespace hearth
