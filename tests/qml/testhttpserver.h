// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QTcpServer>

namespace hearth::test {

/// A small HTTP/1.1 server on 127.0.0.1 that serves one file at any path: GET and HEAD,
/// with byte ranges ("Range: bytes=N-"). Enough for the model downloader.
class TestHttpServer : public QTcpServer {
    Q_OBJECT

public:
    explicit TestHttpServer(QObject* parent = nullptr);

    /// Serves `body` from now on; returns the base address ("http://127.0.0.1:PORT").
    QString serve(const QByteArray& body);
    /// Sends bodies `chunkBytes` at a time, one chunk every `intervalMs` (0: all at once), so a
    /// download lasts long enough to be paused or cancelled.
    void setPace(int chunkBytes, int intervalMs);
    /// How many requests were answered.
    int requests() const { return requests_; }

private:
    void answer(QTcpSocket* socket, const QByteArray& request);

    QByteArray body_;
    int requests_ = 0;
    int chunkBytes_ = 0;
    int intervalMs_ = 0;
};

} // namespace hearth::test
