// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace hearth::app {

/// Longest automatic conversation title, in characters (an ellipsis is added when cut).
inline constexpr int kMaxTitleLength = 48;

/// A conversation title from its first exchange: the first line of the user's message with
/// Markdown marks removed, cut at a word boundary. A message too short to say what the chat is
/// about ("hi", "hello!") gives way to the first sentence of the answer, when there is one.
QString titleFromExchange(const QString& userText, const QString& answerText = {});

/// A token count for a meter: "512", "1.2k", "32k".
QString compactCount(int count);

} // namespace hearth::app
