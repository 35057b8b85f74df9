// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/recorder.h"

#include "engine/core/error.h"
#include "engine/vulkan/buffer.h"
#include "engine/vulkan/profiler.h"

#include <atomic>

namespace hearth::vk {
namespace {

/// The last epoch handed out by any recorder.
std::atomic<uint64_t> lastEpoch{0};

} // namespace

Recorder::Recorder(Device& device, Submissions submissions)
    : device_(device), submissions_(submissions), epoch_(++lastEpoch) {
    VkCommandBufferAllocateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    info.commandPool = device.commandPool();
    info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    info.commandBufferCount = 1;
    check(vkAllocateCommandBuffers(device.handle(), &info, &commands_),
          "allocating a command buffer");
}

Recorder::~Recorder() {
    vkFreeCommandBuffers(device_.handle(), device_.commandPool(), 1, &commands_);
}

void Recorder::setProfiler(Profiler* profiler) {
    if (profiler && submissions_ != Submissions::One) {
        throw Error("a command buffer submitted many times cannot be timed");
    }
    profiler_ = profiler;
}

void Recorder::beginIfNeeded() {
    if (recording_) {
        return;
    }
    if (ended_) {
        throw Error("a command buffer recorded for replay cannot take more commands");
    }
    VkCommandBufferBeginInfo begin{};
    begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    begin.flags =
        submissions_ == Submissions::One ? VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT : 0;
    check(vkBeginCommandBuffer(commands_, &begin), "beginning a command buffer");
    recording_ = true;
    if (profiler_) {
        profiler_->begin(commands_);
    }
}

void Recorder::dispatch(const Pipeline& pipeline, VkDescriptorSet set, const void* push,
                        uint32_t groupsX, uint32_t groupsY, uint32_t groupsZ) {
    beginIfNeeded();
    vkCmdBindPipeline(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
    vkCmdBindDescriptorSets(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout(), 0, 1,
                            &set, 0, nullptr);
    if (pipeline.pushConstantBytes() > 0 && push) {
        vkCmdPushConstants(commands_, pipeline.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0,
                           pipeline.pushConstantBytes(), push);
    }
    vkCmdDispatch(commands_, groupsX, groupsY, groupsZ);
    if (profiler_) {
        profiler_->mark(commands_, pipeline.name());
    }
}

void Recorder::barrier() {
    beginIfNeeded();
    epoch_ = ++lastEpoch;
    VkMemoryBarrier b{};
    b.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
    b.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    b.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                      VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    const VkPipelineStageFlags stages =
        VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
    vkCmdPipelineBarrier(commands_, stages, stages, 0, 1, &b, 0, nullptr, 0, nullptr);
}

void Recorder::copy(const Buffer& from, const Buffer& to, VkDeviceSize bytes,
                    VkDeviceSize fromOffset, VkDeviceSize toOffset) {
    beginIfNeeded();
    VkBufferCopy region{fromOffset, toOffset, bytes};
    vkCmdCopyBuffer(commands_, from.handle(), to.handle(), 1, &region);
    if (profiler_) {
        profiler_->mark(commands_, "copy");
    }
}

void Recorder::fill(const Buffer& buffer, uint32_t value) {
    beginIfNeeded();
    vkCmdFillBuffer(commands_, buffer.handle(), 0, VK_WHOLE_SIZE, value);
    if (profiler_) {
        profiler_->mark(commands_, "fill");
    }
}

void Recorder::submitAndWait() {
    epoch_ = ++lastEpoch; // the host may change buffers before the next submission
    if (!ended_) {
        beginIfNeeded();
        // Make results visible to host reads of mapped memory.
        VkMemoryBarrier b{};
        b.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
        b.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
        b.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
        vkCmdPipelineBarrier(commands_,
                             VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                             VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &b, 0, nullptr, 0, nullptr);
        check(vkEndCommandBuffer(commands_), "ending a command buffer");
        recording_ = false;
        ended_ = submissions_ == Submissions::Many;
    }
    device_.submitAndWait(commands_);
    if (submissions_ == Submissions::One) {
        if (profiler_) {
            profiler_->collect();
        }
        check(vkResetCommandBuffer(commands_, 0), "resetting a command buffer");
    }
}

} // namespace hearth::vk
