// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/pipeline.h"

#include <cstdint>

namespace hearth::vk {

class Buffer;
class Profiler;

/// How many times a Recorder's command buffer is submitted.
enum class Submissions {
    One,  ///< recorded, submitted once, then reset so that the next commands start a new one
    Many, ///< recorded once, then submitted unchanged any number of times (replayed)
};

/// Records compute work into one primary command buffer, then submits it. With
/// Submissions::Many the first submitAndWait() ends the recording and every later one submits
/// the same commands again; recording more commands after that throws.
class Recorder {
public:
    explicit Recorder(Device& device, Submissions submissions = Submissions::One);
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    VkCommandBuffer handle() const { return commands_; }

    /// Times every command recorded from now on with `profiler` (nullptr: none). Set it before
    /// recording the first command of a submission. Only for Submissions::One (the timestamps'
    /// labels are collected once per recording); throws hearth::Error otherwise.
    void setProfiler(Profiler* profiler);
    /// Whether the recording has ended (Submissions::Many after the first submission): later
    /// submissions replay it.
    bool recorded() const { return ended_; }

    /// Binds `pipeline` and `set`, pushes `pushBytes` bytes of `push`, dispatches the workgroups.
    void dispatch(const Pipeline& pipeline, VkDescriptorSet set, const void* push, uint32_t groupsX,
                  uint32_t groupsY = 1, uint32_t groupsZ = 1);
    /// Makes every earlier shader or transfer write visible to every later shader or transfer.
    void barrier();
    /// Identifies the stretch of commands since the last barrier: it changes at every barrier and
    /// is never the same in two recorders. Two reads of a buffer with the same epoch see the same
    /// contents (writers and readers are always separated by a barrier).
    uint64_t epoch() const { return epoch_; }
    void copy(const Buffer& from, const Buffer& to, VkDeviceSize bytes, VkDeviceSize fromOffset = 0,
              VkDeviceSize toOffset = 0);
    /// Sets every 32-bit word of `buffer` to `value`.
    void fill(const Buffer& buffer, uint32_t value);
    /// Ends recording, submits and waits. Submissions::One: the recorder can be reused afterwards
    /// (recording again). Submissions::Many: the recording is kept and submitted again by every
    /// later call.
    void submitAndWait();

private:
    void beginIfNeeded();

    Device& device_;
    VkCommandBuffer commands_ = VK_NULL_HANDLE;
    Submissions submissions_;
    bool recording_ = false;
    bool ended_ = false;
    uint64_t epoch_ = 0;
    Profiler* profiler_ = nullptr;
};

} // namespace hearth::vk
