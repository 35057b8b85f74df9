// SPDX-License-Identifier: GPL-3.0-or-later
// Gated feed-forward activation: out[t][i] = act(gate[t][i]) · up[t][i] with act SiLU (SwiGLU)
// or tanh-GELU (GeGLU). Gate and up are views into one buffer (Phi-3 computes them as one matrix).
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/math.glsl"

// Mirrors vk::GluParams.
layout(push_constant) uniform Params {
    uint tokens;
    uint width;      // values per token
    uint gateOffset; // float index of token 0's gate
    uint upOffset;   // float index of token 0's up
    uint inStride;   // floats from one token's gate (and up) to the next
    uint outOffset;
    uint outStride;
    uint gelu;       // 0: SiLU, 1: tanh-GELU
} p;

layout(std430, binding = 0) readonly buffer Input { float v[]; };
layout(std430, binding = 1) writeonly buffer Output { float y[]; };

void main() {
    const uint gid = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    if (gid >= p.tokens * p.width) {
        return;
    }
    const uint t = gid / p.width;
    const uint i = gid % p.width;
    const float g = v[p.gateOffset + t * p.inStride + i];
    const float u = v[p.upOffset + t * p.inStride + i];
    y[p.outOffset + t * p.outStride + i] = (p.gelu != 0u ? gelu_tanh(g) : silu(g)) * u;
}
