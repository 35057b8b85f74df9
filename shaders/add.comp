// SPDX-License-Identifier: GPL-3.0-or-later
// y[t][i] += a[t][i] over `tokens` rows of `width` values: residual connections, and biases
// (aStride 0 repeats one row for every token).
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"

// Mirrors vk::AddParams.
layout(push_constant) uniform Params {
    uint tokens;
    uint width;
    uint yOffset;
    uint yStride;
    uint aOffset;
    uint aStride;
} p;

layout(std430, binding = 0) buffer Target { float y[]; };
layout(std430, binding = 1) readonly buffer Addend { float a[]; };

void main() {
    const uint gid = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    if (gid >= p.tokens * p.width) {
        return;
    }
    const uint t = gid / p.width;
    const uint i = gid % p.width;
    y[p.yOffset + t * p.yStride + i] += a[p.aOffset + t * p.aStride + i];
}
