// SPDX-License-Identifier: GPL-3.0-or-later
// The arithmetic type of dequantized weights: float32 (WFLOAT, WVEC2, WVEC4 = float, vec2, vec4),
// or with HEARTH_F16 half precision (float16_t, f16vec2, f16vec4). Scales are halves in every
// format and quants small integers, so in half precision only the products round.
//
//   w_scale(o), w_scale2(o)   the half (pair of halves) at byte offset o of the weights, o even
//   halves(word)              the two halves of a 32-bit word
//
// Needs common/weights.glsl.

#ifndef HEARTH_WTYPES_GLSL
#define HEARTH_WTYPES_GLSL

#ifdef HEARTH_F16
#define WFLOAT float16_t
#define WVEC2 f16vec2
#define WVEC4 f16vec4
float16_t w_scale(uint o) { return w_h16(o); }
f16vec2 w_scale2(uint o) { return w_h16x2(o); }
f16vec2 halves(uint word) { return unpackFloat2x16(word); }
#else
#define WFLOAT float
#define WVEC2 vec2
#define WVEC4 vec4
float w_scale(uint o) { return w_f16(o); }
vec2 w_scale2(uint o) { return unpackHalf2x16(w_u32(o)); }
vec2 halves(uint word) { return unpackHalf2x16(word); }
#endif

#endif
