// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/backend.h"

#include <cstdint>
#include <functional>
#include <span>

namespace hearth {

/// Result of a perplexity run.
struct PerplexityResult {
    double perplexity = 0.0;   ///< exp(mean negative log-likelihood)
    double meanNll = 0.0;      ///< mean negative log-likelihood (nats)
    uint32_t chunks = 0;       ///< chunks evaluated
    uint64_t scoredTokens = 0; ///< predictions averaged
};

/// Progress after each chunk: chunk index (1-based), total chunks, perplexity so far.
/// Return false to stop early.
using PerplexityProgress = std::function<bool(uint32_t chunk, uint32_t chunks, double ppl)>;

/// Perplexity as llama.cpp's llama-perplexity computes it, so numbers compare across runtimes:
/// `tokens` is the whole text tokenized once with BOS; it is cut into chunks of `chunkSize`
/// tokens; each chunk's first token is replaced by `bos` and the chunk is evaluated from an
/// empty cache at positions 0..chunkSize-1; the negative log-likelihood of the next token is
/// averaged over positions chunkSize/2 .. chunkSize-2 of every chunk.
/// Throws hearth::Error when the text is shorter than two chunks or the chunk does not fit.
PerplexityResult computePerplexity(Backend& backend, std::span<const int32_t> tokens, int32_t bos,
                                   uint32_t chunkSize, const PerplexityProgress& progress = {});

} // namespace hearth
