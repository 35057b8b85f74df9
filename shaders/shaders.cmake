# SPDX-License-Identifier: GPL-3.0-or-later
#
# The declarative list of shader variants: one hearth_shader() per (operation, variant).
# Variant names follow op[_weighttype][_feature]; the engine picks them in
# engine/vulkan/kernels.cpp (shaderName) from the device's features.
#
# Features:
#   (none)  32-bit loads and stores only: runs on every Vulkan 1.1 device
#   _s16    16-bit storage (storageBuffer16BitAccess): weights read as 16-bit words, KV cache as
#           float16_t
#   _s8     8-bit storage (storageBuffer8BitAccess): single weight bytes read as bytes (Q6_K's
#           scales)
#   _f16    half-precision arithmetic (shaderFloat16): weights dequantized in float16_t
#   _dp4    packed integer dot products (shaderIntegerDotProduct) on activations quantized to
#           8 bits (quantize_q8), for the 32-value block types; only where the build's glslang can
#           emit them (HEARTH_SHADERS_INTEGER_DOT)
#   _sg     subgroup arithmetic (subgroupAdd) for reductions instead of shared memory alone

set(HEARTH_WEIGHT_TYPES f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k)

# hearth_weight_shaders(<op>): <op>.comp for every weight type, with and without 16-bit storage.
function(hearth_weight_shaders op)
    foreach(type IN LISTS HEARTH_WEIGHT_TYPES)
        string(TOUPPER ${type} upper)
        hearth_shader(${op}_${type} SOURCE ${op}.comp DEFINES WTYPE_${upper})
        hearth_shader(${op}_${type}_s16 SOURCE ${op}.comp DEFINES WTYPE_${upper} HEARTH_S16)
    endforeach()
    set(HEARTH_SHADER_HEADERS ${HEARTH_SHADER_HEADERS} PARENT_SCOPE)
    set(HEARTH_SHADER_NAMES ${HEARTH_SHADER_NAMES} PARENT_SCOPE)
endfunction()

# Weight-reading operations, one variant per weight type.
hearth_weight_shaders(get_rows) # embedding lookup
hearth_weight_shaders(matvec)   # decode: matrix-vector product
# Decode with subgroup reductions (subgroup arithmetic), with and without 16-bit storage.
foreach(type IN LISTS HEARTH_WEIGHT_TYPES)
    string(TOUPPER ${type} upper)
    hearth_shader(matvec_${type}_sg SOURCE matvec.comp DEFINES WTYPE_${upper} HEARTH_SUBGROUP)
    hearth_shader(matvec_${type}_s16_sg SOURCE matvec.comp
                  DEFINES WTYPE_${upper} HEARTH_S16 HEARTH_SUBGROUP)
endforeach()
# Decode variants for devices with more features (each with and without subgroup reductions).
set(HEARTH_QUANT_TYPES q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k)
set(HEARTH_BYTE_TYPES q6_k)               # types whose matvec reads single bytes (_s8 matters)
set(HEARTH_DP4_TYPES q8_0 q4_0 q4_1 q5_0 q5_1)
foreach(sg "" _sg)
    set(sgdef "")
    if(sg)
        set(sgdef HEARTH_SUBGROUP)
    endif()
    foreach(type IN LISTS HEARTH_QUANT_TYPES)
        string(TOUPPER ${type} upper)
        hearth_shader(matvec_${type}_s16_f16${sg} SOURCE matvec.comp
                      DEFINES WTYPE_${upper} HEARTH_S16 HEARTH_F16 ${sgdef})
    endforeach()
    foreach(type IN LISTS HEARTH_BYTE_TYPES)
        string(TOUPPER ${type} upper)
        hearth_shader(matvec_${type}_s16_s8${sg} SOURCE matvec.comp
                      DEFINES WTYPE_${upper} HEARTH_S16 HEARTH_S8 ${sgdef})
        hearth_shader(matvec_${type}_s16_s8_f16${sg} SOURCE matvec.comp
                      DEFINES WTYPE_${upper} HEARTH_S16 HEARTH_S8 HEARTH_F16 ${sgdef})
    endforeach()
    if(HEARTH_SHADERS_INTEGER_DOT)
        foreach(type IN LISTS HEARTH_DP4_TYPES)
            string(TOUPPER ${type} upper)
            hearth_shader(matvec_${type}_s16_dp4${sg} SOURCE matvec.comp
                          DEFINES WTYPE_${upper} HEARTH_S16 HEARTH_DP4 ${sgdef})
        endforeach()
    endif()
endforeach()
if(HEARTH_SHADERS_INTEGER_DOT)
    hearth_shader(quantize_q8 SOURCE quantize_q8.comp) # activations to 8-bit blocks
endif()
# Prefill with weights dequantized in half precision (their shared-memory slice in halves).
foreach(type IN LISTS HEARTH_QUANT_TYPES)
    string(TOUPPER ${type} upper)
    hearth_shader(matmul_${type}_s16_f16 SOURCE matmul.comp
                  DEFINES WTYPE_${upper} HEARTH_S16 HEARTH_F16)
endforeach()
hearth_weight_shaders(matmul)   # prefill: tiled matrix-matrix product
# Both, one row per invocation, for CPU-like devices (32-bit loads only: no _s16 variant).
foreach(type IN LISTS HEARTH_WEIGHT_TYPES)
    string(TOUPPER ${type} upper)
    hearth_shader(matmul_rows_${type} SOURCE matmul_rows.comp DEFINES WTYPE_${upper})
endforeach()
hearth_weight_shaders(dequant)  # whole tensor to float32 (tests, checksums)

# Operations on the f16 KV cache.
hearth_shader(kv_store SOURCE kv_store.comp)
hearth_shader(kv_store_s16 SOURCE kv_store.comp DEFINES HEARTH_S16)
hearth_shader(attention SOURCE attention.comp)
hearth_shader(attention_s16 SOURCE attention.comp DEFINES HEARTH_S16)
# One subgroup per (head, token), lanes over keys (CPU-like devices; 32-bit loads only).
hearth_shader(attention_rows SOURCE attention_rows.comp)
# Prompts: one workgroup per (head, block of tokens), key tiles shared by the block's queries.
hearth_shader(attention_tiles SOURCE attention_tiles.comp)
hearth_shader(attention_tiles_s16 SOURCE attention_tiles.comp DEFINES HEARTH_S16)

# Float32 operations on activations.
hearth_shader(rmsnorm SOURCE rmsnorm.comp)
hearth_shader(rope SOURCE rope.comp)
hearth_shader(glu SOURCE glu.comp)
hearth_shader(add SOURCE add.comp)
hearth_shader(softcap SOURCE softcap.comp)
