// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/self_test.h"

#include "engine/quant/quant.h"
#include "engine/vulkan/buffer.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/ops.h"
#include "engine/vulkan/recorder.h"
#include "engine/vulkan/weight_store.h"

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

} // namespace

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
            for (uint32_t t = 0; t < tokens; ++t) {
                for (uint32_t r = 0; r < kRows; ++r) {
                    double ref = 0.0;
                    double magnitude = 0.0;
                    for (uint32_t c = 0; c < cols; ++c) {
                        const double p = double(w[size_t(r) * cols + c]) * x[size_t(t) * cols + c];
                        ref += p;
                        magnitude += std::fabs(p);
                    }
                    // Float32 sums in any order stay within a few eps·Σ|w·x|; a wrong weight or
                    // a wrong block is far outside.
                    const double tol =
                        16.0 * std::numeric_limits<float>::epsilon() * cols * magnitude + 1e-30;
                    const float got = y[size_t(t) * kRows + r];
                    if (!(std::fabs(got - ref) <= tol)) {
                        return {describe(what, tokens, t, r, got, ref)};
                    }
                }
            }
        }
    }
    return {};
}

} // namespace hearth::vk
