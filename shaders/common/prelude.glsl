// SPDX-License-Identifier: GPL-3.0-or-later
// Included first by every shader: the extensions its variant needs.
//
// HEARTH_S16: buffers of 16-bit values (storageBuffer16BitAccess). Without it a shader uses only
// 32-bit loads and stores, which every Vulkan 1.1 device supports.
// HEARTH_S8:  buffers of 8-bit values (storageBuffer8BitAccess): single bytes of weights.
// HEARTH_F16: half-precision arithmetic (shaderFloat16): weights dequantized in float16_t.
// HEARTH_DP4: packed 4x8-bit integer dot products (shaderIntegerDotProduct), through the SPIR-V
//             instruction itself (GL_EXT_spirv_intrinsics): see common/intdot.glsl.
#ifndef HEARTH_PRELUDE_GLSL
#define HEARTH_PRELUDE_GLSL
#ifdef HEARTH_S16
#extension GL_EXT_shader_16bit_storage : require
#endif
#ifdef HEARTH_S8
#extension GL_EXT_shader_8bit_storage : require
#endif
#ifdef HEARTH_F16
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#endif
#ifdef HEARTH_DP4
#extension GL_EXT_spirv_intrinsics : require
#endif
// [[unroll]] on loops (hints only: every SPIR-V consumer accepts them).
#extension GL_EXT_control_flow_attributes : require
// Workgroup size of every shader: specialization constant 0.
layout(constant_id = 0) const uint WG_SIZE = 64;
layout(local_size_x_id = 0) in;
// Workgroups are laid out in x and y when one dimension would exceed the device's limit.
uint linear_group() { return gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x; }
#endif
