// SPDX-License-Identifier: GPL-3.0-or-later
// dotRow: the dot product of a stored row with a float vector, block by block, never
// materialising the row. Each kernel keeps 32 independent float accumulators ("lanes") and
// multiplies by a block's scale once per lane, so compilers turn the loops into SIMD code with
// no per-element branches. The same kernels are compiled twice on x86: for the baseline
// instruction set every x86-64 CPU has, and for AVX2+FMA, chosen once at run time.

#include "engine/quant/blocks.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HEARTH_DOT_X86_DISPATCH 1
#define HEARTH_TARGET_AVX2 __attribute__((target("avx2,fma")))
#else
#define HEARTH_DOT_X86_DISPATCH 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define HEARTH_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define HEARTH_ALWAYS_INLINE inline
#endif

namespace hearth::quant::detail {
namespace {

constexpr std::size_t kLanes = 32;
using Lanes = std::array<float, kLanes>;

/// 1 << i for each lane, so that "bit i of a 32-bit mask" becomes a vector AND.
constexpr std::array<uint32_t, kLanes> kBit = [] {
    std::array<uint32_t, kLanes> bits{};
    for (std::size_t i = 0; i < kLanes; ++i) {
        bits[i] = 1u << i;
    }
    return bits;
}();

HEARTH_ALWAYS_INLINE float sumLanes(const Lanes& acc) {
    float partial[kLanes / 4];
    for (std::size_t l = 0; l < kLanes / 4; ++l) {
        partial[l] = (acc[l] + acc[l + 8]) + (acc[l + 16] + acc[l + 24]);
    }
    return ((partial[0] + partial[4]) + (partial[1] + partial[5])) +
           ((partial[2] + partial[6]) + (partial[3] + partial[7]));
}

HEARTH_ALWAYS_INLINE float dotF32(const uint8_t* w, const float* x, std::size_t n) {
    Lanes acc{};
    std::size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        float v[kLanes];
        std::memcpy(v, w + i * sizeof(float), sizeof v);
        for (std::size_t l = 0; l < kLanes; ++l) {
            acc[l] += v[l] * x[i + l];
        }
    }
    float tail = 0;
    for (; i < n; ++i) {
        float v;
        std::memcpy(&v, w + i * sizeof(float), sizeof v);
        tail += v * x[i];
    }
    return sumLanes(acc) + tail;
}

template <float (*Convert)(uint16_t)>
HEARTH_ALWAYS_INLINE float dotHalfWidth(const uint8_t* w, const float* x, std::size_t n) {
    Lanes acc{};
    std::size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        uint16_t h[kLanes];
        std::memcpy(h, w + i * sizeof(uint16_t), sizeof h);
        for (std::size_t l = 0; l < kLanes; ++l) {
            acc[l] += Convert(h[l]) * x[i + l];
        }
    }
    float tail = 0;
    for (; i < n; ++i) {
        tail += Convert(loadU16(w + i * sizeof(uint16_t))) * x[i];
    }
    return sumLanes(acc) + tail;
}

HEARTH_ALWAYS_INLINE float dotQ8_0(const uint8_t* w, const float* x, std::size_t n) {
    Lanes acc{};
    for (std::size_t i = 0; i < n; i += kLegacyBlock, w += q8_0::kBytes, x += kLegacyBlock) {
        const float d = loadHalf(w + q8_0::kD);
        const auto* q = reinterpret_cast<const int8_t*>(w + q8_0::kQs);
        for (std::size_t l = 0; l < kLanes; ++l) {
            acc[l] += d * (static_cast<float>(q[l]) * x[l]);
        }
    }
    return sumLanes(acc);
}

HEARTH_ALWAYS_INLINE float dotQ4_0(const uint8_t* w, const float* x, std::size_t n) {
    constexpr std::size_t kHalf = kLegacyBlock / 2;
    Lanes acc{};
    for (std::size_t i = 0; i < n; i += kLegacyBlock, w += q4_0::kBytes, x += kLegacyBlock) {
        const float d = loadHalf(w + q4_0::kD);
        const uint8_t* qs = w + q4_0::kQs;
        for (std::size_t l = 0; l < kHalf; ++l) {
            const int lo = (qs[l] & 0xF) - 8;
            const int hi = (qs[l] >> 4) - 8;
            acc[l] += d * (static_cast<float>(lo) * x[l]);
            acc[l + kHalf] += d * (static_cast<float>(hi) * x[l + kHalf]);
        }
    }
    return sumLanes(acc);
}

HEARTH_ALWAYS_INLINE float dotQ4_1(const uint8_t* w, const float* x, std::size_t n) {
    constexpr std::size_t kHalf = kLegacyBlock / 2;
    Lanes acc{};
    for (std::size_t i = 0; i < n; i += kLegacyBlock, w += q4_1::kBytes, x += kLegacyBlock) {
        const float d = loadHalf(w + q4_1::kD);
        const float m = loadHalf(w + q4_1::kM);
        const uint8_t* qs = w + q4_1::kQs;
        for (std::size_t l = 0; l < kHalf; ++l) {
            const int lo = qs[l] & 0xF;
            const int hi = qs[l] >> 4;
            acc[l] += d * (static_cast<float>(lo) * x[l]) + m * x[l];
            acc[l + kHalf] += d * (static_cast<float>(hi) * x[l + kHalf]) + m * x[l + kHalf];
        }
    }
    return sumLanes(acc);
}

/// The 5-bit codes of a Q5_0/Q5_1 block: low nibbles from qs, fifth bits from qh.
HEARTH_ALWAYS_INLINE void codes5(const uint8_t* qs, uint32_t qh, int* q) {
    constexpr std::size_t kHalf = kLegacyBlock / 2;
    constexpr int kFifthBit = 16;
    for (std::size_t l = 0; l < kHalf; ++l) {
        q[l] = (qs[l] & 0xF) | ((qh & kBit[l]) != 0 ? kFifthBit : 0);
        q[l + kHalf] = (qs[l] >> 4) | ((qh & kBit[l + kHalf]) != 0 ? kFifthBit : 0);
    }
}

HEARTH_ALWAYS_INLINE float dotQ5_0(const uint8_t* w, const float* x, std::size_t n) {
    Lanes acc{};
    for (std::size_t i = 0; i < n; i += kLegacyBlock, w += q5_0::kBytes, x += kLegacyBlock) {
        const float d = loadHalf(w + q5_0::kD);
        int q[kLegacyBlock];
        codes5(w + q5_0::kQs, loadU32(w + q5_0::kQh), q);
        for (std::size_t l = 0; l < kLanes; ++l) {
            acc[l] += d * (static_cast<float>(q[l] - 16) * x[l]);
        }
    }
    return sumLanes(acc);
}

HEARTH_ALWAYS_INLINE float dotQ5_1(const uint8_t* w, const float* x, std::size_t n) {
    Lanes acc{};
    for (std::size_t i = 0; i < n; i += kLegacyBlock, w += q5_1::kBytes, x += kLegacyBlock) {
        const float d = loadHalf(w + q5_1::kD);
        const float m = loadHalf(w + q5_1::kM);
        int q[kLegacyBlock];
        codes5(w + q5_1::kQs, loadU32(w + q5_1::kQh), q);
        for (std::size_t l = 0; l < kLanes; ++l) {
            acc[l] += d * (static_cast<float>(q[l]) * x[l]) + m * x[l];
        }
    }
    return sumLanes(acc);
}

/// Q4_K and Q5_K share their scale/min layout; `HighBits` adds Q5_K's fifth bit.
template <bool HighBits>
HEARTH_ALWAYS_INLINE float dotK45(const uint8_t* w, const float* x, std::size_t n) {
    constexpr std::size_t kSub = 32;
    constexpr std::size_t kBytes = HighBits ? q5_k::kBytes : q4_k::kBytes;
    constexpr std::size_t kQs = HighBits ? q5_k::kQs : q4_k::kQs;
    constexpr int kFifthBit = 16;
    Lanes acc{};
    Lanes mins{};
    for (std::size_t i = 0; i < n; i += kSuperBlock, w += kBytes) {
        const float d = loadHalf(w + q4_k::kD);
        const float dmin = loadHalf(w + q4_k::kDmin);
        const uint8_t* scales = w + q4_k::kScales;
        const uint8_t* q = w + kQs;
        for (int c = 0; c < 4; ++c, q += kSub, x += 2 * kSub) {
            uint8_t sc, m;
            scaleMinK4(2 * c, scales, sc, m);
            const float d1 = d * static_cast<float>(sc);
            const float m1 = dmin * static_cast<float>(m);
            scaleMinK4(2 * c + 1, scales, sc, m);
            const float d2 = d * static_cast<float>(sc);
            const float m2 = dmin * static_cast<float>(m);
            for (std::size_t l = 0; l < kSub; ++l) {
                int lo = q[l] & 0xF;
                int hi = q[l] >> 4;
                if constexpr (HighBits) {
                    const uint8_t qh = w[q5_k::kQh + l];
                    lo |= ((qh >> (2 * c)) & 1) != 0 ? kFifthBit : 0;
                    hi |= ((qh >> (2 * c + 1)) & 1) != 0 ? kFifthBit : 0;
                }
                acc[l] += d1 * (static_cast<float>(lo) * x[l]) +
                          d2 * (static_cast<float>(hi) * x[l + kSub]);
                mins[l] += m1 * x[l] + m2 * x[l + kSub];
            }
        }
    }
    return sumLanes(acc) - sumLanes(mins);
}

HEARTH_ALWAYS_INLINE float dotQ6_K(const uint8_t* w, const float* x, std::size_t n) {
    constexpr std::size_t kQuarter = 32, kSub = 16;
    Lanes acc{};
    for (std::size_t i = 0; i < n; i += kSuperBlock, w += q6_k::kBytes) {
        const float d = loadHalf(w + q6_k::kD);
        const uint8_t* ql = w + q6_k::kQl;
        const uint8_t* qh = w + q6_k::kQh;
        const auto* sc = reinterpret_cast<const int8_t*>(w + q6_k::kScales);
        for (std::size_t half = 0; half < 2; ++half, ql += 64, qh += 32, sc += 8, x += 128) {
            for (std::size_t g = 0; g < 2; ++g) {
                const float s1 = d * static_cast<float>(sc[g]);
                const float s2 = d * static_cast<float>(sc[g + 2]);
                const float s3 = d * static_cast<float>(sc[g + 4]);
                const float s4 = d * static_cast<float>(sc[g + 6]);
                for (std::size_t k = 0; k < kSub; ++k) {
                    const std::size_t l = g * kSub + k;
                    const int q1 = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32;
                    const int q2 = ((ql[l + kQuarter] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    const int q4 = ((ql[l + kQuarter] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    acc[l] += s1 * (static_cast<float>(q1) * x[l]) +
                              s2 * (static_cast<float>(q2) * x[l + kQuarter]) +
                              s3 * (static_cast<float>(q3) * x[l + 2 * kQuarter]) +
                              s4 * (static_cast<float>(q4) * x[l + 3 * kQuarter]);
                }
            }
        }
    }
    return sumLanes(acc);
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
#define HEARTH_DOT_KERNELS(SUFFIX, ATTR)                                                           \
    ATTR float f32##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                      \
        return dotF32(w, x, n);                                                                    \
    }                                                                                              \
    ATTR float f16##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                      \
        return dotHalfWidth<fp16ToFp32>(w, x, n);                                                  \
    }                                                                                              \
    ATTR float bf16##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotHalfWidth<bf16ToFp32>(w, x, n);                                                  \
    }                                                                                              \
    ATTR float q8_0##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotQ8_0(w, x, n);                                                                   \
    }                                                                                              \
    ATTR float q4_0##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotQ4_0(w, x, n);                                                                   \
    }                                                                                              \
    ATTR float q4_1##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotQ4_1(w, x, n);                                                                   \
    }                                                                                              \
    ATTR float q5_0##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotQ5_0(w, x, n);                                                                   \
    }                                                                                              \
    ATTR float q5_1##SUFFIX(const uint8_t* w, const float* x, std::size_t n) {                     \
        return dotQ5_1(w, x, n);                                                                   \
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
        f32##SUFFIX,  f16##SUFFIX,  bf16##SUFFIX, q8_0##SUFFIX, q4_0##SUFFIX, q4_1##SUFFIX,        \
        q5_0##SUFFIX, q5_1##SUFFIX, q4_k##SUFFIX, q5_k##SUFFIX, q6_k##SUFFIX};

HEARTH_DOT_KERNELS(Baseline, )
#if HEARTH_DOT_X86_DISPATCH
HEARTH_DOT_KERNELS(Avx2, HEARTH_TARGET_AVX2)
#endif

bool avx2Available() {
#if HEARTH_DOT_X86_DISPATCH
    static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
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
