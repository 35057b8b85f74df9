// SPDX-License-Identifier: GPL-3.0-or-later
// Numerically safe activations. GLSL's tanh may be computed as a quotient of exponentials that
// overflows to NaN for large |x| on some drivers; these never do.

#ifndef HEARTH_MATH_GLSL
#define HEARTH_MATH_GLSL

// tanh(x) = sign(x)·(1 − e^(−2|x|)) / (1 + e^(−2|x|))
float safe_tanh(float x) {
    const float t = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - t) / (1.0 + t);
}

// x·sigmoid(x); exp(-x) overflows to +inf for very negative x, which gives the right limit 0.
float silu(float x) { return x / (1.0 + exp(-x)); }

// GELU, tanh approximation (Gemma).
float gelu_tanh(float x) {
    const float SQRT_2_OVER_PI = 0.79788456080286535588;
    const float CUBIC = 0.044715;
    return 0.5 * x * (1.0 + safe_tanh(SQRT_2_OVER_PI * x * (1.0 + CUBIC * x * x)));
}

// Soft-capping: cap·tanh(x / cap).
float softcap(float x, float cap) { return cap * safe_tanh(x / cap); }

#endif
