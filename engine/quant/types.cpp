// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/quant/types.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace hearth {
namespace {

// Block layouts as GGUF defines them (ggml-common.h, checked against its block structs). Sizes:
// see ENGINE.md §2.
constexpr std::array kTraits = {
    TypeTraits{TensorType::F32, "F32", 1, 4, true},
    TypeTraits{TensorType::F16, "F16", 1, 2, true},
    TypeTraits{TensorType::Q4_0, "Q4_0", 32, 18, true},
    TypeTraits{TensorType::Q4_1, "Q4_1", 32, 20, true},
    TypeTraits{TensorType::Q5_0, "Q5_0", 32, 22, true},
    TypeTraits{TensorType::Q5_1, "Q5_1", 32, 24, true},
    TypeTraits{TensorType::Q8_0, "Q8_0", 32, 34, true},
    TypeTraits{TensorType::Q8_1, "Q8_1", 32, 36, false},
    TypeTraits{TensorType::Q2_K, "Q2_K", 256, 84, false},
    TypeTraits{TensorType::Q3_K, "Q3_K", 256, 110, false},
    TypeTraits{TensorType::Q4_K, "Q4_K", 256, 144, true},
    TypeTraits{TensorType::Q5_K, "Q5_K", 256, 176, true},
    TypeTraits{TensorType::Q6_K, "Q6_K", 256, 210, true},
    TypeTraits{TensorType::Q8_K, "Q8_K", 256, 292, false},
    TypeTraits{TensorType::IQ2_XXS, "IQ2_XXS", 256, 66, false},
    TypeTraits{TensorType::IQ2_XS, "IQ2_XS", 256, 74, false},
    TypeTraits{TensorType::IQ3_XXS, "IQ3_XXS", 256, 98, false},
    TypeTraits{TensorType::IQ1_S, "IQ1_S", 256, 50, false},
    TypeTraits{TensorType::IQ4_NL, "IQ4_NL", 32, 18, false},
    TypeTraits{TensorType::IQ3_S, "IQ3_S", 256, 110, false},
    TypeTraits{TensorType::IQ2_S, "IQ2_S", 256, 82, false},
    TypeTraits{TensorType::IQ4_XS, "IQ4_XS", 256, 136, false},
    TypeTraits{TensorType::I8, "I8", 1, 1, false},
    TypeTraits{TensorType::I16, "I16", 1, 2, false},
    TypeTraits{TensorType::I32, "I32", 1, 4, false},
    TypeTraits{TensorType::I64, "I64", 1, 8, false},
    TypeTraits{TensorType::F64, "F64", 1, 8, false},
    TypeTraits{TensorType::IQ1_M, "IQ1_M", 256, 56, false},
    TypeTraits{TensorType::BF16, "BF16", 1, 2, true},
    TypeTraits{TensorType::TQ1_0, "TQ1_0", 256, 54, false},
    TypeTraits{TensorType::TQ2_0, "TQ2_0", 256, 66, false},
    TypeTraits{TensorType::MXFP4, "MXFP4", 32, 17, false},
    TypeTraits{TensorType::NVFP4, "NVFP4", 64, 36, false},
};

} // namespace

std::optional<TypeTraits> typeTraits(uint32_t id) {
    for (const TypeTraits& t : kTraits) {
        if (static_cast<uint32_t>(t.type) == id) {
            return t;
        }
    }
    return std::nullopt;
}

TypeTraits typeTraits(TensorType type) {
    const auto t = typeTraits(static_cast<uint32_t>(type));
    return t ? *t : TypeTraits{type, "unknown", 1, 0, false};
}

std::string_view typeName(TensorType type) {
    const auto t = typeTraits(static_cast<uint32_t>(type));
    return t ? t->name : std::string_view("unknown");
}

std::optional<TensorType> typeFromName(std::string_view name) {
    for (const TypeTraits& t : kTraits) {
        if (std::equal(name.begin(), name.end(), t.name.begin(), t.name.end(), [](char a, char b) {
                return std::toupper(static_cast<unsigned char>(a)) ==
                       std::toupper(static_cast<unsigned char>(b));
            })) {
            return t.type;
        }
    }
    return std::nullopt;
}

std::optional<uint64_t> rowBytes(TensorType type, uint64_t elements) {
    const auto t = typeTraits(static_cast<uint32_t>(type));
    if (!t || t->blockBytes == 0 || elements % t->blockSize != 0) {
        return std::nullopt;
    }
    const uint64_t blocks = elements / t->blockSize;
    if (blocks > std::numeric_limits<uint64_t>::max() / t->blockBytes) {
        return std::nullopt;
    }
    return blocks * t->blockBytes;
}

} // namespace hearth
