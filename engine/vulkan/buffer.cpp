// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/buffer.h"

#include "engine/core/error.h"
#include "engine/vulkan/recorder.h"

#include <cstring>
#include <string>
#include <utility>

namespace hearth::vk {

Buffer::Buffer(Device& device, VkDeviceSize size, MemoryKind kind) : device_(&device), size_(size) {
    try {
        create(size, kind);
    } catch (...) {
        release();
        throw;
    }
}

void Buffer::create(VkDeviceSize size, MemoryKind kind) {
    Device& device = *device_;
    if (size == 0) {
        size = 4; // Vulkan forbids empty buffers; keep a tiny one so bindings stay valid.
    }
    VkBufferCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
    info.size = size;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                 VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    check(vkCreateBuffer(device.handle(), &info, nullptr, &buffer_), "creating a buffer");

    VkMemoryRequirements req{};
    vkGetBufferMemoryRequirements(device.handle(), buffer_, &req);
    VkMemoryPropertyFlags required = 0;
    VkMemoryPropertyFlags preferred = 0;
    switch (kind) {
    case MemoryKind::DeviceLocal:
        required = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        if (device.info().unifiedMemory) {
            preferred = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        }
        break;
    case MemoryKind::DeviceOnly:
        required = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        break;
    case MemoryKind::Staging:
        required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        break;
    case MemoryKind::Readback:
        required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
        break;
    }
    const uint32_t type = device.findMemoryType(req.memoryTypeBits, required, preferred);

    VkMemoryAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = type;
    check(vkAllocateMemory(device.handle(), &alloc, nullptr, &memory_),
          ("allocating " + std::to_string(req.size) + " bytes of GPU memory").c_str());
    check(vkBindBufferMemory(device.handle(), buffer_, memory_, 0), "binding buffer memory");

    const VkMemoryPropertyFlags flags = device.memoryProperties().memoryTypes[type].propertyFlags;
    if ((flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && kind != MemoryKind::DeviceOnly) {
        check(vkMapMemory(device.handle(), memory_, 0, VK_WHOLE_SIZE, 0, &mapped_),
              "mapping memory");
        coherent_ = flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    }
}

Buffer::~Buffer() {
    release();
}

Buffer::Buffer(Buffer&& other) noexcept {
    *this = std::move(other);
}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        release();
        device_ = std::exchange(other.device_, nullptr);
        buffer_ = std::exchange(other.buffer_, VK_NULL_HANDLE);
        memory_ = std::exchange(other.memory_, VK_NULL_HANDLE);
        size_ = std::exchange(other.size_, 0);
        mapped_ = std::exchange(other.mapped_, nullptr);
        coherent_ = other.coherent_;
    }
    return *this;
}

void Buffer::release() noexcept {
    if (!device_) {
        return;
    }
    if (mapped_) {
        vkUnmapMemory(device_->handle(), memory_);
    }
    if (buffer_ != VK_NULL_HANDLE) {
        vkDestroyBuffer(device_->handle(), buffer_, nullptr);
    }
    if (memory_ != VK_NULL_HANDLE) {
        vkFreeMemory(device_->handle(), memory_, nullptr);
    }
    device_ = nullptr;
    buffer_ = VK_NULL_HANDLE;
    memory_ = VK_NULL_HANDLE;
    mapped_ = nullptr;
}

void Buffer::upload(const void* data, std::size_t bytes, VkDeviceSize offset) {
    if (offset + bytes > size_) {
        throw Error("buffer upload past the end of the buffer");
    }
    if (bytes == 0) {
        return;
    }
    if (mapped_) {
        std::memcpy(static_cast<char*>(mapped_) + offset, data, bytes);
        if (!coherent_) {
            VkMappedMemoryRange range{};
            range.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE;
            range.memory = memory_;
            range.size = VK_WHOLE_SIZE;
            vkFlushMappedMemoryRanges(device_->handle(), 1, &range);
        }
        return;
    }
    Buffer staging(*device_, bytes, MemoryKind::Staging);
    std::memcpy(staging.mapped(), data, bytes);
    Recorder rec(*device_);
    rec.copy(staging, *this, bytes, 0, offset);
    rec.submitAndWait();
}

void Buffer::download(void* out, std::size_t bytes, VkDeviceSize offset) const {
    if (offset + bytes > size_) {
        throw Error("buffer download past the end of the buffer");
    }
    if (bytes == 0) {
        return;
    }
    if (mapped_) {
        if (!coherent_) {
            VkMappedMemoryRange range{};
            range.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE;
            range.memory = memory_;
            range.size = VK_WHOLE_SIZE;
            vkInvalidateMappedMemoryRanges(device_->handle(), 1, &range);
        }
        std::memcpy(out, static_cast<const char*>(mapped_) + offset, bytes);
        return;
    }
    Buffer readback(*device_, bytes, MemoryKind::Readback);
    Recorder rec(*device_);
    rec.copy(*this, readback, bytes, offset, 0);
    rec.submitAndWait();
    readback.download(out, bytes, 0);
}

} // namespace hearth::vk
