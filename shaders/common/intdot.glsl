// SPDX-License-Identifier: GPL-3.0-or-later
// Packed 4x8-bit integer dot products (VK_KHR_shader_integer_dot_product) and the blocks of
// activations they read.
//
// dot4x8(a, b): the sum of the products of the four signed bytes of `a` and of `b`, by the SPIR-V
// instruction OpSDot with the packed 4x8-bit format, declared through GL_EXT_spirv_intrinsics
// so that any glslang with that extension compiles it (the build checks, see
// shaders/CMakeLists.txt). One instruction where the hardware has it (Intel Xe, AMD RDNA, NVIDIA).
//
// Activations for these kernels are quantized by quantize_q8.comp in blocks of 32 values, 48 bytes
// each, three uvec4: (d, s, 0, 0) as float bits, then the 32 signed bytes q (values 0..15, then
// 16..31). x ≈ d·q, and s = d·Σq (what an offset in the weights multiplies).

#ifndef HEARTH_INTDOT_GLSL
#define HEARTH_INTDOT_GLSL

// OpSDot (4450) needs the DotProduct (6019) and DotProductInput4x8BitPacked (6018) capabilities;
// its last operand 0 is PackedVectorFormat4x8Bit.
spirv_instruction(extensions = ["SPV_KHR_integer_dot_product"], capabilities = [6019, 6018],
                  id = 4450) int hearth_sdot_packed(uint a, uint b, spirv_literal int format);

int dot4x8(uint a, uint b) { return hearth_sdot_packed(a, b, 0); }

const uint Q8_BLOCK = 32u;      // values per activation block
const uint Q8_BLOCK_VEC4S = 3u; // uvec4s per activation block

#endif
