// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/mapped_file.h"
#include "engine/gguf/value.h"
#include "engine/quant/types.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hearth::gguf {

/// Default alignment of the data section when `general.alignment` is absent.
inline constexpr uint32_t kDefaultAlignment = 32;
/// Tensors have at most this many dimensions.
inline constexpr uint32_t kMaxDims = 4;

/// One entry of the tensor table. Every field has been checked against the file.
struct TensorInfo {
    std::string name;
    uint32_t nDims = 0;                  ///< 1..4
    std::array<uint64_t, kMaxDims> ne{}; ///< elements per dimension, ne[0] innermost; unused = 1
    TensorType type = TensorType::F32;
    uint64_t offset = 0; ///< from the start of the data section
    uint64_t bytes = 0;  ///< size of the data

    uint64_t elements() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
    /// "[64, 32000]" for messages.
    std::string shapeString() const;
};

/// A parsed GGUF file (v2 or v3, little-endian). The header is parsed eagerly and validated;
/// tensor data is only referenced (memory-mapped, never copied). Construction throws
/// hearth::Error with a precise message for anything malformed.
class File {
public:
    /// Maps and parses `path`.
    static std::unique_ptr<File> open(const std::string& path);
    /// Parses bytes in memory (the caller keeps them alive); `name` is used in messages.
    static std::unique_ptr<File> fromMemory(std::span<const uint8_t> bytes,
                                            std::string name = "<memory>");

    const std::string& name() const { return name_; }
    uint32_t version() const { return version_; }
    uint32_t alignment() const { return alignment_; }
    uint64_t dataOffset() const { return dataOffset_; }
    uint64_t fileSize() const { return bytes_.size(); }

    /// Metadata in file order.
    const std::vector<std::pair<std::string, Value>>& metadata() const { return metadata_; }
    const Value* find(std::string_view key) const;
    bool has(std::string_view key) const { return find(key) != nullptr; }

    /// Typed lookups: nullopt when the key is absent; hearth::Error when it has the wrong type.
    std::optional<std::string> getString(std::string_view key) const;
    std::optional<uint64_t> getUInt(std::string_view key) const;
    std::optional<int64_t> getInt(std::string_view key) const;
    std::optional<double> getFloat(std::string_view key) const;
    std::optional<bool> getBool(std::string_view key) const;
    /// The array at `key` (nullptr when absent; hearth::Error when not an array).
    const std::vector<Value>* getArray(std::string_view key) const;

    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* findTensor(std::string_view name) const;
    /// The bytes of a tensor, inside the mapping.
    std::span<const uint8_t> tensorData(const TensorInfo& t) const;

    /// `general.architecture`, or "" when absent.
    std::string architecture() const;

private:
    File(std::span<const uint8_t> bytes, std::string name, std::unique_ptr<MappedFile> map);
    void parse();

    std::unique_ptr<MappedFile> map_;
    std::span<const uint8_t> bytes_;
    std::string name_;
    uint32_t version_ = 0;
    uint32_t alignment_ = kDefaultAlignment;
    uint64_t dataOffset_ = 0;
    std::vector<std::pair<std::string, Value>> metadata_;
    std::unordered_map<std::string, std::size_t> metadataIndex_;
    std::vector<TensorInfo> tensors_;
    std::unordered_map<std::string, std::size_t> tensorIndex_;
};

} // namespace hearth::gguf
