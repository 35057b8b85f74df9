// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/types.h"

#include <array>
#include <utility>

namespace hearth::storage {
namespace {

template <typename E, size_t N>
QString nameOf(const std::array<std::pair<E, const char*>, N>& table, E value) {
    for (const auto& [e, name] : table) {
        if (e == value) {
            return QString::fromLatin1(name);
        }
    }
    return {};
}

template <typename E, size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char*>, N>& table,
                         const QString& name) {
    for (const auto& [e, n] : table) {
        if (name == QLatin1String(n)) {
            return e;
        }
    }
    return std::nullopt;
}

constexpr std::array<std::pair<Role, const char*>, 4> kRoles = {{
    {Role::System, "system"},
    {Role::User, "user"},
    {Role::Assistant, "assistant"},
    {Role::Tool, "tool"},
}};

constexpr std::array<std::pair<MessageState, const char*>, 5> kMessageStates = {{
    {MessageState::Complete, "complete"},
    {MessageState::Streaming, "streaming"},
    {MessageState::Stopped, "stopped"},
    {MessageState::Interrupted, "interrupted"},
    {MessageState::Failed, "failed"},
}};

constexpr std::array<std::pair<StopReason, const char*>, 5> kStopReasons = {{
    {StopReason::None, "none"},
    {StopReason::EndOfText, "end_of_text"},
    {StopReason::Length, "length"},
    {StopReason::User, "user"},
    {StopReason::Error, "error"},
}};

constexpr std::array<std::pair<DownloadState, const char*>, 7> kDownloadStates = {{
    {DownloadState::Queued, "queued"},
    {DownloadState::Running, "running"},
    {DownloadState::Paused, "paused"},
    {DownloadState::Verifying, "verifying"},
    {DownloadState::Completed, "completed"},
    {DownloadState::Failed, "failed"},
    {DownloadState::Cancelled, "cancelled"},
}};

} // namespace

QString roleName(Role role) {
    return nameOf(kRoles, role);
}
std::optional<Role> roleFromName(const QString& name) {
    return valueOf(kRoles, name);
}
QString messageStateName(MessageState state) {
    return nameOf(kMessageStates, state);
}
std::optional<MessageState> messageStateFromName(const QString& name) {
    return valueOf(kMessageStates, name);
}
QString stopReasonName(StopReason reason) {
    return nameOf(kStopReasons, reason);
}
std::optional<StopReason> stopReasonFromName(const QString& name) {
    return valueOf(kStopReasons, name);
}
QString downloadStateName(DownloadState state) {
    return nameOf(kDownloadStates, state);
}
std::optional<DownloadState> downloadStateFromName(const QString& name) {
    return valueOf(kDownloadStates, name);
}

} // namespace hearth::storage
