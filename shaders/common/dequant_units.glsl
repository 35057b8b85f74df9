// SPDX-License-Identifier: GPL-3.0-or-later
// Dequantization by whole units (a block, or a group of sub-blocks of a K-quant super-block) for
// kernels in which one invocation takes whole units (matmul_rows.comp, matvec.comp). Each unit's words are
// read once with 32-bit loads, scales once per unit; every four values are handed to
// accumulate(w, col), which the including shader defines before including this file. Values
// are WVEC4 (common/wtypes.glsl: half precision with HEARTH_F16; Q6_K always float32).
//
//   UNIT          values per unit (the row length is a multiple of it)
//   unit(row, u)  calls accumulate() for every four values of unit u of the row at byte `row`
//
// Blocks of 18, 22, 34 or 210 bytes start on 2-byte boundaries only: their words are read from
// the aligned word below, with one word more, and re-aligned in registers (realign()).
// The host pads every weight binding to whole words, so no read passes its end. Needs
// common/weights.glsl; float types use common/dequant.glsl instead (see matmul_rows.comp).

#ifndef HEARTH_DEQUANT_UNITS_GLSL
#define HEARTH_DEQUANT_UNITS_GLSL

#include "common/unpack.glsl"
#include "common/wtypes.glsl"

// The 32 bits at byte offset 4k + 2·odd of a window of aligned words lo = win[k], hi = win[k+1].
uint realign(uint lo, uint hi, bool odd) { return odd ? (lo >> 16) | (hi << 16) : lo; }

#if defined(WTYPE_Q4_0)
#define UNIT 32u
// d f16; qs[16] (element e < 16: low nibble of qs[e]; e >= 16: high nibble of qs[e − 16])
void unit(uint row, uint u) {
    const uint o = row + 18u * u;
    const bool odd = (o & 2u) != 0u;
    const uint i = o >> 2;
    uint win[5];
    [[unroll]] for (uint k = 0u; k < 5u; ++k) {
        win[k] = w32[i + k];
    }
    const WFLOAT d = halves(odd ? win[0] >> 16 : win[0]).x;
    [[unroll]] for (uint k = 0u; k < 4u; ++k) {
        // qs words start 2 bytes in: aligned exactly when the block is not.
        const uint q = odd ? win[k + 1u] : (win[k] >> 16) | (win[k + 1u] << 16);
        accumulate(d * (WVEC4(low_nibbles_u(q)) - WFLOAT(8.0)), 32u * u + 4u * k);
        accumulate(d * (WVEC4(low_nibbles_u(q >> 4)) - WFLOAT(8.0)), 32u * u + 16u + 4u * k);
    }
}

#elif defined(WTYPE_Q4_1)
#define UNIT 32u
// d f16, m f16; qs[16] as Q4_0 (blocks of 20 bytes: always word-aligned)
void unit(uint row, uint u) {
    const uint i = (row + 20u * u) >> 2;
    const WVEC2 dm = halves(w32[i]);
    [[unroll]] for (uint k = 0u; k < 4u; ++k) {
        const uint q = w32[i + 1u + k];
        accumulate(dm.x * WVEC4(low_nibbles_u(q)) + dm.y, 32u * u + 4u * k);
        accumulate(dm.x * WVEC4(low_nibbles_u(q >> 4)) + dm.y, 32u * u + 16u + 4u * k);
    }
}

#elif defined(WTYPE_Q5_0)
#define UNIT 32u
// d f16; qh u32 (bit e: fifth bit of element e); qs[16] as Q4_0
void unit(uint row, uint u) {
    const uint o = row + 22u * u;
    const bool odd = (o & 2u) != 0u;
    const uint i = o >> 2;
    uint win[6];
    [[unroll]] for (uint k = 0u; k < 6u; ++k) {
        win[k] = w32[i + k];
    }
    const WFLOAT d = halves(odd ? win[0] >> 16 : win[0]).x;
    const uint qh = odd ? win[1] : (win[0] >> 16) | (win[1] << 16);
    [[unroll]] for (uint k = 0u; k < 4u; ++k) {
        // qs starts 6 bytes in.
        const uint q = odd ? win[k + 2u] : (win[k + 1u] >> 16) | (win[k + 2u] << 16);
        const uint hl = qh >> (4u * k);
        const uint hh = qh >> (16u + 4u * k);
        const uvec4 highLo = uvec4(hl, hl >> 1, hl >> 2, hl >> 3) & 1u;
        const uvec4 highHi = uvec4(hh, hh >> 1, hh >> 2, hh >> 3) & 1u;
        accumulate(d * (WVEC4(low_nibbles_u(q) | (highLo << 4)) - WFLOAT(16.0)), 32u * u + 4u * k);
        accumulate(d * (WVEC4(low_nibbles_u(q >> 4) | (highHi << 4)) - WFLOAT(16.0)),
                   32u * u + 16u + 4u * k);
    }
}

#elif defined(WTYPE_Q5_1)
#define UNIT 32u
// d f16, m f16; qh u32; qs[16] (blocks of 24 bytes: always word-aligned)
void unit(uint row, uint u) {
    const uint i = (row + 24u * u) >> 2;
    const WVEC2 dm = halves(w32[i]);
    const uint qh = w32[i + 1u];
    [[unroll]] for (uint k = 0u; k < 4u; ++k) {
        const uint q = w32[i + 2u + k];
        const uint hl = qh >> (4u * k);
        const uint hh = qh >> (16u + 4u * k);
        const uvec4 highLo = uvec4(hl, hl >> 1, hl >> 2, hl >> 3) & 1u;
        const uvec4 highHi = uvec4(hh, hh >> 1, hh >> 2, hh >> 3) & 1u;
        accumulate(dm.x * WVEC4(low_nibbles_u(q) | (highLo << 4)) + dm.y, 32u * u + 4u * k);
        accumulate(dm.x * WVEC4(low_nibbles_u(q >> 4) | (highHi << 4)) + dm.y,
                   32u * u + 16u + 4u * k);
    }
}

#elif defined(WTYPE_Q8_0)
#define UNIT 32u
// d f16; int8 qs[32]
void unit(uint row, uint u) {
    const uint o = row + 34u * u;
    const bool odd = (o & 2u) != 0u;
    const uint i = o >> 2;
    uint win[9];
    [[unroll]] for (uint k = 0u; k < 9u; ++k) {
        win[k] = w32[i + k];
    }
    const WFLOAT d = halves(odd ? win[0] >> 16 : win[0]).x;
    [[unroll]] for (uint k = 0u; k < 8u; ++k) {
        const uint q = odd ? win[k + 1u] : (win[k] >> 16) | (win[k + 1u] << 16);
        accumulate(d * WVEC4(signed_bytes_i(q)), 32u * u + 4u * k);
    }
}

#elif defined(WTYPE_Q4_K) || defined(WTYPE_Q5_K)
#define UNIT 64u
// Super-blocks of 256 (144 or 176 bytes: always word-aligned): d f16, dmin f16; scales[12];
// [Q5_K: qh[32]]; qs[128]. Unit c (64 values) is sub-blocks 2c (low nibbles of qs[32c ..
// 32c+31]) and 2c+1 (their high nibbles); Q5_K adds 16 where bit 2c (2c+1) of qh[l] is set.
#if defined(WTYPE_Q4_K)
#define SUPER_BYTES 144u
#define QS_WORD 4u
#else
#define SUPER_BYTES 176u
#define QS_WORD 12u
#define QH_WORD 4u
#endif
void unit(uint row, uint u) {
    const uint i = (row + SUPER_BYTES * (u / 4u)) >> 2;
    const uint c = u % 4u;
    const WVEC2 dm = halves(w32[i]);
    // The 6-bit scales and mins of sub-blocks j = 2c and 2c + 1 (bytes 4 .. 15 of the block).
    const uint s0 = w32[i + 1u];
    const uint s1 = w32[i + 2u];
    const uint s2 = w32[i + 3u];
    WVEC2 sm[2];
    [[unroll]] for (uint h = 0u; h < 2u; ++h) {
        const uint j = 2u * c + h;
        const uint sh = 8u * (j % 4u);
        if (j < 4u) {
            sm[h] = WVEC2(uvec2((s0 >> sh) & 63u, (s1 >> sh) & 63u));
        } else {
            const uint lo = (s2 >> sh) & 0xFFu;
            sm[h] = WVEC2(uvec2((lo & 15u) | (((s0 >> sh) >> 6) & 3u) << 4,
                                (lo >> 4) | (((s1 >> sh) >> 6) & 3u) << 4));
        }
    }
    const WFLOAT d0 = dm.x * sm[0].x;
    const WFLOAT m0 = dm.y * sm[0].y;
    const WFLOAT d1 = dm.x * sm[1].x;
    const WFLOAT m1 = dm.y * sm[1].y;
    const uint col = 256u * (u / 4u) + 64u * c;
    [[unroll]] for (uint k = 0u; k < 8u; ++k) {
        const uint q = w32[i + QS_WORD + 8u * c + k];
        uvec4 lo = low_nibbles_u(q);
        uvec4 hi = low_nibbles_u(q >> 4);
#if defined(WTYPE_Q5_K)
        const uint qh = w32[i + QH_WORD + k];
        lo |= byte_bits(qh, 2u * c) << 4;
        hi |= byte_bits(qh, 2u * c + 1u) << 4;
#endif
        accumulate(d0 * WVEC4(lo) - m0, col + 4u * k);
        accumulate(d1 * WVEC4(hi) - m1, col + 32u + 4u * k);
    }
}

#elif defined(WTYPE_Q6_K)
#define UNIT 128u
// Super-blocks of 256 (210 bytes: word-aligned every other block): ql[128]; qh[64]; int8
// scales[16]; d f16. Unit h (128 values): element r = 32g + l takes the low 4 bits from
// ql[64h + l + 32(g&1)] (low nibble when g < 2), the top 2 from qh[32h + l] >> 2g;
// y = d·scales[8h + 2g + l/16]·(q − 32).
void unit(uint row, uint u) {
    const uint o = row + 210u * (u / 2u);
    const uint h = u % 2u;
    const bool odd = (o & 2u) != 0u;
    const uint i = o >> 2;
    // d: the last 2 bytes of the block (byte 208; the word above may lie past the binding).
    const float d = unpackHalf2x16(odd ? w32[i + 52u] >> 16 : w32[i + 52u]).x;
    // The eight scales of this half: bytes 192 + 8h .. 199 + 8h.
    const uint s0 = w32[i + 48u + 2u * h];
    const uint s1 = w32[i + 49u + 2u * h];
    const uint s2 = w32[i + 50u + 2u * h];
    const vec4 scA = d * signed_bytes(realign(s0, s1, odd)); // scales 8h + 0..3
    const vec4 scB = d * signed_bytes(realign(s1, s2, odd)); // scales 8h + 4..7
    // The 32-byte runs this half reads (ql at 64h and 64h + 32, qh at 128 + 32h), each as the
    // nine aligned words that cover it, re-aligned in registers.
    uint qa[9];
    uint qb[9];
    uint qc[9];
    [[unroll]] for (uint k = 0u; k < 9u; ++k) {
        qa[k] = w32[i + 16u * h + k];
        qb[k] = w32[i + 16u * h + 8u + k];
        qc[k] = w32[i + 32u + 8u * h + k];
    }
    const uint col = 128u * u;
    [[unroll]] for (uint k = 0u; k < 8u; ++k) {
        // l = 4k .. 4k+3: ql bytes 64h + l and 64h + 32 + l, qh byte 128 + 32h + l.
        const uint l0 = realign(qa[k], qa[k + 1u], odd);
        const uint l1 = realign(qb[k], qb[k + 1u], odd);
        const uint qh = realign(qc[k], qc[k + 1u], odd);
        const uvec4 top = uvec4(qh, qh >> 8, qh >> 16, qh >> 24);
        const uvec4 a = uvec4(l0, l0 >> 8, l0 >> 16, l0 >> 24);
        const uvec4 b = uvec4(l1, l1 >> 8, l1 >> 16, l1 >> 24);
        const vec4 q0 = vec4((a & 0xFu) | ((top & 3u) << 4)) - 32.0;
        const vec4 q1 = vec4((b & 0xFu) | (((top >> 2) & 3u) << 4)) - 32.0;
        const vec4 q2 = vec4(((a >> 4) & 0xFu) | (((top >> 4) & 3u) << 4)) - 32.0;
        const vec4 q3 = vec4(((b >> 4) & 0xFu) | (((top >> 6) & 3u) << 4)) - 32.0;
        // Sub-group g of 32 values has scales 2g (l < 16) and 2g + 1.
        const vec4 sc = k < 4u ? vec4(scA.x, scA.z, scB.x, scB.z) : vec4(scA.y, scA.w, scB.y, scB.w);
        accumulate(sc.x * q0, col + 4u * k);
        accumulate(sc.y * q1, col + 32u + 4u * k);
        accumulate(sc.z * q2, col + 64u + 4u * k);
        accumulate(sc.w * q3, col + 96u + 4u * k);
    }
}

#endif

#endif
