// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <vector>

namespace hearth {

/// How the next token is chosen. Defaults are those of the common local runtimes.
struct SamplingParams {
    float temperature = 0.8f;      ///< <= 0: greedy (argmax after penalties)
    int32_t topK = 40;             ///< keep the k most likely; <= 0: off
    float topP = 0.95f;            ///< keep the smallest set with this much mass; >= 1: off
    float minP = 0.05f;            ///< drop tokens below minP · p(best); <= 0: off
    float repeatPenalty = 1.0f;    ///< 1: off. Logit > 0 divided by it, <= 0 multiplied
    int32_t repeatLastN = 64;      ///< how many recent tokens the penalties look at
    float frequencyPenalty = 0.0f; ///< subtract count · this
    float presencePenalty = 0.0f;  ///< subtract this once for every token seen
    std::optional<uint64_t> seed;  ///< fixed seed for reproducible output; none: random
};

/// One candidate token during sampling.
struct Candidate {
    int32_t id;
    float logit;
    float p; ///< probability, valid after softmax()
};

/// The sampler's stages as free functions over a candidate list, in the order the sampler
/// applies them (penalties → top-k → top-p → min-p → temperature → draw). Exposed for tests.
namespace sampling {

/// Applies repetition, frequency and presence penalties for tokens in `recent` to `logits`.
void applyPenalties(std::span<float> logits, std::span<const int32_t> recent, float repeat,
                    float frequency, float presence);
/// Sorts candidates by logit (descending, ties by id) and keeps the first k (k <= 0: all).
void topK(std::vector<Candidate>& c, int32_t k);
/// Sets p = softmax(logit) over the candidates (sorted descending afterwards).
void softmax(std::vector<Candidate>& c);
/// Keeps the most likely candidates until their mass reaches p (at least minKeep).
void topP(std::vector<Candidate>& c, float p, std::size_t minKeep = 1);
/// Keeps candidates with probability >= p · p(best) (at least minKeep).
void minP(std::vector<Candidate>& c, float p, std::size_t minKeep = 1);
/// Divides logits by t.
void temperature(std::vector<Candidate>& c, float t);
/// Softmax, then draws one candidate with `rng`.
int32_t draw(std::vector<Candidate>& c, std::mt19937_64& rng);

} // namespace sampling

/// Picks tokens from logits. Deterministic for a given seed and input.
class Sampler {
public:
    explicit Sampler(const SamplingParams& params);

    /// Chooses the next token. `logits` may be modified (penalties); `history` is every token
    /// so far (the penalties look at its tail); `banned` tokens are never chosen.
    int32_t sample(std::span<float> logits, std::span<const int32_t> history,
                   std::span<const int32_t> banned = {});

    const SamplingParams& params() const { return params_; }

private:
    SamplingParams params_;
    std::mt19937_64 rng_;
    std::vector<Candidate> candidates_;
};

} // namespace hearth
