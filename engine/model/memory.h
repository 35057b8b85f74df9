// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/model/config.h"

#include <cstdint>

namespace hearth {

/// Bytes a model needs on a device, for "fits your GPU" and for refusing loads that cannot fit.
struct MemoryEstimate {
    uint64_t weights = 0; ///< every weight tensor, in its stored type
    uint64_t kvCache = 0; ///< keys and values for the whole context, f16
    uint64_t scratch = 0; ///< activations, attention scores and logits for one batch
    uint64_t total() const { return weights + kvCache + scratch; }
};

/// Bytes per cached position: 2 (K and V) · layers · kv-heads · head width · 2 bytes (f16).
uint64_t kvBytesPerPosition(const ModelConfig& c);

/// Estimates what a model of `config` with `weightBytes` of weights needs at a context of
/// `contextSize` tokens, evaluating prompts in batches of `batch` tokens.
MemoryEstimate estimateMemory(const ModelConfig& config, uint64_t weightBytes, uint32_t contextSize,
                              uint32_t batch = 256);

} // namespace hearth
