// SPDX-License-Identifier: GPL-3.0-or-later
// The 32-element block formats Q4_0, Q4_1, Q5_0, Q5_1 and Q8_0: quantization with exactly the
// arithmetic of the reference GGUF quantizers (so the bytes match), and exact dequantization.

#include "engine/quant/blocks.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace hearth::quant::detail {
namespace {

constexpr std::size_t kHalf = kLegacyBlock / 2;

/// The value of largest magnitude in a block (the first one wins ties), as the symmetric
/// formats scale by it with its sign.
float signedAbsMax(const float* x) {
    float amax = 0.0f;
    float max = 0.0f;
    for (std::size_t j = 0; j < kLegacyBlock; ++j) {
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    return max;
}

void minMax(const float* x, float& min, float& max) {
    min = FLT_MAX;
    max = -FLT_MAX;
    for (std::size_t j = 0; j < kLegacyBlock; ++j) {
        min = x[j] < min ? x[j] : min;
        max = x[j] > max ? x[j] : max;
    }
}

/// The reference stores `MIN(top, (int8_t)v)` into a byte.
uint8_t clampedCode(float v, int top) {
    return static_cast<uint8_t>(
        std::min(top, static_cast<int>(static_cast<int8_t>(truncateToInt(v)))));
}

} // namespace

void quantizeQ4_0(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr int kTop = 15;
    constexpr float kOffset = 8.5f;
    for (std::size_t b = 0; b < blocks; ++b, x += kLegacyBlock, y += q4_0::kBytes) {
        const float d = signedAbsMax(x) / -8;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        storeU16(y + q4_0::kD, fp32ToFp16(d));
        for (std::size_t j = 0; j < kHalf; ++j) {
            const uint8_t lo = clampedCode(x[j] * id + kOffset, kTop);
            const uint8_t hi = clampedCode(x[kHalf + j] * id + kOffset, kTop);
            y[q4_0::kQs + j] = static_cast<uint8_t>(lo | (hi << 4));
        }
    }
}

void quantizeQ4_1(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr int kTop = 15;
    for (std::size_t b = 0; b < blocks; ++b, x += kLegacyBlock, y += q4_1::kBytes) {
        float min, max;
        minMax(x, min, max);
        const float d = (max - min) / kTop;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        storeU16(y + q4_1::kD, fp32ToFp16(d));
        storeU16(y + q4_1::kM, fp32ToFp16(min));
        for (std::size_t j = 0; j < kHalf; ++j) {
            const uint8_t lo = clampedCode((x[j] - min) * id + 0.5f, kTop);
            const uint8_t hi = clampedCode((x[kHalf + j] - min) * id + 0.5f, kTop);
            y[q4_1::kQs + j] = static_cast<uint8_t>(lo | (hi << 4));
        }
    }
}

void quantizeQ5_0(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr int kTop = 31;
    constexpr float kOffset = 16.5f;
    for (std::size_t b = 0; b < blocks; ++b, x += kLegacyBlock, y += q5_0::kBytes) {
        const float d = signedAbsMax(x) / -16;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        storeU16(y + q5_0::kD, fp32ToFp16(d));
        uint32_t qh = 0;
        for (std::size_t j = 0; j < kHalf; ++j) {
            const uint8_t lo = clampedCode(x[j] * id + kOffset, kTop);
            const uint8_t hi = clampedCode(x[kHalf + j] * id + kOffset, kTop);
            y[q5_0::kQs + j] = static_cast<uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
            qh |= ((lo & 0x10u) >> 4) << j;
            qh |= ((hi & 0x10u) >> 4) << (j + kHalf);
        }
        storeU32(y + q5_0::kQh, qh);
    }
}

void quantizeQ5_1(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr int kTop = 31;
    for (std::size_t b = 0; b < blocks; ++b, x += kLegacyBlock, y += q5_1::kBytes) {
        float min, max;
        minMax(x, min, max);
        const float d = (max - min) / kTop;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        storeU16(y + q5_1::kD, fp32ToFp16(d));
        storeU16(y + q5_1::kM, fp32ToFp16(min));
        uint32_t qh = 0;
        for (std::size_t j = 0; j < kHalf; ++j) {
            // The reference converts straight to uint8_t here (no clamp).
            const auto lo = static_cast<uint8_t>(truncateToInt((x[j] - min) * id + 0.5f));
            const auto hi = static_cast<uint8_t>(truncateToInt((x[kHalf + j] - min) * id + 0.5f));
            y[q5_1::kQs + j] = static_cast<uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
            qh |= ((lo & 0x10u) >> 4) << j;
            qh |= ((hi & 0x10u) >> 4) << (j + kHalf);
        }
        storeU32(y + q5_1::kQh, qh);
    }
}

void quantizeQ8_0(const float* x, uint8_t* y, std::size_t blocks) {
    constexpr float kTop = 127.0f;
    for (std::size_t b = 0; b < blocks; ++b, x += kLegacyBlock, y += q8_0::kBytes) {
        float amax = 0.0f;
        for (std::size_t j = 0; j < kLegacyBlock; ++j) {
            amax = std::max(amax, std::fabs(x[j]));
        }
        const float d = amax / kTop;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        storeU16(y + q8_0::kD, fp32ToFp16(d));
        for (std::size_t j = 0; j < kLegacyBlock; ++j) {
            const auto q = static_cast<int8_t>(truncateToInt(std::round(x[j] * id)));
            y[q8_0::kQs + j] = static_cast<uint8_t>(q);
        }
    }
}

void dequantizeQ4_0(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q4_0::kBytes, y += kLegacyBlock) {
        const float d = loadHalf(x + q4_0::kD);
        const uint8_t* qs = x + q4_0::kQs;
        for (std::size_t j = 0; j < kHalf; ++j) {
            y[j] = static_cast<float>((qs[j] & 0xF) - 8) * d;
            y[j + kHalf] = static_cast<float>((qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantizeQ4_1(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q4_1::kBytes, y += kLegacyBlock) {
        const float d = loadHalf(x + q4_1::kD);
        const float m = loadHalf(x + q4_1::kM);
        const uint8_t* qs = x + q4_1::kQs;
        for (std::size_t j = 0; j < kHalf; ++j) {
            y[j] = static_cast<float>(qs[j] & 0xF) * d + m;
            y[j + kHalf] = static_cast<float>(qs[j] >> 4) * d + m;
        }
    }
}

void dequantizeQ5_0(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q5_0::kBytes, y += kLegacyBlock) {
        const float d = loadHalf(x + q5_0::kD);
        const uint32_t qh = loadU32(x + q5_0::kQh);
        const uint8_t* qs = x + q5_0::kQs;
        for (std::size_t j = 0; j < kHalf; ++j) {
            const int hiLo = static_cast<int>(((qh >> j) << 4) & 0x10);
            const int hiHi = static_cast<int>((qh >> (j + 12)) & 0x10);
            y[j] = static_cast<float>(((qs[j] & 0xF) | hiLo) - 16) * d;
            y[j + kHalf] = static_cast<float>(((qs[j] >> 4) | hiHi) - 16) * d;
        }
    }
}

void dequantizeQ5_1(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q5_1::kBytes, y += kLegacyBlock) {
        const float d = loadHalf(x + q5_1::kD);
        const float m = loadHalf(x + q5_1::kM);
        const uint32_t qh = loadU32(x + q5_1::kQh);
        const uint8_t* qs = x + q5_1::kQs;
        for (std::size_t j = 0; j < kHalf; ++j) {
            const int hiLo = static_cast<int>(((qh >> j) << 4) & 0x10);
            const int hiHi = static_cast<int>((qh >> (j + 12)) & 0x10);
            y[j] = static_cast<float>((qs[j] & 0xF) | hiLo) * d + m;
            y[j + kHalf] = static_cast<float>((qs[j] >> 4) | hiHi) * d + m;
        }
    }
}

void dequantizeQ8_0(const uint8_t* x, float* y, std::size_t blocks) {
    for (std::size_t b = 0; b < blocks; ++b, x += q8_0::kBytes, y += kLegacyBlock) {
        const float d = loadHalf(x + q8_0::kD);
        const auto* qs = reinterpret_cast<const int8_t*>(x + q8_0::kQs);
        for (std::size_t j = 0; j < kLegacyBlock; ++j) {
            y[j] = static_cast<float>(qs[j]) * d;
        }
    }
}

} // namespace hearth::quant::detail
