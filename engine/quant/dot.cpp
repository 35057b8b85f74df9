// SPDX-License-Identifier: GPL-3.0-or-later
// dotRow: the dot product of a stored row with a float vector, block by block, never
// materialising the row. The kernels work on eight-lane vectors (simd.h): they turn eight codes
// at a time into floats, multiply-add them with x, and apply a block's scale once per block.
// The same kernels are compiled twice on x86: for the baseline instruction set every x86-64 CPU
// has, and for AVX2+FMA+F16C, chosen once at run time.

#include "engine/quant/blocks.h"
#include "engine/quant/simd.h"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define HEARTH_DOT_X86_DISPATCH 1
#define HEARTH_TARGET_AVX2 __attribute__((target("avx2,fma,f16c")))
#else
#define HEARTH_DOT_X86_DISPATCH 0
#endif

namespace hearth::quant::detail {
namespace {

using simd::F8;
using simd::kWidth;

HEARTH_QUANT_INLINE float dotF32(const uint8_t* w, const float* x, std::size_t n) {
    F8 acc0{}, acc1{};
    std::size_t i = 0;
    for (; i + 2 * kWidth <= n; i += 2 * kWidth) {
        acc0 += simd::loadFloats(w + i * sizeof(float)) * simd::loadFloats(x + i);
        acc1 +=
            simd::loadFloats(w + (i + kWidth) * sizeof(float)) * simd::loadFloats(x + i + kWidth);
    }
    float tail = 0;
    for (; i < n; ++i) {
        float v;
        std::memcpy(&v, w + i * sizeof(float), sizeof v);
        tail += v * x[i];
    }
    return simd::sum(acc0 + acc1) + tail;
}

template <F8 (*Convert)(const uint8_t*), float (*ConvertOne)(uint16_t)>
HEARTH_QUANT_INLINE float dotHalfWidth(const uint8_t* w, const float* x, std::size_t n) {
    F8 acc0{}, acc1{};
    std::size_t i = 0;
    for (; i + 2 * kWidth <= n; i += 2 * kWidth) {
        acc0 += Convert(w + i * sizeof(uint16_t)) * simd::loadFloats(x + i);
        acc1 += Convert(w + (i + kWidth) * sizeof(uint16_t)) * simd::loadFloats(x + i + kWidth);
    }
    float tail = 0;
    for (; i < n; ++i) {
        tail += ConvertOne(loadU16(w + i * sizeof(uint16_t))) * x[i];
    }
    return simd::sum(acc0 + acc1) + tail;
}

HEARTH_QUANT_INLINE float dotQ8_0(const uint8_t* w, const float* x, std::size_t n) {
    F8 acc{};
    for (std::size_t i = 0; i < n; i += kLegacyBlock, w += q8_0::kBytes, x += kLegacyBlock) {
        const uint8_t* q = w + q8_0::kQs;
        const F8 s = simd::fromSignedBytes(q) * simd::loadFloats(x) +
                     simd::fromSignedBytes(q + 8) * simd::loadFloats(x + 8) +
                     (simd::fromSignedBytes(q + 16) * simd::loadFloats(x + 16) +
                      simd::fromSignedBytes(q + 24) * simd::loadFloats(x + 24));
        acc += simd::splat(loadHalf(w + q8_0::kD)) * s;
    }
    return simd::sum(acc);
}

/// Σ code·x and Σ x over one 32-value legacy block: the low nibbles of qs[0..15] pair with
/// x[0..15], the high nibbles with x[16..31]; with `fifthBit`, bit j of qh adds 16 to code j.
struct NibbleSums {
    F8 qx;
    F8 x;
};

HEARTH_QUANT_INLINE NibbleSums nibbleSums(const uint8_t* qs, const float* x, uint32_t qh,
                                          bool fifthBit) {
    constexpr uint32_t kFifth = 16;
    NibbleSums r{F8{}, F8{}};
    for (std::size_t half = 0; half < 2; ++half) {
        const simd::Bytes8 b = simd::loadBytes(qs + half * kWidth);
        const simd::U8 lo = __builtin_convertvector(b & 0xF, simd::U8);
        const simd::U8 hi = __builtin_convertvector(b >> 4, simd::U8);
        simd::U8 codesLo = lo, codesHi = hi;
        if (fifthBit) {
            codesLo |= simd::bitsOf(qh, static_cast<uint32_t>(half * kWidth)) * kFifth;
            codesHi |= simd::bitsOf(qh, static_cast<uint32_t>(16 + half * kWidth)) * kFifth;
        }
        const F8 xLo = simd::loadFloats(x + half * kWidth);
        const F8 xHi = simd::loadFloats(x + 16 + half * kWidth);
        r.qx +=
            __builtin_convertvector(codesLo, F8) * xLo + __builtin_convertvector(codesHi, F8) * xHi;
        r.x += xLo + xHi;
    }
    return r;
}

/// Q4_0, Q4_1, Q5_0, Q5_1: y = d·code + m, where m is −8d / −16d for the symmetric formats.
template <std::size_t Bytes, std::size_t QsOffset, int QhOffset, int MOffset, int SymmetricBias>
HEARTH_QUANT_INLINE float dotLegacy(const uint8_t* w, const float* x, std::size_t n) {
    F8 acc{};
    for (std::size_t i = 0; i < n; i += kLegacyBlock, w += Bytes, x += kLegacyBlock) {
        const uint32_t qh = QhOffset >= 0 ? loadU32(w + QhOffset) : 0;
        const NibbleSums s = nibbleSums(w + QsOffset, x, qh, QhOffset >= 0);
        const float d = loadHalf(w);
        const float m = MOffset >= 0 ? loadHalf(w + MOffset) : -SymmetricBias * d;
        acc += simd::splat(d) * s.qx + simd::splat(m) * s.x;
    }
    return simd::sum(acc);
}

/// Q4_K and Q5_K share their scale/min layout; `HighBits` adds Q5_K's fifth bit.
template <bool HighBits>
HEARTH_QUANT_INLINE float dotK45(const uint8_t* w, const float* x, std::size_t n) {
    constexpr std::size_t kSub = 32;
    constexpr std::size_t kBytes = HighBits ? q5_k::kBytes : q4_k::kBytes;
    constexpr std::size_t kQs = HighBits ? q5_k::kQs : q4_k::kQs;
    constexpr uint8_t kFifth = 16;
    F8 acc{}, mins{};
    for (std::size_t i = 0; i < n; i += kSuperBlock, w += kBytes) {
        const float d = loadHalf(w + q4_k::kD);
        const float dmin = loadHalf(w + q4_k::kDmin);
        const uint8_t* q = w + kQs;
        for (int c = 0; c < 4; ++c, q += kSub, x += 2 * kSub) {
            F8 qxLo{}, qxHi{}, xLo{}, xHi{};
            for (std::size_t g = 0; g < kSub; g += kWidth) {
                const simd::Bytes8 b = simd::loadBytes(q + g);
                simd::Bytes8 lo = b & 0xF;
                simd::Bytes8 hi = b >> 4;
                if constexpr (HighBits) {
                    const simd::Bytes8 h = simd::loadBytes(w + q5_k::kQh + g);
                    lo |= ((h >> (2 * c)) & 1) * kFifth;
                    hi |= ((h >> (2 * c + 1)) & 1) * kFifth;
                }
                const F8 a = simd::loadFloats(x + g);
                const F8 b2 = simd::loadFloats(x + kSub + g);
                qxLo += simd::fromBytes(lo) * a;
                qxHi += simd::fromBytes(hi) * b2;
                xLo += a;
                xHi += b2;
            }
            uint8_t sc, m;
            scaleMinK4(2 * c, w + q4_k::kScales, sc, m);
            const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(m);
            scaleMinK4(2 * c + 1, w + q4_k::kScales, sc, m);
            const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(m);
            acc += simd::splat(d1) * qxLo + simd::splat(d2) * qxHi;
            mins += simd::splat(m1) * xLo + simd::splat(m2) * xHi;
        }
    }
    return simd::sum(acc) - simd::sum(mins);
}

HEARTH_QUANT_INLINE float dotQ6_K(const uint8_t* w, const float* x, std::size_t n) {
    constexpr std::size_t kQuarter = 32;
    constexpr std::size_t kHalfBlock = 128;
    constexpr float kOffset = 32.0f;
    F8 acc{};
    for (std::size_t i = 0; i < n; i += kSuperBlock, w += q6_k::kBytes) {
        const float d = loadHalf(w + q6_k::kD);
        const uint8_t* ql = w + q6_k::kQl;
        const uint8_t* qh = w + q6_k::kQh;
        const auto* sc = reinterpret_cast<const int8_t*>(w + q6_k::kScales);
        for (std::size_t half = 0; half < 2; ++half, ql += 64, qh += 32, sc += 8, x += kHalfBlock) {
            // Values l = 0..31 of each quarter; l < 16 and l ≥ 16 have their own scales.
            for (std::size_t is = 0; is < 2; ++is) {
                F8 s1{}, s2{}, s3{}, s4{};
                for (std::size_t g = is * 16; g < is * 16 + 16; g += kWidth) {
                    const simd::Bytes8 lo = simd::loadBytes(ql + g);
                    const simd::Bytes8 hi = simd::loadBytes(ql + kQuarter + g);
                    const simd::Bytes8 h = simd::loadBytes(qh + g);
                    const simd::Bytes8 c1 = (lo & 0xF) | ((h & 3) << 4);
                    const simd::Bytes8 c2 = (hi & 0xF) | (((h >> 2) & 3) << 4);
                    const simd::Bytes8 c3 = (lo >> 4) | (((h >> 4) & 3) << 4);
                    const simd::Bytes8 c4 = (hi >> 4) | (((h >> 6) & 3) << 4);
                    s1 += (simd::fromBytes(c1) - kOffset) * simd::loadFloats(x + g);
                    s2 += (simd::fromBytes(c2) - kOffset) * simd::loadFloats(x + kQuarter + g);
                    s3 += (simd::fromBytes(c3) - kOffset) * simd::loadFloats(x + 2 * kQuarter + g);
                    s4 += (simd::fromBytes(c4) - kOffset) * simd::loadFloats(x + 3 * kQuarter + g);
                }
                acc += simd::splat(d * static_cast<float>(sc[is])) * s1 +
                       simd::splat(d * static_cast<float>(sc[is + 2])) * s2 +
                       (simd::splat(d * static_cast<float>(sc[is + 4])) * s3 +
                        simd::splat(d * static_cast<float>(sc[is + 6])) * s4);
            }
        }
    }
    return simd::sum(acc);
}

/// One compiled set of kernels.
struct DotKernels {
    float (*f32)(const uint8_t*, const float*, std::size_t);
    float (*f16)(const uint8_t*, const float*, std::size_t);
    float (*bf16)(const uint8_t*, const float*, std::size_t);
    float (*q8_0)(const uint8_t*, const float*, std::size_t);
    float (*q4_0)(const uint8_t*, const float*, std::size_t);
    float (*q4_1)(const uint8_t*, const float*, std::size_t);
    float (*q5_0)(const uint8_t*, const float*, std::size_t);
    float (*q5_1)(const uint8_t*, const float*, std::size_t);
    float (*q4_k)(const uint8_t*, const float*, std::size_t);
    float (*q5_k)(const uint8_t*, const float*, std::size_t);
    float (*q6_k)(const uint8_t*, const float*, std::size_t);
};

// Instantiates every kernel under one function attribute (empty for the baseline).
#define HEARTH_DOT_KERNELS(SUFFIX, ATTR, F16_KERNEL)                                               \
    ATTR float f32##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                      \
        return dotF32(w, x, n);                                                                    \
    }                                                                                              \
    ATTR float bf16##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotHalfWidth<simd::fromBfloat16, bf16ToFp32>(w, x, n);                              \
    }                                                                                              \
    ATTR float q8_0##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotQ8_0(w, x, n);                                                                   \
    }                                                                                              \
    ATTR float q4_0##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotLegacy<q4_0::kBytes, q4_0::kQs, -1, -1, 8>(w, x, n);                             \
    }                                                                                              \
    ATTR float q4_1##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotLegacy<q4_1::kBytes, q4_1::kQs, -1, q4_1::kM, 0>(w, x, n);                       \
    }                                                                                              \
    ATTR float q5_0##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotLegacy<q5_0::kBytes, q5_0::kQs, q5_0::kQh, -1, 16>(w, x, n);                     \
    }                                                                                              \
    ATTR float q5_1##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotLegacy<q5_1::kBytes, q5_1::kQs, q5_1::kQh, q5_1::kM, 0>(w, x, n);                \
    }                                                                                              \
    ATTR float q4_k##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotK45<false>(w, x, n);                                                             \
    }                                                                                              \
    ATTR float q5_k##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotK45<true>(w, x, n);                                                              \
    }                                                                                              \
    ATTR float q6_k##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotQ6_K(w, x, n);                                                                   \
    }                                                                                              \
    constexpr DotKernels kKernels##SUFFIX = {                                                      \
        f32##SUFFIX,  F16_KERNEL,   bf16##SUFFIX, q8_0##SUFFIX, q4_0##SUFFIX, q4_1##SUFFIX,        \
        q5_0##SUFFIX, q5_1##SUFFIX, q4_k##SUFFIX, q5_k##SUFFIX, q6_k##SUFFIX};

float f16Baseline(const uint8_t* w, const float* x, std::size_t n) {
    return dotHalfWidth<simd::fromHalves, fp16ToFp32>(w, x, n);
}
HEARTH_DOT_KERNELS(Baseline, , f16Baseline)
#if HEARTH_DOT_X86_DISPATCH
/// F16 with the F16C conversion instruction.
HEARTH_TARGET_AVX2 float f16Avx2(const uint8_t* w, const float* x, std::size_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    std::size_t i = 0;
    for (; i + 2 * kWidth <= n; i += 2 * kWidth) {
        const auto* h = reinterpret_cast<const __m128i*>(w + i * sizeof(uint16_t));
        acc0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128(h)), _mm256_loadu_ps(x + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128(h + 1)),
                               _mm256_loadu_ps(x + i + kWidth), acc1);
    }
    float tail = 0;
    for (; i < n; ++i) {
        tail += fp16ToFp32(loadU16(w + i * sizeof(uint16_t))) * x[i];
    }
    float v[kWidth];
    _mm256_storeu_ps(v, _mm256_add_ps(acc0, acc1));
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7])) + tail;
}
HEARTH_DOT_KERNELS(Avx2, HEARTH_TARGET_AVX2, f16Avx2)
#endif

bool avx2Available() {
#if HEARTH_DOT_X86_DISPATCH
    static const bool available = [] {
        unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
        const bool f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_F16C) != 0;
        return f16c && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }();
    return available;
#else
    return false;
#endif
}

const DotKernels& kernelsFor(DotIsa isa) {
#if HEARTH_DOT_X86_DISPATCH
    if (isa == DotIsa::Avx2Fma) {
        return kKernelsAvx2;
    }
#endif
    (void)isa;
    return kKernelsBaseline;
}

float dispatch(const DotKernels& k, TensorType t, const uint8_t* row, const float* x,
               std::size_t n) {
    const bool wholeLegacy = n % kLegacyBlock == 0;
    const bool wholeSuper = n % kSuperBlock == 0;
    switch (t) {
    case TensorType::F32:
        return k.f32(row, x, n);
    case TensorType::F16:
        return k.f16(row, x, n);
    case TensorType::BF16:
        return k.bf16(row, x, n);
    case TensorType::Q8_0:
        return wholeLegacy ? k.q8_0(row, x, n) : (badDotRow(t, n), 0.0f);
    case TensorType::Q4_0:
        return wholeLegacy ? k.q4_0(row, x, n) : (badDotRow(t, n), 0.0f);
    case TensorType::Q4_1:
        return wholeLegacy ? k.q4_1(row, x, n) : (badDotRow(t, n), 0.0f);
    case TensorType::Q5_0:
        return wholeLegacy ? k.q5_0(row, x, n) : (badDotRow(t, n), 0.0f);
    case TensorType::Q5_1:
        return wholeLegacy ? k.q5_1(row, x, n) : (badDotRow(t, n), 0.0f);
    case TensorType::Q4_K:
        return wholeSuper ? k.q4_k(row, x, n) : (badDotRow(t, n), 0.0f);
    case TensorType::Q5_K:
        return wholeSuper ? k.q5_k(row, x, n) : (badDotRow(t, n), 0.0f);
    case TensorType::Q6_K:
        return wholeSuper ? k.q6_k(row, x, n) : (badDotRow(t, n), 0.0f);
    default:
        badDotRow(t, n);
    }
}

} // namespace

bool dotIsaAvailable(DotIsa isa) {
    return isa == DotIsa::Baseline || avx2Available();
}

float dotRowWith(DotIsa isa, TensorType t, const uint8_t* row, const float* x, std::size_t n) {
    return dispatch(kernelsFor(isa), t, row, x, n);
}

float dotRowImpl(TensorType t, const uint8_t* row, const float* x, std::size_t n) {
    static const DotKernels& best =
        kernelsFor(avx2Available() ? DotIsa::Avx2Fma : DotIsa::Baseline);
    return dispatch(best, t, row, x, n);
}

} // namespace hearth::quant::detail
