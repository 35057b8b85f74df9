// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>

namespace hearth {

/// The folder where Hearth keeps files it can rebuild (compiled pipelines, generated benchmark
/// models): $HEARTH_CACHE_DIR, else the platform's per-user cache folder —
/// $XDG_CACHE_HOME/hearth or ~/.cache/hearth on Linux, ~/Library/Caches/Hearth on macOS,
/// %LOCALAPPDATA%\Hearth\cache on Windows. Nothing when none can be named (no home folder).
/// The folder may not exist yet.
std::optional<std::string> userCacheDir();

} // namespace hearth
