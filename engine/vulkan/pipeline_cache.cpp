// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/pipeline_cache.h"

#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/vulkan/device.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/shader_registry.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

namespace hearth::vk {
namespace {

namespace fs = std::filesystem;

constexpr std::array<char, 8> kMagic = {'H', 'E', 'A', 'R', 'T', 'H', 'P', 'C'};
constexpr uint32_t kFormatVersion = 1;
/// Magic, version, reserved word, data size, checksum.
constexpr std::size_t kHeaderBytes = kMagic.size() + 4 + 4 + 8 + 8;
/// Larger files are not driver caches of a few hundred pipelines: refuse to read them.
constexpr uint64_t kMaxFileBytes = 256ull << 20;

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

uint64_t fnv1a(const void* data, std::size_t bytes, uint64_t h = kFnvOffset) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) {
        h = (h ^ p[i]) * kFnvPrime;
    }
    return h;
}

template <class T>
void put(std::vector<unsigned char>& out, T value) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, &value, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}

template <class T>
T get(const std::vector<unsigned char>& in, std::size_t at) {
    T value;
    std::memcpy(&value, in.data() + at, sizeof(T));
    return value;
}

/// The driver data inside a cache file, or the reason it cannot be used.
std::vector<unsigned char> readCacheFile(const std::string& path, std::string& rejection) {
    std::error_code ec;
    const uint64_t size = fs::file_size(path, ec);
    if (ec) {
        return {}; // no file yet
    }
    if (size < kHeaderBytes || size > kMaxFileBytes) {
        rejection = "it has an impossible size";
        return {};
    }
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        rejection = "it cannot be read";
        return {};
    }
    if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic.data(), kMagic.size())) {
        rejection = "it is not a Hearth pipeline cache";
        return {};
    }
    if (get<uint32_t>(bytes, kMagic.size()) != kFormatVersion) {
        rejection = "it was written by another version of Hearth";
        return {};
    }
    const auto dataBytes = get<uint64_t>(bytes, kMagic.size() + 8);
    const auto checksum = get<uint64_t>(bytes, kMagic.size() + 16);
    if (dataBytes != bytes.size() - kHeaderBytes ||
        fnv1a(bytes.data() + kHeaderBytes, bytes.size() - kHeaderBytes) != checksum) {
        rejection = "it is truncated or damaged";
        return {};
    }
    return {bytes.begin() + kHeaderBytes, bytes.end()};
}

} // namespace

PipelineCache::PipelineCache(Device& device, std::string path)
    : device_(device), path_(std::move(path)) {
    std::vector<unsigned char> data;
    if (!path_.empty()) {
        data = readCacheFile(path_, rejection_);
        if (!rejection_.empty()) {
            log(LogLevel::Info, "vulkan",
                "ignoring the pipeline cache " + path_ + ": " + rejection_);
        }
    }
    VkPipelineCacheCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO;
    info.initialDataSize = data.size();
    info.pInitialData = data.empty() ? nullptr : data.data();
    // A driver that refuses the data (it checks the header: another device or driver version)
    // gets an empty cache instead.
    if (!data.empty() &&
        vkCreatePipelineCache(device.handle(), &info, nullptr, &cache_) == VK_SUCCESS) {
        loadedBytes_ = data.size();
        return;
    }
    if (!data.empty()) {
        rejection_ = "the driver refused its data";
    }
    info.initialDataSize = 0;
    info.pInitialData = nullptr;
    check(vkCreatePipelineCache(device.handle(), &info, nullptr, &cache_),
          "creating a pipeline cache");
}

PipelineCache::~PipelineCache() {
    save();
    if (cache_ != VK_NULL_HANDLE) {
        vkDestroyPipelineCache(device_.handle(), cache_, nullptr);
    }
}

bool PipelineCache::save() {
    if (path_.empty() || !changed_) {
        return !path_.empty();
    }
    std::size_t size = 0;
    if (vkGetPipelineCacheData(device_.handle(), cache_, &size, nullptr) != VK_SUCCESS) {
        return false;
    }
    std::vector<unsigned char> data(size);
    if (vkGetPipelineCacheData(device_.handle(), cache_, &size, data.data()) != VK_SUCCESS) {
        return false;
    }
    data.resize(size);
    std::vector<unsigned char> file(kMagic.begin(), kMagic.end());
    put<uint32_t>(file, kFormatVersion);
    put<uint32_t>(file, 0);
    put<uint64_t>(file, data.size());
    put<uint64_t>(file, fnv1a(data.data(), data.size()));
    file.insert(file.end(), data.begin(), data.end());

    const fs::path target(path_);
    const fs::path temp = target.string() + ".tmp";
    std::error_code ec;
    if (target.has_parent_path()) {
        fs::create_directories(target.parent_path(), ec);
    }
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(file.data()), std::streamsize(file.size()));
        out.close();
        if (!out) {
            fs::remove(temp, ec);
            changed_ = false; // warn once
            log(LogLevel::Warning, "vulkan", "could not write the pipeline cache " + path_);
            return false;
        }
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        changed_ = false;
        log(LogLevel::Warning, "vulkan", "could not write the pipeline cache " + path_);
        return false;
    }
    changed_ = false;
    return true;
}

std::string pipelineCachePath(const std::string& directory, const DeviceInfo& device) {
    uint64_t h = kFnvOffset;
    for (const std::string* s : {&device.name, &device.driverName, &device.driverInfo}) {
        h = fnv1a(s->data(), s->size() + 1, h); // with the terminator: fields stay apart
    }
    for (const uint32_t v : {device.vendorId, device.deviceId, device.apiVersion}) {
        h = fnv1a(&v, sizeof(v), h);
    }
    // The shaders never change while the program runs: hash their megabytes once.
    static const uint64_t shaders = [] {
        uint64_t s = kFnvOffset;
        for (const ShaderBlob& blob : allShaders()) {
            s = fnv1a(blob.name.data(), blob.name.size(), s);
            s = fnv1a(blob.code, blob.words * sizeof(uint32_t), s);
        }
        return s;
    }();
    h = fnv1a(&shaders, sizeof(shaders), h);
    char name[40];
    std::snprintf(name, sizeof(name), "pipelines-%016llx.bin", static_cast<unsigned long long>(h));
    return (fs::path(directory) / name).string();
}

} // namespace hearth::vk
