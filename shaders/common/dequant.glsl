// SPDX-License-Identifier: GPL-3.0-or-later
// Dequantization of one weight type, chosen by a WTYPE_* define (see shaders.cmake), straight from
// the GGUF block layout (ENGINE.md §2). Blocks stay packed in memory; values are unpacked here, in
// registers.
//
//   BLOCK_ELEMS, BLOCK_BYTES   elements per block and bytes per block
//   dequant4(row, col)         the 4 values at columns col..col+3 of the row starting at byte
//                              `row`; col % 4 == 0 and, for float types, col + 3 < cols
//   dequant1(row, col)         the value at one column
//
// Quantized types return WVEC4 / WFLOAT: vec4 and float, or with HEARTH_F16 f16vec4 and
// float16_t, computed in half precision (scales are halves and quants small integers, so only the
// products round). Float types always return vec4 / float. Needs common/weights.glsl.

#ifndef HEARTH_DEQUANT_GLSL
#define HEARTH_DEQUANT_GLSL

#include "common/unpack.glsl"

#include "common/wtypes.glsl"

#if defined(WTYPE_F32)
#define BLOCK_ELEMS 1u
#define BLOCK_BYTES 4u
#define FLOAT_WEIGHTS
float dequant1(uint row, uint col) { return w_f32(row + 4u * col); }
vec4 dequant4(uint row, uint col) {
    const uint o = row + 4u * col;
    return vec4(w_f32(o), w_f32(o + 4u), w_f32(o + 8u), w_f32(o + 12u));
}

#elif defined(WTYPE_F16)
#define BLOCK_ELEMS 1u
#define BLOCK_BYTES 2u
#define FLOAT_WEIGHTS
float dequant1(uint row, uint col) { return w_f16(row + 2u * col); }
vec4 dequant4(uint row, uint col) {
    const uint o = row + 2u * col;
    return vec4(unpackHalf2x16(w_u32(o)), unpackHalf2x16(w_u32(o + 4u)));
}

#elif defined(WTYPE_BF16)
#define BLOCK_ELEMS 1u
#define BLOCK_BYTES 2u
#define FLOAT_WEIGHTS
float dequant1(uint row, uint col) { return uintBitsToFloat(w_u16(row + 2u * col) << 16); }
vec4 dequant4(uint row, uint col) {
    const uint o = row + 2u * col;
    const uint a = w_u32(o);
    const uint b = w_u32(o + 4u);
    return uintBitsToFloat(uvec4(a << 16, a & 0xFFFF0000u, b << 16, b & 0xFFFF0000u));
}

#elif defined(WTYPE_Q8_0)
// d f16; int8 qs[32]. y = d·q
#define BLOCK_ELEMS 32u
#define BLOCK_BYTES 34u
WVEC4 dequant4(uint row, uint col) {
    const uint b = row + (col / 32u) * BLOCK_BYTES;
    const uint e = col % 32u;
    return w_scale(b) * WVEC4(signed_bytes_i(w_u32(b + 2u + e)));
}

#elif defined(WTYPE_Q4_0)
// d f16; qs[16]: element e < 16 in the low nibble of qs[e], e >= 16 in the high nibble of
// qs[e - 16]. y = d·(n − 8)
#define BLOCK_ELEMS 32u
#define BLOCK_BYTES 18u
WVEC4 dequant4(uint row, uint col) {
    const uint b = row + (col / 32u) * BLOCK_BYTES;
    const uint e = col % 32u;
    const uint q = w_u32(b + 2u + (e & 15u)) >> ((e & 16u) >> 2);
    return w_scale(b) * (WVEC4(low_nibbles_u(q)) - WFLOAT(8.0));
}

#elif defined(WTYPE_Q4_1)
// d f16, m f16; qs[16] as Q4_0. y = d·n + m
#define BLOCK_ELEMS 32u
#define BLOCK_BYTES 20u
WVEC4 dequant4(uint row, uint col) {
    const uint b = row + (col / 32u) * BLOCK_BYTES;
    const uint e = col % 32u;
    const WVEC2 dm = w_scale2(b);
    const uint q = w_u32(b + 4u + (e & 15u)) >> ((e & 16u) >> 2);
    return dm.x * WVEC4(low_nibbles_u(q)) + dm.y;
}

#elif defined(WTYPE_Q5_0)
// d f16; qh u32 (bit e = fifth bit of element e); qs[16] as Q4_0. y = d·((n | h<<4) − 16)
#define BLOCK_ELEMS 32u
#define BLOCK_BYTES 22u
WVEC4 dequant4(uint row, uint col) {
    const uint b = row + (col / 32u) * BLOCK_BYTES;
    const uint e = col % 32u;
    const uint qh = w_u32(b + 2u) >> e;
    const uint q = w_u32(b + 6u + (e & 15u)) >> ((e & 16u) >> 2);
    const uvec4 high = uvec4(qh & 1u, (qh >> 1) & 1u, (qh >> 2) & 1u, (qh >> 3) & 1u);
    return w_scale(b) * (WVEC4(low_nibbles_u(q) | (high << 4)) - WFLOAT(16.0));
}

#elif defined(WTYPE_Q5_1)
// d f16, m f16; qh u32; qs[16]. y = d·(n | h<<4) + m
#define BLOCK_ELEMS 32u
#define BLOCK_BYTES 24u
WVEC4 dequant4(uint row, uint col) {
    const uint b = row + (col / 32u) * BLOCK_BYTES;
    const uint e = col % 32u;
    const WVEC2 dm = w_scale2(b);
    const uint qh = w_u32(b + 4u) >> e;
    const uint q = w_u32(b + 8u + (e & 15u)) >> ((e & 16u) >> 2);
    const uvec4 high = uvec4(qh & 1u, (qh >> 1) & 1u, (qh >> 2) & 1u, (qh >> 3) & 1u);
    return dm.x * WVEC4(low_nibbles_u(q) | (high << 4)) + dm.y;
}

#elif defined(WTYPE_Q4_K) || defined(WTYPE_Q5_K)
// d f16, dmin f16; scales[12] (eight 6-bit scales and mins); [Q5_K: qh[32]]; qs[128].
// Element e: c = e/64, r = e%64; sub-block j = 2c (r < 32, low nibble of qs[32c + r]) or 2c+1
// (r >= 32, high nibble of qs[32c + r − 32]). Q5_K adds 16 when bit j of qh[r % 32] is set.
// y = d·sc_j·q − dmin·mn_j
#define BLOCK_ELEMS 256u
#if defined(WTYPE_Q4_K)
#define BLOCK_BYTES 144u
#define QS_OFFSET 16u
#else
#define BLOCK_BYTES 176u
#define QS_OFFSET 48u
#define QH_OFFSET 16u
#endif
// The 6-bit scale and min of sub-block j.
uvec2 kquant_scale_min(uint b, uint j) {
    const uint s = b + 4u; // scales[12]
    if (j < 4u) {
        return uvec2(w_u8(s + j) & 63u, w_u8(s + j + 4u) & 63u);
    }
    const uint lo = w_u8(s + j + 4u);
    const uint sc = (lo & 15u) | ((w_u8(s + j - 4u) >> 6) << 4);
    const uint mn = (lo >> 4) | ((w_u8(s + j) >> 6) << 4);
    return uvec2(sc, mn);
}
WVEC4 dequant4(uint row, uint col) {
    const uint b = row + (col / 256u) * BLOCK_BYTES;
    const uint e = col % 256u;
    const uint c = e / 64u;
    const uint r = e % 64u;
    const uint j = 2u * c + r / 32u;
    const WVEC2 dm = w_scale2(b);
    const WVEC2 sm = WVEC2(kquant_scale_min(b, j));
    const uint q = w_u32(b + QS_OFFSET + 32u * c + r % 32u) >> (4u * (r / 32u));
    uvec4 n = low_nibbles_u(q);
#if defined(WTYPE_Q5_K)
    n |= byte_bits(w_u32(b + QH_OFFSET + r % 32u), j) << 4;
#endif
    return (dm.x * sm.x) * WVEC4(n) - dm.y * sm.y;
}

#elif defined(WTYPE_Q6_K)
// ql[128]; qh[64]; int8 scales[16]; d f16. Element e: h = e/128, r = e%128, g = r/32, l = r%32;
// low 4 bits from ql[64h + l + 32(g&1)] (low nibble if g < 2, else high), top 2 bits
// (qh[32h + l] >> 2g) & 3; q − 32; y = d·scales[8h + 2g + l/16]·q
#define BLOCK_ELEMS 256u
#define BLOCK_BYTES 210u
WVEC4 dequant4(uint row, uint col) {
    const uint b = row + (col / 256u) * BLOCK_BYTES;
    const uint e = col % 256u;
    const uint h = e / 128u;
    const uint r = e % 128u;
    const uint g = r / 32u;
    const uint l = r % 32u;
    const uint ql = w_u32(b + 64u * h + l + 32u * (g & 1u)) >> (4u * (g / 2u));
    const uint qh = w_u32(b + 128u + 32u * h + l) >> (2u * g);
    const uvec4 low = uvec4(ql & 0xFu, (ql >> 8) & 0xFu, (ql >> 16) & 0xFu, (ql >> 24) & 0xFu);
    const uvec4 top = uvec4(qh & 3u, (qh >> 8) & 3u, (qh >> 16) & 3u, (qh >> 24) & 3u);
    const int sc = bitfieldExtract(int(w_u8(b + 192u + 8u * h + 2u * g + l / 16u)), 0, 8);
    return (w_scale(b + 208u) * WFLOAT(sc)) * (WVEC4(low | (top << 4)) - WFLOAT(32.0));
}

#else
#error "define one WTYPE_*"
#endif

#ifndef FLOAT_WEIGHTS
WFLOAT dequant1(uint row, uint col) { return dequant4(row, col & ~3u)[col & 3u]; }
#endif

#endif
