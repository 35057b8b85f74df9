// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace hearth::services {

/// A parsed "Content-Range: bytes FIRST-LAST/TOTAL" (TOTAL may be "*": unknown, 0 here).
struct ContentRange {
    qint64 first = 0;
    qint64 last = 0;
    qint64 total = 0;
};

/// Parses a Content-Range header of a 206 response; nullopt when it is malformed.
std::optional<ContentRange> parseContentRange(const QByteArray& value);

/// An entity tag without its quotes (and without a weak W/ prefix): "abc" -> abc.
QString unquoteEtag(const QByteArray& value);

/// The SHA-256 a Hugging Face response announces for a large (LFS) file in X-Linked-ETag, in
/// lower-case hex; empty when the value is not a SHA-256 (small files carry a git hash there).
QString announcedSha256(const QByteArray& linkedEtag);

/// Whether an HTTP status is worth trying again later (server trouble, throttling, timeouts).
bool isTransientStatus(int status);

/// A sentence about a failed HTTP status, e.g. "the server has no file at this address (HTTP 404)".
QString describeHttpStatus(int status);

} // namespace hearth::services
