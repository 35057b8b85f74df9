// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/gguf/gguf.h"
#include "engine/gguf/value.h"
#include "engine/quant/types.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace hearth::gguf {

/// Writes GGUF v3 files: metadata in insertion order, then the tensor table, then the aligned
/// tensor data. Tensor data can be given as bytes or produced on demand while writing, so a
/// quantizer never holds a whole model in memory.
class Writer {
public:
    /// Fills `out` (exactly the tensor's byte size) with the tensor's data.
    using Producer = std::function<void(std::span<uint8_t> out)>;

    /// Sets a metadata key (replacing an earlier value of the same key, keeping its position).
    void set(const std::string& key, Value value);
    /// Removes a metadata key if present.
    void remove(const std::string& key);
    /// Copies every metadata key of `file` (in its order).
    void copyMetadata(const File& file);

    /// Adds a tensor. `ne` lists the dimensions innermost first. Throws hearth::Error when the
    /// shape does not fit the type or the data has the wrong size.
    void addTensor(const std::string& name, TensorType type, std::vector<uint64_t> ne,
                   std::vector<uint8_t> data);
    void addTensor(const std::string& name, TensorType type, std::vector<uint64_t> ne,
                   uint64_t bytes, Producer producer);
    void addTensor(const std::string& name, const std::vector<float>& values,
                   std::vector<uint64_t> ne);

    /// The data alignment (a power of two; default 32, or general.alignment when set).
    uint32_t alignment() const;

    /// Serialises everything into memory.
    std::vector<uint8_t> toBytes() const;
    /// Writes to `path` atomically (a temporary file renamed over it). Throws on I/O errors.
    void write(const std::string& path) const;

private:
    struct Tensor {
        std::string name;
        TensorType type;
        std::vector<uint64_t> ne;
        uint64_t bytes;
        std::vector<uint8_t> data;
        Producer producer;
    };
    template <typename Sink>
    void serialize(Sink& sink) const;

    std::vector<std::pair<std::string, Value>> metadata_;
    std::vector<Tensor> tensors_;
};

} // namespace hearth::gguf
