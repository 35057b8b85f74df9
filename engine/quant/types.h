// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hearth {

/// Tensor element types with their GGUF type ids (ggml_type). Ids not listed are unknown.
enum class TensorType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
    NVFP4 = 40,
};

/// Storage layout of one tensor type: `blockSize` elements take `blockBytes` bytes.
struct TypeTraits {
    TensorType type;
    std::string_view name; ///< "Q4_K", as GGUF tools print it
    uint32_t blockSize;    ///< elements per block (1 for plain types)
    uint32_t blockBytes;   ///< bytes per block
    bool supported;        ///< Hearth can dequantize (and run) it
};

/// The traits of a GGUF type id, or nullopt for an id no GGUF writer uses.
std::optional<TypeTraits> typeTraits(uint32_t id);
TypeTraits typeTraits(TensorType type);

/// "Q4_K" for TensorType::Q4_K; "type 99" for unknown ids.
std::string_view typeName(TensorType type);

/// The type called `name` (case-insensitive: "q4_k", "F16"), if any.
std::optional<TensorType> typeFromName(std::string_view name);

/// Bytes of a row of `elements` values; nullopt when `elements` is not a multiple of the
/// block size or the size overflows.
std::optional<uint64_t> rowBytes(TensorType type, uint64_t elements);

} // namespace hearth
