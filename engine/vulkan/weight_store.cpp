// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/weight_store.h"

#include "engine/core/error.h"
#include "engine/vulkan/recorder.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace hearth::vk {
namespace {

/// Largest device buffer the store allocates (drivers handle a few big allocations better than
/// many small ones, and maxMemoryAllocationSize may be smaller).
constexpr uint64_t kMaxArenaBytes = 1ull << 30;
/// Staging buffer for uploads to memory the host cannot map.
constexpr uint64_t kStagingBytes = 64ull << 20;
/// Every chunk starts at a multiple of this (at least; the device may ask for more).
constexpr uint64_t kMinAlignment = 16;
/// Shaders read 32-bit words: chunk ranges are padded to whole words.
constexpr uint64_t kWordBytes = 4;
/// Binding offsets and ranges are indexed with 32-bit integers in the shaders.
constexpr uint64_t kMaxShaderRange = 1ull << 31;

uint64_t alignUp(uint64_t v, uint64_t a) {
    return (v + a - 1) / a * a;
}

} // namespace

WeightStore::WeightStore(Device& device, std::optional<uint64_t> maxBindingBytes, bool forceStaging)
    : device_(device) {
    const DeviceInfo& info = device.info();
    alignment_ = std::max<uint64_t>(kMinAlignment, info.minStorageBufferOffsetAlignment);
    uint64_t range = std::min<uint64_t>(info.maxStorageBufferRange, kMaxShaderRange);
    if (maxBindingBytes) {
        range = std::min(range, *maxBindingBytes);
    }
    // Leave room for the padding to whole words.
    maxBinding_ = range > kWordBytes ? (range & ~(kWordBytes - 1)) - kWordBytes : kWordBytes;
    arenaCapacity_ = kMaxArenaBytes;
    if (info.maxMemoryAllocationSize > 0) {
        arenaCapacity_ = std::min(arenaCapacity_, info.maxMemoryAllocationSize);
    }
    arenaCapacity_ = std::max(arenaCapacity_, alignUp(maxBinding_ + kWordBytes, alignment_));
    staging_ = forceStaging || !info.unifiedMemory;
}

WeightStore::~WeightStore() = default;

std::size_t WeightStore::add(const std::string& name, TensorType type, uint64_t rows, uint64_t cols,
                             const void* data) {
    const std::optional<uint64_t> rb = rowBytes(type, cols);
    if (!rb || *rb == 0) {
        throw Error("tensor " + name + ": " + std::to_string(cols) + " values are not whole " +
                    std::string(typeName(type)) + " blocks");
    }
    if (*rb > maxBinding_) {
        throw Error("tensor " + name + ": a row of " + std::to_string(*rb) +
                    " bytes exceeds the largest buffer binding of \"" + device_.info().name +
                    "\" (" + std::to_string(maxBinding_) + " bytes)");
    }
    if (rows > std::numeric_limits<uint32_t>::max() ||
        cols > std::numeric_limits<uint32_t>::max()) {
        throw Error("tensor " + name + " is too large for the Vulkan backend");
    }
    DeviceTensor t;
    t.name = name;
    t.type = type;
    t.rows = static_cast<uint32_t>(rows);
    t.cols = static_cast<uint32_t>(cols);
    t.rowBytes = static_cast<uint32_t>(*rb);
    const std::size_t handle = tensors_.size();
    const uint64_t rowsPerChunk = maxBinding_ / *rb;
    const auto* bytes = static_cast<const uint8_t*>(data);
    for (uint64_t first = 0; first < rows; first += rowsPerChunk) {
        const uint64_t n = std::min(rowsPerChunk, rows - first);
        const uint64_t size = n * *rb;
        const uint64_t padded = alignUp(size, kWordBytes);
        if (arenaSizes_.empty() ||
            alignUp(arenaSizes_.back(), alignment_) + padded > arenaCapacity_) {
            arenaSizes_.push_back(0);
        }
        const uint64_t offset = alignUp(arenaSizes_.back(), alignment_);
        arenaSizes_.back() = offset + padded;
        WeightChunk chunk;
        chunk.binding.offset = offset;
        chunk.binding.range = padded;
        chunk.firstRow = static_cast<uint32_t>(first);
        chunk.rows = static_cast<uint32_t>(n);
        pieces_.push_back(
            {handle, t.chunks.size(), arenaSizes_.size() - 1, offset, size, bytes + first * *rb});
        t.chunks.push_back(chunk);
    }
    tensors_.push_back(std::move(t));
    return handle;
}

std::size_t WeightStore::addFloats(const std::string& name, std::vector<float> values) {
    ownedFloats_.push_back(std::move(values));
    const std::vector<float>& v = ownedFloats_.back();
    return add(name, TensorType::F32, 1, v.size(), v.data());
}

uint64_t WeightStore::plannedBytes() const {
    uint64_t total = 0;
    for (uint64_t s : arenaSizes_) {
        total += s;
    }
    return total;
}

void WeightStore::upload(const UploadProgress& progress) {
    const MemoryKind kind = staging_ ? MemoryKind::DeviceOnly : MemoryKind::DeviceLocal;
    arenas_.clear();
    arenas_.reserve(arenaSizes_.size());
    for (uint64_t size : arenaSizes_) {
        arenas_.emplace_back(device_, size, kind);
    }
    for (const Piece& p : pieces_) {
        tensors_[p.tensor].chunks[p.chunk].binding.buffer = arenas_[p.arena].handle();
    }

    uint64_t total = 0;
    for (const Piece& p : pieces_) {
        total += p.bytes;
    }
    uint64_t done = 0;
    if (progress) {
        progress(0, total);
    }

    // Unified memory: the arenas are mapped, copy straight in.
    if (!staging_ && std::all_of(arenas_.begin(), arenas_.end(),
                                 [](const Buffer& b) { return b.hostVisible(); })) {
        for (const Piece& p : pieces_) {
            arenas_[p.arena].upload(p.data, p.bytes, p.offset);
            done += p.bytes;
            if (progress) {
                progress(done, total);
            }
        }
        return;
    }

    // Otherwise through one staging buffer, refilled and submitted as often as needed.
    Buffer staging(device_, std::min(kStagingBytes, std::max<uint64_t>(total, kWordBytes)),
                   MemoryKind::Staging);
    Recorder rec(device_);
    uint64_t used = 0;
    const auto flush = [&] {
        if (used == 0) {
            return;
        }
        rec.submitAndWait();
        done += used;
        used = 0;
        if (progress) {
            progress(done, total);
        }
    };
    for (const Piece& p : pieces_) {
        uint64_t copied = 0;
        while (copied < p.bytes) {
            if (used == staging.size()) {
                flush();
            }
            const uint64_t n = std::min(p.bytes - copied, staging.size() - used);
            std::memcpy(static_cast<uint8_t*>(staging.mapped()) + used, p.data + copied, n);
            rec.copy(staging, arenas_[p.arena], n, used, p.offset + copied);
            used += n;
            copied += n;
        }
    }
    flush();
}

} // namespace hearth::vk
