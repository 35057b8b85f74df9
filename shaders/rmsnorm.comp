// SPDX-License-Identifier: GPL-3.0-or-later
// RMSNorm with weight: y[t] = x[t] / sqrt(mean(x[t]²) + eps) · w. One workgroup per token; y may
// be the same buffer and range as x (post-norms normalise in place).
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/reduce.glsl"

// Mirrors vk::RmsNormParams.
layout(push_constant) uniform Params {
    uint width; // values per token
    float eps;
    uint xOffset;
    uint xStride;
    uint yOffset;
    uint yStride;
} p;

layout(std430, binding = 0) readonly buffer Input { float x[]; };
layout(std430, binding = 1) readonly buffer Weight { float w[]; };
layout(std430, binding = 2) buffer Output { float y[]; };

void main() {
    const uint t = gl_WorkGroupID.x;
    const uint lid = gl_LocalInvocationID.x;
    const uint xb = p.xOffset + t * p.xStride;
    const uint yb = p.yOffset + t * p.yStride;
    float ss = 0.0;
    for (uint i = lid; i < p.width; i += WG_SIZE) {
        ss += x[xb + i] * x[xb + i];
    }
    const float scale = inversesqrt(workgroup_sum(ss) / float(p.width) + p.eps);
    // workgroup_sum ends with a barrier: every read of x is done before y (maybe x) is written.
    for (uint i = lid; i < p.width; i += WG_SIZE) {
        y[yb + i] = x[xb + i] * scale * w[i];
    }
}
