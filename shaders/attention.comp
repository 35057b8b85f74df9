// SPDX-License-Identifier: GPL-3.0-or-later
// Causal self-attention over the f16 KV cache, one workgroup per (query head, token). The query
// at position p = pos + t (pos: the Step buffer's position + posOffset) attends to keys first..p,
// where first = p + 1 − window for sliding-window layers (else 0); query head h reads KV head
// h / group (GQA). Scores s = (q·k)·scale, soft-capped
// as cap·tanh(s / cap) when cap > 0. Keys are visited in tiles of WG_SIZE with an online softmax
// (running maximum and sum, earlier partial outputs rescaled), so shared memory does not grow with
// the context.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/kv.glsl"
#include "common/math.glsl"
#include "common/reduce.glsl"

#define STEP_BINDING 4
#include "common/step.glsl"

// Mirrors vk::AttentionParams.
layout(push_constant) uniform Params {
    uint tokens;
    uint posOffset; // added to step_pos: position of token 0
    uint headDim;   // width of q and k per head
    uint headDimV;  // width of v per head
    uint group;     // query heads per KV head
    uint qOffset;   // float index of token 0, head 0 of q
    uint qStride;   // floats from one token's q to the next
    uint kWidth;    // values per cached key position (KV heads · headDim)
    uint vWidth;    // values per cached value position (KV heads · headDimV)
    uint outOffset;
    uint outStride;
    uint window;    // sliding window (0: none)
    float scale;
    float softcap;  // 0: none
} p;

layout(std430, binding = 0) readonly buffer Query { float q[]; };
layout(std430, binding = 1) readonly buffer KeyCache { KV_ELEM kc[]; };
layout(std430, binding = 2) readonly buffer ValueCache { KV_ELEM vc[]; };
layout(std430, binding = 3) writeonly buffer Output { float y[]; };

const uint MAX_HEAD_DIM = 512u;
const uint MAX_DIMS_PER_INVOCATION = 8u; // headDimV <= 8 · WG_SIZE

shared float qs[MAX_HEAD_DIM];
shared float probs[WG_SIZE];

void main() {
    const uint h = gl_WorkGroupID.x;
    const uint t = gl_WorkGroupID.y;
    const uint lid = gl_LocalInvocationID.x;
    const uint kvh = h / p.group;
    const uint qb = p.qOffset + t * p.qStride + h * p.headDim;
    for (uint i = lid; i < p.headDim; i += WG_SIZE) {
        qs[i] = q[qb + i];
    }
    barrier();

    const uint last = step_pos + p.posOffset + t;
    const uint first = p.window > 0u && last + 1u > p.window ? last + 1u - p.window : 0u;
    const float NEG_INF = uintBitsToFloat(0xFF800000u);
    float runMax = NEG_INF;
    float runSum = 0.0;
    float acc[MAX_DIMS_PER_INVOCATION];
    for (uint j = 0u; j < MAX_DIMS_PER_INVOCATION; ++j) {
        acc[j] = 0.0;
    }

    for (uint k0 = first; k0 <= last; k0 += WG_SIZE) {
        // Every tile holds at least key k0 <= last, so its maximum is finite.
        const uint key = k0 + lid;
        float s = NEG_INF;
        if (key <= last) {
            const uint kb = key * p.kWidth + kvh * p.headDim;
            float d = 0.0;
            for (uint i = 0u; i < p.headDim; ++i) {
                d += qs[i] * KV_LOAD(kc, kb + i);
            }
            s = d * p.scale;
            if (p.softcap > 0.0) {
                s = softcap(s, p.softcap);
            }
        }
        const float newMax = max(runMax, workgroup_max(s));
        const float e = key <= last ? exp(s - newMax) : 0.0;
        const float alpha = exp(runMax - newMax); // 0 on the first tile
        probs[lid] = e;
        runSum = runSum * alpha + workgroup_sum(e); // its barriers publish probs[]
        const uint count = min(WG_SIZE, last + 1u - k0);
        for (uint j = 0u; j < MAX_DIMS_PER_INVOCATION; ++j) {
            const uint dim = lid + j * WG_SIZE;
            if (dim < p.headDimV) {
                float a = acc[j] * alpha;
                const uint vb = k0 * p.vWidth + kvh * p.headDimV + dim;
                for (uint c = 0u; c < count; ++c) {
                    a += probs[c] * KV_LOAD(vc, vb + c * p.vWidth);
                }
                acc[j] = a;
            }
        }
        runMax = newMax;
        barrier(); // probs[] is rewritten by the next tile
    }

    const uint ob = p.outOffset + t * p.outStride + h * p.headDimV;
    for (uint j = 0u; j < MAX_DIMS_PER_INVOCATION; ++j) {
        const uint dim = lid + j * WG_SIZE;
        if (dim < p.headDimV) {
            y[ob + dim] = acc[j] / runSum;
        }
    }
}
