// SPDX-License-Identifier: GPL-3.0-or-later
// The 256-element superblock formats Q4_K, Q5_K and Q6_K: the reference GGUF quantizers'
// search for sub-block scales and mins (without an importance matrix), reproduced operation for
// operation so the bytes match, and exact dequantization.

#include "engine/quant/blocks.h"

#include <algorithm>
#include <cmath>

namespace hearth::quant::detail {
namespace {

constexpr std::size_t kSub = 32;                    // Q4_K/Q5_K sub-block
constexpr std::size_t kSubs = kSuperBlock / kSub;   // 8
constexpr std::size_t kSub6 = 16;                   // Q6_K sub-block
constexpr std::size_t kSubs6 = kSuperBlock / kSub6; // 16
constexpr float kGroupMaxEps = 1e-15f;              // "all zero" threshold
constexpr int kScaleLevels = 63;                    // 6-bit scales and mins

/// Fits x ≈ scale·L + min (L in 0..nmax, min ≤ 0) minimising the weighted squared error over a
/// range of trial scales. Returns the scale; stores −min in `negMin` and the codes in L.
float fitScaleMin(int n, int nmax, const float* x, const float* weights, uint8_t* L, float& negMin,
                  uint8_t* laux, float rmin, float rdelta, int nstep) {
    float min = x[0];
    float max = x[0];
    float sumW = weights[0];
    float sumX = sumW * x[0];
    for (int i = 1; i < n; ++i) {
        min = x[i] < min ? x[i] : min;
        max = x[i] > max ? x[i] : max;
        const float w = weights[i];
        sumW += w;
        sumX += w * x[i];
    }
    if (min > 0) {
        min = 0;
    }
    if (max == min) {
        std::fill(L, L + n, uint8_t{0});
        negMin = -min;
        return 0.0f;
    }
    float iscale = static_cast<float>(nmax) / (max - min);
    float scale = 1 / iscale;
    float bestError = 0;
    for (int i = 0; i < n; ++i) {
        const int l = nearestInt(iscale * (x[i] - min));
        L[i] = static_cast<uint8_t>(std::max(0, std::min(nmax, l)));
        float diff = scale * static_cast<float>(L[i]) + min - x[i];
        diff = diff * diff;
        bestError += weights[i] * diff;
    }
    for (int is = 0; is <= nstep; ++is) {
        iscale = (rmin + rdelta * static_cast<float>(is) + static_cast<float>(nmax)) / (max - min);
        float sumL = 0, sumL2 = 0, sumXL = 0;
        for (int i = 0; i < n; ++i) {
            int l = nearestInt(iscale * (x[i] - min));
            l = std::max(0, std::min(nmax, l));
            laux[i] = static_cast<uint8_t>(l);
            const float w = weights[i];
            const auto fl = static_cast<float>(l);
            sumL += w * fl;
            sumL2 += w * fl * fl;
            sumXL += w * fl * x[i];
        }
        const float det = sumW * sumL2 - sumL * sumL;
        if (det > 0) {
            float thisScale = (sumW * sumXL - sumX * sumL) / det;
            float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
            if (thisMin > 0) {
                thisMin = 0;
                thisScale = sumXL / sumL2;
            }
            float error = 0;
            for (int i = 0; i < n; ++i) {
                float diff = thisScale * static_cast<float>(laux[i]) + thisMin - x[i];
                diff = diff * diff;
                error += weights[i] * diff;
            }
            if (error < bestError) {
                std::copy(laux, laux + n, L);
                bestError = error;
                scale = thisScale;
                min = thisMin;
            }
        }
    }
    negMin = -min;
    return scale;
}

/// Symmetric fit x ≈ scale·(L − nmax), L in 0..2·nmax−1, weighting each value by x², trying
/// 19 scales around nmax/max. Returns the scale (its sign follows the largest-magnitude value).
float fitSymmetric(int n, int nmax, const float* x, int8_t* L) {
    constexpr int kTrials = 9;
    constexpr float kStep = 0.1f;
    float max = 0;
    float amax = 0;
    for (int i = 0; i < n; ++i) {
        const float ax = std::fabs(x[i]);
        if (ax > amax) {
            amax = ax;
            max = x[i];
        }
    }
    if (amax < kGroupMaxEps) {
        std::fill(L, L + n, int8_t{0});
        return 0.0f;
    }
    const auto fmax = static_cast<float>(nmax);
    float iscale = static_cast<float>(-nmax) / max;
    float sumLX = 0;
    float sumL2 = 0;
    for (int i = 0; i < n; ++i) {
        int l = nearestInt(iscale * x[i]);
        l = std::max(-nmax, std::min(nmax - 1, l));
        L[i] = static_cast<int8_t>(l + nmax);
        const float w = x[i] * x[i];
        const auto fl = static_cast<float>(l);
        sumLX += w * x[i] * fl;
        sumL2 += w * fl * fl;
    }
    float scale = sumL2 != 0 ? sumLX / sumL2 : 0.0f;
    float best = scale * sumLX;
    for (int is = -kTrials; is <= kTrials; ++is) {
        if (is == 0) {
            continue;
        }
        iscale = -(fmax + kStep * static_cast<float>(is)) / max;
        sumLX = sumL2 = 0;
        for (int i = 0; i < n; ++i) {
            int l = nearestInt(iscale * x[i]);
            l = std::max(-nmax, std::min(nmax - 1, l));
            const float w = x[i] * x[i];
            const auto fl = static_cast<float>(l);
            sumLX += w * x[i] * fl;
            sumL2 += w * fl * fl;
        }
        if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
            for (int i = 0; i < n; ++i) {
                const int l = nearestInt(iscale * x[i]);
                L[i] = static_cast<int8_t>(nmax + std::max(-nmax, std::min(nmax - 1, l)));
            }
            scale = sumLX / sumL2;
            best = scale * sumLX;
        }
    }
    return scale;
}

/// Shared first half of Q4_K and Q5_K: fits every sub-block, packs the 6-bit scales and mins
/// and the superblock's d/dmin, then requantizes the values against the rounded scales.
void quantizeScalesMins(const float* x, uint8_t* block, std::size_t dOffset, std::size_t dminOffset,
                        std::size_t scalesOffset, int nmax, float rmin, float rdelta, int nstep,
                        uint8_t* L) {
    float mins[kSubs];
    float scales[kSubs];
    float weights[kSub];
    uint8_t laux[kSub];
    float maxScale = 0;
    float maxMin = 0;
    for (std::size_t j = 0; j < kSubs; ++j) {
        const float* xs = x + kSub * j;
        float sumX2 = 0;
        for (std::size_t l = 0; l < kSub; ++l) {
            sumX2 += xs[l] * xs[l];
        }
        const float avX = std::sqrt(sumX2 / static_cast<float>(kSub));
        for (std::size_t l = 0; l < kSub; ++l) {
            weights[l] = avX + std::fabs(xs[l]);
        }
        scales[j] =
            fitScaleMin(kSub, nmax, xs, weights, L + kSub * j, mins[j], laux, rmin, rdelta, nstep);
        maxScale = std::max(maxScale, scales[j]);
        maxMin = std::max(maxMin, mins[j]);
    }
    const float invScale = maxScale > 0 ? static_cast<float>(kScaleLevels) / maxScale : 0.0f;
    const float invMin = maxMin > 0 ? static_cast<float>(kScaleLevels) / maxMin : 0.0f;
    uint8_t* packed = block + scalesOffset;
    for (std::size_t j = 0; j < kSubs; ++j) {
        auto ls = static_cast<uint8_t>(nearestInt(invScale * scales[j]));
        auto lm = static_cast<uint8_t>(nearestInt(invMin * mins[j]));
        ls = std::min<uint8_t>(kScaleLevels, ls);
        lm = std::min<uint8_t>(kScaleLevels, lm);
        if (j < 4) {
            packed[j] = ls;
            packed[j + 4] = lm;
        } else {
            packed[j + 4] = static_cast<uint8_t>((ls & 0xF) | ((lm & 0xF) << 4));
            packed[j - 4] |= static_cast<uint8_t>((ls >> 4) << 6);
            packed[j] |= static_cast<uint8_t>((lm >> 4) << 6);
        }
    }
    storeU16(block + dOffset, fp32ToFp16(maxScale / static_cast<float>(kScaleLevels)));
    storeU16(block + dminOffset, fp32ToFp16(maxMin / static_cast<float>(kScaleLevels)));
    const float dAll = loadHalf(block + dOffset);
    const float dminAll = loadHalf(block + dminOffset);
    for (std::size_t j = 0; j < kSubs; ++j) {
        uint8_t sc, m;
        scaleMinK4(static_cast<int>(j), packed, sc, m);
        const float d = dAll * static_cast<float>(sc);
        if (d == 0.0f) {
            continue;
        }
        const float dm = dminAll * static_cast<float>(m);
        for (std::size_t i = 0; i < kSub; ++i) {
            const int l = nearestInt((x[kSub * j + i] + dm) / d);
            L[kSub * j + i] = static_cast<uint8_t>(std::max(0, std::min(nmax, l)));
        }
    }
}

} // namespace

void quantizeQ4_K(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr int kNmax = 15;
    constexpr float kRmin = -1.0f, kRdelta = 0.1f;
    constexpr int kSteps = 20;
    uint8_t L[kSuperBlock];
    for (std::size_t b = 0; b < blocks; ++b, x += kSuperBlock, y += q4_k::kBytes) {
        quantizeScalesMins(x, y, q4_k::kD, q4_k::kDmin, q4_k::kScales, kNmax, kRmin, kRdelta,
                           kSteps, L);
        uint8_t* q = y + q4_k::kQs;
        for (std::size_t j = 0; j < kSuperBlock; j += 2 * kSub, q += kSub) {
            for (std::size_t l = 0; l < kSub; ++l) {
                q[l] = static_cast<uint8_t>(L[j + l] | (L[j + l + kSub] << 4));
            }
        }
    }
}

void quantizeQ5_K(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr int kNmax = 31;
    constexpr float kRmin = -0.5f, kRdelta = 0.1f;
    constexpr int kSteps = 15;
    uint8_t L[kSuperBlock];
    for (std::size_t b = 0; b < blocks; ++b, x += kSuperBlock, y += q5_k::kBytes) {
        quantizeScalesMins(x, y, q5_k::kD, q5_k::kDmin, q5_k::kScales, kNmax, kRmin, kRdelta,
                           kSteps, L);
        uint8_t* qh = y + q5_k::kQh;
        uint8_t* ql = y + q5_k::kQs;
        std::fill(qh, qh + kSub, uint8_t{0});
        uint8_t m1 = 1, m2 = 2;
        for (std::size_t n = 0; n < kSuperBlock; n += 2 * kSub, ql += kSub) {
            for (std::size_t j = 0; j < kSub; ++j) {
                int l1 = L[n + j];
                if (l1 > 15) {
                    l1 -= 16;
                    qh[j] |= m1;
                }
                int l2 = L[n + j + kSub];
                if (l2 > 15) {
                    l2 -= 16;
                    qh[j] |= m2;
                }
                ql[j] = static_cast<uint8_t>(l1 | (l2 << 4));
            }
            m1 = static_cast<uint8_t>(m1 << 2);
            m2 = static_cast<uint8_t>(m2 << 2);
        }
    }
}

void quantizeQ6_K(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr int kNmax = 32;
    constexpr float kScaleRange = -128.0f;
    constexpr int kMaxScale = 127;
    int8_t L[kSuperBlock];
    float scales[kSubs6];
    for (std::size_t b = 0; b < blocks; ++b, x += kSuperBlock, y += q6_k::kBytes) {
        float maxScale = 0;
        float maxAbsScale = 0;
        for (std::size_t ib = 0; ib < kSubs6; ++ib) {
            const float scale = fitSymmetric(kSub6, kNmax, x + kSub6 * ib, L + kSub6 * ib);
            scales[ib] = scale;
            const float absScale = std::fabs(scale);
            if (absScale > maxAbsScale) {
                maxAbsScale = absScale;
                maxScale = scale;
            }
        }
        if (maxAbsScale < kGroupMaxEps) {
            std::fill(y, y + q6_k::kBytes, uint8_t{0});
            continue;
        }
        const float iscale = kScaleRange / maxScale;
        storeU16(y + q6_k::kD, fp32ToFp16(1 / iscale));
        auto* sc = reinterpret_cast<int8_t*>(y + q6_k::kScales);
        for (std::size_t ib = 0; ib < kSubs6; ++ib) {
            sc[ib] = static_cast<int8_t>(std::min(kMaxScale, nearestInt(iscale * scales[ib])));
        }
        const float dAll = loadHalf(y + q6_k::kD);
        for (std::size_t j = 0; j < kSubs6; ++j) {
            const float d = dAll * static_cast<float>(sc[j]);
            if (d == 0.0f) {
                continue;
            }
            for (std::size_t i = 0; i < kSub6; ++i) {
                int l = nearestInt(x[kSub6 * j + i] / d);
                l = std::max(-kNmax, std::min(kNmax - 1, l));
                L[kSub6 * j + i] = static_cast<int8_t>(l + kNmax);
            }
        }
        uint8_t* ql = y + q6_k::kQl;
        uint8_t* qh = y + q6_k::kQh;
        constexpr std::size_t kHalfBlock = kSuperBlock / 2;
        for (std::size_t j = 0; j < kSuperBlock; j += kHalfBlock, ql += 64, qh += 32) {
            for (std::size_t l = 0; l < 32; ++l) {
                const int a = L[j + l], bq = L[j + l + 32], c = L[j + l + 64], e = L[j + l + 96];
                ql[l] = static_cast<uint8_t>((a & 0xF) | ((c & 0xF) << 4));
                ql[l + 32] = static_cast<uint8_t>((bq & 0xF) | ((e & 0xF) << 4));
                qh[l] = static_cast<uint8_t>((a >> 4) | ((bq >> 4) << 2) | ((c >> 4) << 4) |
                                             ((e >> 4) << 6));
            }
        }
    }
}

void dequantizeQ4_K(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q4_k::kBytes) {
        const float d = loadHalf(x + q4_k::kD);
        const float min = loadHalf(x + q4_k::kDmin);
        const uint8_t* q = x + q4_k::kQs;
        for (int is = 0; is < static_cast<int>(kSubs); is += 2, q += kSub) {
            uint8_t sc, m;
            scaleMinK4(is, x + q4_k::kScales, sc, m);
            const float d1 = d * static_cast<float>(sc);
            const float m1 = min * static_cast<float>(m);
            scaleMinK4(is + 1, x + q4_k::kScales, sc, m);
            const float d2 = d * static_cast<float>(sc);
            const float m2 = min * static_cast<float>(m);
            for (std::size_t l = 0; l < kSub; ++l) {
                y[l] = d1 * static_cast<float>(q[l] & 0xF) - m1;
                y[l + kSub] = d2 * static_cast<float>(q[l] >> 4) - m2;
            }
            y += 2 * kSub;
        }
    }
}

void dequantizeQ5_K(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q5_k::kBytes) {
        const float d = loadHalf(x + q5_k::kD);
        const float min = loadHalf(x + q5_k::kDmin);
        const uint8_t* ql = x + q5_k::kQs;
        const uint8_t* qh = x + q5_k::kQh;
        unsigned u1 = 1, u2 = 2;
        for (int is = 0; is < static_cast<int>(kSubs); is += 2, ql += kSub) {
            uint8_t sc, m;
            scaleMinK4(is, x + q5_k::kScales, sc, m);
            const float d1 = d * static_cast<float>(sc);
            const float m1 = min * static_cast<float>(m);
            scaleMinK4(is + 1, x + q5_k::kScales, sc, m);
            const float d2 = d * static_cast<float>(sc);
            const float m2 = min * static_cast<float>(m);
            for (std::size_t l = 0; l < kSub; ++l) {
                const int lo = (ql[l] & 0xF) + ((qh[l] & u1) ? 16 : 0);
                const int hi = (ql[l] >> 4) + ((qh[l] & u2) ? 16 : 0);
                y[l] = d1 * static_cast<float>(lo) - m1;
                y[l + kSub] = d2 * static_cast<float>(hi) - m2;
            }
            y += 2 * kSub;
            u1 <<= 2;
            u2 <<= 2;
        }
    }
}

void dequantizeQ6_K(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q6_k::kBytes) {
        const float d = loadHalf(x + q6_k::kD);
        const uint8_t* ql = x + q6_k::kQl;
        const uint8_t* qh = x + q6_k::kQh;
        const auto* sc = reinterpret_cast<const int8_t*>(x + q6_k::kScales);
        for (std::size_t n = 0; n < kSuperBlock; n += 128, y += 128, ql += 64, qh += 32, sc += 8) {
            // Values l < 16 and l ≥ 16 of each 32-value quarter have their own scale.
            for (std::size_t is = 0; is < 2; ++is) {
                const float s1 = d * static_cast<float>(sc[is]);
                const float s2 = d * static_cast<float>(sc[is + 2]);
                const float s3 = d * static_cast<float>(sc[is + 4]);
                const float s4 = d * static_cast<float>(sc[is + 6]);
                for (std::size_t l = 16 * is; l < 16 * is + 16; ++l) {
                    const int q1 = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32;
                    const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    y[l] = s1 * static_cast<float>(q1);
                    y[l + 32] = s2 * static_cast<float>(q2);
                    y[l + 64] = s3 * static_cast<float>(q3);
                    y[l + 96] = s4 * static_cast<float>(q4);
                }
            }
        }
    }
}

} // namespace hearth::quant::detail
