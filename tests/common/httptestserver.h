// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A small HTTP/1.1 server for network tests. It listens on 127.0.0.1 on its own thread (so a
// test may block its main thread, e.g. while it runs hearth-cli), serves byte strings with
// Range and If-Range support, redirects and error statuses, can send bodies slowly, and
// misbehaves on request: a server error, a connection cut in the middle of the body, a body
// shorter than announced, a stall, or a Range that is ignored. Header-only: any test includes
// it without build changes.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QMutexLocker>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <utility>

namespace hearth::test {

/// What one request gets instead of the normal answer. Faults are consumed in order, one per
/// request to their path; when none is left the path is served normally.
enum class Fault {
    ServerError, ///< "500 Internal Server Error"
    CutAfter,    ///< the normal headers, `bytes` of the body, then the connection is dropped
    ShortBody,   ///< the normal headers, `bytes` of the body, then a clean close
    Stall,       ///< the normal headers, `bytes` of the body, then silence (kept open)
    IgnoreRange, ///< "200 OK" with the whole body even when a Range was asked for
};

/// One scripted fault.
struct FaultStep {
    Fault fault = Fault::ServerError;
    qint64 bytes = 0; ///< body bytes sent before the fault (CutAfter, ShortBody, Stall)
};

/// What the server has at a path.
struct TestResource {
    QByteArray body;
    QByteArray etag;         ///< without quotes; empty: no ETag header
    QByteArray lastModified; ///< empty: no Last-Modified header
    bool ranges = true;      ///< honours Range requests
    int status = 200;        ///< another status sends `body` as the error page
    QByteArray location;     ///< non-empty: "302 Found" to this path or URL
    QList<std::pair<QByteArray, QByteArray>> headers; ///< extra response headers
    int chunkBytes = 0;      ///< > 0: the body goes out in chunks of this size ...
    int chunkIntervalMs = 0; ///< ... this many milliseconds apart
};

/// A request as the server saw it.
struct RequestRecord {
    QByteArray method;
    QByteArray path;
    QByteArray range;   ///< the Range header, empty when none
    QByteArray ifRange; ///< the If-Range header, empty when none
};

/// The server. Configure it from the test thread at any time; it answers on its own thread.
class HttpTestServer {
public:
    HttpTestServer() : state_(std::make_shared<State>()) {
        context_ = new QObject;
        context_->moveToThread(&thread_);
        thread_.start();
        QMetaObject::invokeMethod(
            context_,
            [this] {
                auto* server = new QTcpServer(context_);
                server->listen(QHostAddress::LocalHost, 0);
                port_ = server->serverPort();
                const std::shared_ptr<State> state = state_;
                QObject::connect(server, &QTcpServer::newConnection, server, [server, state] {
                    while (QTcpSocket* socket = server->nextPendingConnection()) {
                        serve(socket, state);
                    }
                });
            },
            Qt::BlockingQueuedConnection);
    }

    ~HttpTestServer() {
        QMetaObject::invokeMethod(
            context_, [this] { delete context_; }, Qt::BlockingQueuedConnection);
        thread_.quit();
        thread_.wait();
    }

    HttpTestServer(const HttpTestServer&) = delete;
    HttpTestServer& operator=(const HttpTestServer&) = delete;

    quint16 port() const { return port_; }
    QUrl url(const QByteArray& path) const {
        return QUrl(
            QStringLiteral("http://127.0.0.1:%1%2").arg(port_).arg(QString::fromLatin1(path)));
    }

    void setResource(const QByteArray& path, TestResource resource) {
        const QMutexLocker lock(&state_->mutex);
        state_->resources.insert(path, std::move(resource));
    }
    /// Replaces a resource's body and ETag (the file "changed on the server").
    void changeBody(const QByteArray& path, const QByteArray& body, const QByteArray& etag) {
        const QMutexLocker lock(&state_->mutex);
        TestResource& r = state_->resources[path];
        r.body = body;
        r.etag = etag;
    }
    void addFaults(const QByteArray& path, const QList<FaultStep>& steps) {
        const QMutexLocker lock(&state_->mutex);
        state_->faults[path].append(steps);
    }
    void clearFaults(const QByteArray& path) {
        const QMutexLocker lock(&state_->mutex);
        state_->faults.remove(path);
    }
    QList<RequestRecord> requests(const QByteArray& path) const {
        const QMutexLocker lock(&state_->mutex);
        QList<RequestRecord> out;
        for (const RequestRecord& r : state_->log) {
            if (r.path == path) {
                out.append(r);
            }
        }
        return out;
    }
    /// The most responses being sent at the same time so far.
    int maxActive() const {
        const QMutexLocker lock(&state_->mutex);
        return state_->maxActive;
    }

private:
    /// How long a cut connection waits for its last bytes to leave.
    static constexpr int kFlushTimeoutMs = 1000;

    struct State {
        QMutex mutex;
        QHash<QByteArray, TestResource> resources;
        QHash<QByteArray, QList<FaultStep>> faults;
        QList<RequestRecord> log;
        int active = 0;
        int maxActive = 0;
    };

    /// Sending one response's body.
    struct Transfer {
        QByteArray body;
        qint64 sent = 0;
        qint64 limit = -1; ///< stop after this many body bytes (-1: all)
        bool counted = false;
        Fault fault = Fault::ServerError;
        bool faulty = false;
    };

    static QByteArray header(const QByteArray& head, const QByteArray& name) {
        for (const QByteArray& line : head.split('\n')) {
            const int colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name) {
                return line.mid(colon + 1).trimmed();
            }
        }
        return {};
    }

    static QByteArray reason(int status) {
        switch (status) {
        case 200:
            return "OK";
        case 206:
            return "Partial Content";
        case 302:
            return "Found";
        case 404:
            return "Not Found";
        case 416:
            return "Range Not Satisfiable";
        case 500:
            return "Internal Server Error";
        default:
            return "Status";
        }
    }

    static void done(const std::shared_ptr<State>& state, Transfer& t) {
        if (t.counted) {
            t.counted = false;
            const QMutexLocker lock(&state->mutex);
            --state->active;
        }
    }

    static void serve(QTcpSocket* socket, const std::shared_ptr<State>& state) {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, state, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0 || socket->property("answered").toBool()) {
                return;
            }
            socket->setProperty("answered", true);
            respond(socket, state, buffer->left(end));
        });
    }

    static void respond(QTcpSocket* socket, const std::shared_ptr<State>& state,
                        const QByteArray& head) {
        const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
        RequestRecord record;
        record.method = requestLine.value(0);
        record.path = requestLine.value(1);
        record.range = header(head, "range");
        record.ifRange = header(head, "if-range");
        TestResource resource;
        bool known = false;
        FaultStep step;
        bool faulty = false;
        {
            const QMutexLocker lock(&state->mutex);
            state->log.append(record);
            known = state->resources.contains(record.path);
            resource = state->resources.value(record.path);
            QList<FaultStep>& faults = state->faults[record.path];
            if (!faults.isEmpty()) {
                step = faults.takeFirst();
                faulty = true;
            }
        }
        QByteArray out;
        auto transfer = std::make_shared<Transfer>();
        if (faulty && step.fault == Fault::ServerError) {
            out = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n"
                  "Connection: close\r\n\r\noops!";
        } else if (!known) {
            out = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\n"
                  "not found";
        } else if (!resource.location.isEmpty()) {
            out = "HTTP/1.1 302 Found\r\nLocation: " + resource.location + "\r\n";
            for (const auto& [name, value] : resource.headers) {
                out += name + ": " + value + "\r\n";
            }
            out += "Content-Length: 0\r\nConnection: close\r\n\r\n";
        } else if (resource.status != 200) {
            out = "HTTP/1.1 " + QByteArray::number(resource.status) + ' ' +
                  reason(resource.status) +
                  "\r\nContent-Length: " + QByteArray::number(resource.body.size()) +
                  "\r\nConnection: close\r\n\r\n" + resource.body;
        } else {
            const QByteArray& body = resource.body;
            const qint64 size = body.size();
            qint64 first = 0;
            bool partial = false;
            const QByteArray quoted = '"' + resource.etag + '"';
            const bool validatorOk =
                record.ifRange.isEmpty() ||
                (!resource.etag.isEmpty() && record.ifRange == quoted) ||
                (!resource.lastModified.isEmpty() && record.ifRange == resource.lastModified);
            if (record.range.startsWith("bytes=") && resource.ranges && validatorOk &&
                !(faulty && step.fault == Fault::IgnoreRange)) {
                first = record.range.mid(6, record.range.indexOf('-') - 6).toLongLong();
                partial = true;
            }
            if (partial && first >= size) {
                out = "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                      QByteArray::number(size) +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            } else {
                out = partial ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
                if (partial) {
                    out += "Content-Range: bytes " + QByteArray::number(first) + '-' +
                           QByteArray::number(size - 1) + '/' + QByteArray::number(size) + "\r\n";
                }
                out += "Content-Length: " + QByteArray::number(size - first) + "\r\n";
                if (!resource.etag.isEmpty()) {
                    out += "ETag: " + quoted + "\r\n";
                }
                if (!resource.lastModified.isEmpty()) {
                    out += "Last-Modified: " + resource.lastModified + "\r\n";
                }
                if (resource.ranges) {
                    out += "Accept-Ranges: bytes\r\n";
                }
                for (const auto& [name, value] : resource.headers) {
                    out += name + ": " + value + "\r\n";
                }
                out += "Connection: close\r\n\r\n";
                if (record.method != "HEAD") {
                    transfer->body = body.mid(first);
                }
                if (faulty && step.fault != Fault::IgnoreRange) {
                    transfer->limit = step.bytes;
                    transfer->fault = step.fault;
                    transfer->faulty = true;
                }
            }
        }
        socket->write(out);
        if (transfer->body.isEmpty()) {
            socket->disconnectFromHost();
            return;
        }
        {
            const QMutexLocker lock(&state->mutex);
            transfer->counted = true;
            state->maxActive = std::max(state->maxActive, ++state->active);
        }
        QObject::connect(socket, &QObject::destroyed,
                         [state, transfer] { done(state, *transfer); });
        const int chunk =
            resource.chunkBytes > 0 ? resource.chunkBytes : static_cast<int>(transfer->body.size());
        auto* timer = new QTimer(socket);
        timer->setInterval(resource.chunkIntervalMs);
        QObject::connect(timer, &QTimer::timeout, socket, [socket, state, transfer, timer, chunk] {
            const qint64 end = transfer->limit >= 0
                                   ? std::min<qint64>(transfer->limit, transfer->body.size())
                                   : transfer->body.size();
            const qint64 n = std::min<qint64>(chunk, end - transfer->sent);
            if (n > 0) {
                socket->write(transfer->body.mid(transfer->sent, n));
                transfer->sent += n;
            }
            if (transfer->sent < end) {
                return;
            }
            timer->stop();
            done(state, *transfer);
            if (!transfer->faulty) {
                socket->disconnectFromHost();
                return;
            }
            switch (transfer->fault) {
            case Fault::CutAfter:
                socket->waitForBytesWritten(kFlushTimeoutMs);
                socket->abort();
                break;
            case Fault::ShortBody:
                socket->disconnectFromHost();
                break;
            default:
                break; // Stall: say nothing more, keep the connection open.
            }
        });
        timer->start();
    }

    QThread thread_;
    QObject* context_ = nullptr;
    quint16 port_ = 0;
    std::shared_ptr<State> state_;
};

} // namespace hearth::test
