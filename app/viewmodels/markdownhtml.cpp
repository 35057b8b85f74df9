// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/markdownhtml.h"

#include <QFont>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

namespace hearth::app {

namespace {
/// Line height of prose, in percent of the font's.
constexpr qreal kLineHeightPercent = 135;
/// Space under a paragraph, in pixels.
constexpr qreal kParagraphGap = 8;
constexpr qreal kCellPadding = 6;

/// A change of character format, applied after walking the document.
struct FormatChange {
    int position = 0;
    int length = 0;
    QTextCharFormat format;
};

void styleTables(QTextFrame* frame, const MarkdownStyle& style) {
    for (QTextFrame* child : frame->childFrames()) {
        if (auto* table = qobject_cast<QTextTable*>(child)) {
            QTextTableFormat f = table->format();
            f.setBorder(1);
            f.setBorderBrush(style.rule);
            f.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
            f.setBorderCollapse(true);
            f.setCellSpacing(0);
            f.setCellPadding(kCellPadding);
            f.setBottomMargin(kParagraphGap);
            table->setFormat(f);
            for (int column = 0; column < table->columns(); ++column) {
                QTextTableCell cell = table->cellAt(0, column);
                QTextTableCellFormat cf = cell.format().toTableCellFormat();
                cf.setBackground(style.headerBackground);
                cell.setFormat(cf);
            }
        }
        styleTables(child, style);
    }
}
} // namespace

QString markdownToHtml(const QString& markdown, const MarkdownStyle& style) {
    QTextDocument doc;
    QFont font;
    font.setPixelSize(style.pixelSize);
    doc.setDefaultFont(font);
    doc.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);

    QList<FormatChange> changes;
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat bf = block.blockFormat();
        bf.setLineHeight(kLineHeightPercent, QTextBlockFormat::ProportionalHeight);
        if (block.textList() == nullptr && bf.bottomMargin() < kParagraphGap) {
            bf.setBottomMargin(kParagraphGap);
        }
        QTextCursor(block).setBlockFormat(bf);
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextCharFormat cf = fragment.charFormat();
            bool changed = false;
            if (cf.isAnchor()) {
                cf.setForeground(style.link);
                cf.setFontUnderline(true);
                changed = true;
            }
            if (cf.fontFixedPitch()) {
                cf.setBackground(style.codeBackground);
                changed = true;
            }
            if (changed) {
                changes.append({fragment.position(), fragment.length(), cf});
            }
        }
    }
    for (const FormatChange& c : changes) {
        QTextCursor cursor(&doc);
        cursor.setPosition(c.position);
        cursor.setPosition(c.position + c.length, QTextCursor::KeepAnchor);
        cursor.setCharFormat(c.format);
    }
    styleTables(doc.rootFrame(), style);
    return doc.toHtml();
}

} // namespace hearth::app
