// SPDX-License-Identifier: GPL-3.0-or-later
// The Step buffer (mirrors vk::StepParams): what changes from one submission of a forward pass to
// the next, written by the host before each submission. Shaders whose work depends on the
// position read it from here rather than from push constants, so that a command buffer recorded
// once can be replayed at every decode step. Define STEP_BINDING (the binding of the buffer)
// before including.

#ifndef HEARTH_STEP_GLSL
#define HEARTH_STEP_GLSL

layout(std430, binding = STEP_BINDING) restrict readonly buffer Step {
    uint step_pos; // position of the submission's first token
};

#endif
