// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace hearth {

/// A read-only memory map of a whole file. Pages are only read from disk when touched, so
/// mapping a multi-GB model and parsing its header reads just the header.
class MappedFile {
public:
    /// Maps `path`; throws hearth::Error ("cannot open model.gguf: No such file or directory").
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    const uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
#if defined(_WIN32)
    void* file_ = nullptr;
    void* mapping_ = nullptr;
#endif
};

} // namespace hearth
