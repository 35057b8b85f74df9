// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/string_index.h"

#include <bit>
#include <cstring>

namespace hearth::tok {
namespace {

constexpr uint64_t kSeed = 0x9E3779B97F4A7C15ull;
constexpr uint64_t kMultiplier = 0xBF58476D1CE4E5B9ull;
constexpr uint64_t kMultiplier2 = 0x94D049BB133111EBull;
constexpr int kCheckShift = 32;
constexpr std::size_t kMinCapacity = 16;
// Tables are kept at most half full.
constexpr std::size_t kLoadDivisor = 2;

// The SplitMix64 finaliser.
constexpr int kMixShift1 = 30;
constexpr int kMixShift2 = 27;
constexpr int kMixShift3 = 31;

uint64_t mix(uint64_t x) {
    x ^= x >> kMixShift1;
    x *= kMultiplier;
    x ^= x >> kMixShift2;
    x *= kMultiplier2;
    x ^= x >> kMixShift3;
    return x;
}

std::size_t capacityFor(std::size_t count) {
    return std::bit_ceil(std::max(kMinCapacity, count * kLoadDivisor));
}

} // namespace

uint64_t hashBytes(std::string_view s) {
    uint64_t h = kSeed ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    while (n >= sizeof(uint64_t)) {
        uint64_t w;
        std::memcpy(&w, p, sizeof w);
        h = (h ^ mix(w)) * kMultiplier;
        p += sizeof w;
        n -= sizeof w;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    h = (h ^ mix(tail)) * kMultiplier;
    return mix(h);
}

void StringIndex::build(std::span<const std::string> texts) {
    slots_.assign(capacityFor(texts.size()), Slot{});
    used_ = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        insert(static_cast<int32_t>(i), texts);
    }
}

void StringIndex::grow(std::span<const std::string> texts) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacityFor(old.size()), Slot{});
    used_ = 0;
    for (const Slot& s : old) {
        if (s.id >= 0) {
            insert(s.id, texts);
        }
    }
}

void StringIndex::insert(int32_t id, std::span<const std::string> texts) {
    if ((used_ + 1) * kLoadDivisor > slots_.size()) {
        grow(texts);
    }
    const std::string& text = texts[static_cast<std::size_t>(id)];
    const uint64_t h = hashBytes(text);
    const auto check = static_cast<uint32_t>(h >> kCheckShift);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.id < 0) {
            s = Slot{check, id};
            ++used_;
            return;
        }
        if (s.check == check && texts[static_cast<std::size_t>(s.id)] == text) {
            s.id = id;
            return;
        }
    }
}

std::optional<int32_t> StringIndex::find(std::string_view key,
                                         std::span<const std::string> texts) const {
    if (slots_.empty()) {
        return std::nullopt;
    }
    const uint64_t h = hashBytes(key);
    const auto check = static_cast<uint32_t>(h >> kCheckShift);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.id < 0) {
            return std::nullopt;
        }
        if (s.check == check && texts[static_cast<std::size_t>(s.id)] == key) {
            return s.id;
        }
    }
}

uint64_t PairIndex::keyOf(int32_t left, int32_t right) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << kCheckShift) |
           static_cast<uint32_t>(right);
}

void PairIndex::reserve(std::size_t count) {
    if (count * kLoadDivisor > slots_.size()) {
        rehash(capacityFor(count));
    }
}

void PairIndex::rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    used_ = 0;
    for (const Slot& s : old) {
        if (s.key != kEmpty) {
            const std::size_t mask = slots_.size() - 1;
            for (std::size_t i = mix(s.key) & mask;; i = (i + 1) & mask) {
                if (slots_[i].key == kEmpty) {
                    slots_[i] = s;
                    ++used_;
                    break;
                }
            }
        }
    }
}

bool PairIndex::insert(int32_t left, int32_t right, Entry entry) {
    if ((used_ + 1) * kLoadDivisor > slots_.size()) {
        rehash(capacityFor(used_ + 1));
    }
    const uint64_t key = keyOf(left, right);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.key == kEmpty) {
            s = Slot{key, entry};
            ++used_;
            return true;
        }
        if (s.key == key) {
            return false;
        }
    }
}

const PairIndex::Entry* PairIndex::find(int32_t left, int32_t right) const {
    if (slots_.empty()) {
        return nullptr;
    }
    const uint64_t key = keyOf(left, right);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.key == kEmpty) {
            return nullptr;
        }
        if (s.key == key) {
            return &s.entry;
        }
    }
}

} // namespace hearth::tok
