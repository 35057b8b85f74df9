// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/memory.h"

#include <algorithm>

namespace hearth {

namespace {
constexpr uint64_t kF16Bytes = 2;
constexpr uint64_t kF32Bytes = 4;
/// Query rows whose attention scores are materialised at once (attention runs in tiles).
constexpr uint64_t kAttentionRows = 32;
} // namespace

uint64_t kvBytesPerPosition(const ModelConfig& c) {
    return uint64_t(c.nLayer) * c.nHeadKv * (uint64_t(c.headDim) + c.headDimV) * kF16Bytes;
}

MemoryEstimate estimateMemory(const ModelConfig& c, uint64_t weightBytes, uint32_t contextSize,
                              uint32_t batch) {
    MemoryEstimate m;
    m.weights = weightBytes;
    m.kvCache = kvBytesPerPosition(c) * contextSize;
    const uint64_t b = std::max<uint32_t>(batch, 1);
    // Residual stream, normed copy, Q, K, V, attention output, projections, and the FFN's gate,
    // up and hidden activations, per token of the batch.
    const uint64_t perToken = 4ull * c.nEmbd + c.qDim() + c.kvDim() + c.kvDimV() +
                              uint64_t(c.nHead) * c.headDimV + 3ull * c.nFf;
    const uint64_t activations = b * perToken * kF32Bytes;
    const uint64_t scores =
        std::min(b, kAttentionRows) * c.nHead * uint64_t(contextSize) * kF32Bytes;
    const uint64_t logits = uint64_t(c.nVocab) * kF32Bytes * 2;
    m.scratch = activations + scores + logits;
    return m;
}

} // namespace hearth
