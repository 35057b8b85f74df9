// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/quant/types.h"
#include "engine/vulkan/pipeline.h"
#include "engine/vulkan/pipeline_cache.h"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace hearth::vk {

/// The operations that have a compute shader (shaders/<op>.comp).
enum class Kernel {
    GetRows, ///< embedding lookup (per weight type)
    Dequant, ///< whole tensor to float32 (per weight type)
    Matvec,  ///< decode matrix-vector product (per weight type)
    /// Matvec reduced in shared memory only (where the subgroup variant does not apply).
    MatvecNoSubgroup,
    Matmul,     ///< prefill matrix-matrix product (per weight type)
    MatvecRows, ///< decode, one row per invocation, for CPU-like devices (per weight type)
    MatmulRows, ///< prefill, one row per invocation, for CPU-like devices (per weight type)
    /// MatvecRows and MatmulRows for inputs that do not start on 16-byte boundaries.
    MatvecRowsUnaligned,
    MatmulRowsUnaligned,
    RmsNorm,   ///< RMSNorm with weight
    Rope,      ///< rotary position embedding
    KvStore,   ///< keys or values into the f16 cache
    Attention, ///< causal attention over the f16 cache
    /// Attention with one subgroup per (head, token), lanes over keys (row-kernel devices).
    AttentionRows,
    /// Attention for prompts: one workgroup per (head, block of tokens), key tiles in shared
    /// memory shared by the block's queries (flash-attention style).
    AttentionTiles,
    Glu,     ///< SwiGLU / GeGLU
    Add,     ///< residual or bias add
    Softcap, ///< cap·tanh(x / cap)
    /// Activations to 8-bit blocks for the integer-dot matvec (KernelConfig::integerDot).
    QuantizeQ8,
};

/// Which shader variants run on a device, and their tuning knobs (specialization constants).
/// chooseKernelConfig() is the one place where device features pick variants.
struct KernelConfig {
    /// The _s16 variants: weights read as 16-bit words and the KV cache as float16_t (needs
    /// storageBuffer16BitAccess). Without it, 32-bit loads only.
    bool storage16 = false;
    /// Matvec variants that read single weight bytes as bytes (_s8, needs storage16 and
    /// storageBuffer8BitAccess; Q6_K's scales).
    bool storage8 = false;
    /// Matvec and matmul variants that dequantize in half precision (_f16, needs storage16 and
    /// shaderFloat16; quantized types; products and sums stay float32).
    bool fp16 = false;
    /// Matvec by packed integer dot products on activations quantized to 8 bits (_dp4, needs
    /// storage16 and shaderIntegerDotProduct; Q8_0, Q4_0, Q4_1, Q5_0, Q5_1; only in builds whose
    /// shader compiler could emit them, see integerDotShadersBuilt()).
    bool integerDot = false;
    uint32_t workgroupSize = 64; ///< invocations per workgroup (a power of two)
    uint32_t matvecRows = 16;    ///< rows per matvec workgroup (<= 16 and <= workgroupSize)
    uint32_t matmulRows = 32;    ///< rows of W per matmul tile
    uint32_t matmulTokens = 16;  ///< tokens per matmul tile
    /// Rows each matmul invocation computes (register blocking: the tile's rows / this many row
    /// groups, times token groups, make the workgroup).
    uint32_t matmulRowsPerInvocation = 1;
    uint32_t matmulMinTokens = 2; ///< batches of at least this many tokens use matmul, else matvec
    /// Matrix products one row per invocation (MatmulRows) instead of matvec/matmul: for devices
    /// whose invocations are SIMD lanes of a CPU, where reads that are the same in every lane
    /// are cheap and gathers are not.
    bool rowKernels = false;
    /// The _sg matvec variants: reductions by subgroupAdd (needs subgroup arithmetic), used when
    /// a row's invocations span whole subgroups of up to maxSubgroupSize invocations.
    bool subgroupReduce = false;
    /// Attention by attention_rows.comp (one subgroup per head and token, lanes over keys):
    /// with the row kernels, on devices with subgroup arithmetic and one fixed subgroup size.
    bool attentionRows = false;
    uint32_t maxSubgroupSize = 0;
    uint32_t rowTokens = 4; ///< tokens per invocation of MatmulRows (<= 16)
    /// Batches of at least this many tokens attend by AttentionTiles where the heads fit it (at
    /// most 128 values wide), unless AttentionRows applies; 0: never.
    uint32_t attentionTileMinTokens = 8;
};

/// The variants and knobs for `device`: every optional feature it has.
KernelConfig chooseKernelConfig(const DeviceInfo& device);
/// Throws hearth::Error when `config` does not suit `device` (workgroup, tile, row or subgroup
/// sizes against its limits and features).
void checkKernelConfig(const KernelConfig& config, const DeviceInfo& device);
/// The variants that need no optional feature (they run on every Vulkan 1.1 device), and the
/// simplest attention (what a backend falls back to when a driver computes wrong results).
KernelConfig portableKernelConfig();

/// Whether the weight-reading shaders handle `type` (F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0,
/// Q5_1, Q4_K, Q5_K, Q6_K).
bool kernelSupportsType(TensorType type);

/// Whether this binary holds the integer-dot variants (its shader compiler could emit them).
bool integerDotShadersBuilt();
/// Whether the decode kernel for weights of `type` under `config` takes 8-bit activations
/// (KernelConfig::integerDot and a type it handles; never with the row kernels).
bool usesIntegerDot(const KernelConfig& config, TensorType type);
/// The values one invocation of the tiled matvec takes at a time for weights of `type` under
/// `config`: a whole unit of quantized weights (32 or 64 values: common/dequant_units.glsl; not
/// Q6_K) or block of 8-bit activations (32), else 4. The host sizes segments of invocations
/// per row by it (matvec.comp works with any; this keeps every invocation busy).
uint32_t matvecStep(const KernelConfig& config, TensorType type);
/// Whether the tiled kernels (matvec and matmul) for weights of `type` under `config` dequantize
/// in half precision.
bool usesHalfDequant(const KernelConfig& config, TensorType type);
/// The feature variants of `config` in words, e.g. "tiles, 16-bit storage, subgroups".
std::string describeKernelConfig(const KernelConfig& config);
/// Applies a comma-separated list of overrides to `config` (the HEARTH_VK_KERNELS variable):
/// "rows" or "tiles" (the matrix-kernel family), and "f16", "s8", "dp4" or "no-f16", "no-s8",
/// "no-dp4" (the decode variants; the 16-bit storage they need is switched on with them).
/// Throws hearth::Error naming an unknown item. checkKernelConfig() still judges the result.
void applyKernelOverrides(KernelConfig& config, std::string_view spec);

/// The registry name of the variant of `kernel` for weights of `type` (ignored by kernels
/// that read no weights) under `config`, e.g. "matvec_q4_k_s16".
std::string shaderName(Kernel kernel, TensorType type, const KernelConfig& config);

/// The pipelines of one device under one KernelConfig, each created on first use and kept (only
/// the kernels a model needs are ever built: pipeline creation is slow on some drivers).
class Kernels {
public:
    /// Throws hearth::Error when `config` does not suit the device (workgroup or tile sizes).
    /// Pipelines go through a cache kept in `cacheFile` (see PipelineCache; empty: in memory).
    Kernels(Device& device, const KernelConfig& config, std::string cacheFile = {});
    ~Kernels();
    Kernels(const Kernels&) = delete;
    Kernels& operator=(const Kernels&) = delete;

    Device& device() const { return device_; }
    const KernelConfig& config() const { return config_; }

    /// The pipeline of `kernel` for weights of `type`. Throws hearth::Error naming the shader
    /// when it is missing or cannot be created, or naming the type when no shader handles it.
    /// `extra` specialization constants follow the kernel's own (AttentionRows: head widths).
    const Pipeline& get(Kernel kernel, TensorType type = TensorType::F32,
                        std::span<const uint32_t> extra = {});

    PipelineCache& pipelineCache() { return *cache_; }

private:
    Device& device_;
    KernelConfig config_;
    std::unique_ptr<PipelineCache> cache_;
    std::map<std::string, std::unique_ptr<Pipeline>> pipelines_;
};

} // namespace hearth::vk
