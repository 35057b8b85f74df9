// SPDX-License-Identifier: GPL-3.0-or-later
// One weight block dotted with one block of 8-bit activations (common/intdot.glsl) by packed
// integer dot products, for the 32-value block types, chosen by a WTYPE_* define:
//
//   DP4_TYPE                    defined where this file handles the weight type
//   block_dot(b, lo, hi, d, s)  Σ w·x over the weight block at byte `b`: lo and hi hold the
//                               activation block's bytes 0..15 and 16..31, x ≈ d·q and s = d·Σq
//
// Weights become signed bytes in registers: quants of Q4/Q5 types are unsigned (0..15 or 0..31)
// and their offset (8 or 16, or the block minimum m) is applied to s afterwards. Needs
// common/weights.glsl.

#ifndef HEARTH_DOT_Q8_GLSL
#define HEARTH_DOT_Q8_GLSL

#include "common/intdot.glsl"

// Bits 0..3 of `h` moved to bit 4 of bytes 0..3 (the fifth bit of four Q5 quants).
uint fifth_bits(uint h) {
    return ((h & 1u) | ((h & 2u) << 7) | ((h & 4u) << 14) | ((h & 8u) << 21)) << 4;
}

// Σ q·x over a block of 32 unsigned quants whose low 4 bits are the nibbles of qs[16] at byte
// `qs` (element e < 16: low nibble of qs[e], else high nibble of qs[e - 16]) and whose fifth
// bits are the bits of `qh` (0 for 4-bit types).
int nibble_dot(uint qs, uint qh, uvec4 lo, uvec4 hi) {
    int sum = 0;
    [[unroll]] for (uint k = 0u; k < 4u; ++k) {
        const uint q = w_u32(qs + 4u * k);
        const uint ql = (q & 0x0F0F0F0Fu) | fifth_bits(qh >> (4u * k));
        const uint qu = ((q >> 4) & 0x0F0F0F0Fu) | fifth_bits(qh >> (16u + 4u * k));
        sum += dot4x8(ql, lo[k]) + dot4x8(qu, hi[k]);
    }
    return sum;
}

#if defined(WTYPE_Q8_0)
#define DP4_TYPE
// d f16; int8 qs[32]
float block_dot(uint b, uvec4 lo, uvec4 hi, float d, float s) {
    int sum = 0;
    [[unroll]] for (uint k = 0u; k < 4u; ++k) {
        sum += dot4x8(w_u32(b + 2u + 4u * k), lo[k]);
        sum += dot4x8(w_u32(b + 18u + 4u * k), hi[k]);
    }
    return w_f16(b) * d * float(sum);
}

#elif defined(WTYPE_Q4_0)
#define DP4_TYPE
// d f16; qs[16]: element e < 16 in the low nibble of qs[e], e >= 16 in the high one of qs[e-16]
float block_dot(uint b, uvec4 lo, uvec4 hi, float d, float s) {
    return w_f16(b) * (d * float(nibble_dot(b + 2u, 0u, lo, hi)) - 8.0 * s);
}

#elif defined(WTYPE_Q4_1)
#define DP4_TYPE
// d f16, m f16; qs[16] as Q4_0
float block_dot(uint b, uvec4 lo, uvec4 hi, float d, float s) {
    const vec2 dm = unpackHalf2x16(w_u32(b));
    return dm.x * d * float(nibble_dot(b + 4u, 0u, lo, hi)) + dm.y * s;
}

#elif defined(WTYPE_Q5_0)
#define DP4_TYPE
// d f16; qh u32 (bit e: fifth bit of element e); qs[16] as Q4_0
float block_dot(uint b, uvec4 lo, uvec4 hi, float d, float s) {
    return w_f16(b) * (d * float(nibble_dot(b + 6u, w_u32(b + 2u), lo, hi)) - 16.0 * s);
}

#elif defined(WTYPE_Q5_1)
#define DP4_TYPE
// d f16, m f16; qh u32; qs[16]
float block_dot(uint b, uvec4 lo, uvec4 hi, float d, float s) {
    const vec2 dm = unpackHalf2x16(w_u32(b));
    return dm.x * d * float(nibble_dot(b + 8u, w_u32(b + 4u), lo, hi)) + dm.y * s;
}
#endif

#endif
