// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/self_test.h"

#include "engine/quant/half.h"
#include "engine/quant/quant.h"
#include "engine/vulkan/buffer.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/ops.h"
#include "engine/vulkan/recorder.h"
#include "engine/vulkan/weight_store.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string_view>
#include <vector>

namespace hearth::vk {
namespace {

/// Small shapes: rows over more than one workgroup of row kernels is not needed to catch a wrong
/// variant; two blocks per row exercise block addressing (and the misaligned blocks of 18-, 22-,
/// 34- and 210-byte types), and five tokens a partial step of the batched kernels.
constexpr uint32_t kRows = 37;
constexpr uint32_t kBlocksPerRow = 2;
constexpr uint32_t kFloatCols = 68;
constexpr uint32_t kTokens = 5;
constexpr uint32_t kSeed = 1234;

bool faultInjected(const Kernels& kernels) {
    const char* fault = std::getenv("HEARTH_VK_FAULT");
    const KernelConfig& c = kernels.config();
    const bool portable = !c.storage16 && !c.rowKernels;
    return fault && std::string_view(fault) == "wrong-results" && !portable;
}

std::string describe(const std::string& what, uint32_t tokens, uint32_t t, uint32_t r, float got,
                     double want) {
    return what + " (" + std::to_string(tokens) + " token" + (tokens == 1 ? "" : "s") +
           "): token " + std::to_string(t) + " row " + std::to_string(r) + " is " +
           std::to_string(got) + ", the CPU says " + std::to_string(want);
}

/// Values per activation block of the integer-dot matvec, and its largest quantized value.
constexpr uint32_t kQ8Block = 32;
constexpr double kQ8Max = 127.0;
/// Roundings of a half-precision dequantization (scale product, quant product, offset) times the
/// unit roundoff of a half (2^-11), with a factor of two to spare.
constexpr double kHalfDequantError = 2.0 * 3.0 / 2048.0;

/// The attention check: two query heads on one KV head, 16 wide, over 20 tokens (one full and
/// one partial block of the prompt kernel).
constexpr uint32_t kAttnHeads = 2;
constexpr uint32_t kAttnHeadDim = 16;
constexpr uint32_t kAttnTokens = 20;
/// Outputs are weighted means of f16-rounded values: float32 arithmetic keeps them within a
/// few 1e-6 of the float64 result; a driver rounding float to half differently moves them by up
/// to 2^-11 of the largest value.
constexpr double kAttnTolerance = 2e-3;

/// Causal attention through the KV store and the attention kernels `kernels` would use for a
/// prompt, against float64; a description of the first wrong output, else empty.
std::string checkAttention(Kernels& kernels, std::mt19937& rng) {
    Device& device = kernels.device();
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    const uint32_t width = kAttnHeadDim; // one KV head
    const uint32_t qWidth = kAttnHeads * kAttnHeadDim;
    std::vector<float> q(size_t(kAttnTokens) * qWidth);
    std::vector<float> k(size_t(kAttnTokens) * width);
    std::vector<float> v(size_t(kAttnTokens) * width);
    for (std::vector<float>* a : {&q, &k, &v}) {
        for (float& x : *a) {
            x = dist(rng);
        }
    }
    const auto upload = [&](const std::vector<float>& data) {
        Buffer b(device, data.size() * sizeof(float), MemoryKind::DeviceLocal);
        b.upload(data.data(), data.size() * sizeof(float));
        return b;
    };
    const Buffer qb = upload(q);
    const Buffer kb = upload(k);
    const Buffer vb = upload(v);
    const Buffer kc(device, k.size() * sizeof(uint16_t), MemoryKind::DeviceLocal);
    const Buffer vc(device, v.size() * sizeof(uint16_t), MemoryKind::DeviceLocal);
    const Buffer out(device, q.size() * sizeof(float), MemoryKind::Readback);
    const StepBuffer step(device);
    const KvStoreOp storeK(kernels, kb.binding(), kc.binding(), step);
    const KvStoreOp storeV(kernels, vb.binding(), vc.binding(), step);
    const AttentionOp attention(kernels, qb.binding(), kc.binding(), vc.binding(), out.binding(),
                                step, kAttnHeadDim, kAttnHeadDim);
    Recorder rec(device);
    storeK.record(rec, KvStoreParams{kAttnTokens, width, 0, 0, width});
    storeV.record(rec, KvStoreParams{kAttnTokens, width, 0, 0, width});
    rec.barrier();
    const float scale = 1.0f / std::sqrt(float(kAttnHeadDim));
    const AttentionParams p{kAttnTokens, 0,      kAttnHeadDim, kAttnHeadDim, kAttnHeads,
                            0,           qWidth, width,        width,        0,
                            qWidth,      0,      scale,        0.0f};
    attention.record(rec, kAttnHeads, p);
    rec.submitAndWait();
    std::vector<float> got(q.size());
    out.download(got.data(), got.size() * sizeof(float));

    const auto half = [](float x) { return double(quant::fp16ToFp32(quant::fp32ToFp16(x))); };
    for (uint32_t t = 0; t < kAttnTokens; ++t) {
        for (uint32_t h = 0; h < kAttnHeads; ++h) {
            std::vector<double> w(t + 1);
            double top = -std::numeric_limits<double>::infinity();
            for (uint32_t key = 0; key <= t; ++key) {
                double d = 0.0;
                for (uint32_t i = 0; i < kAttnHeadDim; ++i) {
                    d += double(q[size_t(t) * qWidth + h * kAttnHeadDim + i]) *
                         half(k[size_t(key) * width + i]);
                }
                w[key] = d * scale;
                top = std::max(top, w[key]);
            }
            double sum = 0.0;
            for (double& x : w) {
                x = std::exp(x - top);
                sum += x;
            }
            for (uint32_t i = 0; i < kAttnHeadDim; ++i) {
                double want = 0.0;
                for (uint32_t key = 0; key <= t; ++key) {
                    want += w[key] / sum * half(v[size_t(key) * width + i]);
                }
                const float g = got[size_t(t) * qWidth + h * kAttnHeadDim + i];
                if (!(std::fabs(g - want) <= kAttnTolerance)) {
                    return "attention (" + std::to_string(kAttnTokens) + " tokens): token " +
                           std::to_string(t) + " head " + std::to_string(h) + " value " +
                           std::to_string(i) + " is " + std::to_string(g) + ", the CPU says " +
                           std::to_string(want);
                }
            }
        }
    }
    return {};
}

} // namespace

MatvecPrecision productPrecision(const KernelConfig& config, TensorType type, uint32_t tokens) {
    if (tokens < config.matmulMinTokens && usesIntegerDot(config, type)) {
        return MatvecPrecision::IntegerDot;
    }
    return usesHalfDequant(config, type) ? MatvecPrecision::HalfDequant : MatvecPrecision::Float;
}

double matvecExtraError(MatvecPrecision precision, std::span<const float> w,
                        std::span<const float> x) {
    double bound = 0.0;
    if (precision == MatvecPrecision::HalfDequant) {
        // A K-quant weight is d·sc·q − dmin·m: each term may be as large as the row's largest
        // weight, and each rounds.
        double wmax = 0.0;
        for (const float v : w) {
            wmax = std::max(wmax, double(std::fabs(v)));
        }
        for (std::size_t c = 0; c < w.size(); ++c) {
            bound += kHalfDequantError * (std::fabs(w[c]) + 2.0 * wmax) * std::fabs(x[c]);
        }
    } else if (precision == MatvecPrecision::IntegerDot) {
        for (std::size_t b = 0; b < w.size(); b += kQ8Block) {
            const std::size_t end = std::min(w.size(), b + kQ8Block);
            double amax = 0.0;
            double wsum = 0.0;
            for (std::size_t c = b; c < end; ++c) {
                amax = std::max(amax, double(std::fabs(x[c])));
                wsum += std::fabs(w[c]);
            }
            // Half a step per value, twice over for the float arithmetic around the integers.
            bound += wsum * amax / kQ8Max;
        }
    }
    return bound;
}

SelfTestResult selfTest(Kernels& kernels, std::span<const TensorType> types) {
    Device& device = kernels.device();
    std::mt19937 rng(kSeed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    const bool fault = faultInjected(kernels);
    for (const TensorType type : types) {
        const uint32_t block = typeTraits(type).blockSize;
        const uint32_t cols = block == 1 ? kFloatCols : block * kBlocksPerRow;
        const uint64_t rowBytes = *hearth::rowBytes(type, cols);
        std::vector<float> values(cols);
        std::vector<uint8_t> bytes(kRows * rowBytes);
        std::vector<float> w(size_t(kRows) * cols);
        for (uint32_t r = 0; r < kRows; ++r) {
            for (float& v : values) {
                v = dist(rng);
            }
            quant::quantize(type, values.data(), bytes.data() + r * rowBytes, cols);
            quant::dequantize(type, bytes.data() + r * rowBytes, w.data() + size_t(r) * cols, cols);
        }
        std::vector<float> x(size_t(kTokens) * cols);
        for (float& v : x) {
            v = dist(rng);
        }
        WeightStore store(device);
        const std::size_t h = store.add("self-test", type, kRows, cols, bytes.data());
        store.upload();
        Buffer xb(device, x.size() * sizeof(float), MemoryKind::DeviceLocal);
        xb.upload(x.data(), x.size() * sizeof(float));
        Buffer yb(device, size_t(kTokens) * kRows * sizeof(float), MemoryKind::Readback);
        const MatmulOp op(kernels, store.tensor(h), xb.binding(), yb.binding());
        for (const uint32_t tokens : {1u, kTokens}) {
            Recorder rec(device);
            op.record(rec, tokens, {0, cols}, {0, kRows});
            rec.submitAndWait();
            std::vector<float> y(size_t(tokens) * kRows);
            yb.download(y.data(), y.size() * sizeof(float));
            if (fault) {
                y[kRows / 2] += 1.0f;
            }
            const bool rows = kernels.config().rowKernels;
            const Kernel kernel = tokens == 1 ? (rows ? Kernel::MatvecRows : Kernel::Matvec)
                                              : (rows ? Kernel::MatmulRows : Kernel::Matmul);
            const std::string what = shaderName(kernel, type, kernels.config());
            const MatvecPrecision precision = productPrecision(kernels.config(), type, tokens);
            for (uint32_t t = 0; t < tokens; ++t) {
                const std::span<const float> xt(x.data() + size_t(t) * cols, cols);
                for (uint32_t r = 0; r < kRows; ++r) {
                    const std::span<const float> wr(w.data() + size_t(r) * cols, cols);
                    double ref = 0.0;
                    double magnitude = 0.0;
                    for (uint32_t c = 0; c < cols; ++c) {
                        const double p = double(wr[c]) * xt[c];
                        ref += p;
                        magnitude += std::fabs(p);
                    }
                    // Float32 sums in any order stay within a few eps·Σ|w·x|, plus what the
                    // variant's precision adds; a wrong weight or a wrong block is far outside.
                    const double tol =
                        16.0 * std::numeric_limits<float>::epsilon() * cols * magnitude +
                        matvecExtraError(precision, wr, xt) + 1e-30;
                    const float got = y[size_t(t) * kRows + r];
                    if (!(std::fabs(got - ref) <= tol)) {
                        return {describe(what, tokens, t, r, got, ref)};
                    }
                }
            }
        }
    }
    if (std::string failure = checkAttention(kernels, rng); !failure.empty()) {
        return {failure};
    }
    return {};
}

} // namespace hearth::vk
