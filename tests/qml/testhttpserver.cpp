// SPDX-License-Identifier: GPL-3.0-or-later
#include "testhttpserver.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace hearth::test {

TestHttpServer::TestHttpServer(QObject* parent) : QTcpServer(parent) {
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = nextPendingConnection()) {
            auto* buffer = new QByteArray;
            connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
                delete buffer;
                socket->deleteLater();
            });
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end >= 0) {
                    const QByteArray request = buffer->left(end);
                    buffer->remove(0, end + 4);
                    answer(socket, request);
                }
            });
        }
    });
}

QString TestHttpServer::serve(const QByteArray& body) {
    body_ = body;
    if (!isListening()) {
        listen(QHostAddress::LocalHost, 0);
    }
    return QStringLiteral("http://127.0.0.1:%1").arg(serverPort());
}

void TestHttpServer::answer(QTcpSocket* socket, const QByteArray& request) {
    ++requests_;
    const bool head = request.startsWith("HEAD ");
    static const QRegularExpression range(QStringLiteral("[Rr]ange: *bytes=(\\d+)-"));
    const QRegularExpressionMatch m = range.match(QString::fromLatin1(request));
    const qint64 total = body_.size();
    qint64 from = m.hasMatch() ? m.captured(1).toLongLong() : 0;
    from = std::min(from, total);
    const QByteArray etag =
        QCryptographicHash::hash(body_, QCryptographicHash::Sha256).toHex().left(16);
    QByteArray response = m.hasMatch() ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
    response += "Content-Type: application/octet-stream\r\n";
    response += "Accept-Ranges: bytes\r\n";
    response += "ETag: \"" + etag + "\"\r\n";
    response += "Content-Length: " + QByteArray::number(total - from) + "\r\n";
    if (m.hasMatch()) {
        response += "Content-Range: bytes " + QByteArray::number(from) + "-" +
                    QByteArray::number(total - 1) + "/" + QByteArray::number(total) + "\r\n";
    }
    response += "Connection: close\r\n\r\n";
    socket->write(response);
    if (head) {
        socket->disconnectFromHost();
        return;
    }
    if (intervalMs_ <= 0 || chunkBytes_ <= 0) {
        socket->write(body_.mid(from));
        socket->disconnectFromHost();
        return;
    }
    // Paced: one chunk per tick until the end (the timer dies with the socket).
    auto* timer = new QTimer(socket);
    auto next = std::make_shared<qint64>(from);
    connect(timer, &QTimer::timeout, socket, [this, socket, timer, next] {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            timer->stop();
            return;
        }
        socket->write(body_.mid(*next, chunkBytes_));
        *next += chunkBytes_;
        if (*next >= body_.size()) {
            timer->stop();
            socket->disconnectFromHost();
        }
    });
    timer->start(intervalMs_);
}

void TestHttpServer::setPace(int chunkBytes, int intervalMs) {
    chunkBytes_ = chunkBytes;
    intervalMs_ = intervalMs;
}

} // namespace hearth::test
