// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/httpheaders.h"

#include <QRegularExpression>

namespace hearth::services {
namespace {

constexpr int kRequestTimeout = 408;
constexpr int kTooManyRequests = 429;
constexpr int kFirstServerError = 500;
constexpr int kUnauthorized = 401;
constexpr int kForbidden = 403;
constexpr int kNotFound = 404;
constexpr int kGone = 410;

} // namespace

std::optional<ContentRange> parseContentRange(const QByteArray& value) {
    static const QRegularExpression kPattern(
        QStringLiteral("^\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = kPattern.match(QString::fromLatin1(value));
    if (!m.hasMatch()) {
        return std::nullopt;
    }
    ContentRange r;
    bool ok1 = false;
    bool ok2 = false;
    r.first = m.captured(1).toLongLong(&ok1);
    r.last = m.captured(2).toLongLong(&ok2);
    if (!ok1 || !ok2 || r.last < r.first) {
        return std::nullopt;
    }
    if (m.captured(3) != QLatin1String("*")) {
        bool ok3 = false;
        r.total = m.captured(3).toLongLong(&ok3);
        if (!ok3 || r.total <= r.last) {
            return std::nullopt;
        }
    }
    return r;
}

QString unquoteEtag(const QByteArray& value) {
    QByteArray v = value.trimmed();
    if (v.startsWith("W/")) {
        v = v.mid(2);
    }
    if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"')) {
        v = v.mid(1, v.size() - 2);
    }
    return QString::fromLatin1(v);
}

QString announcedSha256(const QByteArray& linkedEtag) {
    static const QRegularExpression kSha256(QStringLiteral("^[0-9a-fA-F]{64}$"));
    const QString tag = unquoteEtag(linkedEtag);
    return kSha256.match(tag).hasMatch() ? tag.toLower() : QString();
}

bool isTransientStatus(int status) {
    return status == kRequestTimeout || status == kTooManyRequests || status >= kFirstServerError;
}

QString describeHttpStatus(int status) {
    if (status == kNotFound || status == kGone) {
        return QStringLiteral("the server has no file at this address (HTTP %1)").arg(status);
    }
    if (status == kUnauthorized || status == kForbidden) {
        return QStringLiteral("the server refused access (HTTP %1); the model may need you to "
                              "accept its licence on its Hugging Face page, or the address is "
                              "private")
            .arg(status);
    }
    if (isTransientStatus(status)) {
        return QStringLiteral("the server had a problem (HTTP %1)").arg(status);
    }
    return QStringLiteral("the server refused the request (HTTP %1)").arg(status);
}

} // namespace hearth::services
