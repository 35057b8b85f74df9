// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/gguf/gguf.h"
#include "engine/quant/filetype.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hearth::quant {

/// What happens to one tensor when a model is quantized.
struct TensorPlan {
    std::string name;
    TensorType from = TensorType::F32;
    TensorType to = TensorType::F32;
    /// The mix asked for a type whose blocks do not fit the row length, so a smaller-block type
    /// (or F16) was taken instead.
    bool fallback = false;
};

/// The per-tensor types of a quantization mix, as the reference GGUF quantizer chooses them
/// (without an importance matrix): 1-D tensors and norms keep their type; the output
/// projection (and the token embedding when it doubles as the output) gets Q6_K, or Q8_0 when
/// its rows do not fit the base type's blocks; for the _K_M mixes attention-value and FFN-down
/// tensors of the "more bits" layers (the first and last eighth, and every third in between)
/// get Q6_K; a K-quant that does not fit the row length falls back to Q5_0/Q5_1/Q8_0, and a
/// 32-value block that does not fit to F16. The plan lists the tensors in the order they are
/// written (non-layer tensors, then layer by layer, each group sorted by name), as the
/// reference does. Throws hearth::Error when a tensor would have to be requantized from a
/// quantized type.
std::vector<TensorPlan> planQuantization(const gguf::File& model, FileType target);

/// The model facts the mix depends on besides the tensors themselves (read from metadata).
struct MixFacts {
    std::string architecture;            ///< general.architecture ("" when absent)
    std::optional<uint64_t> blockCount;  ///< <arch>.block_count
    std::optional<uint64_t> headCount;   ///< <arch>.attention.head_count
    std::optional<uint64_t> headCountKv; ///< <arch>.attention.head_count_kv
    uint64_t expertCount = 0;            ///< <arch>.expert_count (0 when absent)
};

/// The facts of `model`'s metadata.
MixFacts mixFacts(const gguf::File& model);

/// The same plan for a model described without a file: its tensors (name, type and shape are
/// used; offsets and sizes are not) and the facts of its metadata. Lets a model that is about
/// to be written get exactly the mix `hearth-cli quantize` would give it.
std::vector<TensorPlan> planQuantization(std::span<const gguf::TensorInfo> tensors,
                                         const MixFacts& facts, FileType target);

/// Quantization error of all tensors converted to one type.
struct TypeError {
    TensorType type = TensorType::F32;
    std::size_t tensors = 0;
    uint64_t values = 0;
    double squaredError = 0;    ///< Σ (quantized − original)²
    double squaredOriginal = 0; ///< Σ original²

    double rmse() const;
    /// RMSE relative to the RMS of the original values.
    double relativeRmse() const;
};

/// The outcome of quantizeModel().
struct QuantizeReport {
    std::vector<TensorPlan> plan;
    std::vector<TypeError> errors; ///< one entry per type tensors were converted to
    uint64_t bytesIn = 0;          ///< tensor data read
    uint64_t bytesOut = 0;         ///< tensor data written
};

/// Called before each tensor is converted: its position (0-based) among `count`.
using QuantizeProgress =
    std::function<void(std::size_t index, std::size_t count, const TensorPlan& tensor)>;

/// Writes `model` to `outPath` (atomically) in the mix `target`: every metadata key is kept,
/// general.quantization_version and general.file_type are set. Tensors are converted one at a
/// time (rows in parallel on `threads` threads, 0 = all cores), so memory stays around the size
/// of the largest tensor. The bytes are the same for any number of threads.
QuantizeReport quantizeModel(const gguf::File& model, const std::string& outPath, FileType target,
                             const QuantizeProgress& progress = {}, unsigned threads = 0);

} // namespace hearth::quant
