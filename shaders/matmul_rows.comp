// SPDX-License-Identifier: GPL-3.0-or-later
// Matrix product for devices whose invocations are the SIMD lanes of a CPU (lavapipe and other
// software drivers): every invocation owns one row of W and walks along it, so each read of x is
// the same address in every lane (one scalar load, broadcast) and only the weights differ per
// lane. Quantized weights are read a whole unit (block) at a time with 32-bit loads
// (common/dequant_units.glsl) and each value is used for up to TOKENS tokens; the z dimension of
// the dispatch steps through larger batches. Decode is the case tokens == 1.
#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require

#include "common/prelude.glsl"
#define WEIGHT_BINDING 0
#include "common/weights.glsl"
#include "common/matmul_params.glsl"

layout(constant_id = 1) const uint TOKENS = 8; // tokens per invocation, at most MAX_TOKENS
const uint MAX_TOKENS = 16u;

layout(std430, binding = 1) readonly buffer Input { float x[]; };
layout(std430, binding = 1) readonly buffer Input4 { vec4 x4v[]; };
layout(std430, binding = 2) writeonly buffer Output { float y[]; };

// Per invocation: the accumulators, and where each token's input starts in x. A dispatch with
// fewer than TOKENS tokens repeats its last one (every loop has a constant trip count, so the
// compiler unrolls it and the accumulators stay in registers) and stores only the real ones.
float acc[MAX_TOKENS];
uint xRow[MAX_TOKENS];

// Whether every token's input starts on a 16-byte boundary: then x is read as vec4, one load
// (the host picks the pipeline from the offsets and strides it dispatches with).
layout(constant_id = 2) const bool X_VEC4 = true;

vec4 x4(uint i) {
    if (X_VEC4) {
        return x4v[i >> 2];
    }
    return vec4(x[i], x[i + 1u], x[i + 2u], x[i + 3u]);
}

// acc[t] += w · x[t][col .. col+3] for every token of the dispatch.
void accumulate(vec4 w, uint col) {
    [[unroll]] for (uint t = 0u; t < TOKENS; ++t) {
        acc[t] += dot(w, x4(xRow[t] + col));
    }
}

#if defined(WTYPE_F32) || defined(WTYPE_F16) || defined(WTYPE_BF16)
#include "common/dequant.glsl"
layout(std430, binding = WEIGHT_BINDING) readonly buffer WeightVec4 { vec4 wvec4[]; };
#else
#include "common/dequant_units.glsl"
#endif

void main() {
    const uint row = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    // Lanes past the last row compute a copy of it (every lane on the same path, so the reads
    // of x stay uniform) and store nothing.
    const uint rowByte = min(row, p.rows - 1u) * p.rowBytes;
    const uint t0 = gl_WorkGroupID.z * TOKENS;
    const uint nTokens = min(TOKENS, p.tokens - t0);
    [[unroll]] for (uint t = 0u; t < TOKENS; ++t) {
        acc[t] = 0.0;
        xRow[t] = p.xOffset + (t0 + min(t, nTokens - 1u)) * p.xStride;
    }
#ifdef FLOAT_WEIGHTS
    const uint groups = p.cols / 4u;
#if defined(WTYPE_F32)
    const bool wordRows = (p.rowBytes & 15u) == 0u; // rows of whole vec4s
#else
    const bool wordRows = (p.rowBytes & 3u) == 0u; // rows start on words: two values per word
#endif
    if (wordRows) {
        // Four values in one (F32: vec4) or two (16-bit types: words) loads.
        for (uint g = 0u; g < groups; ++g) {
#if defined(WTYPE_F32)
            accumulate(wvec4[rowByte / 16u + g], 4u * g);
#elif defined(WTYPE_F16)
            const uint i = rowByte / 4u + 2u * g;
            accumulate(vec4(unpackHalf2x16(w32[i]), unpackHalf2x16(w32[i + 1u])), 4u * g);
#else
            const uint i = rowByte / 4u + 2u * g;
            const uint a = w32[i];
            const uint b = w32[i + 1u];
            accumulate(uintBitsToFloat(uvec4(a << 16, a & 0xFFFF0000u, b << 16, b & 0xFFFF0000u)),
                       4u * g);
#endif
        }
    } else {
        for (uint g = 0u; g < groups; ++g) {
            accumulate(dequant4(rowByte, 4u * g), 4u * g);
        }
    }
    for (uint c = 4u * groups; c < p.cols; ++c) {
        const float w = dequant1(rowByte, c);
        [[unroll]] for (uint t = 0u; t < TOKENS; ++t) {
            acc[t] += w * x[xRow[t] + c];
        }
    }
#else
    const uint units = p.cols / UNIT;
    for (uint u = 0u; u < units; ++u) {
        unit(rowByte, u);
    }
#endif
    if (row < p.rows) {
        [[unroll]] for (uint t = 0u; t < TOKENS; ++t) {
            if (t < nTokens) {
                y[p.yOffset + (t0 + t) * p.yStride + row] = acc[t];
            }
        }
    }
}
