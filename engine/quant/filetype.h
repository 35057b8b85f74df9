// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/quant/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::quant {

/// The overall quantization of a model file, stored as `general.file_type` (the numbers GGUF
/// tools use, e.g. 15 for Q4_K_M). Only the mixes Hearth can write are named here; every known
/// number has a label (fileTypeLabel).
enum class FileType : uint32_t {
    AllF32 = 0,
    MostlyF16 = 1,
    MostlyQ4_0 = 2,
    MostlyQ4_1 = 3,
    MostlyQ8_0 = 7,
    MostlyQ5_0 = 8,
    MostlyQ5_1 = 9,
    MostlyQ4_K_M = 15,
    MostlyQ5_K_M = 17,
    MostlyQ6_K = 18,
    MostlyBF16 = 32,
};

/// The mix `hearth-cli quantize` writes for a name on its command line ("q4_k_m", "F16"; case
/// does not matter): f16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_k_m, q5_k_m, q6_k.
std::optional<FileType> quantizeTargetFromName(std::string_view name);

/// "Q4_K_M", "F16", … for a general.file_type value; nullopt for a number no tool writes.
std::optional<std::string> fileTypeLabel(uint32_t fileType);

/// The tensor type most tensors of a FileType have (Q4_K for Q4_K_M).
TensorType baseTensorType(FileType fileType);

} // namespace hearth::quant
