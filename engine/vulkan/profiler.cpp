// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/profiler.h"

#include "engine/core/error.h"

#include <algorithm>

namespace hearth::vk {
namespace {

constexpr uint32_t kFullWidth = 64;

uint32_t timestampBits(const Device& device) {
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device.physical(), &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device.physical(), &count, families.data());
    return device.queueFamily() < count ? families[device.queueFamily()].timestampValidBits : 0;
}

} // namespace

bool Profiler::supported(const Device& device) {
    return timestampBits(device) > 0 && device.info().timestampPeriod > 0.0f;
}

Profiler::Profiler(Device& device, uint32_t maxCommands) : device_(device) {
    const uint32_t bits = timestampBits(device);
    if (bits == 0 || device.info().timestampPeriod <= 0.0f) {
        throw Error("\"" + device.info().name +
                    "\" cannot time commands: its compute queue has no timestamp queries");
    }
    validMask_ = bits >= kFullWidth ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
    nsPerTick_ = device.info().timestampPeriod;
    capacity_ = std::max<uint32_t>(maxCommands, 1) + 1;
    VkQueryPoolCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
    info.queryType = VK_QUERY_TYPE_TIMESTAMP;
    info.queryCount = capacity_;
    check(vkCreateQueryPool(device.handle(), &info, nullptr, &pool_), "creating a query pool");
}

Profiler::~Profiler() {
    vkDestroyQueryPool(device_.handle(), pool_, nullptr);
}

void Profiler::begin(VkCommandBuffer commands) {
    pending_.clear();
    vkCmdResetQueryPool(commands, pool_, 0, capacity_);
    vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, pool_, 0);
    begun_ = true;
}

void Profiler::mark(VkCommandBuffer commands, const std::string& label) {
    if (!begun_) {
        return;
    }
    if (pending_.size() + 1 >= capacity_) {
        ++dropped_;
        return;
    }
    pending_.push_back(label);
    vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, pool_,
                        static_cast<uint32_t>(pending_.size()));
}

void Profiler::collect() {
    if (!begun_) {
        return;
    }
    begun_ = false;
    const uint32_t count = static_cast<uint32_t>(pending_.size()) + 1;
    std::vector<uint64_t> ticks(count);
    check(vkGetQueryPoolResults(device_.handle(), pool_, 0, count, ticks.size() * sizeof(uint64_t),
                                ticks.data(), sizeof(uint64_t),
                                VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
          "reading timestamps");
    constexpr double kNsPerSecond = 1e9;
    for (uint32_t i = 1; i < count; ++i) {
        const uint64_t delta = (ticks[i] - ticks[i - 1]) & validMask_;
        ProfileEntry& e = totals_[pending_[i - 1]];
        e.label = pending_[i - 1];
        ++e.calls;
        e.seconds += double(delta) * nsPerTick_ / kNsPerSecond;
    }
    pending_.clear();
}

std::vector<ProfileEntry> Profiler::entries() const {
    std::vector<ProfileEntry> out;
    for (const auto& [label, e] : totals_) {
        out.push_back(e);
    }
    std::stable_sort(out.begin(), out.end(), [](const ProfileEntry& a, const ProfileEntry& b) {
        return a.seconds > b.seconds;
    });
    return out;
}

void Profiler::clear() {
    totals_.clear();
    dropped_ = 0;
}

} // namespace hearth::vk
