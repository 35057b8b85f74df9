// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/device.h"

#include <cstddef>

namespace hearth::vk {

/// Where a buffer's memory lives.
enum class MemoryKind {
    DeviceLocal, ///< GPU memory; host-visible too on unified-memory devices (then no staging)
    DeviceOnly,  ///< GPU memory, never mapped: uploads always go through staging
    Staging,     ///< host-visible, coherent memory for uploads
    Readback,    ///< host-visible memory, cached where possible, for reading results back
};

/// A storage buffer with its own memory allocation. Move-only.
class Buffer {
public:
    Buffer() = default;
    Buffer(Device& device, VkDeviceSize size, MemoryKind kind);
    ~Buffer();
    Buffer(Buffer&& other) noexcept;
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    VkBuffer handle() const { return buffer_; }
    VkDeviceSize size() const { return size_; }
    bool hostVisible() const { return mapped_ != nullptr; }
    /// Persistently mapped pointer for host-visible buffers, else nullptr.
    void* mapped() const { return mapped_; }
    BufferBinding binding(VkDeviceSize offset = 0, VkDeviceSize range = VK_WHOLE_SIZE) const {
        return {buffer_, offset, range};
    }

    /// Copies `bytes` from host memory into the buffer at `offset` (through a staging buffer
    /// when the memory is not host-visible). Blocks until the copy is done.
    void upload(const void* data, std::size_t bytes, VkDeviceSize offset = 0);
    /// Copies `bytes` from the buffer at `offset` into host memory. Blocks.
    void download(void* out, std::size_t bytes, VkDeviceSize offset = 0) const;

private:
    void create(VkDeviceSize size, MemoryKind kind);
    void release() noexcept;

    Device* device_ = nullptr;
    VkBuffer buffer_ = VK_NULL_HANDLE;
    VkDeviceMemory memory_ = VK_NULL_HANDLE;
    VkDeviceSize size_ = 0;
    void* mapped_ = nullptr;
    bool coherent_ = true;
};

} // namespace hearth::vk
