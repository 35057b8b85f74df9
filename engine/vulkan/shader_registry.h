// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace hearth::vk {

/// One compiled SPIR-V module, embedded in the binary at build time (see shaders/CMakeLists.txt).
struct ShaderBlob {
    std::string_view name; ///< variant name, e.g. "matvec_q4_0"
    const uint32_t* code;  ///< SPIR-V words
    std::size_t words;     ///< number of 32-bit words in `code`
};

/// Every shader variant built into this binary.
std::span<const ShaderBlob> allShaders();

/// The variant called `name`, or nullptr.
const ShaderBlob* findShader(std::string_view name);

} // namespace hearth::vk
