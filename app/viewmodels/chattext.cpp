// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/chattext.h"

#include <QRegularExpression>
#include <QStringList>

namespace hearth::app {

namespace {

/// A user message with fewer words than this does not make a title on its own.
constexpr int kMinTitleWords = 3;
constexpr int kThousand = 1000;
/// Below this many thousands a count keeps one decimal ("1.2k").
constexpr int kDecimalThousands = 10;

/// The first non-empty line of `text` outside code blocks, with Markdown marks and extra
/// spaces removed.
QString firstLine(const QString& text) {
    static const QRegularExpression marks(QStringLiteral("[*_`#>~\\[\\]]+"));
    static const QRegularExpression listMark(QStringLiteral("^\\s*([-+]|\\d+[.)])\\s+"));
    const QStringList lines = text.split(QLatin1Char('\n'));
    bool inCode = false;
    for (const QString& raw : lines) {
        QString line = raw;
        if (line.trimmed().startsWith(QLatin1String("```"))) {
            inCode = !inCode;
            continue;
        }
        if (inCode) {
            continue;
        }
        line.remove(listMark);
        line.replace(marks, QStringLiteral(" "));
        line = line.simplified();
        if (!line.isEmpty()) {
            return line;
        }
    }
    return {};
}

/// `line` cut to the title length at a word boundary.
QString shorten(const QString& line) {
    if (line.size() <= kMaxTitleLength) {
        return line;
    }
    QString cut = line.left(kMaxTitleLength);
    const qsizetype space = cut.lastIndexOf(QLatin1Char(' '));
    if (space > kMaxTitleLength / 2) {
        cut.truncate(space);
    }
    while (!cut.isEmpty() && (cut.back().isPunct() || cut.back().isSpace())) {
        cut.chop(1);
    }
    return cut + QChar(0x2026);
}

/// The first sentence of `line`.
QString firstSentence(const QString& line) {
    static const QRegularExpression end(QStringLiteral("[.!?。！？](\\s|$)"));
    const QRegularExpressionMatch m = end.match(line);
    return m.hasMatch() ? line.left(m.capturedStart() + 1) : line;
}

int wordCount(const QString& line) {
    // Han, Kana and Hangul carry a word's meaning in few characters (and Chinese and Japanese
    // have no spaces): two of them count as a word.
    const int words = int(line.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
    int ideographic = 0;
    for (const QChar c : line) {
        if (c.script() == QChar::Script_Hangul || c.script() == QChar::Script_Han ||
            c.script() == QChar::Script_Hiragana || c.script() == QChar::Script_Katakana) {
            ++ideographic;
        }
    }
    return std::max(words, ideographic / 2);
}

} // namespace

QString titleFromExchange(const QString& userText, const QString& answerText) {
    const QString user = firstLine(userText);
    if (wordCount(user) >= kMinTitleWords) {
        return shorten(user);
    }
    const QString answer = firstSentence(firstLine(answerText));
    if (!answer.isEmpty()) {
        return shorten(answer);
    }
    return shorten(user);
}

QString compactCount(int count) {
    if (count < kThousand) {
        return QString::number(count);
    }
    const double k = double(count) / kThousand;
    if (k < kDecimalThousands) {
        return QString::number(k, 'f', 1) + QLatin1Char('k');
    }
    return QString::number(qRound(k)) + QLatin1Char('k');
}

} // namespace hearth::app
