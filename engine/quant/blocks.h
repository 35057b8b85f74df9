// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to engine/quant: the byte layout of every block format and the per-format kernels.
// Blocks are read and written through byte offsets (never through struct pointers), so rows may
// start at any address.

#include "engine/quant/half.h"
#include "engine/quant/types.h"

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace hearth::quant::detail {

/// Elements in a legacy block (Q4_0 … Q8_0) and in a K-quant superblock.
inline constexpr std::size_t kLegacyBlock = 32;
inline constexpr std::size_t kSuperBlock = 256;

/// Byte layouts (offsets of each field inside one block).
namespace q4_0 {
inline constexpr std::size_t kD = 0, kQs = 2, kBytes = 18;
}
namespace q4_1 {
inline constexpr std::size_t kD = 0, kM = 2, kQs = 4, kBytes = 20;
}
namespace q5_0 {
inline constexpr std::size_t kD = 0, kQh = 2, kQs = 6, kBytes = 22;
}
namespace q5_1 {
inline constexpr std::size_t kD = 0, kM = 2, kQh = 4, kQs = 8, kBytes = 24;
}
namespace q8_0 {
inline constexpr std::size_t kD = 0, kQs = 2, kBytes = 34;
}
namespace q4_k {
inline constexpr std::size_t kD = 0, kDmin = 2, kScales = 4, kQs = 16, kBytes = 144;
}
namespace q5_k {
inline constexpr std::size_t kD = 0, kDmin = 2, kScales = 4, kQh = 16, kQs = 48, kBytes = 176;
}
namespace q6_k {
inline constexpr std::size_t kQl = 0, kQh = 128, kScales = 192, kD = 208, kBytes = 210;
}

inline uint16_t loadU16(const uint8_t* p) {
    uint16_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline uint32_t loadU32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void storeU16(uint8_t* p, uint16_t v) {
    std::memcpy(p, &v, sizeof v);
}
inline void storeU32(uint8_t* p, uint32_t v) {
    std::memcpy(p, &v, sizeof v);
}
inline float loadHalf(const uint8_t* p) {
    return fp16ToFp32(loadU16(p));
}

/// The 6-bit scale and min of sub-block j (0..7) of a Q4_K/Q5_K superblock, from its 12
/// packed bytes.
inline void scaleMinK4(int j, const uint8_t* q, uint8_t& scale, uint8_t& min) {
    constexpr uint8_t kLow6 = 63, kLow4 = 0xF;
    if (j < 4) {
        scale = q[j] & kLow6;
        min = q[j + 4] & kLow6;
    } else {
        scale = static_cast<uint8_t>((q[j + 4] & kLow4) | ((q[j - 4] >> 6) << 4));
        min = static_cast<uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

/// float → int as x86's truncating conversion does it: toward zero, and INT_MIN for NaN or
/// anything out of range. The reference quantizers run on that instruction, so mimicking it
/// keeps even degenerate inputs byte-identical, without undefined behaviour.
inline int truncateToInt(float v) {
    constexpr float kLimit = 2147483648.0f;
    return (v > -kLimit && v < kLimit) ? static_cast<int>(v) : INT_MIN;
}

/// Rounds to the nearest integer (ties to even) by adding 1.5·2^23, as the reference does;
/// meaningful for |v| ≤ 2^22, defined (and identical to the reference) for every input.
inline int nearestInt(float v) {
    constexpr float kMagic = 12582912.0f; // 1.5 · 2^23
    constexpr uint32_t kMantissa = 0x007FFFFF;
    constexpr int kBias = 0x00400000;
    const float shifted = v + kMagic;
    uint32_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return static_cast<int>(bits & kMantissa) - kBias;
}

// Quantizers: `blocks` blocks from `x` into `y`.
void quantizeQ4_0(const float* x, uint8_t* y, std::size_t blocks);
void quantizeQ4_1(const float* x, uint8_t* y, std::size_t blocks);
void quantizeQ5_0(const float* x, uint8_t* y, std::size_t blocks);
void quantizeQ5_1(const float* x, uint8_t* y, std::size_t blocks);
void quantizeQ8_0(const float* x, uint8_t* y, std::size_t blocks);
void quantizeQ4_K(const float* x, uint8_t* y, std::size_t blocks);
void quantizeQ5_K(const float* x, uint8_t* y, std::size_t blocks);
void quantizeQ6_K(const float* x, uint8_t* y, std::size_t blocks);

// Dequantizers: `blocks` blocks from `x` into `y`.
void dequantizeQ4_0(const uint8_t* x, float* y, std::size_t blocks);
void dequantizeQ4_1(const uint8_t* x, float* y, std::size_t blocks);
void dequantizeQ5_0(const uint8_t* x, float* y, std::size_t blocks);
void dequantizeQ5_1(const uint8_t* x, float* y, std::size_t blocks);
void dequantizeQ8_0(const uint8_t* x, float* y, std::size_t blocks);
void dequantizeQ4_K(const uint8_t* x, float* y, std::size_t blocks);
void dequantizeQ5_K(const uint8_t* x, float* y, std::size_t blocks);
void dequantizeQ6_K(const uint8_t* x, float* y, std::size_t blocks);

/// dotRow for one type over `n` elements; calls badDotRow() for an unsupported type or an `n`
/// that is not a whole number of blocks.
float dotRowImpl(TensorType t, const uint8_t* row, const float* x, std::size_t n);
/// The instruction sets dotRow() has kernels for; the fastest available one is used.
enum class DotIsa { Baseline, Avx2Fma };
/// Whether this CPU (and this build) can run the kernels for `isa`.
bool dotIsaAvailable(DotIsa isa);
/// dotRowImpl() with the kernels for `isa` (which must be available): lets tests cover every
/// variant on one machine.
float dotRowWith(DotIsa isa, TensorType t, const uint8_t* row, const float* x, std::size_t n);
/// Throws the hearth::Error that explains why dotRow() cannot handle (t, n).
[[noreturn]] void badDotRow(TensorType t, std::size_t n);

} // namespace hearth::quant::detail
