// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string_view>

namespace hearth {

enum class LogLevel { Debug, Info, Warning, Error };

/// Receives the engine's diagnostics. The engine has no logging framework of its own: the app
/// routes these into its Qt logging categories, the CLI prints warnings to stderr.
using LogSink = std::function<void(LogLevel, std::string_view subsystem, std::string_view message)>;

/// Replaces the process-wide sink (nullptr restores the default, which prints warnings and errors
/// to stderr). Thread-safe.
void setLogSink(LogSink sink);

/// Sends one message to the current sink.
void log(LogLevel level, std::string_view subsystem, std::string_view message);

} // namespace hearth
