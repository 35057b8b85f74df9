// SPDX-License-Identifier: GPL-3.0-or-later
// Activations to 8-bit integers for the integer-dot matvec (matvec.comp with HEARTH_DP4): each
// block of 32 values of each token becomes d = max|x| / 127, q = round(x / d) and s = d·Σq, laid out
// as common/intdot.glsl says. One invocation per block; token t's blocks start at block
// t·(cols / 32). Reads x like the matvec would (MatmulParams: cols, tokens, xOffset, xStride).
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/matmul_params.glsl"

const uint Q8_BLOCK = 32u;

layout(std430, binding = 0) readonly buffer Input { float x[]; };
layout(std430, binding = 1) writeonly buffer Output { uvec4 q8[]; };

uint pack_bytes(ivec4 v) {
    return uint(v.x & 0xFF) | (uint(v.y & 0xFF) << 8) | (uint(v.z & 0xFF) << 16) |
           (uint(v.w & 0xFF) << 24);
}

void main() {
    const uint blocks = p.cols / Q8_BLOCK;
    const uint i = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    if (i >= blocks * p.tokens) {
        return;
    }
    const uint t = i / blocks;
    const uint base = p.xOffset + t * p.xStride + (i % blocks) * Q8_BLOCK;
    float amax = 0.0;
    for (uint k = 0u; k < Q8_BLOCK; ++k) {
        amax = max(amax, abs(x[base + k]));
    }
    const float d = amax / 127.0;
    const float inv = d > 0.0 ? 1.0 / d : 0.0;
    int sum = 0;
    uvec4 words[2];
    for (uint k = 0u; k < Q8_BLOCK / 4u; ++k) {
        const uint c = base + 4u * k;
        const ivec4 v = clamp(ivec4(round(vec4(x[c], x[c + 1u], x[c + 2u], x[c + 3u]) * inv)),
                              ivec4(-127), ivec4(127));
        sum += v.x + v.y + v.z + v.w;
        words[k / 4u][k % 4u] = pack_bytes(v);
    }
    q8[3u * i] = uvec4(floatBitsToUint(d), floatBitsToUint(d * float(sum)), 0u, 0u);
    q8[3u * i + 1u] = words[0];
    q8[3u * i + 2u] = words[1];
}
