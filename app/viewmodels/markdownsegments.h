// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace hearth::app {

/// A piece of a message: Markdown prose, or a fenced code block shown in monospace.
struct MarkdownSegment {
    enum class Kind { Text, Code };
    Kind kind = Kind::Text;
    QString content;    ///< Text: the Markdown (made safe, see sanitizeMarkdown); Code: the code
    QString language;   ///< Code: the info string's first word ("cpp"), "" when none
    bool closed = true; ///< Code: the closing fence has arrived (false while it streams)

    bool operator==(const MarkdownSegment&) const = default;
};

/// Splits Markdown into prose and fenced code blocks (CommonMark fences: a line of at least
/// three backticks or tildes indented by at most three spaces, closed by a line of the same
/// character at least as long). A fence still open at the end runs to the end, so a code
/// block renders as code while it streams. Text segments are sanitized.
QList<MarkdownSegment> segmentMarkdown(const QString& markdown);

/// Makes model-written Markdown safe to render: raw HTML tags are shown as text rather than
/// interpreted, and images become links, so rendering never loads anything from the network.
/// Inline code spans are left as they are.
QString sanitizeMarkdown(const QString& markdown);

} // namespace hearth::app
