// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/quant/types.h"
#include "engine/vulkan/buffer.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hearth::vk {

/// Consecutive whole rows of a weight tensor, visible through one storage-buffer binding.
struct WeightChunk {
    BufferBinding binding; ///< range padded to a multiple of 4 bytes
    uint32_t firstRow = 0;
    uint32_t rows = 0;
};

/// A weight tensor in device memory, in its stored (possibly quantized) type, split by rows into
/// chunks that each fit one binding (a 32000 x 2048 F16 embedding is 125 MiB, near lavapipe's
/// 128 MiB maxStorageBufferRange; larger tables become several chunks).
struct DeviceTensor {
    std::string name;
    TensorType type = TensorType::F32;
    uint32_t rows = 0;
    uint32_t cols = 0;
    uint32_t rowBytes = 0;
    std::vector<WeightChunk> chunks;

    explicit operator bool() const { return !chunks.empty(); }
};

/// Progress of an upload: bytes done, bytes in all.
using UploadProgress = std::function<void(uint64_t done, uint64_t total)>;

/// Places weight tensors in a few large device buffers and uploads them once. Tensors are added
/// first (their host bytes must stay valid until upload()), then upload() allocates the buffers
/// and copies: straight into mapped memory on unified-memory devices, else through a staging
/// buffer. Tensors are read back with tensor() afterwards.
class WeightStore {
public:
    /// `maxBindingBytes` caps one chunk (default: the device's maxStorageBufferRange);
    /// `forceStaging` uploads through staging even where device memory is host-visible.
    WeightStore(Device& device, std::optional<uint64_t> maxBindingBytes = std::nullopt,
                bool forceStaging = false);
    ~WeightStore();
    WeightStore(const WeightStore&) = delete;
    WeightStore& operator=(const WeightStore&) = delete;

    /// Plans a tensor of `rows` rows of `cols` values of `type` stored at `data`. Returns its
    /// handle. Throws hearth::Error when a single row does not fit a binding.
    std::size_t add(const std::string& name, TensorType type, uint64_t rows, uint64_t cols,
                    const void* data);
    /// Plans a float32 vector the store keeps a copy of (norm weights, biases, RoPE tables).
    std::size_t addFloats(const std::string& name, std::vector<float> values);

    /// Bytes of device memory the planned tensors take (with padding and alignment).
    uint64_t plannedBytes() const;

    /// Allocates device memory and copies every planned tensor. Throws OutOfMemoryError when
    /// the device has no room, DeviceLostError when it fails.
    void upload(const UploadProgress& progress = {});

    const DeviceTensor& tensor(std::size_t handle) const { return tensors_.at(handle); }

private:
    struct Piece {
        std::size_t tensor;
        std::size_t chunk;
        std::size_t arena;
        uint64_t offset; ///< in the arena
        uint64_t bytes;  ///< unpadded
        const uint8_t* data;
    };

    Device& device_;
    uint64_t maxBinding_;
    uint64_t arenaCapacity_;
    uint64_t alignment_;
    bool staging_;
    std::vector<DeviceTensor> tensors_;
    std::vector<std::vector<float>> ownedFloats_;
    std::vector<Piece> pieces_;
    std::vector<uint64_t> arenaSizes_;
    std::vector<Buffer> arenas_;
};

} // namespace hearth::vk
