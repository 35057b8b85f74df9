// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/model/config.h"
#include "engine/model/weights.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hearth {

class ThreadPool;

namespace cpu {

/// Σ a[i]·b[i] in float32 with several partial sums (so the compiler vectorises it).
float dot(const float* a, const float* b, std::size_t n);

/// out = x / sqrt(mean(x²) + eps) · w. `out` may alias `x`.
void rmsnorm(float* out, const float* x, const float* w, std::size_t n, float eps);

/// The hot spot: out[t][r] = dot(W row r, x[t]) for every row r of W and every token t < n.
/// W stays in its stored (possibly quantized) type and is dequantized row by row. x and out
/// are token-major with strides xStride and outStride floats.
void matmul(ThreadPool& pool, const WeightTensor& w, const float* x, std::size_t n,
            std::size_t xStride, float* out, std::size_t outStride);

/// Dequantizes a whole vector-shaped tensor (norm weights, biases, RoPE factors) to float.
std::vector<float> toFloat(const WeightTensor& w);

/// Dequantizes row `r` of `w` into out (w.cols floats): the embedding lookup.
void dequantizeRow(const WeightTensor& w, uint64_t r, float* out);

/// x · sigmoid(x)
float silu(float x);
/// GELU, tanh approximation (Gemma).
float geluTanh(float x);

/// Precomputed RoPE frequencies for one model and context size.
class Rope {
public:
    /// `factors` (rope_freqs / Phi-3 long or short factors) divide each frequency; may be empty.
    Rope(const ModelConfig& c, const std::vector<float>& factors);
    /// Rotates `heads` heads of width `headDim` (consecutive in `x`) for position `pos`.
    void apply(float* x, uint32_t heads, uint32_t headDim, uint32_t pos) const;

private:
    RopeOrder order_;
    uint32_t nRot_;
    std::vector<float> theta_; ///< per pair i: base^(-2i/nRot) / factor_i
    float freqScale_ = 1.0f;   ///< 1/scale factor (linear, YaRN)
    float extFactor_ = 0.0f;   ///< YaRN extrapolation mix
    float mscale_ = 1.0f;      ///< magnitude of cos/sin
    float corrLow_ = 0.0f;     ///< YaRN correction dims
    float corrHigh_ = 0.0f;
};

} // namespace cpu
} // namespace hearth
