// SPDX-License-Identifier: GPL-3.0-or-later
// Matrix-vector product y[r] = dot(W[r, :], x) for a row-major weight matrix W of `rows` x `cols`.
// One workgroup per output row; invocations stride along the row, then reduce in shared memory.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/reduce.glsl"

layout(constant_id = 0) const uint WG_SIZE = 64;
layout(local_size_x_id = 0) in;

layout(push_constant) uniform Params {
    uint rows;
    uint cols;
} p;

layout(std430, binding = 0) readonly buffer Weights { float w[]; };
layout(std430, binding = 1) readonly buffer Input { float x[]; };
layout(std430, binding = 2) writeonly buffer Output { float y[]; };

void main() {
    const uint row = gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x;
    const uint lid = gl_LocalInvocationID.x;
    if (row >= p.rows) {
        return;
    }
    const uint base = row * p.cols;
    float acc = 0.0;
    for (uint c = lid; c < p.cols; c += WG_SIZE) {
        acc += w[base + c] * x[c];
    }
    const float total = workgroup_sum(acc, lid, WG_SIZE);
    if (lid == 0u) {
        y[row] = total;
    }
}
