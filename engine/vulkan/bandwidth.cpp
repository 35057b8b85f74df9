// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/bandwidth.h"

#include "engine/vulkan/buffer.h"
#include "engine/vulkan/profiler.h"
#include "engine/vulkan/recorder.h"

#include <algorithm>
#include <chrono>
#include <memory>

namespace hearth::vk {
namespace {

constexpr uint64_t kMiB = 1ull << 20;
/// Smallest buffer worth timing, and the share of device memory the two buffers may take.
constexpr uint64_t kMinBytes = 16 * kMiB;
constexpr uint64_t kMemoryShare = 16;
constexpr uint32_t kFillPattern = 0x3c003c00u; ///< two f16 ones
constexpr uint64_t kWordBytes = 4;

} // namespace

CopyBandwidth measureCopyBandwidth(Device& device, uint64_t bufferBytes, int repetitions) {
    const DeviceInfo& info = device.info();
    uint64_t bytes = std::min(bufferBytes, info.deviceLocalBytes / kMemoryShare);
    if (info.maxMemoryAllocationSize > 0) {
        bytes = std::min(bytes, info.maxMemoryAllocationSize);
    }
    bytes = std::max(bytes, kMinBytes) / kWordBytes * kWordBytes;

    Buffer from(device, bytes, MemoryKind::DeviceOnly);
    Buffer to(device, bytes, MemoryKind::DeviceOnly);
    {
        Recorder rec(device);
        rec.fill(from, kFillPattern);
        rec.fill(to, 0);
        rec.submitAndWait();
    }

    CopyBandwidth result;
    result.bufferBytes = bytes;
    std::unique_ptr<Profiler> profiler;
    if (Profiler::supported(device)) {
        profiler = std::make_unique<Profiler>(device, 1);
        result.timestamps = true;
    }
    double best = 0.0;
    for (int i = 0; i < std::max(repetitions, 1); ++i) {
        Recorder rec(device);
        rec.setProfiler(profiler.get());
        const auto start = std::chrono::steady_clock::now();
        rec.copy(from, to, bytes);
        rec.submitAndWait();
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (profiler) {
            const std::vector<ProfileEntry> entries = profiler->entries();
            seconds = entries.empty() ? seconds : entries.front().seconds;
            profiler->clear();
        }
        if (seconds > 0.0 && (best == 0.0 || seconds < best)) {
            best = seconds;
        }
    }
    result.bytesPerSecond = best > 0.0 ? 2.0 * double(bytes) / best : 0.0;
    return result;
}

} // namespace hearth::vk
