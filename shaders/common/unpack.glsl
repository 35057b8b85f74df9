// SPDX-License-Identifier: GPL-3.0-or-later
// Unpacking the four bytes of a little-endian 32-bit word (shared by the dequantizers).

#ifndef HEARTH_UNPACK_GLSL
#define HEARTH_UNPACK_GLSL

// Four signed bytes of a word.
ivec4 signed_bytes_i(uint w) {
    return ivec4(bitfieldExtract(int(w), 0, 8), bitfieldExtract(int(w), 8, 8),
                 bitfieldExtract(int(w), 16, 8), bitfieldExtract(int(w), 24, 8));
}
vec4 signed_bytes(uint w) { return vec4(signed_bytes_i(w)); }
// The low nibbles of the four bytes of a word.
uvec4 low_nibbles_u(uint w) {
    return uvec4(w & 0xFu, (w >> 8) & 0xFu, (w >> 16) & 0xFu, (w >> 24) & 0xFu);
}
vec4 low_nibbles(uint w) { return vec4(low_nibbles_u(w)); }
// Bit `b` of each of the four bytes of a word, as 0 or 1.
uvec4 byte_bits(uint w, uint b) {
    return uvec4((w >> b) & 1u, (w >> (8u + b)) & 1u, (w >> (16u + b)) & 1u, (w >> (24u + b)) & 1u);
}

#endif
