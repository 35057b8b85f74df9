// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/markdownsegments.h"

#include <QStringList>

#include <optional>

namespace hearth::app {

namespace {

/// At most this many spaces may indent a fence; four make an indented code block instead.
constexpr int kMaxFenceIndent = 3;
constexpr int kMinFenceLength = 3;
/// Lines indented this much are code (indented block or list continuation): left as written.
constexpr int kCodeIndent = 4;

/// An opening code fence.
struct Fence {
    QChar ch;
    int length = 0;
    QString language;
};

int leadingSpaces(const QString& line) {
    int n = 0;
    while (n < line.size() && line.at(n) == QLatin1Char(' ')) {
        ++n;
    }
    return n;
}

/// The run of `ch` starting at `from`.
int runLength(const QString& line, int from, QChar ch) {
    int n = 0;
    while (from + n < line.size() && line.at(from + n) == ch) {
        ++n;
    }
    return n;
}

std::optional<Fence> openingFence(const QString& line) {
    const int indent = leadingSpaces(line);
    if (indent > kMaxFenceIndent || indent >= line.size()) {
        return std::nullopt;
    }
    const QChar ch = line.at(indent);
    if (ch != QLatin1Char('`') && ch != QLatin1Char('~')) {
        return std::nullopt;
    }
    const int length = runLength(line, indent, ch);
    if (length < kMinFenceLength) {
        return std::nullopt;
    }
    const QString info = line.mid(indent + length).trimmed();
    if (ch == QLatin1Char('`') && info.contains(QLatin1Char('`'))) {
        return std::nullopt; // an inline code span, not a fence
    }
    Fence f;
    f.ch = ch;
    f.length = length;
    f.language = info.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
    return f;
}

bool closesFence(const QString& line, const Fence& fence) {
    const int indent = leadingSpaces(line);
    if (indent > kMaxFenceIndent) {
        return false;
    }
    const int length = runLength(line, indent, fence.ch);
    return length >= fence.length && line.mid(indent + length).trimmed().isEmpty();
}

/// Drops blank lines at the start and the end.
QString trimBlankLines(const QStringList& lines) {
    qsizetype first = 0;
    qsizetype last = lines.size();
    while (first < last && lines.at(first).trimmed().isEmpty()) {
        ++first;
    }
    while (last > first && lines.at(last - 1).trimmed().isEmpty()) {
        --last;
    }
    return lines.mid(first, last - first).join(QLatin1Char('\n'));
}

/// Sanitizes one line outside code blocks.
QString sanitizeLine(const QString& line) {
    int indent = 0;
    while (indent < line.size() && line.at(indent).isSpace()) {
        indent += line.at(indent) == QLatin1Char('\t') ? kCodeIndent : 1;
    }
    if (indent >= kCodeIndent) {
        return line;
    }
    QString out;
    out.reserve(line.size() + kCodeIndent);
    qsizetype i = 0;
    while (i < line.size()) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('`')) {
            // An inline code span: a run of n backticks up to the next run of exactly n.
            const int n = runLength(line, int(i), c);
            qsizetype j = i + n;
            qsizetype close = -1;
            while (j < line.size()) {
                if (line.at(j) == c) {
                    const int m = runLength(line, int(j), c);
                    if (m == n) {
                        close = j;
                        break;
                    }
                    j += m;
                } else {
                    ++j;
                }
            }
            const qsizetype end = close >= 0 ? close + n : i + n;
            out += line.mid(i, end - i);
            i = end;
            continue;
        }
        if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            out += line.mid(i, 2);
            i += 2;
            continue;
        }
        if (c == QLatin1Char('<')) {
            out += QLatin1String("&lt;");
        } else if (c == QLatin1Char('!') && i + 1 < line.size() &&
                   line.at(i + 1) == QLatin1Char('[')) {
            // An image: shown as a link to it, never loaded.
        } else {
            out += c;
        }
        ++i;
    }
    return out;
}

} // namespace

QString sanitizeMarkdown(const QString& markdown) {
    QStringList lines = markdown.split(QLatin1Char('\n'));
    for (QString& line : lines) {
        line = sanitizeLine(line);
    }
    return lines.join(QLatin1Char('\n'));
}

QList<MarkdownSegment> segmentMarkdown(const QString& markdown) {
    QList<MarkdownSegment> out;
    QStringList text;
    QStringList code;
    std::optional<Fence> fence;

    const auto flushText = [&] {
        const QString t = trimBlankLines(text);
        text.clear();
        if (!t.isEmpty()) {
            out.append({MarkdownSegment::Kind::Text, sanitizeMarkdown(t), {}, true});
        }
    };

    const QStringList lines = markdown.split(QLatin1Char('\n'));
    for (QString line : lines) {
        if (line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
        }
        if (!fence) {
            if (auto f = openingFence(line)) {
                flushText();
                fence = f;
                code.clear();
            } else {
                text.append(line);
            }
        } else if (closesFence(line, *fence)) {
            out.append(
                {MarkdownSegment::Kind::Code, code.join(QLatin1Char('\n')), fence->language, true});
            fence.reset();
        } else {
            code.append(line);
        }
    }
    if (fence) {
        out.append(
            {MarkdownSegment::Kind::Code, code.join(QLatin1Char('\n')), fence->language, false});
    } else {
        flushText();
    }
    return out;
}

} // namespace hearth::app
