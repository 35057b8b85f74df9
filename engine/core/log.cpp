// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/log.h"

#include <cstdio>
#include <mutex>
#include <string>

namespace hearth {
namespace {

std::mutex& sinkMutex() {
    static std::mutex m;
    return m;
}

LogSink& sink() {
    static LogSink s;
    return s;
}

const char* levelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Info:
        return "info";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Error:
        return "error";
    }
    return "?";
}

} // namespace

void setLogSink(LogSink s) {
    const std::lock_guard lock(sinkMutex());
    sink() = std::move(s);
}

void log(LogLevel level, std::string_view subsystem, std::string_view message) {
    LogSink current;
    {
        const std::lock_guard lock(sinkMutex());
        current = sink();
    }
    if (current) {
        current(level, subsystem, message);
        return;
    }
    if (level >= LogLevel::Warning) {
        std::fprintf(stderr, "hearth %s (%.*s): %.*s\n", levelName(level),
                     static_cast<int>(subsystem.size()), subsystem.data(),
                     static_cast<int>(message.size()), message.data());
    }
}

} // namespace hearth
