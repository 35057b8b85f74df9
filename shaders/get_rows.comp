// SPDX-License-Identifier: GPL-3.0-or-later
// Embedding lookup: y[t] = scale · dequantize(W[ids[t]]) for the rows of W held by this weight
// chunk (a dispatch per chunk covers a table split across bindings). Workgroups: x over the
// columns, y over the tokens.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#define WEIGHT_BINDING 0
#include "common/weights.glsl"
#include "common/dequant.glsl"

// Mirrors vk::GetRowsParams.
layout(push_constant) uniform Params {
    uint tokens;
    uint cols;     // values per row
    uint rowBytes; // bytes per stored row
    uint firstRow; // table row held at chunk row 0
    uint rows;     // rows in this chunk
    uint yOffset;
    uint yStride;
    float scale;
} p;

layout(std430, binding = 1) readonly buffer Ids { int ids[]; };
layout(std430, binding = 2) writeonly buffer Output { float y[]; };

void main() {
    const uint c = gl_GlobalInvocationID.x;
    const uint t = gl_WorkGroupID.y;
    if (c >= p.cols || t >= p.tokens) {
        return;
    }
    const uint id = uint(ids[t]);
    if (id < p.firstRow || id - p.firstRow >= p.rows) {
        return; // another chunk holds this row
    }
    y[p.yOffset + t * p.yStride + c] = p.scale * dequant1((id - p.firstRow) * p.rowBytes, c);
}
