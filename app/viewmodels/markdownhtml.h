// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QString>

namespace hearth::app {

/// The look of rendered Markdown, from the theme.
struct MarkdownStyle {
    QColor link = QColor(0xa2, 0x46, 0x0f);             ///< links
    QColor rule = QColor(0xe2, 0xdd, 0xd6);             ///< table borders
    QColor codeBackground = QColor(0xf4, 0xf1, 0xed);   ///< inline code
    QColor headerBackground = QColor(0xf6, 0xf3, 0xef); ///< table header cells
    int pixelSize = 15;                                 ///< body text

    bool operator==(const MarkdownStyle&) const = default;
};

/// Renders Markdown (GitHub dialect: tables, strikethrough, task lists, autolinks) to the rich
/// text a QML TextEdit shows: comfortable line height and paragraph gaps, links in the theme's
/// colour, inline code on a tinted background, tables with thin borders, padded cells and a
/// tinted header row. Give it sanitized Markdown (sanitizeMarkdown), so nothing is loaded.
QString markdownToHtml(const QString& markdown, const MarkdownStyle& style);

} // namespace hearth::app
