// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Push constants of every shader, one struct per shader, mirrored field by field in the GLSL
// `Params` block of shaders/<op>.comp. Every field is 4 bytes, so std430 and C++ layouts agree.
// StepParams is not a push-constant block but the contents of the Step buffer.

#include <cstdint>

namespace hearth::vk {

/// The size every Vulkan device guarantees for push constants.
inline constexpr uint32_t kMaxPushConstantBytes = 128;

/// The Step buffer (shaders/common/step.glsl): what changes from one submission of a forward
/// pass to the next. rope, kv_store, attention and attention_rows read the position from it
/// rather than from push constants, so that a recorded command buffer can be replayed at any
/// position after the host rewrites this buffer.
struct StepParams {
    uint32_t pos;         ///< position of the first token of the submission
    uint32_t reserved[3]; ///< zero (the buffer is 16 bytes)
};

/// matvec.comp and matmul.comp (shaders/common/matmul_params.glsl).
struct MatmulParams {
    uint32_t rows;     ///< rows of the weight chunk
    uint32_t cols;     ///< values per row
    uint32_t rowBytes; ///< bytes per stored row
    uint32_t tokens;
    uint32_t xOffset;       ///< float index of token 0's input
    uint32_t xStride;       ///< floats between tokens' inputs
    uint32_t yOffset;       ///< float index of token 0's output for chunk row 0
    uint32_t yStride;       ///< floats between tokens' outputs
    uint32_t threadsPerRow; ///< matvec: invocations per row (a power of two <= workgroup size)
};

/// get_rows.comp
struct GetRowsParams {
    uint32_t tokens;
    uint32_t cols;
    uint32_t rowBytes;
    uint32_t firstRow; ///< table row at chunk row 0
    uint32_t rows;     ///< rows in the chunk
    uint32_t yOffset;
    uint32_t yStride;
    float scale;
};

/// dequant.comp
struct DequantParams {
    uint32_t rows;
    uint32_t cols;
    uint32_t rowBytes;
    uint32_t yOffset;
};

/// rmsnorm.comp
struct RmsNormParams {
    uint32_t width;
    float eps;
    uint32_t xOffset;
    uint32_t xStride;
    uint32_t yOffset;
    uint32_t yStride;
};

/// rope.comp
struct RopeParams {
    uint32_t tokens;
    uint32_t heads;
    uint32_t headDim;
    uint32_t nRot;
    uint32_t posOffset; ///< token 0 is at position StepParams::pos + posOffset
    uint32_t offset;
    uint32_t stride;
    uint32_t neox;
    float freqScale;
    float extFactor;
    float corrLow;
    float corrHigh;
    float mscale;
};

/// kv_store.comp
struct KvStoreParams {
    uint32_t tokens;
    uint32_t width;
    uint32_t posOffset; ///< token 0 is at position StepParams::pos + posOffset
    uint32_t srcOffset;
    uint32_t srcStride;
};

/// attention.comp
struct AttentionParams {
    uint32_t tokens;
    uint32_t posOffset; ///< token 0 is at position StepParams::pos + posOffset
    uint32_t headDim;
    uint32_t headDimV;
    uint32_t group;
    uint32_t qOffset;
    uint32_t qStride;
    uint32_t kWidth;
    uint32_t vWidth;
    uint32_t outOffset;
    uint32_t outStride;
    uint32_t window;
    float scale;
    float softcap;
};

/// glu.comp
struct GluParams {
    uint32_t tokens;
    uint32_t width;
    uint32_t gateOffset;
    uint32_t upOffset;
    uint32_t inStride;
    uint32_t outOffset;
    uint32_t outStride;
    uint32_t gelu;
};

/// add.comp
struct AddParams {
    uint32_t tokens;
    uint32_t width;
    uint32_t yOffset;
    uint32_t yStride;
    uint32_t aOffset;
    uint32_t aStride;
};

/// softcap.comp
struct SoftcapParams {
    uint32_t count;
    uint32_t offset;
    float cap;
};

static_assert(sizeof(StepParams) == 16);
static_assert(sizeof(MatmulParams) <= kMaxPushConstantBytes);
static_assert(sizeof(GetRowsParams) <= kMaxPushConstantBytes);
static_assert(sizeof(DequantParams) <= kMaxPushConstantBytes);
static_assert(sizeof(RmsNormParams) <= kMaxPushConstantBytes);
static_assert(sizeof(RopeParams) <= kMaxPushConstantBytes);
static_assert(sizeof(KvStoreParams) <= kMaxPushConstantBytes);
static_assert(sizeof(AttentionParams) <= kMaxPushConstantBytes);
static_assert(sizeof(GluParams) <= kMaxPushConstantBytes);
static_assert(sizeof(AddParams) <= kMaxPushConstantBytes);
static_assert(sizeof(SoftcapParams) <= kMaxPushConstantBytes);

} // namespace hearth::vk
