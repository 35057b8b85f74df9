// SPDX-License-Identifier: GPL-3.0-or-later
// Dequantizes a whole weight chunk to float32: y[yOffset + r·cols + c] = W[r, c]. Used to check
// the GPU's unpacking against the reference checksums.
#version 450
#extension GL_GOOGLE_include_directive : require

#include "common/prelude.glsl"
#define WEIGHT_BINDING 0
#include "common/weights.glsl"
#include "common/dequant.glsl"

// Mirrors vk::DequantParams.
layout(push_constant) uniform Params {
    uint rows;
    uint cols;
    uint rowBytes;
    uint yOffset;
} p;

layout(std430, binding = 1) writeonly buffer Output { float y[]; };

void main() {
    const uint i = linear_group() * WG_SIZE + gl_LocalInvocationID.x;
    if (i >= p.rows * p.cols) {
        return;
    }
    const uint r = i / p.cols;
    const uint c = i % p.cols;
    y[p.yOffset + i] = dequant1(r * p.rowBytes, c);
}
