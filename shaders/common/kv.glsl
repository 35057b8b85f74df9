// SPDX-License-Identifier: GPL-3.0-or-later
// The f16 KV cache. With HEARTH_S16 it is an array of float16_t; without, pairs of halves packed
// into 32-bit words (packHalf2x16), which every device can read and write. Element indices are
// the same in both layouts; writers always store an aligned pair, so no two invocations write
// the same word.

#ifndef HEARTH_KV_GLSL
#define HEARTH_KV_GLSL

#ifdef HEARTH_S16
#define KV_ELEM float16_t
// Element i of cache array `a`, as a float.
#define KV_LOAD(a, i) float(a[i])
// Stores elements i (even) and i + 1.
#define KV_STORE2(a, i, v0, v1)                                                                    \
    {                                                                                              \
        a[i] = float16_t(v0);                                                                      \
        a[(i) + 1u] = float16_t(v1);                                                               \
    }
#else
#define KV_ELEM uint
#define KV_LOAD(a, i) (unpackHalf2x16(a[(i) >> 1])[(i) & 1u])
#define KV_STORE2(a, i, v0, v1) a[(i) >> 1] = packHalf2x16(vec2(v0, v1));
#endif

#endif
