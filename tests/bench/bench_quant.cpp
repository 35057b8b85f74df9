// SPDX-License-Identifier: GPL-3.0-or-later
// Throughput of the weight formats on this CPU: dotRow (the CPU engine's matrix-vector inner
// loop) with each kernel set the CPU can run, dequantize, and quantize.
//
//   build/tests/hearth_bench_quant [COLUMNS [ROWS]]      (default 4096 × 1024)

#include "engine/quant/blocks.h"
#include "engine/quant/quant.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace hearth;

namespace {

constexpr int kRepeats = 5;
/// Results land here so that the timed loops cannot be optimised away.
volatile float gSink;
constexpr double kGiga = 1e9;

/// The best of kRepeats runs of `f`, in seconds.
template <typename F>
double bestOf(F&& f) {
    double best = 1e30;
    for (int r = 0; r < kRepeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        f();
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t columns = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4096;
    const std::size_t rows = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1024;
    if (columns == 0 || rows == 0 || columns % 256 != 0) {
        std::fprintf(stderr, "usage: hearth_bench_quant [COLUMNS (a multiple of 256) [ROWS]]\n");
        return 1;
    }
    std::mt19937 rng(1);
    std::normal_distribution<float> dist;
    std::vector<float> weights(columns * rows), x(columns), out(columns * rows);
    for (float& v : weights) {
        v = dist(rng);
    }
    for (float& v : x) {
        v = dist(rng);
    }
    std::printf("%zu x %zu matrix; figures in billions of weights per second (one thread)\n",
                columns, rows);
    std::printf("%-5s %10s %10s %12s %10s\n", "type", "dot", "dot AVX2", "dequantize", "quantize");
    for (TensorType t : {TensorType::F32, TensorType::F16, TensorType::BF16, TensorType::Q8_0,
                         TensorType::Q4_0, TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1,
                         TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K}) {
        const std::size_t rowBytes = *hearth::rowBytes(t, columns);
        std::vector<uint8_t> q(rowBytes * rows);
        const double quantizeSeconds =
            bestOf([&] { quant::quantize(t, weights.data(), q.data(), weights.size()); });
        const double elements = static_cast<double>(columns * rows);
        std::string dots[2] = {"-", "-"};
        float sink = 0;
        for (const auto isa : {quant::detail::DotIsa::Baseline, quant::detail::DotIsa::Avx2Fma}) {
            if (!quant::detail::dotIsaAvailable(isa)) {
                continue;
            }
            const double s = bestOf([&] {
                for (std::size_t r = 0; r < rows; ++r) {
                    sink += quant::detail::dotRowWith(isa, t, q.data() + r * rowBytes, x.data(),
                                                      columns);
                }
            });
            dots[static_cast<int>(isa)] = std::to_string(elements / s / kGiga).substr(0, 5);
        }
        const double dequantizeSeconds = bestOf([&] {
            for (std::size_t r = 0; r < rows; ++r) {
                quant::dequantize(t, q.data() + r * rowBytes, out.data() + r * columns, columns);
            }
        });
        std::printf("%-5s %10s %10s %12.2f %10.3f\n", std::string(typeName(t)).c_str(),
                    dots[0].c_str(), dots[1].c_str(), elements / dequantizeSeconds / kGiga,
                    elements / quantizeSeconds / kGiga);
        gSink = sink;
    }
    return 0;
}
