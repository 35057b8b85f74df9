// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to engine/quant: eight-lane vectors written with the GCC/Clang vector extensions, so
// the dot kernels say exactly what to compute in parallel and the compiler emits SSE2, AVX2 or
// NEON for them depending on the function's target, with no per-element branches.

#include <cstddef>
#include <cstdint>
#include <cstring>

#if !defined(__GNUC__) && !defined(__clang__)
#error "engine/quant/simd.h needs the GCC/Clang vector extensions"
#endif

// 32-byte vectors are only passed between always-inlined helpers (never across a real call), so
// the compilers' note that such calls change the ABI without AVX does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

#define HEARTH_QUANT_INLINE inline __attribute__((always_inline))

namespace hearth::quant::detail::simd {

using F8 = float __attribute__((vector_size(32)));
using I8 = int32_t __attribute__((vector_size(32)));
using U8 = uint32_t __attribute__((vector_size(32)));
using Bytes8 = uint8_t __attribute__((vector_size(8)));
using SBytes8 = int8_t __attribute__((vector_size(8)));
using Halves8 = uint16_t __attribute__((vector_size(16)));

inline constexpr std::size_t kWidth = 8;

/// The same bits seen as another type of the same size.
template <typename To, typename From>
HEARTH_QUANT_INLINE To bitsAs(From from) {
    static_assert(sizeof(To) == sizeof(From));
    To to;
    std::memcpy(&to, &from, sizeof to);
    return to;
}

HEARTH_QUANT_INLINE F8 splat(float f) {
    return F8{} + f;
}

HEARTH_QUANT_INLINE F8 loadFloats(const void* p) {
    F8 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

HEARTH_QUANT_INLINE Bytes8 loadBytes(const uint8_t* p) {
    Bytes8 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

HEARTH_QUANT_INLINE F8 fromBytes(Bytes8 b) {
    return __builtin_convertvector(b, F8);
}

HEARTH_QUANT_INLINE F8 fromSignedBytes(const uint8_t* p) {
    SBytes8 v;
    std::memcpy(&v, p, sizeof v);
    return __builtin_convertvector(v, F8);
}

/// Lane i holds bit (first + i) of `bits`, as 0 or 1.
HEARTH_QUANT_INLINE U8 bitsOf(uint32_t bits, uint32_t first) {
    const U8 shifts = U8{0, 1, 2, 3, 4, 5, 6, 7} + first;
    return ((U8{} + bits) >> shifts) & 1u;
}

/// Eight IEEE halves to floats, exactly (the scalar fp16ToFp32 on every lane).
HEARTH_QUANT_INLINE F8 fromHalves(const uint8_t* p) {
    Halves8 h;
    std::memcpy(&h, p, sizeof h);
    const U8 w = __builtin_convertvector(h, U8) << 16;
    const U8 sign = w & 0x80000000u;
    constexpr uint32_t kExponentOffset = 0xE0u << 23;
    constexpr float kExponentScale = 0x1.0p-112f;
    constexpr uint32_t kHalfOfOne = 126u << 23;
    constexpr uint32_t kSubnormalCutoff = 1u << 27;
    const U8 twoW = w + w;
    const F8 normal = bitsAs<F8>((twoW >> 4) + kExponentOffset) * kExponentScale;
    const F8 subnormal = bitsAs<F8>((twoW >> 17) | kHalfOfOne) - 0.5f;
    const U8 isSubnormal = bitsAs<U8>(twoW < kSubnormalCutoff);
    return bitsAs<F8>(sign | (isSubnormal & bitsAs<U8>(subnormal)) |
                      (~isSubnormal & bitsAs<U8>(normal)));
}

/// Eight bfloat16 values to floats.
HEARTH_QUANT_INLINE F8 fromBfloat16(const uint8_t* p) {
    Halves8 h;
    std::memcpy(&h, p, sizeof h);
    return bitsAs<F8>(__builtin_convertvector(h, U8) << 16);
}

HEARTH_QUANT_INLINE float sum(F8 v) {
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

} // namespace hearth::quant::detail::simd
