// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <bit>
#include <cstdint>

namespace hearth::quant {

/// IEEE binary16 to float32. Exact for every input (subnormals, infinities and NaN payloads
/// included); branch-free so that loops over it vectorise.
inline float fp16ToFp32(uint16_t h) {
    // Shift the half into the top of a float, rebias its exponent by a multiplication (which
    // also turns the half's infinity/NaN exponent into the float's), and build subnormals as
    // (1.mantissa × 2^-1) − 0.5 scaled the same way.
    constexpr uint32_t kExponentOffset = 0xE0u << 23;
    constexpr float kExponentScale = 0x1.0p-112f;
    constexpr uint32_t kHalfOfOne = 126u << 23;
    constexpr uint32_t kSubnormalCutoff = 1u << 27;
    const uint32_t w = static_cast<uint32_t>(h) << 16;
    const uint32_t sign = w & 0x80000000u;
    const uint32_t twoW = w + w;
    const float normal = std::bit_cast<float>((twoW >> 4) + kExponentOffset) * kExponentScale;
    const float subnormal = std::bit_cast<float>((twoW >> 17) | kHalfOfOne) - 0.5f;
    const uint32_t magnitude = twoW < kSubnormalCutoff ? std::bit_cast<uint32_t>(subnormal)
                                                       : std::bit_cast<uint32_t>(normal);
    return std::bit_cast<float>(sign | magnitude);
}

/// float32 to IEEE binary16, rounding to nearest with ties to even. Values beyond the half
/// range become ±infinity; every NaN becomes the quiet NaN 0x7E00 with the input's sign, as
/// GGUF writers do.
inline uint16_t fp32ToFp16(float f) {
    constexpr uint32_t kInfinity32 = 0x7F800000u;
    constexpr uint32_t kFirstOverflow = 0x477FF000u;  // 65520: rounds up to the half infinity
    constexpr uint32_t kSmallestNormal = 0x38800000u; // 2^-14
    constexpr uint32_t kRebiasAndRound = 0xC8000FFFu; // exponent −112, plus half an ulp − 1
    constexpr uint16_t kInfinity16 = 0x7C00;
    constexpr uint16_t kQuietNan16 = 0x7E00;
    uint32_t x = std::bit_cast<uint32_t>(f);
    const auto sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    x &= 0x7FFFFFFFu;
    if (x > kInfinity32) {
        return sign | kQuietNan16;
    }
    if (x >= kFirstOverflow) {
        return sign | kInfinity16;
    }
    if (x < kSmallestNormal) {
        // Adding 0.5 puts the value's half-subnormal units (2^-24) in the low mantissa bits;
        // the float addition itself rounds to nearest even.
        const float shifted = std::bit_cast<float>(x) + 0.5f;
        return sign | static_cast<uint16_t>(std::bit_cast<uint32_t>(shifted) - 0x3F000000u);
    }
    const uint32_t odd = (x >> 13) & 1u;
    x += kRebiasAndRound + odd;
    return sign | static_cast<uint16_t>(x >> 13);
}

/// bfloat16 to float32 (exact).
inline float bf16ToFp32(uint16_t h) {
    return std::bit_cast<float>(static_cast<uint32_t>(h) << 16);
}

/// float32 to bfloat16 as GGUF writers do it: round to nearest even (overflow gives infinity,
/// subnormals are kept), and NaN is made quiet while keeping its sign and top payload bits.
inline uint16_t fp32ToBf16(float f) {
    constexpr uint32_t kInfinity32 = 0x7F800000u;
    constexpr uint32_t kQuietBit = 0x40;
    const uint32_t u = std::bit_cast<uint32_t>(f);
    if ((u & 0x7FFFFFFFu) > kInfinity32) {
        return static_cast<uint16_t>((u >> 16) | kQuietBit);
    }
    return static_cast<uint16_t>((u + (0x7FFFu + ((u >> 16) & 1u))) >> 16);
}

} // namespace hearth::quant
