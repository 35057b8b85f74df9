// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/quant/filetype.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace hearth::quant {
namespace {

/// Every general.file_type value GGUF tools have written (numbers missing here were never
/// used or were withdrawn).
constexpr std::array<std::pair<uint32_t, std::string_view>, 34> kLabels = {{
    {0, "F32"},     {1, "F16"},      {2, "Q4_0"},     {3, "Q4_1"},       {4, "Q4_1_SOME_F16"},
    {7, "Q8_0"},    {8, "Q5_0"},     {9, "Q5_1"},     {10, "Q2_K"},      {11, "Q3_K_S"},
    {12, "Q3_K_M"}, {13, "Q3_K_L"},  {14, "Q4_K_S"},  {15, "Q4_K_M"},    {16, "Q5_K_S"},
    {17, "Q5_K_M"}, {18, "Q6_K"},    {19, "IQ2_XXS"}, {20, "IQ2_XS"},    {21, "Q2_K_S"},
    {22, "IQ3_XS"}, {23, "IQ3_XXS"}, {24, "IQ1_S"},   {25, "IQ4_NL"},    {26, "IQ3_S"},
    {27, "IQ3_M"},  {28, "IQ2_S"},   {29, "IQ2_M"},   {30, "IQ4_XS"},    {31, "IQ1_M"},
    {32, "BF16"},   {36, "TQ1_0"},   {37, "TQ2_0"},   {38, "MXFP4_MOE"},
}};

constexpr std::array kTargets = {
    FileType::MostlyF16,    FileType::MostlyQ8_0,   FileType::MostlyQ4_0,
    FileType::MostlyQ4_1,   FileType::MostlyQ5_0,   FileType::MostlyQ5_1,
    FileType::MostlyQ4_K_M, FileType::MostlyQ5_K_M, FileType::MostlyQ6_K};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

} // namespace

std::optional<FileType> quantizeTargetFromName(std::string_view name) {
    for (FileType t : kTargets) {
        if (equalsIgnoringCase(name, *fileTypeLabel(static_cast<uint32_t>(t)))) {
            return t;
        }
    }
    return std::nullopt;
}

std::optional<std::string> fileTypeLabel(uint32_t fileType) {
    for (const auto& [id, label] : kLabels) {
        if (id == fileType) {
            return std::string(label);
        }
    }
    return std::nullopt;
}

TensorType baseTensorType(FileType fileType) {
    switch (fileType) {
    case FileType::AllF32:
        return TensorType::F32;
    case FileType::MostlyF16:
        return TensorType::F16;
    case FileType::MostlyBF16:
        return TensorType::BF16;
    case FileType::MostlyQ4_0:
        return TensorType::Q4_0;
    case FileType::MostlyQ4_1:
        return TensorType::Q4_1;
    case FileType::MostlyQ8_0:
        return TensorType::Q8_0;
    case FileType::MostlyQ5_0:
        return TensorType::Q5_0;
    case FileType::MostlyQ5_1:
        return TensorType::Q5_1;
    case FileType::MostlyQ4_K_M:
        return TensorType::Q4_K;
    case FileType::MostlyQ5_K_M:
        return TensorType::Q5_K;
    case FileType::MostlyQ6_K:
        return TensorType::Q6_K;
    }
    return TensorType::F32;
}

} // namespace hearth::quant
