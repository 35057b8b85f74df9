// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/paths.h"

#include <cstdlib>
#include <filesystem>

namespace hearth {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

} // namespace

std::optional<std::string> userCacheDir() {
    namespace fs = std::filesystem;
    if (std::string dir = env("HEARTH_CACHE_DIR"); !dir.empty()) {
        return dir;
    }
#if defined(_WIN32)
    if (const std::string local = env("LOCALAPPDATA"); !local.empty()) {
        return (fs::path(local) / "Hearth" / "cache").string();
    }
#elif defined(__APPLE__)
    if (const std::string home = env("HOME"); !home.empty()) {
        return (fs::path(home) / "Library" / "Caches" / "Hearth").string();
    }
#else
    if (const std::string xdg = env("XDG_CACHE_HOME"); !xdg.empty()) {
        return (fs::path(xdg) / "hearth").string();
    }
    if (const std::string home = env("HOME"); !home.empty()) {
        return (fs::path(home) / ".cache" / "hearth").string();
    }
#endif
    return std::nullopt;
}

} // namespace hearth
