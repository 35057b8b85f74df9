// SPDX-License-Identifier: GPL-3.0-or-later
// Included first by every shader: the extensions its variant needs.
//
// HEARTH_S16: buffers of 16-bit values (storageBuffer16BitAccess). Without it a shader uses only
// 32-bit loads and stores, which every Vulkan 1.1 device supports.

#ifndef HEARTH_PRELUDE_GLSL
#define HEARTH_PRELUDE_GLSL

#ifdef HEARTH_S16
#extension GL_EXT_shader_16bit_storage : require
#endif

// Workgroup size of every shader: specialization constant 0.
layout(constant_id = 0) const uint WG_SIZE = 64;
layout(local_size_x_id = 0) in;

// Workgroups are laid out in x and y when one dimension would exceed the device's limit.
uint linear_group() { return gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x; }

#endif
