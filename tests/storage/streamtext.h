// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRandomGenerator>
#include <QString>

namespace hearth::test {

/// The first `length` characters of a deterministic stream of words (English, Korean, emoji)
/// chosen by `seed`: a longer length always extends a shorter one, like a streamed answer.
inline QString streamText(quint32 seed, int length) {
    static const QString kWords[] = {QStringLiteral("hearth "), QStringLiteral("날씨가 "),
                                     QStringLiteral("좋네요 "), QStringLiteral("stream "),
                                     QStringLiteral("🎉 "),      QStringLiteral("crash-safe "),
                                     QStringLiteral("東京 "),   QStringLiteral("token ")};
    constexpr int kWordCount = 8;
    QRandomGenerator rng(seed);
    QString out;
    while (out.size() < length) {
        out += kWords[rng.bounded(kWordCount)];
    }
    out.truncate(length);
    // Never end in half of a surrogate pair.
    if (!out.isEmpty() && out.back().isHighSurrogate()) {
        out.back() = QLatin1Char('~');
    }
    return out;
}

} // namespace hearth::test
