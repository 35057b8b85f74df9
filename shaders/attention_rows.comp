// SPDX-License-Identifier: GPL-3.0-or-later
// Causal self-attention for devices whose invocations are the SIMD lanes of a CPU (lavapipe): the
// same function as attention.comp, organised so that no step waits on the others. A workgroup is
// one subgroup and handles one (query head, token); lane i takes the keys first+i, first+i+S, ...
// with its own online softmax (running maximum, sum and weighted values in registers), and the
// lanes' partial results are merged once at the end with subgroup operations. Keys and values are
// read eight halves at a time, the query as vec4 shared by every lane. Needs head widths that are
// multiples of 8 (specialization constants) and 16-byte aligned rows (the host checks).
#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require

#include "common/prelude.glsl"
#include "common/math.glsl"

#define STEP_BINDING 4
#include "common/step.glsl"

layout(constant_id = 1) const uint HEAD_DIM = 64;   // width of q and k per head (multiple of 8)
layout(constant_id = 2) const uint HEAD_DIM_V = 64; // width of v per head (multiple of 8)

// Mirrors vk::AttentionParams (headDim and headDimV equal the constants above).
layout(push_constant) uniform Params {
    uint tokens;
    uint posOffset; // added to step_pos: position of token 0
    uint headDim;
    uint headDimV;
    uint group;
    uint qOffset;
    uint qStride;
    uint kWidth;
    uint vWidth;
    uint outOffset;
    uint outStride;
    uint window;
    float scale;
    float softcap;
} p;

layout(std430, binding = 0) readonly buffer Query { vec4 q4[]; };
layout(std430, binding = 1) readonly buffer KeyCache { uvec4 k8[]; };   // 8 halves each
layout(std430, binding = 2) readonly buffer ValueCache { uvec4 v8[]; }; // 8 halves each
layout(std430, binding = 3) writeonly buffer Output { float y[]; };

vec4 lo4(uvec4 w) { return vec4(unpackHalf2x16(w.x), unpackHalf2x16(w.y)); }
vec4 hi4(uvec4 w) { return vec4(unpackHalf2x16(w.z), unpackHalf2x16(w.w)); }

void main() {
    const uint h = gl_WorkGroupID.x;
    const uint t = gl_WorkGroupID.y;
    const uint lane = gl_LocalInvocationID.x;
    const uint kvh = h / p.group;
    const uint qb = (p.qOffset + t * p.qStride + h * HEAD_DIM) / 4u;
    const uint last = step_pos + p.posOffset + t;
    const uint first = p.window > 0u && last + 1u > p.window ? last + 1u - p.window : 0u;
    const float NEG_INF = uintBitsToFloat(0xFF800000u);

    float m = NEG_INF; // this lane's running maximum score
    float l = 0.0;     // and sum of exp(score - m)
    vec4 acc[HEAD_DIM_V / 4u];
    [[unroll]] for (uint i = 0u; i < HEAD_DIM_V / 4u; ++i) {
        acc[i] = vec4(0.0);
    }

    // The loop is the same for every lane (lanes past `last` compute the last key again and
    // discard it), so the query reads stay shared.
    for (uint k0 = first; k0 <= last; k0 += WG_SIZE) {
        const bool valid = k0 + lane <= last;
        const uint key = min(k0 + lane, last);
        const uint kb = (key * p.kWidth + kvh * HEAD_DIM) / 8u;
        float s = 0.0;
        [[unroll]] for (uint i = 0u; i < HEAD_DIM / 8u; ++i) {
            const uvec4 w = k8[kb + i];
            s += dot(lo4(w), q4[qb + 2u * i]) + dot(hi4(w), q4[qb + 2u * i + 1u]);
        }
        s *= p.scale;
        if (p.softcap > 0.0) {
            s = softcap(s, p.softcap);
        }
        const float mNew = valid ? max(m, s) : m;
        const float corr = mNew == NEG_INF ? 1.0 : exp(m - mNew);
        const float pr = valid ? exp(s - mNew) : 0.0;
        l = l * corr + pr;
        const uint vb = (key * p.vWidth + kvh * HEAD_DIM_V) / 8u;
        [[unroll]] for (uint i = 0u; i < HEAD_DIM_V / 8u; ++i) {
            const uvec4 w = v8[vb + i];
            acc[2u * i] = acc[2u * i] * corr + pr * lo4(w);
            acc[2u * i + 1u] = acc[2u * i + 1u] * corr + pr * hi4(w);
        }
        m = mNew;
    }

    // Merge the lanes: rescale each to the common maximum (lane `last` always has a key).
    const float top = subgroupMax(m);
    const float f = m == NEG_INF ? 0.0 : exp(m - top);
    const float total = subgroupAdd(l * f);
    const uint ob = p.outOffset + t * p.outStride + h * HEAD_DIM_V;
    [[unroll]] for (uint i = 0u; i < HEAD_DIM_V / 4u; ++i) {
        const vec4 o = subgroupAdd(acc[i] * f) / total;
        if (lane == 0u) {
            y[ob + 4u * i] = o.x;
            y[ob + 4u * i + 1u] = o.y;
            y[ob + 4u * i + 2u] = o.z;
            y[ob + 4u * i + 3u] = o.w;
        }
    }
}
