// SPDX-License-Identifier: GPL-3.0-or-later
// Matrix-vector product for decode: y[t][r] = dot(W[r, :], x[t]) with W in its stored (quantized)
// type, dequantized in registers. Each workgroup computes NUM_ROWS rows of one token: its
// invocations stride along the rows four values at a time (reading each x value once for all
// rows), then reduce the NUM_ROWS partial sums together in shared memory.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#define WEIGHT_BINDING 0
#include "common/weights.glsl"
#include "common/dequant.glsl"
#include "common/matmul_params.glsl"

layout(constant_id = 1) const uint NUM_ROWS = 4; // rows per workgroup, at most MAX_ROWS
const uint MAX_ROWS = 16u;

layout(std430, binding = 1) readonly buffer Input { float x[]; };
layout(std430, binding = 2) writeonly buffer Output { float y[]; };

shared float partial[NUM_ROWS * WG_SIZE];

void main() {
    const uint row0 = linear_group() * NUM_ROWS;
    const uint t = gl_WorkGroupID.z;
    if (row0 >= p.rows) {
        return; // the whole workgroup leaves together
    }
    const uint lid = gl_LocalInvocationID.x;
    const uint rows = min(NUM_ROWS, p.rows - row0);
    const uint xb = p.xOffset + t * p.xStride;
    const uint groups = p.cols / 4u;

    float acc[MAX_ROWS];
    for (uint r = 0u; r < MAX_ROWS; ++r) {
        acc[r] = 0.0;
    }
    for (uint g = lid; g < groups; g += WG_SIZE) {
        const uint c = 4u * g;
        const vec4 xv = vec4(x[xb + c], x[xb + c + 1u], x[xb + c + 2u], x[xb + c + 3u]);
        for (uint r = 0u; r < rows; ++r) {
            acc[r] += dot(dequant4((row0 + r) * p.rowBytes, c), xv);
        }
    }
    for (uint c = 4u * groups + lid; c < p.cols; c += WG_SIZE) {
        for (uint r = 0u; r < rows; ++r) {
            acc[r] += dequant1((row0 + r) * p.rowBytes, c) * x[xb + c];
        }
    }

    for (uint r = 0u; r < NUM_ROWS; ++r) {
        partial[r * WG_SIZE + lid] = acc[r];
    }
    barrier();
    for (uint stride = WG_SIZE / 2u; stride > 0u; stride >>= 1u) {
        if (lid < stride) {
            for (uint r = 0u; r < NUM_ROWS; ++r) {
                partial[r * WG_SIZE + lid] += partial[r * WG_SIZE + lid + stride];
            }
        }
        barrier();
    }
    if (lid < rows) {
        y[p.yOffset + t * p.yStride + row0 + lid] = partial[lid * WG_SIZE];
    }
}
