// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/vulkan/vk_api.h"

#include <cstddef>
#include <string>

namespace hearth::vk {

class Device;
struct DeviceInfo;

/// A VkPipelineCache kept in a file between runs, so that the second start does not compile the
/// pipelines again (seconds on software drivers). The file wraps the driver's data in a header of
/// Hearth's own (magic, format version, size, checksum): a truncated, corrupt or foreign file is
/// ignored (the cache starts empty, the reason is kept) and replaced by the next save().
class PipelineCache {
public:
    /// Loads `path` if it exists; an empty path keeps the cache in memory only.
    PipelineCache(Device& device, std::string path);
    ~PipelineCache();
    PipelineCache(const PipelineCache&) = delete;
    PipelineCache& operator=(const PipelineCache&) = delete;

    VkPipelineCache handle() const { return cache_; }
    const std::string& path() const { return path_; }
    /// Bytes of driver data taken from the file (0: no file, or it was not usable).
    std::size_t loadedBytes() const { return loadedBytes_; }
    /// Why an existing file was not used (empty when it was, or when there was none).
    const std::string& rejection() const { return rejection_; }

    /// Records that a pipeline was created through the cache (save() then has work to do).
    void markChanged() { changed_ = true; }
    /// Writes the cache to its file (atomically: a temporary file renamed over it, the folder
    /// created when missing) if a pipeline was created since it was loaded or saved. Returns
    /// whether the file is up to date; a failure is logged as a warning, never thrown (the cache
    /// only saves time).
    bool save();

private:
    Device& device_;
    std::string path_;
    VkPipelineCache cache_ = VK_NULL_HANDLE;
    std::size_t loadedBytes_ = 0;
    std::string rejection_;
    bool changed_ = false;
};

/// The cache file for `device` in `directory`: its name is a hash of the device, its driver and
/// every shader built into this binary, so another GPU, driver version or Hearth build starts
/// afresh instead of growing one file.
std::string pipelineCachePath(const std::string& directory, const DeviceInfo& device);

} // namespace hearth::vk
