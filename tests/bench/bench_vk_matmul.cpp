// SPDX-License-Identifier: GPL-3.0-or-later
// Throughput of the Vulkan weight-matrix kernels on one matrix: the decode matrix-vector product
// (1 token) and the prefill matrix-matrix product (a batch), in GB/s of weights and GFLOP/s.
//
//   hearth_bench_vk_matmul [TYPE] [ROWS] [COLS] [TOKENS] [REPEATS] [VARIANT]
//   (defaults: q4_0 4864 896 64 5 auto); VARIANT: auto (the device's choice), or any of
//   s16, s32 (16-bit storage or not), rows, tiles (MatmulRows or matvec/matmul), tN (N tokens
//   per invocation in MatmulRows), bN (tiled matmul: 64-row tiles, N rows per invocation) joined
//   by '+'

#include "engine/quant/quant.h"
#include "engine/vulkan/buffer.h"
#include "engine/vulkan/device.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/ops.h"
#include "engine/vulkan/recorder.h"
#include "engine/vulkan/weight_store.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <random>
#include <string>
#include <vector>

using namespace hearth;

namespace {

std::optional<TensorType> parseType(const std::string& name) {
    for (int i = 0; i < 64; ++i) {
        const auto t = static_cast<TensorType>(i);
        std::string n(typeName(t));
        std::transform(n.begin(), n.end(), n.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (n == name) {
            return t;
        }
    }
    return std::nullopt;
}

/// CPU seconds used by the process so far (all threads: a software driver's workers count).
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec) + double(u.ru_stime.tv_sec) +
           1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

} // namespace

int main(int argc, char** argv) {
    try {
        const std::string typeArg = argc > 1 ? argv[1] : "q4_0";
        const auto type = parseType(typeArg);
        if (!type) {
            std::fprintf(stderr, "unknown type %s\n", typeArg.c_str());
            return 1;
        }
        const uint32_t rows = argc > 2 ? std::stoul(argv[2]) : 4864;
        const uint32_t cols = argc > 3 ? std::stoul(argv[3]) : 896;
        const uint32_t tokens = argc > 4 ? std::stoul(argv[4]) : 64;
        const int repeats = argc > 5 ? std::stoi(argv[5]) : 5;

        vk::Instance instance;
        vk::Device device(instance, instance.chooseDevice());
        vk::KernelConfig config = vk::chooseKernelConfig(device.info());
        const std::string variant = argc > 6 ? argv[6] : "auto";
        if (variant.find("s16") != std::string::npos) {
            config.storage16 = true;
        }
        if (variant.find("s32") != std::string::npos) {
            config.storage16 = false;
        }
        if (variant.find("rows") != std::string::npos) {
            config.rowKernels = true;
        }
        if (variant.find("tiles") != std::string::npos) {
            config.rowKernels = false;
        }
        if (const auto at = variant.find("+b"); at != std::string::npos) {
            // Register-blocked matmul tiles: 64 rows, N per invocation.
            config.matmulRows = 64;
            config.matmulRowsPerInvocation =
                static_cast<uint32_t>(std::stoul(variant.substr(at + 2)));
        }
        if (const auto at = variant.find("+t"); at != std::string::npos) {
            config.rowTokens = static_cast<uint32_t>(std::stoul(variant.substr(at + 2)));
        }
        vk::Kernels kernels(device, config);

        std::mt19937 rng(1);
        std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
        std::vector<float> values(cols);
        const uint64_t rowBytes = *hearth::rowBytes(*type, cols);
        std::vector<uint8_t> bytes(uint64_t(rows) * rowBytes);
        for (uint32_t r = 0; r < rows; ++r) {
            for (float& v : values) {
                v = dist(rng);
            }
            quant::quantize(*type, values.data(), bytes.data() + r * rowBytes, cols);
        }
        vk::WeightStore store(device);
        const std::size_t h = store.add("w", *type, rows, cols, bytes.data());
        store.upload();
        std::vector<float> x(uint64_t(tokens) * cols);
        for (float& v : x) {
            v = dist(rng);
        }
        vk::Buffer xb(device, x.size() * sizeof(float), vk::MemoryKind::DeviceLocal);
        xb.upload(x.data(), x.size() * sizeof(float));
        vk::Buffer yb(device, uint64_t(tokens) * rows * sizeof(float), vk::MemoryKind::DeviceLocal);
        vk::MatmulOp op(kernels, store.tensor(h), xb.binding(), yb.binding());

        std::printf("%s on %s: %u x %u (%.1f MB), %s%s\n", typeArg.c_str(),
                    device.info().name.c_str(), rows, cols, double(bytes.size()) / 1e6,
                    config.rowKernels ? "rows" : "tiles", config.storage16 ? "+s16" : "+s32");
        std::printf("  row kernels take %u tokens per invocation\n", config.rowTokens);
        for (const uint32_t n : {1u, tokens}) {
            std::vector<double> times;
            std::vector<double> cpu;
            for (int i = 0; i < repeats + 1; ++i) {
                vk::Recorder rec(device);
                const auto t0 = std::chrono::steady_clock::now();
                const double c0 = cpuSeconds();
                op.record(rec, n, {0, cols}, {0, rows});
                rec.submitAndWait();
                const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
                if (i > 0) {
                    times.push_back(dt.count());
                    cpu.push_back(cpuSeconds() - c0);
                }
            }
            std::sort(times.begin(), times.end());
            std::sort(cpu.begin(), cpu.end());
            const double t = times[times.size() / 2];
            const double c = cpu[cpu.size() / 2];
            std::printf("  %3u token(s): %8.3f ms (%8.3f ms CPU)  %7.2f GB/s of weights  "
                        "%7.2f GFLOP/s (%7.2f per CPU second)\n",
                        n, t * 1e3, c * 1e3, double(bytes.size()) / t / 1e9,
                        2.0 * rows * cols * n / t / 1e9, 2.0 * rows * cols * n / c / 1e9);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
