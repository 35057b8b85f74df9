// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/backend.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hearth::bench {

/// What one decoded token reads from memory: every weight it touches and the cached keys and
/// values of the positions it attends to.
struct TokenTraffic {
    uint64_t weightBytes = 0;        ///< every matrix (the output too), one embedding row, norms
    uint64_t kvBytesPerPosition = 0; ///< K and V of one position in every full-attention layer
    uint64_t kvBytesPerWindowPosition = 0; ///< the same for the sliding-window layers
    uint32_t window = 0;                   ///< positions a sliding-window layer attends to
    /// Bytes a token at `position` reads (it attends to position + 1 cached positions).
    uint64_t at(double position) const;
};

/// The traffic of a decoded token for this model, with a KV cache of `kvElementBytes` per value
/// (2 for the Vulkan backend's f16 cache, 4 for the CPU backend's float32 one).
TokenTraffic tokenTraffic(const ModelConfig& config, const ModelWeights& weights,
                          uint32_t kvElementBytes);

/// How to run a benchmark.
struct BenchSettings {
    uint32_t promptTokens = 128; ///< p: tokens evaluated from position 0 per prefill run
    uint32_t genTokens = 64;     ///< n: single-token forwards per decode run
    uint32_t repetitions = 3;    ///< prefill runs (the median is reported)
    uint64_t seed = 1;           ///< random token ids
};

/// One decode run: n single-token forwards from `firstPosition`.
struct DecodeRun {
    uint32_t firstPosition = 0;
    uint32_t tokens = 0;
    double seconds = 0.0;
    uint64_t bytesPerToken = 0; ///< average over the run
    double tokensPerSecond() const { return seconds > 0.0 ? tokens / seconds : 0.0; }
    /// Achieved bandwidth: bytes per token × tokens per second.
    double bytesPerSecond() const { return double(bytesPerToken) * tokensPerSecond(); }
};

/// What runBenchmark() measured.
struct BenchResult {
    std::vector<double> prefillTokensPerSecond; ///< one per repetition
    double prefillMedian = 0.0;                 ///< median of the repetitions
    DecodeRun decodeStart;                      ///< right after the prompt
    DecodeRun decodeEnd;                        ///< near the end of the context
};

/// Calls around the phases, for progress lines.
struct BenchHooks {
    std::function<void(const std::string& phase)> phase; ///< "prefill 1/3", "decode from …"
};

/// Smallest context the benchmark accepts: room for the prompt, the decoded tokens and a gap.
uint32_t minimumContext(const BenchSettings& settings);

/// Runs the benchmark on `backend` (whose KV cache it overwrites): a warm-up forward; prefill of
/// p random tokens from position 0, split into the backend's batches, `repetitions` times; then
/// n single-token forwards right after the prompt (positions p … p+n−1) and n more near the end
/// of the context (positions ctx−n−1 … ctx−2). Throws hearth::Error when the backend's context
/// is smaller than minimumContext() or a forward pass fails.
BenchResult runBenchmark(Backend& backend, const ModelConfig& config, const TokenTraffic& traffic,
                         const BenchSettings& settings, const BenchHooks& hooks = {});

/// n single-token forwards of random tokens (drawn from `seed`) at positions first … first+n−1
/// (which must lie in the backend's context), timed.
DecodeRun decodeRun(Backend& backend, const ModelConfig& config, const TokenTraffic& traffic,
                    uint32_t first, uint32_t n, uint64_t seed);

/// Host memory read bandwidth in bytes per second: `threads` threads (0 = all cores) summing a
/// buffer of `bufferBytes`, the fastest of `repetitions` passes.
double measureHostBandwidth(unsigned threads, uint64_t bufferBytes, int repetitions);

/// The median of `values` (0 when empty).
double median(std::vector<double> values);

} // namespace hearth::bench
