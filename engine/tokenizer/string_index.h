// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tok {

/// 64-bit hash of a byte string (used for the tokenizers' lookup tables).
uint64_t hashBytes(std::string_view s);

/// Finds the position of a string in a list without copying the strings: an open-addressing
/// table of positions. The list is passed to every lookup and must be the one it was built from.
/// When a string occurs more than once, the last position wins.
class StringIndex {
public:
    void build(std::span<const std::string> texts);
    std::optional<int32_t> find(std::string_view key, std::span<const std::string> texts) const;
    /// Adds `texts[id]` (for lists that grow after build()); replaces an equal string's entry.
    void insert(int32_t id, std::span<const std::string> texts);

private:
    struct Slot {
        uint32_t check = 0; ///< high bits of the hash, to skip most string comparisons
        int32_t id = -1;    ///< -1: empty
    };
    void grow(std::span<const std::string> texts);
    std::vector<Slot> slots_;
    std::size_t used_ = 0;
};

/// Maps a pair of 31-bit ids to a value (BPE merges: pair of pieces to rank and result).
class PairIndex {
public:
    struct Entry {
        int32_t rank = -1;
        int32_t result = -1;
    };
    void reserve(std::size_t count);
    /// Adds a pair; an existing pair keeps its first entry. Returns false if it was present.
    bool insert(int32_t left, int32_t right, Entry entry);
    const Entry* find(int32_t left, int32_t right) const;

private:
    struct Slot {
        uint64_t key = kEmpty;
        Entry entry;
    };
    static constexpr uint64_t kEmpty = ~uint64_t{0};
    static uint64_t keyOf(int32_t left, int32_t right);
    void rehash(std::size_t capacity);
    std::vector<Slot> slots_;
    std::size_t used_ = 0;
};

} // namespace hearth::tok
