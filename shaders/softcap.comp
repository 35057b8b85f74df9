// SPDX-License-Identifier: GPL-3.0-or-later
// Soft-capping in place: v = cap·tanh(v / cap) (Gemma 2's final logits).
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/math.glsl"

// Mirrors vk::SoftcapParams.
layout(push_constant) uniform Params {
    uint count;
    uint offset;
    float cap;
} p;

layout(std430, binding = 0) buffer Data { float v[]; };

void main() {
    const uint gid = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    if (gid < p.count) {
        v[p.offset + gid] = softcap(v[p.offset + gid], p.cap);
    }
}
