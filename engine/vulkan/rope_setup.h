// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/model/config.h"
#include "engine/vulkan/kernel_params.h"

#include <cstdint>
#include <vector>

namespace hearth::vk {

/// Everything rope.comp needs besides positions: per-pair frequencies and the scaling
/// parameters, computed on the host exactly as the CPU reference does (cpu::Rope).
struct RopeSetup {
    std::vector<float> theta; ///< [nRot/2] base^(−2i/nRot) / factor_i
    bool neox = false;
    float freqScale = 1.0f; ///< 1 / scale factor (linear, YaRN)
    float extFactor = 0.0f; ///< YaRN extrapolation mix; 0 = off
    float corrLow = 0.0f;   ///< YaRN correction dimensions
    float corrHigh = 0.0f;
    float mscale = 1.0f; ///< magnitude of cos and sin

    /// Push constants for `heads` heads of width `headDim` of `tokens` tokens at positions
    /// step + posOffset.. (step: the StepBuffer's position), token t's head 0 at float
    /// offset + t·stride.
    RopeParams params(uint32_t tokens, uint32_t heads, uint32_t headDim, uint32_t posOffset,
                      uint32_t offset, uint32_t stride) const;
};

/// The RoPE of `config`; `factors` (rope_freqs, or Phi-3's long or short factors) divide the
/// frequencies and may be empty.
RopeSetup makeRopeSetup(const ModelConfig& config, const std::vector<float>& factors);

} // namespace hearth::vk
