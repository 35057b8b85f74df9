// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/device.h"
#include "engine/vulkan/profile.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hearth::vk {

/// Times the commands a Recorder records with timestamp queries: one timestamp when recording
/// begins and one after each command, so a command's time is the distance from the previous
/// timestamp (work that overlaps is counted once, by the command that finishes it). Times are
/// summed per label until clear(). A submission with more commands than the query pool holds
/// times the first ones and counts the rest as dropped.
class Profiler {
public:
    /// Whether the device's compute queue writes timestamps.
    static bool supported(const Device& device);

    /// Throws hearth::Error when the device cannot write timestamps on its compute queue.
    explicit Profiler(Device& device, uint32_t maxCommands = kDefaultCommands);
    ~Profiler();
    Profiler(const Profiler&) = delete;
    Profiler& operator=(const Profiler&) = delete;

    /// Recorder side: a new submission starts recording into `commands`.
    void begin(VkCommandBuffer commands);
    /// Recorder side: the command just recorded into `commands` is called `label`.
    void mark(VkCommandBuffer commands, const std::string& label);
    /// Recorder side: the submission has finished; reads its timestamps and adds them up.
    void collect();

    /// Every label's totals, the longest first.
    std::vector<ProfileEntry> entries() const;
    /// Commands that were not timed because the pool was full.
    uint64_t dropped() const { return dropped_; }
    /// Forgets every total.
    void clear();

    static constexpr uint32_t kDefaultCommands = 8192;

private:
    Device& device_;
    VkQueryPool pool_ = VK_NULL_HANDLE;
    uint32_t capacity_ = 0;  ///< timestamps the pool holds (commands + 1)
    uint64_t validMask_ = 0; ///< the bits a timestamp really has
    double nsPerTick_ = 0.0;
    std::vector<std::string> pending_; ///< labels of the timestamps after the first
    bool begun_ = false;
    std::map<std::string, ProfileEntry> totals_;
    uint64_t dropped_ = 0;
};

} // namespace hearth::vk
