// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hearth {

/// Runs the transformer: the CPU reference (cpu/) or the Vulkan backend (vulkan/). A backend
/// owns a KV cache of contextSize() positions; forward() writes the keys and values of the
/// tokens it evaluates at their positions, so evaluating again from position p simply
/// overwrites what came after p (that is how a session rewinds to a shared prefix).
class Backend {
public:
    virtual ~Backend() = default;

    /// "cpu" or "vulkan (device name)".
    virtual std::string name() const = 0;
    /// Positions the KV cache holds.
    virtual uint32_t contextSize() const = 0;
    /// Largest batch forward() accepts at once (callers split longer prompts).
    virtual uint32_t maxBatch() const = 0;

    /// Evaluates `tokens` at positions pos .. pos+n-1 (pos + n <= contextSize()). Resizes and
    /// fills `logits` with nVocab values for the last token, or n·nVocab values (token-major)
    /// when `allLogits`. Throws hearth::Error (e.g. a lost GPU); the cache is then undefined
    /// past `pos`.
    virtual void forward(std::span<const int32_t> tokens, uint32_t pos, bool allLogits,
                         std::vector<float>& logits) = 0;
};

} // namespace hearth
