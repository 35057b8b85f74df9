// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sampling/sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace hearth {
namespace sampling {

namespace {
bool byLogit(const Candidate& a, const Candidate& b) {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
}
} // namespace

void applyPenalties(std::span<float> logits, std::span<const int32_t> recent, float repeat,
                    float frequency, float presence) {
    if (repeat == 1.0f && frequency == 0.0f && presence == 0.0f) {
        return;
    }
    std::unordered_map<int32_t, int> counts;
    for (int32_t id : recent) {
        if (id >= 0 && size_t(id) < logits.size()) {
            ++counts[id];
        }
    }
    for (const auto& [id, count] : counts) {
        float& l = logits[size_t(id)];
        l = l <= 0.0f ? l * repeat : l / repeat;
        l -= float(count) * frequency + presence;
    }
}

void topK(std::vector<Candidate>& c, int32_t k) {
    if (k <= 0 || size_t(k) >= c.size()) {
        std::sort(c.begin(), c.end(), byLogit);
        return;
    }
    std::partial_sort(c.begin(), c.begin() + k, c.end(), byLogit);
    c.resize(size_t(k));
}

void softmax(std::vector<Candidate>& c) {
    if (c.empty()) {
        return;
    }
    std::sort(c.begin(), c.end(), byLogit);
    const float maxLogit = c.front().logit;
    double sum = 0.0;
    for (Candidate& x : c) {
        x.p = std::exp(x.logit - maxLogit);
        sum += x.p;
    }
    for (Candidate& x : c) {
        x.p = static_cast<float>(x.p / sum);
    }
}

void topP(std::vector<Candidate>& c, float p, std::size_t minKeep) {
    if (p >= 1.0f || c.empty()) {
        return;
    }
    softmax(c);
    double mass = 0.0;
    std::size_t keep = c.size();
    for (std::size_t i = 0; i < c.size(); ++i) {
        mass += c[i].p;
        if (mass >= p && i + 1 >= minKeep) {
            keep = i + 1;
            break;
        }
    }
    c.resize(keep);
}

void minP(std::vector<Candidate>& c, float p, std::size_t minKeep) {
    if (p <= 0.0f || c.empty()) {
        return;
    }
    softmax(c);
    const float threshold = c.front().p * p;
    std::size_t keep = 0;
    while (keep < c.size() && (c[keep].p >= threshold || keep < minKeep)) {
        ++keep;
    }
    c.resize(keep);
}

void temperature(std::vector<Candidate>& c, float t) {
    for (Candidate& x : c) {
        x.logit /= t;
    }
}

int32_t draw(std::vector<Candidate>& c, std::mt19937_64& rng) {
    softmax(c);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double r = uniform(rng);
    double cumulative = 0.0;
    for (const Candidate& x : c) {
        cumulative += x.p;
        if (r < cumulative) {
            return x.id;
        }
    }
    return c.back().id; // rounding left a sliver of mass at the end
}

} // namespace sampling

Sampler::Sampler(const SamplingParams& params)
    : params_(params), rng_(params.seed ? *params.seed : std::random_device{}()) {}

int32_t Sampler::sample(std::span<float> logits, std::span<const int32_t> history,
                        std::span<const int32_t> banned) {
    const std::size_t lastN = params_.repeatLastN < 0
                                  ? history.size()
                                  : std::min(history.size(), size_t(params_.repeatLastN));
    sampling::applyPenalties(logits, history.subspan(history.size() - lastN), params_.repeatPenalty,
                             params_.frequencyPenalty, params_.presencePenalty);
    for (int32_t id : banned) {
        if (id >= 0 && size_t(id) < logits.size()) {
            logits[size_t(id)] = -std::numeric_limits<float>::infinity();
        }
    }

    if (params_.temperature <= 0.0f) {
        // Greedy: the first maximum.
        return static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) -
                                    logits.begin());
    }
    candidates_.resize(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i) {
        candidates_[i] = {static_cast<int32_t>(i), logits[i], 0.0f};
    }
    // Banned tokens cannot be drawn.
    std::erase_if(candidates_,
                  [](const Candidate& c) { return std::isinf(c.logit) && c.logit < 0; });
    if (candidates_.empty()) {
        return static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) -
                                    logits.begin());
    }
    sampling::topK(candidates_, params_.topK);
    sampling::topP(candidates_, params_.topP);
    sampling::minP(candidates_, params_.minP);
    sampling::temperature(candidates_, params_.temperature);
    return sampling::draw(candidates_, rng_);
}

} // namespace hearth
