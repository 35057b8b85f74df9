// SPDX-License-Identifier: GPL-3.0-or-later
// Matrix-matrix product for prefill: y[t][r] = dot(W[r, :], x[t]) for a tile of BM rows and BN
// tokens per workgroup. Each step dequantizes a BM x 32 slice of W and loads a BN x 32 slice of
// x into shared memory, so every weight is unpacked once per tile rather than once per token.
// Both slices are stored column-major (k outermost): neighbouring invocations, which own
// neighbouring rows, then read neighbouring words. HEARTH_F16 (quantized types): weights are
// dequantized in half precision and their slice kept in halves (half the shared memory); the
// products and sums stay float32.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#define WEIGHT_BINDING 0
#include "common/weights.glsl"
#include "common/dequant.glsl"
#include "common/matmul_params.glsl"

layout(constant_id = 1) const uint BM = 32; // rows per tile; divides WG_SIZE
layout(constant_id = 2) const uint BN = 16; // tokens per tile; BN / (WG_SIZE / BM) <= MAX_TPT
const uint KS = 32u;                        // columns per step
const uint MAX_TPT = 16u;                   // accumulators per invocation

layout(std430, binding = 1) readonly buffer Input { float x[]; };
layout(std430, binding = 2) writeonly buffer Output { float y[]; };

shared WFLOAT ws[KS * BM]; // ws[k * BM + r]
shared float xs[KS * BN]; // xs[k * BN + t]

void main() {
    const uint lid = gl_LocalInvocationID.x;
    const uint row0 = gl_WorkGroupID.x * BM;
    const uint tok0 = gl_WorkGroupID.y * BN;
    const uint tpt = BN / (WG_SIZE / BM); // tokens per invocation
    const uint myRow = lid % BM;
    const uint myTok = (lid / BM) * tpt;

    float acc[MAX_TPT];
    for (uint j = 0u; j < MAX_TPT; ++j) {
        acc[j] = 0.0;
    }
    for (uint k0 = 0u; k0 < p.cols; k0 += KS) {
#ifdef FLOAT_WEIGHTS
        for (uint i = lid; i < BM * KS; i += WG_SIZE) {
            const uint r = i / KS;
            const uint k = i % KS;
            const uint row = row0 + r;
            const uint col = k0 + k;
            ws[k * BM + r] = row < p.rows && col < p.cols ? dequant1(row * p.rowBytes, col) : 0.0;
        }
#else
        // Quantized rows are whole blocks of 32 or 256 values: no column check needed.
        for (uint i = lid; i < BM * (KS / 4u); i += WG_SIZE) {
            const uint r = i / (KS / 4u);
            const uint k = 4u * (i % (KS / 4u));
            const uint row = row0 + r;
            const WVEC4 v = row < p.rows ? dequant4(row * p.rowBytes, k0 + k) : WVEC4(0.0);
            ws[k * BM + r] = v.x;
            ws[(k + 1u) * BM + r] = v.y;
            ws[(k + 2u) * BM + r] = v.z;
            ws[(k + 3u) * BM + r] = v.w;
        }
#endif
        for (uint i = lid; i < BN * KS; i += WG_SIZE) {
            const uint tn = i / KS;
            const uint k = i % KS;
            const uint t = tok0 + tn;
            const uint col = k0 + k;
            xs[k * BN + tn] =
                t < p.tokens && col < p.cols ? x[p.xOffset + t * p.xStride + col] : 0.0;
        }
        barrier();
        for (uint k = 0u; k < KS; ++k) {
            const float w = float(ws[k * BM + myRow]);
            for (uint j = 0u; j < tpt; ++j) {
                acc[j] += w * xs[k * BN + myTok + j];
            }
        }
        barrier();
    }
    const uint row = row0 + myRow;
    if (row >= p.rows) {
        return;
    }
    for (uint j = 0u; j < tpt; ++j) {
        const uint t = tok0 + myTok + j;
        if (t < p.tokens) {
            y[p.yOffset + t * p.yStride + row] = acc[j];
        }
    }
}
