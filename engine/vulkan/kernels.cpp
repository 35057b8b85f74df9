// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/kernels.h"

#include "engine/core/error.h"
#include "engine/vulkan/kernel_params.h"
#include "engine/vulkan/shader_registry.h"

#include <algorithm>
#include <bit>
#include <cctype>

namespace hearth::vk {
namespace {

/// How each kernel is built: its shader stem, storage buffers, push constants, and whether it
/// has per-weight-type and 16-bit-storage variants.
struct KernelTraits {
    const char* stem;
    uint32_t bindings;
    uint32_t pushBytes;
    bool perType;
    bool hasS16;
};

KernelTraits traits(Kernel k) {
    switch (k) {
    case Kernel::GetRows:
        return {"get_rows", 3, sizeof(GetRowsParams), true, true};
    case Kernel::Dequant:
        return {"dequant", 2, sizeof(DequantParams), true, true};
    case Kernel::Matvec:
    case Kernel::MatvecNoSubgroup:
        return {"matvec", 3, sizeof(MatmulParams), true, true};
    case Kernel::Matmul:
        return {"matmul", 3, sizeof(MatmulParams), true, true};
    case Kernel::MatvecRows:
    case Kernel::MatmulRows:
    case Kernel::MatvecRowsUnaligned:
    case Kernel::MatmulRowsUnaligned:
        return {"matmul_rows", 3, sizeof(MatmulParams), true, false};
    case Kernel::RmsNorm:
        return {"rmsnorm", 3, sizeof(RmsNormParams), false, false};
    case Kernel::Rope:
        return {"rope", 3, sizeof(RopeParams), false, false};
    case Kernel::KvStore:
        return {"kv_store", 3, sizeof(KvStoreParams), false, true};
    case Kernel::Attention:
        return {"attention", 5, sizeof(AttentionParams), false, true};
    case Kernel::AttentionRows:
        return {"attention_rows", 5, sizeof(AttentionParams), false, false};
    case Kernel::AttentionTiles:
        return {"attention_tiles", 5, sizeof(AttentionParams), false, true};
    case Kernel::Glu:
        return {"glu", 2, sizeof(GluParams), false, false};
    case Kernel::Add:
        return {"add", 2, sizeof(AddParams), false, false};
    case Kernel::Softcap:
        return {"softcap", 1, sizeof(SoftcapParams), false, false};
    case Kernel::QuantizeQ8:
        return {"quantize_q8", 2, sizeof(MatmulParams), false, false};
    }
    throw Error("unknown kernel");
}

/// Default invocations per workgroup: enough to hide latency, a multiple of every common
/// subgroup size (8 on lavapipe, 16 or 32 on Intel, 32 on NVIDIA, 32 or 64 on AMD).
constexpr uint32_t kDefaultWorkgroupSize = 64;
/// matmul.comp keeps at most this many accumulators per invocation (MAX_ACC) and rows (MAX_RM).
constexpr uint32_t kMaxMatmulAccumulators = 64;
constexpr uint32_t kMaxMatmulRowsPerInvocation = 8;
/// Matmul tiles on GPUs: 64 rows, 4 per invocation (16 row groups of a 64-wide workgroup).
constexpr uint32_t kGpuMatmulRows = 64;
constexpr uint32_t kGpuMatmulRowsPerInvocation = 4;
/// Rows per matvec segment on GPUs (many compute units to keep busy in decode).
constexpr uint32_t kGpuMatvecRows = 2;
/// matmul_rows.comp keeps at most this many accumulators per invocation (MAX_TOKENS).
constexpr uint32_t kMaxRowTokens = 16;
/// matvec.comp keeps at most this many accumulators per invocation (MAX_ROWS).
constexpr uint32_t kMaxMatvecRows = 16;
/// matmul.comp keeps 32 columns of each tile in shared memory.
constexpr uint32_t kMatmulTileStride = 32;
/// Values per step of a matvec invocation (see matvecStep): float groups, integer-dot blocks,
/// and the units of common/dequant_units.glsl for Q4_K/Q5_K (other types: their block).
constexpr uint32_t kFloatGroup = 4;
constexpr uint32_t kIntegerDotBlock = 32;
constexpr uint32_t kKQuantUnit = 64;
/// Tokens per matmul tile on discrete GPUs (16 elsewhere).
constexpr uint32_t kDiscreteMatmulTokens = 32;

/// PCI vendors whose GPUs run packed half-precision arithmetic at twice the float32 rate (AMD
/// RDNA, Intel Xe, Apple). NVIDIA's consumer chips run it at the float32 rate, so dequantizing
/// in halves would only add conversions there.
constexpr uint32_t kDoubleRateHalfVendors[] = {0x1002, 0x8086, 0x106b};

bool isQuantized(TensorType type) {
    return typeTraits(type).blockSize > 1;
}

/// Types whose matvec reads single bytes (where 8-bit storage changes the loads): Q6_K's scales
/// (the other types' matvec reads whole words, see matvecStep).
bool readsBytes(TensorType type) {
    return type == TensorType::Q6_K;
}

bool integerDotType(TensorType type) {
    switch (type) {
    case TensorType::Q8_0:
    case TensorType::Q4_0:
    case TensorType::Q4_1:
    case TensorType::Q5_0:
    case TensorType::Q5_1:
        return true;
    default:
        return false;
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

namespace {

/// Whether matmul.comp's tile under `c` suits `device` (see KernelConfig).
bool matmulTileFits(const KernelConfig& c, const DeviceInfo& device) {
    const uint32_t wg = c.workgroupSize;
    const uint32_t bm = c.matmulRows;
    const uint32_t bn = c.matmulTokens;
    const uint32_t rm = c.matmulRowsPerInvocation;
    if (bm == 0 || bn == 0 || rm == 0 || rm > kMaxMatmulRowsPerInvocation || bm % rm != 0) {
        return false;
    }
    const uint32_t rowGroups = bm / rm;
    if (rowGroups > wg || wg % rowGroups != 0 || bn % (wg / rowGroups) != 0) {
        return false;
    }
    const uint32_t tpt = bn / (wg / rowGroups);
    return tpt > 0 && rm * tpt <= kMaxMatmulAccumulators &&
           (bm + bn) * kMatmulTileStride * sizeof(float) <= device.maxComputeSharedMemorySize;
}

} // namespace

KernelConfig chooseKernelConfig(const DeviceInfo& device) {
    KernelConfig c;
    c.storage16 = device.storage16Bit;
    const uint32_t maxInvocations =
        std::bit_floor(std::max(1u, device.maxComputeWorkGroupInvocations));
    // The largest subgroup the driver may use (with subgroup size control it picks per pipeline).
    const uint32_t subgroup = std::max(device.subgroupSize, device.maxSubgroupSize);
    // 64 invocations, or one whole subgroup where subgroups are wider (never past the limit).
    c.workgroupSize = std::min(
        maxInvocations, std::max(kDefaultWorkgroupSize, std::bit_ceil(std::max(1u, subgroup))));
    c.matmulRows = std::min(c.matmulRows, c.workgroupSize);
    c.matvecRows = std::min(c.matvecRows, c.workgroupSize);
    c.rowKernels = device.type == DeviceType::Cpu;
    // Subgroup reductions where subgroup arithmetic exists and subgroups tile the workgroup.
    c.maxSubgroupSize = subgroup;
    c.subgroupReduce = !c.rowKernels && device.subgroupArithmetic && subgroup > 0 &&
                       std::has_single_bit(subgroup) && subgroup <= c.workgroupSize;
    c.attentionRows = c.rowKernels && device.subgroupArithmetic && std::has_single_bit(subgroup) &&
                      subgroup <= maxInvocations &&
                      std::max(device.minSubgroupSize, device.subgroupSize) == subgroup;
    if (device.type == DeviceType::Discrete || device.type == DeviceType::Integrated) {
        // GPUs: few rows per workgroup so that every compute unit gets work in decode.
        c.matvecRows = kGpuMatvecRows;
    }
    if (device.type != DeviceType::Cpu) {
        // GPUs: register-blocked tiles (4 rows x 4 or 8 tokens per invocation) where the
        // workgroup holds their 16 row groups.
        KernelConfig blocked = c;
        blocked.matmulRows = kGpuMatmulRows;
        blocked.matmulRowsPerInvocation = kGpuMatmulRowsPerInvocation;
        if (device.type == DeviceType::Discrete) {
            // Discrete GPUs have the shared memory and the compute units for tiles twice as wide
            // in tokens: each weight is then dequantized once per 32 tokens of a prompt, not 16.
            blocked.matmulTokens = kDiscreteMatmulTokens;
        }
        if (matmulTileFits(blocked, device)) {
            c = blocked;
        }
    }
    // Decode variants (the row kernels have none): byte loads where 8-bit storage exists, half
    // dequantization where halves are faster than floats, integer dot products where the
    // hardware accelerates them (emulated ones are slower than float arithmetic).
    const bool gpuDecode = c.storage16 && !c.rowKernels;
    c.storage8 = gpuDecode && device.storage8Bit;
    c.fp16 = gpuDecode && device.fp16Arithmetic &&
             std::find(std::begin(kDoubleRateHalfVendors), std::end(kDoubleRateHalfVendors),
                       device.vendorId) != std::end(kDoubleRateHalfVendors);
    c.integerDot = gpuDecode && device.integerDotProduct && device.integerDotProductAccelerated &&
                   integerDotShadersBuilt();
    return c;
}

void applyKernelOverrides(KernelConfig& config, std::string_view spec) {
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        const std::string_view item = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        const bool off = item.starts_with("no-");
        const std::string_view feature = off ? item.substr(3) : item;
        if (item == "rows" || item == "tiles") {
            config.rowKernels = item == "rows";
        } else if (feature == "f16") {
            config.fp16 = !off;
        } else if (feature == "s8") {
            config.storage8 = !off;
        } else if (feature == "dp4") {
            config.integerDot = !off;
        } else {
            throw Error("HEARTH_VK_KERNELS takes rows, tiles, f16, s8, dp4 and no-f16, no-s8, "
                        "no-dp4, not \"" +
                        std::string(item) + "\"");
        }
        if (!off && (feature == "f16" || feature == "s8" || feature == "dp4")) {
            config.storage16 = true;
        }
    }
}

bool integerDotShadersBuilt() {
    return findShader("quantize_q8") != nullptr;
}

bool usesIntegerDot(const KernelConfig& config, TensorType type) {
    return config.integerDot && config.storage16 && !config.rowKernels && integerDotType(type);
}

uint32_t matvecStep(const KernelConfig& config, TensorType type) {
    if (usesIntegerDot(config, type)) {
        return kIntegerDotBlock;
    }
    if (!isQuantized(type) || type == TensorType::Q6_K) {
        return kFloatGroup;
    }
    if (type == TensorType::Q4_K || type == TensorType::Q5_K) {
        return kKQuantUnit;
    }
    return typeTraits(type).blockSize;
}

bool usesHalfDequant(const KernelConfig& config, TensorType type) {
    return config.fp16 && config.storage16 && !config.rowKernels && isQuantized(type) &&
           !usesIntegerDot(config, type);
}

std::string describeKernelConfig(const KernelConfig& config) {
    std::string s = config.rowKernels ? "rows" : "tiles";
    const std::pair<bool, const char*> features[] = {
        {config.storage16, "16-bit storage"},
        {config.storage8 && config.storage16, "8-bit storage"},
        {config.fp16 && config.storage16, "half-precision dequantization"},
        {config.integerDot && config.storage16, "integer dot products"},
        {config.subgroupReduce, "subgroup reductions"},
        {config.attentionRows, "subgroup attention"}};
    for (const auto& [on, name] : features) {
        if (on) {
            s += std::string(", ") + name;
        }
    }
    return s;
}

KernelConfig portableKernelConfig() {
    KernelConfig c;
    c.attentionTileMinTokens = 0; // one workgroup per token and head: the simplest attention
    return c;
}

bool kernelSupportsType(TensorType type) {
    switch (type) {
    case TensorType::F32:
    case TensorType::F16:
    case TensorType::BF16:
    case TensorType::Q8_0:
    case TensorType::Q4_0:
    case TensorType::Q4_1:
    case TensorType::Q5_0:
    case TensorType::Q5_1:
    case TensorType::Q4_K:
    case TensorType::Q5_K:
    case TensorType::Q6_K:
        return true;
    default:
        return false;
    }
}

std::string shaderName(Kernel kernel, TensorType type, const KernelConfig& config) {
    const KernelTraits t = traits(kernel);
    std::string name = t.stem;
    if (t.perType) {
        if (!kernelSupportsType(type)) {
            throw Error("the Vulkan backend cannot compute with " + std::string(typeName(type)) +
                        " weights (use the CPU backend)");
        }
        name += "_" + lower(typeName(type));
    }
    if (t.hasS16 && config.storage16) {
        name += "_s16";
    }
    if (kernel == Kernel::Matmul && usesHalfDequant(config, type)) {
        name += "_f16";
    }
    if (kernel == Kernel::Matvec || kernel == Kernel::MatvecNoSubgroup) {
        if (config.storage8 && config.storage16 && readsBytes(type)) {
            name += "_s8";
        }
        if (usesIntegerDot(config, type)) {
            name += "_dp4";
        } else if (usesHalfDequant(config, type)) {
            name += "_f16";
        }
    }
    if (kernel == Kernel::Matvec && config.subgroupReduce) {
        name += "_sg";
    }
    return name;
}

void checkKernelConfig(const KernelConfig& config, const DeviceInfo& info) {
    const uint32_t wg = config.workgroupSize;
    if (!std::has_single_bit(wg) || wg > info.maxComputeWorkGroupInvocations) {
        throw Error("workgroup size " + std::to_string(wg) + " does not suit \"" + info.name +
                    "\"");
    }
    const uint32_t bm = config.matmulRows;
    const uint32_t bn = config.matmulTokens;
    const bool tilesFit = matmulTileFits(config, info);
    if (config.matvecRows == 0 || config.matvecRows > kMaxMatvecRows || config.matvecRows > wg) {
        throw Error("matvec rows " + std::to_string(config.matvecRows) + " do not suit \"" +
                    info.name + "\"");
    }
    if (!tilesFit) {
        throw Error("matmul tile " + std::to_string(bm) + "x" + std::to_string(bn) + " (" +
                    std::to_string(config.matmulRowsPerInvocation) +
                    " rows per invocation) does not suit workgroup size " + std::to_string(wg) +
                    " on \"" + info.name + "\"");
    }
    if (config.rowKernels && (config.rowTokens == 0 || config.rowTokens > kMaxRowTokens)) {
        throw Error("row kernels cannot take " + std::to_string(config.rowTokens) +
                    " tokens per invocation");
    }
    if (config.subgroupReduce &&
        (!info.subgroupArithmetic || !std::has_single_bit(config.maxSubgroupSize) ||
         config.maxSubgroupSize > wg ||
         config.maxSubgroupSize < std::max(info.subgroupSize, info.maxSubgroupSize))) {
        throw Error("subgroup reductions do not suit \"" + info.name + "\"");
    }
    if (config.storage8 && (!config.storage16 || !info.storage8Bit)) {
        throw Error("8-bit storage variants do not suit \"" + info.name + "\"");
    }
    if (config.fp16 && (!config.storage16 || !info.fp16Arithmetic)) {
        throw Error("half-precision variants do not suit \"" + info.name + "\"");
    }
    if (config.integerDot &&
        (!config.storage16 || !info.integerDotProduct || !integerDotShadersBuilt())) {
        throw Error("integer dot product variants do not suit \"" + info.name + "\"" +
                    (integerDotShadersBuilt() ? "" : " (this build has none)"));
    }
    const uint32_t sg = std::max(info.subgroupSize, info.maxSubgroupSize);
    if (config.attentionRows &&
        (!info.subgroupArithmetic || config.maxSubgroupSize != sg || !std::has_single_bit(sg) ||
         std::max(info.minSubgroupSize, info.subgroupSize) != sg ||
         sg > info.maxComputeWorkGroupInvocations)) {
        throw Error("subgroup attention does not suit \"" + info.name + "\"");
    }
}

Kernels::Kernels(Device& device, const KernelConfig& config, std::string cacheFile)
    : device_(device), config_(config) {
    checkKernelConfig(config, device.info());
    cache_ = std::make_unique<PipelineCache>(device, std::move(cacheFile));
}

Kernels::~Kernels() {
    pipelines_.clear();
}

const Pipeline& Kernels::get(Kernel kernel, TensorType type, std::span<const uint32_t> extra) {
    const std::string name = shaderName(kernel, type, config_);
    // One shader can make several pipelines (other specialization constants).
    std::string key = name + "/" + std::to_string(static_cast<int>(kernel));
    for (const uint32_t v : extra) {
        key += "/" + std::to_string(v);
    }
    if (const auto it = pipelines_.find(key); it != pipelines_.end()) {
        return *it->second;
    }
    const KernelTraits t = traits(kernel);
    // AttentionRows is one subgroup per workgroup.
    const uint32_t wg =
        kernel == Kernel::AttentionRows ? config_.maxSubgroupSize : config_.workgroupSize;
    PipelineDesc desc{name, t.bindings, t.pushBytes, {wg}};
    if (kernel == Kernel::Matvec || kernel == Kernel::MatvecNoSubgroup) {
        desc.specialization.push_back(config_.matvecRows);
    }
    if (kernel == Kernel::MatvecRows || kernel == Kernel::MatvecRowsUnaligned) {
        desc.specialization.push_back(1);
    }
    if (kernel == Kernel::MatmulRows || kernel == Kernel::MatmulRowsUnaligned) {
        desc.specialization.push_back(config_.rowTokens);
    }
    if (kernel == Kernel::MatvecRowsUnaligned || kernel == Kernel::MatmulRowsUnaligned) {
        desc.specialization.push_back(0); // X_VEC4 false
    }
    if (kernel == Kernel::Matmul) {
        desc.specialization.push_back(config_.matmulRows);
        desc.specialization.push_back(config_.matmulTokens);
        desc.specialization.push_back(config_.matmulRowsPerInvocation);
    }
    desc.specialization.insert(desc.specialization.end(), extra.begin(), extra.end());
    auto pipeline = std::make_unique<Pipeline>(device_, desc, cache_->handle());
    cache_->markChanged();
    return *pipelines_.emplace(key, std::move(pipeline)).first->second;
}

} // namespace hearth::vk
