// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/bench/bench.h"

#include "engine/core/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>

namespace hearth::bench {
namespace {

/// Positions left free between the two decode runs' needs and the end of the context.
constexpr uint32_t kContextGap = 16;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

uint64_t bytesOf(const WeightTensor& w) {
    return w ? w.bytes : 0;
}

uint64_t layerBytes(const LayerWeights& l) {
    uint64_t sum = 0;
    for (const WeightTensor* w :
         {&l.attnNorm, &l.wq, &l.wk, &l.wv, &l.wqkv, &l.bq, &l.bk, &l.bv, &l.wo, &l.postAttnNorm,
          &l.ffnNorm, &l.gate, &l.up, &l.down, &l.postFfwNorm}) {
        sum += bytesOf(*w);
    }
    return sum;
}

/// n single-token forwards from `first`; the bytes per token averaged over their positions.
DecodeRun decode(Backend& backend, const TokenTraffic& traffic, std::mt19937_64& rng,
                 std::uniform_int_distribution<int32_t>& tokens, uint32_t first, uint32_t n) {
    DecodeRun run;
    run.firstPosition = first;
    run.tokens = n;
    std::vector<float> logits;
    double bytes = 0.0;
    const Clock::time_point start = Clock::now();
    for (uint32_t i = 0; i < n; ++i) {
        const int32_t token = tokens(rng);
        backend.forward({&token, 1}, first + i, false, logits);
    }
    run.seconds = secondsSince(start);
    for (uint32_t i = 0; i < n; ++i) {
        bytes += double(traffic.at(first + i));
    }
    run.bytesPerToken = n ? static_cast<uint64_t>(bytes / n) : 0;
    return run;
}

} // namespace

uint64_t TokenTraffic::at(double position) const {
    const double attended = position + 1.0;
    const double windowed = window > 0 ? std::min<double>(attended, window) : attended;
    return weightBytes + static_cast<uint64_t>(attended * double(kvBytesPerPosition) +
                                               windowed * double(kvBytesPerWindowPosition));
}

TokenTraffic tokenTraffic(const ModelConfig& c, const ModelWeights& w, uint32_t kvElementBytes) {
    TokenTraffic t;
    for (const LayerWeights& l : w.layers) {
        t.weightBytes += layerBytes(l);
    }
    // The output projection reads all of its matrix (the embedding when tied); the embedding
    // lookup reads one row.
    t.weightBytes += bytesOf(w.outputNorm) + bytesOf(w.output) + w.tokenEmbd.rowBytes;
    const uint64_t perLayer = uint64_t(c.nHeadKv) * (c.headDim + c.headDimV) * kvElementBytes;
    for (uint32_t l = 0; l < c.nLayer; ++l) {
        (c.isSlidingLayer(l) ? t.kvBytesPerWindowPosition : t.kvBytesPerPosition) += perLayer;
    }
    t.window = c.slidingWindow;
    return t;
}

uint32_t minimumContext(const BenchSettings& s) {
    return s.promptTokens + s.genTokens + kContextGap;
}

BenchResult runBenchmark(Backend& backend, const ModelConfig& config, const TokenTraffic& traffic,
                         const BenchSettings& s, const BenchHooks& hooks) {
    const uint32_t ctx = backend.contextSize();
    if (ctx < minimumContext(s)) {
        throw Error("the benchmark needs a context of at least " +
                    std::to_string(minimumContext(s)) + " tokens (the backend has " +
                    std::to_string(ctx) + ")");
    }
    if (s.promptTokens == 0 || s.genTokens == 0 || s.repetitions == 0) {
        throw Error("the benchmark needs at least one prompt token, one generated token and one "
                    "repetition");
    }
    const auto phase = [&](const std::string& name) {
        if (hooks.phase) {
            hooks.phase(name);
        }
    };
    std::mt19937_64 rng(s.seed);
    std::uniform_int_distribution<int32_t> tokens(0, static_cast<int32_t>(config.nVocab) - 1);
    std::vector<int32_t> prompt(s.promptTokens);
    std::vector<float> logits;
    const uint32_t batch = std::max<uint32_t>(backend.maxBatch(), 1);

    phase("warm-up");
    for (int32_t& t : prompt) {
        t = tokens(rng);
    }
    backend.forward({prompt.data(), 1}, 0, false, logits);
    const uint32_t warmBatch = std::min(s.promptTokens, batch);
    backend.forward({prompt.data(), warmBatch}, 0, false, logits);

    BenchResult r;
    for (uint32_t rep = 0; rep < s.repetitions; ++rep) {
        phase("prefill " + std::to_string(rep + 1) + "/" + std::to_string(s.repetitions));
        for (int32_t& t : prompt) {
            t = tokens(rng);
        }
        const Clock::time_point start = Clock::now();
        for (uint32_t pos = 0; pos < s.promptTokens; pos += batch) {
            const uint32_t n = std::min(batch, s.promptTokens - pos);
            backend.forward({prompt.data() + pos, n}, pos, false, logits);
        }
        const double seconds = secondsSince(start);
        r.prefillTokensPerSecond.push_back(seconds > 0.0 ? s.promptTokens / seconds : 0.0);
    }
    r.prefillMedian = median(r.prefillTokensPerSecond);

    phase("decode from position " + std::to_string(s.promptTokens));
    r.decodeStart = decode(backend, traffic, rng, tokens, s.promptTokens, s.genTokens);
    const uint32_t endFirst = ctx - s.genTokens - 1;
    phase("decode from position " + std::to_string(endFirst));
    r.decodeEnd = decode(backend, traffic, rng, tokens, endFirst, s.genTokens);
    return r;
}

DecodeRun decodeRun(Backend& backend, const ModelConfig& config, const TokenTraffic& traffic,
                    uint32_t first, uint32_t n, uint64_t seed) {
    if (uint64_t(first) + n > backend.contextSize()) {
        throw Error("decode positions past the end of the context");
    }
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int32_t> tokens(0, static_cast<int32_t>(config.nVocab) - 1);
    return decode(backend, traffic, rng, tokens, first, n);
}

double measureHostBandwidth(unsigned threads, uint64_t bufferBytes, int repetitions) {
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    const std::size_t words = std::max<uint64_t>(bufferBytes / sizeof(uint64_t), threads);
    std::vector<uint64_t> data(words);
    for (std::size_t i = 0; i < words; ++i) {
        data[i] = i;
    }
    std::atomic<uint64_t> sink{0};
    double best = 0.0;
    for (int rep = 0; rep < std::max(repetitions, 1); ++rep) {
        const auto work = [&](unsigned t) {
            uint64_t sum = 0;
            const std::size_t end = words * (t + 1) / threads;
            for (std::size_t i = words * t / threads; i < end; ++i) {
                sum += data[i];
            }
            sink.fetch_add(sum, std::memory_order_relaxed);
        };
        const Clock::time_point start = Clock::now();
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) {
            pool.emplace_back(work, t);
        }
        work(0);
        for (std::thread& th : pool) {
            th.join();
        }
        const double seconds = secondsSince(start);
        if (seconds > 0.0 && (best == 0.0 || seconds < best)) {
            best = seconds;
        }
    }
    // The sum is only there so the reads cannot be optimised away.
    (void)sink.load();
    return best > 0.0 ? double(words * sizeof(uint64_t)) / best : 0.0;
}

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

} // namespace hearth::bench
