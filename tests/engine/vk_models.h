// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Models for the Vulkan tests that run whole forward passes (tests/engine/test_vk_*.cpp): a
// model straight from a test-data file, and how far two sets of logits are apart.

#include "engine/gguf/gguf.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"
#include "tests/common/testsupport.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>

namespace hearth::vktest {

/// A model straight from a file, without tokenizer.
struct Loaded {
    std::shared_ptr<gguf::File> file;
    ModelConfig config;
    ModelWeights weights;
};

/// The model at `relative` in the shared test data.
inline Loaded load(const QString& relative) {
    Loaded l;
    l.file = std::shared_ptr<gguf::File>(
        gguf::File::open(hearth::test::testDataPath(relative).toStdString()));
    l.config = readModelConfig(*l.file);
    l.weights = loadWeights(*l.file, l.config);
    return l;
}

/// Largest |a - b| relative to the largest |b| over one token's logits.
inline double relativeError(std::span<const float> a, std::span<const float> b) {
    double diff = 0.0;
    double scale = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, std::fabs(double(a[i]) - b[i]));
        scale = std::max(scale, std::fabs(double(b[i])));
    }
    return diff / std::max(scale, 1e-30);
}

} // namespace hearth::vktest
