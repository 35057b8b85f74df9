// SPDX-License-Identifier: GPL-3.0-or-later
// Workgroup-wide sum and maximum through shared memory, for any subgroup size (lavapipe has 8)
// and any power-of-two workgroup size WG_SIZE (common/prelude.glsl). Every invocation of the
// workgroup must call them (they contain barriers).

#ifndef HEARTH_REDUCE_GLSL
#define HEARTH_REDUCE_GLSL

shared float reduce_scratch[WG_SIZE];

// The sum of `value` over the workgroup, returned to every invocation.
float workgroup_sum(float value) {
    const uint lid = gl_LocalInvocationID.x;
    reduce_scratch[lid] = value;
    barrier();
    for (uint stride = WG_SIZE / 2u; stride > 0u; stride >>= 1u) {
        if (lid < stride) {
            reduce_scratch[lid] += reduce_scratch[lid + stride];
        }
        barrier();
    }
    const float total = reduce_scratch[0];
    barrier();
    return total;
}

// The maximum of `value` over the workgroup, returned to every invocation.
float workgroup_max(float value) {
    const uint lid = gl_LocalInvocationID.x;
    reduce_scratch[lid] = value;
    barrier();
    for (uint stride = WG_SIZE / 2u; stride > 0u; stride >>= 1u) {
        if (lid < stride) {
            reduce_scratch[lid] = max(reduce_scratch[lid], reduce_scratch[lid + stride]);
        }
        barrier();
    }
    const float total = reduce_scratch[0];
    barrier();
    return total;
}

#endif
