// SPDX-License-Identifier: GPL-3.0-or-later
// Read access to a weight tensor stored in its GGUF layout, by byte offset. Every GGUF block type
// Hearth runs starts on a 2-byte boundary, so 16-bit loads reach every field.
//
// Before including, define WEIGHT_BINDING (the binding of the weight buffer). With HEARTH_S16 the
// buffer is read as 16-bit words (needs storageBuffer16BitAccess); without it, as 32-bit words
// only (core Vulkan 1.1, every device). The host pads every weight binding to a multiple of 4
// bytes, so the 32-bit path never reads past the end. With HEARTH_S8 (needs
// storageBuffer8BitAccess) single bytes are read as bytes.

#ifndef HEARTH_WEIGHTS_GLSL
#define HEARTH_WEIGHTS_GLSL

layout(std430, binding = WEIGHT_BINDING) readonly buffer WeightWords { uint w32[]; };
layout(std430, binding = WEIGHT_BINDING) readonly buffer WeightFloats { float wf32[]; };

#ifdef HEARTH_S16
layout(std430, binding = WEIGHT_BINDING) readonly buffer WeightHalfWords { uint16_t w16[]; };

// The 16 bits at byte offset `o` (o even).
uint w_u16(uint o) { return uint(w16[o >> 1]); }
// The 32 bits at byte offset `o` (o even), little-endian.
uint w_u32(uint o) { return uint(w16[o >> 1]) | (uint(w16[(o >> 1) + 1u]) << 16); }
#else
uint w_u16(uint o) { return (w32[o >> 2] >> ((o & 2u) << 3)) & 0xFFFFu; }
uint w_u32(uint o) {
    const uint i = o >> 2;
    if ((o & 2u) == 0u) {
        return w32[i];
    }
    return (w32[i] >> 16) | (w32[i + 1u] << 16);
}
#endif

// The byte at offset `o`.
#ifdef HEARTH_S8
layout(std430, binding = WEIGHT_BINDING) readonly buffer WeightBytes { uint8_t w8[]; };
uint w_u8(uint o) { return uint(w8[o]); }
#else
uint w_u8(uint o) { return (w_u16(o & ~1u) >> ((o & 1u) << 3)) & 0xFFu; }
#endif
// The float32 at byte offset `o` (o a multiple of 4).
float w_f32(uint o) { return wf32[o >> 2]; }
// The IEEE half at byte offset `o`, as a float.
float w_f16(uint o) { return unpackHalf2x16(w_u16(o)).x; }

#if defined(HEARTH_F16) && defined(HEARTH_S16)
layout(std430, binding = WEIGHT_BINDING) readonly buffer WeightHalves { float16_t wh16[]; };
// The half at byte offset `o` (o even) as a float16_t, and two consecutive ones.
float16_t w_h16(uint o) { return wh16[o >> 1]; }
f16vec2 w_h16x2(uint o) { return f16vec2(wh16[o >> 1], wh16[(o >> 1) + 1u]); }
#elif defined(HEARTH_F16)
#error "HEARTH_F16 variants are built with HEARTH_S16"
#endif

#endif
