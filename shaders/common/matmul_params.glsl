// SPDX-License-Identifier: GPL-3.0-or-later
// Push constants of matvec.comp and matmul.comp; mirrors vk::MatmulParams (kernel_params.h).
// The weight binding holds `rows` consecutive rows of a tensor (one chunk of it when the tensor is
// split across bindings); chunk row r of token t lands at y[yOffset + t·yStride + r].

#ifndef HEARTH_MATMUL_PARAMS_GLSL
#define HEARTH_MATMUL_PARAMS_GLSL

layout(push_constant) uniform Params {
    uint rows;     // rows of the weight chunk
    uint cols;     // values per row (the input width)
    uint rowBytes; // bytes per stored row
    uint tokens;   // columns of x and y
    uint xOffset;  // float index of token 0's input
    uint xStride;  // floats from one token's input to the next
    uint yOffset;  // float index of token 0's output for chunk row 0
    uint yStride;  // floats from one token's output to the next
    uint threadsPerRow; // matvec: invocations per row (a power of two dividing WG_SIZE)
} p;

#endif
