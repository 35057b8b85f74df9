// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/rope_setup.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hearth::vk {
namespace {

/// The dimension at which a rotation of `nRot` dims completes `rotations` turns over the original
/// context (YaRN's correction range).
float yarnCorrectionDim(uint32_t nRot, uint32_t origCtx, float rotations, float base) {
    return static_cast<float>(nRot) *
           std::log(static_cast<float>(origCtx) / (rotations * 2.0f * std::numbers::pi_v<float>)) /
           (2.0f * std::log(base));
}

/// YaRN's magnitude correction: 1 + 0.1·ln(scale factor).
constexpr float kYarnMscaleSlope = 0.1f;

} // namespace

RopeSetup makeRopeSetup(const ModelConfig& c, const std::vector<float>& factors) {
    RopeSetup r;
    r.neox = c.ropeOrder == RopeOrder::NeoX;
    r.theta.resize(c.nRot / 2);
    for (uint32_t i = 0; i < c.nRot / 2; ++i) {
        const float f = i < factors.size() ? factors[i] : 1.0f;
        r.theta[i] = std::pow(c.ropeFreqBase, -2.0f * float(i) / float(c.nRot)) / f;
    }
    r.mscale = c.ropeAttnFactor;
    if (c.ropeScaling == RopeScaling::Linear || c.ropeScaling == RopeScaling::Yarn) {
        r.freqScale = 1.0f / c.ropeScaleFactor;
    }
    if (c.ropeScaling == RopeScaling::Yarn && c.ropeScaleFactor > 1.0f) {
        r.extFactor = 1.0f;
        const float low =
            std::floor(yarnCorrectionDim(c.nRot, c.ropeOrigCtx, c.yarnBetaFast, c.ropeFreqBase));
        const float high =
            std::ceil(yarnCorrectionDim(c.nRot, c.ropeOrigCtx, c.yarnBetaSlow, c.ropeFreqBase));
        r.corrLow = std::max(0.0f, low);
        r.corrHigh = std::min(float(c.nRot - 1), high);
        r.mscale *= 1.0f + kYarnMscaleSlope * std::log(1.0f / r.freqScale);
    }
    return r;
}

RopeParams RopeSetup::params(uint32_t tokens, uint32_t heads, uint32_t headDim, uint32_t posOffset,
                             uint32_t offset, uint32_t stride) const {
    RopeParams p{};
    p.tokens = tokens;
    p.heads = heads;
    p.headDim = headDim;
    p.nRot = static_cast<uint32_t>(theta.size() * 2);
    p.posOffset = posOffset;
    p.offset = offset;
    p.stride = stride;
    p.neox = neox ? 1u : 0u;
    p.freqScale = freqScale;
    p.extFactor = extFactor;
    p.corrLow = corrLow;
    p.corrHigh = corrHigh;
    p.mscale = mscale;
    return p;
}

} // namespace hearth::vk
