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

layout(constant_id = 1) const uint BM = 32; // rows per tile
layout(constant_id = 2) const uint BN = 16; // tokens per tile
// Rows per invocation: the workgroup is a grid of BM / RM row groups by WG_SIZE / (BM / RM) token
// groups, each invocation computing RM rows x TPT = BN / (WG_SIZE / (BM / RM)) tokens from
// registers (RM + TPT shared-memory reads per RM · TPT multiply-adds); RM · TPT <= MAX_ACC.
layout(constant_id = 3) const uint RM = 1;
const uint KS = 32u;      // columns per step
const uint MAX_ACC = 64u; // accumulators per invocation
const uint MAX_RM = 8u;

layout(std430, binding = 1) readonly buffer Input { float x[]; };
layout(std430, binding = 2) writeonly buffer Output { float y[]; };

shared WFLOAT ws[KS * BM]; // ws[k * BM + r]
shared float xs[KS * BN]; // xs[k * BN + t]

void main() {
    const uint lid = gl_LocalInvocationID.x;
    const uint row0 = gl_WorkGroupID.x * BM;
    const uint tok0 = gl_WorkGroupID.y * BN;
    const uint rowGroups = BM / RM;
    const uint tpt = BN / (WG_SIZE / rowGroups); // tokens per invocation
    const uint myRow = lid % rowGroups;           // rows myRow, myRow + rowGroups, ...
    const uint myTok = (lid / rowGroups) * tpt;

    float acc[MAX_ACC]; // acc[r * tpt + j]: row myRow + r·rowGroups, token myTok + j
    for (uint j = 0u; j < MAX_ACC; ++j) {
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
            float w[MAX_RM];
            for (uint r = 0u; r < RM; ++r) {
                w[r] = float(ws[k * BM + myRow + r * rowGroups]);
            }
            for (uint j = 0u; j < tpt; ++j) {
                const float xv = xs[k * BN + myTok + j];
                for (uint r = 0u; r < RM; ++r) {
                    acc[r * tpt + j] += w[r] * xv;
                }
            }
        }
        barrier();
    }
    for (uint r = 0u; r < RM; ++r) {
        const uint row = row0 + myRow + r * rowGroups;
        if (row >= p.rows) {
            break;
        }
        for (uint j = 0u; j < tpt; ++j) {
            const uint t = tok0 + myTok + j;
            if (t < p.tokens) {
                y[p.yOffset + t * p.yStride + row] = acc[r * tpt + j];
            }
        }
    }
}
