// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/cpu/ops.h"

#include "engine/cpu/threadpool.h"
#include "engine/quant/quant.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hearth::cpu {

float dot(const float* a, const float* b, std::size_t n) {
    // The quant module's float dot: vectorised for the CPU it runs on (AVX2/FMA where present).
    return quant::dotRow(TensorType::F32, a, b, n);
}

void rmsnorm(float* out, const float* x, const float* w, std::size_t n, float eps) {
    double ss = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        ss += double(x[i]) * x[i];
    }
    const float scale = 1.0f / std::sqrt(static_cast<float>(ss / double(n)) + eps);
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = x[i] * scale * w[i];
    }
}

void matmul(ThreadPool& pool, const WeightTensor& w, const float* x, std::size_t n,
            std::size_t xStride, float* out, std::size_t outStride) {
    const std::size_t cols = w.cols;
    // Rows are independent: split them between threads. Enough rows per chunk to amortise the
    // scheduling, few enough that all threads get work.
    constexpr std::size_t kGrain = 16;
    if (n == 1) {
        pool.parallelFor(
            w.rows,
            [&](std::size_t begin, std::size_t end) {
                for (std::size_t r = begin; r < end; ++r) {
                    out[r] = quant::dotRow(w.type, w.row(r), x, cols);
                }
            },
            kGrain);
        return;
    }
    // Several tokens: dequantize each row once, then dot it with every token.
    pool.parallelFor(
        w.rows,
        [&](std::size_t begin, std::size_t end) {
            std::vector<float> row(cols);
            for (std::size_t r = begin; r < end; ++r) {
                const float* rowData;
                if (w.type == TensorType::F32) {
                    rowData = reinterpret_cast<const float*>(w.row(r));
                } else {
                    quant::dequantize(w.type, w.row(r), row.data(), cols);
                    rowData = row.data();
                }
                for (std::size_t t = 0; t < n; ++t) {
                    out[t * outStride + r] = dot(rowData, x + t * xStride, cols);
                }
            }
        },
        kGrain);
}

std::vector<float> toFloat(const WeightTensor& w) {
    std::vector<float> v(w.cols * w.rows);
    if (!w) {
        return {};
    }
    quant::dequantize(w.type, w.data, v.data(), v.size());
    return v;
}

void dequantizeRow(const WeightTensor& w, uint64_t r, float* out) {
    quant::dequantize(w.type, w.row(r), out, w.cols);
}

float silu(float x) {
    return x / (1.0f + std::exp(-x));
}

float geluTanh(float x) {
    constexpr float kSqrt2OverPi = 0.79788456080286535588f;
    constexpr float kCubic = 0.044715f;
    return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * x * (1.0f + kCubic * x * x)));
}

namespace {

/// The dimension index at which a rotation of `nRot` dims completes `rotations` turns over the
/// original context (YaRN's correction range).
float yarnCorrDim(uint32_t nRot, uint32_t origCtx, float rotations, float base) {
    return static_cast<float>(nRot) *
           std::log(static_cast<float>(origCtx) / (rotations * 2.0f * std::numbers::pi_v<float>)) /
           (2.0f * std::log(base));
}

} // namespace

Rope::Rope(const ModelConfig& c, const std::vector<float>& factors)
    : order_(c.ropeOrder), nRot_(c.nRot), theta_(c.nRot / 2) {
    for (uint32_t i = 0; i < nRot_ / 2; ++i) {
        const float f = i < factors.size() ? factors[i] : 1.0f;
        theta_[i] = std::pow(c.ropeFreqBase, -2.0f * float(i) / float(nRot_)) / f;
    }
    mscale_ = c.ropeAttnFactor;
    if (c.ropeScaling == RopeScaling::Linear || c.ropeScaling == RopeScaling::Yarn) {
        freqScale_ = 1.0f / c.ropeScaleFactor;
    }
    if (c.ropeScaling == RopeScaling::Yarn && c.ropeScaleFactor > 1.0f) {
        extFactor_ = 1.0f;
        const float low =
            std::floor(yarnCorrDim(nRot_, c.ropeOrigCtx, c.yarnBetaFast, c.ropeFreqBase));
        const float high =
            std::ceil(yarnCorrDim(nRot_, c.ropeOrigCtx, c.yarnBetaSlow, c.ropeFreqBase));
        corrLow_ = std::max(0.0f, low);
        corrHigh_ = std::min(float(nRot_ - 1), high);
        mscale_ *= 1.0f + 0.1f * std::log(1.0f / freqScale_);
    }
}

void Rope::apply(float* x, uint32_t heads, uint32_t headDim, uint32_t pos) const {
    const uint32_t half = nRot_ / 2;
    for (uint32_t i = 0; i < half; ++i) {
        const float extrap = float(pos) * theta_[i];
        float theta = freqScale_ * extrap;
        if (extFactor_ != 0.0f) {
            const float y = (float(i) - corrLow_) / std::max(0.001f, corrHigh_ - corrLow_);
            const float ramp = (1.0f - std::min(1.0f, std::max(0.0f, y))) * extFactor_;
            theta = theta * (1.0f - ramp) + extrap * ramp;
        }
        const float cs = std::cos(theta) * mscale_;
        const float sn = std::sin(theta) * mscale_;
        for (uint32_t h = 0; h < heads; ++h) {
            float* v = x + size_t(h) * headDim;
            const uint32_t a = order_ == RopeOrder::Normal ? 2 * i : i;
            const uint32_t b = order_ == RopeOrder::Normal ? 2 * i + 1 : i + half;
            const float x0 = v[a];
            const float x1 = v[b];
            v[a] = x0 * cs - x1 * sn;
            v[b] = x0 * sn + x1 * cs;
        }
    }
}

} // namespace hearth::cpu
