// SPDX-License-Identifier: GPL-3.0-or-later
// cos and sin of large arguments. GPU sin/cos are only specified on [−π, π] and lose accuracy far
// from it, while RoPE angles reach pos·θ (tens of thousands of radians). The argument is first
// reduced by k multiples of 2π (Cody–Waite: 2π = C1 + C2 + C3 with C1 and C2 of at most 9
// significant bits, so k·C1 and k·C2 are exact for k < 2^15, i.e. |x| < 2·10^5), then the
// built-ins run on [−π, π].

#ifndef HEARTH_TRIG_GLSL
#define HEARTH_TRIG_GLSL

vec2 cos_sin(float x) {
    const float INV_TWO_PI = 0.15915494309189533577;
    const float C1 = 6.28125;                 // 8 significant bits
    const float C2 = 0.001934051513671875;    // 2π − C1, first 9 bits
    const float C3 = 1.2556658930407139e-06;  // 2π − C1 − C2
    precise float k = round(x * INV_TWO_PI);
    precise float r = ((x - k * C1) - k * C2) - k * C3;
    return vec2(cos(r), sin(r));
}

#endif
