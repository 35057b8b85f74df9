// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/gguf/gguf.h"
#include "engine/quant/filetype.h"
#include "engine/quant/quantizer.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::bench {

/// The shape of a random-weight Llama-style model built for benchmarks. The named shapes match
/// the layouts of common small models, so speed figures need no download.
struct SyntheticShape {
    std::string name;         ///< "0.5b"; part of the cached file's name
    uint32_t embedding = 0;   ///< hidden width
    uint32_t layers = 0;      ///< transformer blocks
    uint32_t feedForward = 0; ///< FFN hidden width
    uint32_t heads = 0;       ///< query heads
    uint32_t kvHeads = 0;     ///< key/value heads
    uint32_t vocab = 0;       ///< tokens (at least 3 special tokens + 256 byte tokens + 1)
    bool tiedOutput = false;  ///< no output.weight: the embedding doubles as the output
    uint32_t context = 8192;  ///< llama.context_length
};

/// "0.5b" (hidden 896, 24 layers, FFN 4864, 14 heads, 2 KV heads, tied output) or "1.1b"
/// (hidden 2048, 22 layers, FFN 5632, 32 heads, 4 KV heads, own output); vocabulary 32000.
std::optional<SyntheticShape> syntheticShape(std::string_view name);
/// The names syntheticShape() knows, for messages: "0.5b, 1.1b".
std::string syntheticShapeNames();

/// The tensors of a model of `shape`, all F32 (name, type and dimensions; no offsets), in the
/// order they are written. Throws hearth::Error for an impossible shape.
std::vector<gguf::TensorInfo> syntheticTensors(const SyntheticShape& shape);
/// The metadata facts the quantization mix reads for `shape`.
quant::MixFacts syntheticMixFacts(const SyntheticShape& shape);

/// Progress while writing: tensors done, tensors in all.
using SyntheticProgress = std::function<void(std::size_t done, std::size_t count)>;

/// Writes a GGUF model of `shape` to `path` (atomically) in the mix `target` (AllF32 keeps every
/// tensor F32): random weights from a fixed seed, small enough that activations stay finite,
/// each tensor converted to the type `hearth-cli quantize` would choose for it (the same plan and
/// quantizer), rows quantized in parallel on `threads` threads (0 = all cores), one tensor in
/// memory at a time; the bytes do not depend on the thread count. The vocabulary is a valid
/// SentencePiece one (<unk>, <s>, </s>, the 256 byte tokens, then filler pieces). Returns the plan.
std::vector<quant::TensorPlan> writeSyntheticModel(const SyntheticShape& shape,
                                                   quant::FileType target, const std::string& path,
                                                   const SyntheticProgress& progress = {},
                                                   unsigned threads = 0);

/// "hearth-synthetic-0.5b-q4_0-v1.gguf": shape, type and the generator's format version.
std::string syntheticFileName(const SyntheticShape& shape, quant::FileType target);

/// Where generated models are kept: $HEARTH_CACHE_DIR/bench, else $XDG_CACHE_HOME/hearth/bench,
/// else ~/.cache/hearth/bench. Throws hearth::Error when none can be named (no HOME).
std::string benchCacheDir();

/// A generated model file and whether this call wrote it.
struct CachedModel {
    std::string path;
    bool created = false;
};

/// The model of `shape` and `target` in `directory` (created when missing): the existing file
/// when it is a complete one of this generator's format version, else written anew.
CachedModel cachedSyntheticModel(const SyntheticShape& shape, quant::FileType target,
                                 const std::string& directory,
                                 const SyntheticProgress& progress = {}, unsigned threads = 0);

} // namespace hearth::bench
