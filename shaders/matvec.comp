// SPDX-License-Identifier: GPL-3.0-or-later
// Matrix-vector product for decode: y[t][r] = dot(W[r, :], x[t]) with W in its stored (quantized)
// type, dequantized in registers. The workgroup is split into segments of p.threadsPerRow
// invocations (the whole workgroup for wide rows, less for narrow ones); each segment computes
// NUM_ROWS rows of one token, its invocations striding along the rows a unit of weights at a
// time (see below), then the partial sums are reduced: in shared memory, or (HEARTH_SUBGROUP) by
// subgroup additions and one shared-memory step across subgroups.
//
// HEARTH_DP4 (32-value block types): x comes as 8-bit blocks from quantize_q8.comp instead of
// floats, and each invocation takes whole blocks, dotted by packed integer dot products
// (common/dot_q8.glsl). HEARTH_F16: weights dequantized in half precision, sums in float32.
#version 450
#extension GL_GOOGLE_include_directive : require
#ifdef HEARTH_SUBGROUP
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#endif

#include "common/prelude.glsl"
#define WEIGHT_BINDING 0
#include "common/weights.glsl"
#include "common/matmul_params.glsl"

// Quantized weights go a whole unit at a time (common/dequant_units.glsl: scales decoded once
// per block or pair of sub-blocks, 32-bit loads); float weights, Q6_K (whose 128-value units hold
// too many words per invocation) and the integer-dot variants go four values at a time.
#if !defined(WTYPE_F32) && !defined(WTYPE_F16) && !defined(WTYPE_BF16) && !defined(WTYPE_Q6_K) && \
    !defined(HEARTH_DP4)
#define MATVEC_UNITS
#endif
#ifdef HEARTH_DP4
#include "common/dot_q8.glsl"
#ifndef DP4_TYPE
#error "no integer-dot matvec for this weight type"
#endif
#endif

layout(constant_id = 1) const uint NUM_ROWS = 4; // rows per segment, at most MAX_ROWS
const uint MAX_ROWS = 16u;

#ifdef HEARTH_DP4
layout(std430, binding = 1) readonly buffer Input { uvec4 q8[]; };
#else
layout(std430, binding = 1) readonly buffer Input { float x[]; };
#endif

#ifdef MATVEC_UNITS
#include "common/wtypes.glsl"
// unit() hands every four dequantized values to accumulate(): dotted with x of the current token.
float unitSum;
uint unitX;
void accumulate(WVEC4 w, uint col) {
    const uint i = unitX + col;
    unitSum += dot(vec4(w), vec4(x[i], x[i + 1u], x[i + 2u], x[i + 3u]));
}
#include "common/dequant_units.glsl"
#else
#include "common/dequant.glsl"
#endif
layout(std430, binding = 2) writeonly buffer Output { float y[]; };

shared float partial[NUM_ROWS * WG_SIZE];

void main() {
    const uint lid = gl_LocalInvocationID.x;
    const uint tpr = p.threadsPerRow; // a power of two dividing WG_SIZE
    const uint lane = lid % tpr;
    const uint row0 = (linear_group() * (WG_SIZE / tpr) + lid / tpr) * NUM_ROWS;
    const uint t = gl_WorkGroupID.z;
    const uint rows = row0 < p.rows ? min(NUM_ROWS, p.rows - row0) : 0u;

    float acc[MAX_ROWS];
    for (uint r = 0u; r < MAX_ROWS; ++r) {
        acc[r] = 0.0;
    }
#ifdef HEARTH_DP4
    const uint blocks = p.cols / Q8_BLOCK;
    for (uint blk = lane; blk < blocks; blk += tpr) {
        const uint i = Q8_BLOCK_VEC4S * (t * blocks + blk);
        const uvec4 ds = q8[i];
        const uvec4 lo = q8[i + 1u];
        const uvec4 hi = q8[i + 2u];
        const float d = uintBitsToFloat(ds.x);
        const float s = uintBitsToFloat(ds.y);
        for (uint r = 0u; r < rows; ++r) {
            acc[r] += block_dot((row0 + r) * p.rowBytes + blk * BLOCK_BYTES, lo, hi, d, s);
        }
    }
#elif defined(MATVEC_UNITS)
    unitX = p.xOffset + t * p.xStride;
    const uint units = p.cols / UNIT;
    for (uint u = lane; u < units; u += tpr) {
        for (uint r = 0u; r < rows; ++r) {
            unitSum = 0.0;
            unit((row0 + r) * p.rowBytes, u);
            acc[r] += unitSum;
        }
    }
#else
    const uint xb = p.xOffset + t * p.xStride;
    const uint groups = p.cols / 4u;
    for (uint g = lane; g < groups; g += tpr) {
        const uint c = 4u * g;
        const vec4 xv = vec4(x[xb + c], x[xb + c + 1u], x[xb + c + 2u], x[xb + c + 3u]);
        for (uint r = 0u; r < rows; ++r) {
            acc[r] += dot(vec4(dequant4((row0 + r) * p.rowBytes, c)), xv);
        }
    }
    for (uint c = 4u * groups + lane; c < p.cols; c += tpr) {
        for (uint r = 0u; r < rows; ++r) {
            acc[r] += float(dequant1((row0 + r) * p.rowBytes, c)) * x[xb + c];
        }
    }
#endif

#ifdef HEARTH_SUBGROUP
    // Subgroup sums first (segments are whole subgroups: the host dispatches this variant only
    // when threadsPerRow >= the largest subgroup size), then one value per subgroup through
    // shared memory.
    const uint sgPerSegment = tpr / gl_SubgroupSize;
    for (uint r = 0u; r < NUM_ROWS; ++r) {
        const float s = subgroupAdd(acc[r]);
        if (subgroupElect()) {
            partial[r * WG_SIZE + gl_SubgroupID] = s;
        }
    }
    barrier();
    if (lane == 0u) {
        const uint firstSg = lid / gl_SubgroupSize;
        for (uint r = 0u; r < rows; ++r) {
            float sum = 0.0;
            for (uint i = 0u; i < sgPerSegment; ++i) {
                sum += partial[r * WG_SIZE + firstSg + i];
            }
            y[p.yOffset + t * p.yStride + row0 + r] = sum;
        }
    }
#else
    // Every invocation takes part in the reduction (barriers), segments stay separate.
    for (uint r = 0u; r < NUM_ROWS; ++r) {
        partial[r * WG_SIZE + lid] = acc[r];
    }
    barrier();
    for (uint stride = tpr / 2u; stride > 0u; stride >>= 1u) {
        if (lane < stride) {
            for (uint r = 0u; r < NUM_ROWS; ++r) {
                partial[r * WG_SIZE + lid] += partial[r * WG_SIZE + lid + stride];
            }
        }
        barrier();
    }
    if (lane == 0u) {
        for (uint r = 0u; r < rows; ++r) {
            y[p.yOffset + t * p.yStride + row0 + r] = partial[r * WG_SIZE + lid];
        }
    }
#endif
}
