// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/perplexity.h"

#include "engine/core/error.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hearth {

PerplexityResult computePerplexity(Backend& backend, std::span<const int32_t> tokens, int32_t bos,
                                   uint32_t chunkSize, const PerplexityProgress& progress) {
    if (chunkSize < 4) {
        throw Error("the perplexity context must be at least 4 tokens");
    }
    if (chunkSize > backend.contextSize()) {
        throw Error("a chunk of " + std::to_string(chunkSize) +
                    " tokens does not fit the context of " + std::to_string(backend.contextSize()));
    }
    if (tokens.size() < 2ull * chunkSize) {
        throw Error("the text has " + std::to_string(tokens.size()) +
                    " tokens; perplexity with a context of " + std::to_string(chunkSize) +
                    " needs at least " + std::to_string(2ull * chunkSize));
    }
    const uint32_t chunks = static_cast<uint32_t>(tokens.size() / chunkSize);
    const uint32_t first = chunkSize / 2;
    const uint32_t batch = backend.maxBatch();

    PerplexityResult r;
    double nll = 0.0;
    std::vector<int32_t> chunk(chunkSize);
    std::vector<float> logits;
    std::vector<float> all; // logits of positions first.. in the chunk
    for (uint32_t c = 0; c < chunks; ++c) {
        std::copy_n(tokens.begin() + long(size_t(c) * chunkSize), chunkSize, chunk.begin());
        chunk[0] = bos;
        all.clear();
        for (uint32_t pos = 0; pos < chunkSize; pos += batch) {
            const uint32_t n = std::min(batch, chunkSize - pos);
            backend.forward(std::span(chunk).subspan(pos, n), pos, true, logits);
            const std::size_t vocab = logits.size() / n;
            // Keep only positions from `first` on.
            for (uint32_t t = 0; t < n; ++t) {
                if (pos + t >= first) {
                    all.insert(all.end(), logits.begin() + long(t * vocab),
                               logits.begin() + long((t + 1) * vocab));
                }
            }
        }
        const std::size_t vocab = all.size() / (chunkSize - first);
        for (uint32_t j = first; j + 1 < chunkSize; ++j) {
            const float* l = all.data() + size_t(j - first) * vocab;
            const float maxLogit = *std::max_element(l, l + vocab);
            double sum = 0.0;
            for (std::size_t i = 0; i < vocab; ++i) {
                sum += std::exp(double(l[i]) - maxLogit);
            }
            const int32_t next = chunk[j + 1];
            nll += std::log(sum) - (double(l[next]) - maxLogit);
            ++r.scoredTokens;
        }
        ++r.chunks;
        if (progress && !progress(c + 1, chunks, std::exp(nll / double(r.scoredTokens)))) {
            break;
        }
    }
    r.meanNll = nll / double(r.scoredTokens);
    r.perplexity = std::exp(r.meanNll);
    return r;
}

} // namespace hearth
