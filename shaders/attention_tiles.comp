// SPDX-License-Identifier: GPL-3.0-or-later
// Causal self-attention for prompts, flash-attention style: one workgroup per (query head, block
// of BQ tokens). Each step loads a tile of BK cached keys and values into shared memory once for
// all the block's queries, scores every (query, key) pair, and folds them into each query's
// running maximum, sum and weighted values (online softmax), so the cache is read once per block
// rather than once per token and shared memory does not grow with the context. Same inputs and
// semantics as attention.comp (GQA, sliding window, soft-capping); heads of up to MAX_D values.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#include "common/kv.glsl"
#include "common/math.glsl"
#define STEP_BINDING 4
#include "common/step.glsl"

// Mirrors vk::AttentionParams.
layout(push_constant) uniform Params {
    uint tokens;
    uint posOffset; // added to the Step buffer's position
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

layout(std430, binding = 0) readonly buffer Query { float q[]; };
layout(std430, binding = 1) readonly buffer KeyCache { KV_ELEM kc[]; };
layout(std430, binding = 2) readonly buffer ValueCache { KV_ELEM vc[]; };
layout(std430, binding = 3) writeonly buffer Output { float y[]; };

const uint BQ = 16u;     // queries (tokens) per workgroup
const uint BK = 16u;     // keys per step
const uint MAX_D = 128u; // widest head (q, k and v)
const uint MAX_OUT = 32u; // outputs per invocation: BQ · MAX_D / 64 (the host needs WG_SIZE >= 64)

shared float qs[BQ * MAX_D];
shared float ks[BK * MAX_D];
shared float vs[BK * MAX_D];
shared float sc[BQ * BK]; // scores, then weights
shared float rowMax[BQ];
shared float rowSum[BQ];
shared float rowScale[BQ]; // how much the earlier weighted values shrink at this step

void main() {
    const uint h = gl_WorkGroupID.x;
    const uint t0 = gl_WorkGroupID.y * BQ;
    const uint lid = gl_LocalInvocationID.x;
    const uint kvh = h / p.group;
    const uint nq = min(BQ, p.tokens - t0);
    const uint base = step_pos + p.posOffset + t0; // position of the block's first query
    const uint last = base + nq - 1u;              // the block's last query sees keys up to here
    const uint first = p.window > 0u && base + 1u > p.window ? base + 1u - p.window : 0u;
    const float NEG_INF = uintBitsToFloat(0xFF800000u);

    for (uint e = lid; e < BQ * p.headDim; e += WG_SIZE) {
        const uint i = e / p.headDim;
        const uint d = e % p.headDim;
        qs[i * MAX_D + d] = i < nq ? q[p.qOffset + (t0 + i) * p.qStride + h * p.headDim + d] : 0.0;
    }
    if (lid < BQ) {
        rowMax[lid] = NEG_INF;
        rowSum[lid] = 0.0;
    }
    float acc[MAX_OUT];
    for (uint k = 0u; k < MAX_OUT; ++k) {
        acc[k] = 0.0;
    }
    barrier();

    for (uint k0 = first; k0 <= last; k0 += BK) {
        const uint kn = min(BK, last + 1u - k0);
        for (uint e = lid; e < BK * p.headDim; e += WG_SIZE) {
            const uint j = e / p.headDim;
            const uint d = e % p.headDim;
            ks[j * MAX_D + d] =
                j < kn ? KV_LOAD(kc, (k0 + j) * p.kWidth + kvh * p.headDim + d) : 0.0;
        }
        for (uint e = lid; e < BK * p.headDimV; e += WG_SIZE) {
            const uint j = e / p.headDimV;
            const uint d = e % p.headDimV;
            vs[j * MAX_D + d] =
                j < kn ? KV_LOAD(vc, (k0 + j) * p.vWidth + kvh * p.headDimV + d) : 0.0;
        }
        barrier();
        // Scores of every (query i, key j) this step, -inf where the key is not visible.
        for (uint e = lid; e < BQ * BK; e += WG_SIZE) {
            const uint i = e / BK;
            const uint j = e % BK;
            const uint qp = base + i;
            const uint kp = k0 + j;
            float s = NEG_INF;
            if (i < nq && j < kn && kp <= qp && (p.window == 0u || qp - kp < p.window)) {
                float dotp = 0.0;
                for (uint d = 0u; d < p.headDim; ++d) {
                    dotp += qs[i * MAX_D + d] * ks[j * MAX_D + d];
                }
                s = dotp * p.scale;
                if (p.softcap > 0.0) {
                    s = softcap(s, p.softcap);
                }
            }
            sc[i * BK + j] = s;
        }
        barrier();
        // Online softmax, one invocation per query: the new maximum, the weights, the sum.
        if (lid < BQ) {
            const float oldMax = rowMax[lid];
            float newMax = oldMax;
            for (uint j = 0u; j < BK; ++j) {
                newMax = max(newMax, sc[lid * BK + j]);
            }
            float sum = 0.0;
            float shrink = 1.0;
            if (newMax != NEG_INF) { // else no key visible yet: weights 0, nothing to shrink
                shrink = exp(oldMax - newMax); // 0 when this is the first visible key
                for (uint j = 0u; j < BK; ++j) {
                    const float w = exp(sc[lid * BK + j] - newMax); // 0 for hidden keys
                    sc[lid * BK + j] = w;
                    sum += w;
                }
            } else {
                for (uint j = 0u; j < BK; ++j) {
                    sc[lid * BK + j] = 0.0;
                }
            }
            rowMax[lid] = newMax;
            rowSum[lid] = rowSum[lid] * shrink + sum;
            rowScale[lid] = shrink;
        }
        barrier();
        // Weighted values: each invocation owns outputs lid, lid + WG_SIZE, ... of the block.
        for (uint k = 0u; k < MAX_OUT; ++k) {
            const uint e = lid + k * WG_SIZE;
            if (e < BQ * p.headDimV) {
                const uint i = e / p.headDimV;
                const uint d = e % p.headDimV;
                float a = acc[k] * rowScale[i];
                for (uint j = 0u; j < kn; ++j) {
                    a += sc[i * BK + j] * vs[j * MAX_D + d];
                }
                acc[k] = a;
            }
        }
        barrier(); // the next step rewrites ks, vs and sc
    }

    for (uint k = 0u; k < MAX_OUT; ++k) {
        const uint e = lid + k * WG_SIZE;
        if (e < BQ * p.headDimV) {
            const uint i = e / p.headDimV;
            const uint d = e % p.headDimV;
            if (i < nq) {
                y[p.outOffset + (t0 + i) * p.outStride + h * p.headDimV + d] = acc[k] / rowSum[i];
            }
        }
    }
}
