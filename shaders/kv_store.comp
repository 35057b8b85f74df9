// SPDX-License-Identifier: GPL-3.0-or-later
// Copies keys or values of `tokens` tokens into the f16 cache at positions pos, pos+1, ...:
// cache[(pos + t)·width + i] = src[srcOffset + t·srcStride + i] (pos: the Step buffer's position
// + posOffset). One invocation per pair of values.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/kv.glsl"

#define STEP_BINDING 2
#include "common/step.glsl"

// Mirrors vk::KvStoreParams.
layout(push_constant) uniform Params {
    uint tokens;
    uint width;     // values per position (even)
    uint posOffset; // added to step_pos: position of token 0
    uint srcOffset;
    uint srcStride;
} p;

layout(std430, binding = 0) readonly buffer Source { float src[]; };
layout(std430, binding = 1) buffer Cache { KV_ELEM cache[]; };

void main() {
    const uint pairs = p.width / 2u;
    const uint gid = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    if (gid >= p.tokens * pairs) {
        return;
    }
    const uint t = gid / pairs;
    const uint i = 2u * (gid % pairs);
    const uint s = p.srcOffset + t * p.srcStride + i;
    const uint d = (step_pos + p.posOffset + t) * p.width + i;
    KV_STORE2(cache, d, src[s], src[s + 1u])
}
