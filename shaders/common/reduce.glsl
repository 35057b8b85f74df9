// SPDX-License-Identifier: GPL-3.0-or-later
// Workgroup-wide sum through shared memory. Works for any subgroup size (lavapipe has 8) and any
// power-of-two workgroup size up to REDUCE_MAX_WG.

#ifndef HEARTH_REDUCE_GLSL
#define HEARTH_REDUCE_GLSL

#define REDUCE_MAX_WG 1024
shared float reduce_scratch[REDUCE_MAX_WG];

// Returns the sum of `value` over the workgroup to every invocation.
float workgroup_sum(float value, uint lid, uint wg_size) {
    reduce_scratch[lid] = value;
    barrier();
    for (uint stride = wg_size / 2u; stride > 0u; stride >>= 1u) {
        if (lid < stride) {
            reduce_scratch[lid] += reduce_scratch[lid + stride];
        }
        barrier();
    }
    float total = reduce_scratch[0];
    barrier();
    return total;
}

#endif
