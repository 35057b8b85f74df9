// SPDX-License-Identifier: GPL-3.0-or-later
// Rotary position embedding, in place, for `heads` heads of `tokens` tokens at positions pos,
// pos+1, ... (pos: the Step buffer's position + posOffset): pairs (2i, 2i+1) (normal) or
// (i, i + nRot/2) (NeoX) rotate by the angle (pos·theta[i]) with linear scaling (freqScale) and
// YaRN's blend of interpolated and extrapolated angles; cos and sin are scaled by mscale.
// theta[i] = base^(−2i/nRot) / factor_i comes from the host. One invocation per (pair, head,
// token).
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/trig.glsl"

#define STEP_BINDING 2
#include "common/step.glsl"

// Mirrors vk::RopeParams.
layout(push_constant) uniform Params {
    uint tokens;
    uint heads;
    uint headDim;
    uint nRot;      // rotated dimensions per head (even, <= headDim)
    uint posOffset; // added to step_pos: position of token 0
    uint offset;    // float index of token 0, head 0
    uint stride;    // floats from one token to the next
    uint neox;      // 0: adjacent pairs, 1: halves
    float freqScale;
    float extFactor; // YaRN: 0 = off
    float corrLow;
    float corrHigh;
    float mscale;
} p;

layout(std430, binding = 0) buffer Data { float v[]; };
layout(std430, binding = 1) readonly buffer Theta { float theta[]; };

void main() {
    const uint half_rot = p.nRot / 2u;
    const uint gid = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    if (gid >= p.tokens * p.heads * half_rot) {
        return;
    }
    const uint i = gid % half_rot;
    const uint h = (gid / half_rot) % p.heads;
    const uint t = gid / (half_rot * p.heads);

    const float extrap = float(step_pos + p.posOffset + t) * theta[i];
    float angle = p.freqScale * extrap;
    if (p.extFactor != 0.0) {
        const float y = (float(i) - p.corrLow) / max(0.001, p.corrHigh - p.corrLow);
        const float ramp = (1.0 - clamp(y, 0.0, 1.0)) * p.extFactor;
        angle = angle * (1.0 - ramp) + extrap * ramp;
    }
    const vec2 cs = cos_sin(angle) * p.mscale;

    const uint base = p.offset + t * p.stride + h * p.headDim;
    const uint a = base + (p.neox != 0u ? i : 2u * i);
    const uint b = base + (p.neox != 0u ? i + half_rot : 2u * i + 1u);
    const float x0 = v[a];
    const float x1 = v[b];
    v[a] = x0 * cs.x - x1 * cs.y;
    v[b] = x0 * cs.y + x1 * cs.x;
}
