// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/streamingwriter.h"

#include "storage/error.h"

#include <QElapsedTimer>

namespace hearth::storage {
namespace {

qint64 monotonicMs() {
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}

} // namespace

StreamingMessageWriter::StreamingMessageWriter(MessageStore& store, qint64 messageId, Clock clock,
                                               qint64 intervalMs)
    : store_(store), messageId_(messageId), clock_(clock ? std::move(clock) : &monotonicMs),
      intervalMs_(intervalMs), lastWrite_(clock_()) {
    const std::optional<Message> m = store_.get(messageId_);
    if (!m) {
        throw StorageError(ErrorKind::NotFound,
                           QStringLiteral("There is no message with id %1.").arg(messageId));
    }
    content_ = m->content;
}

StreamingMessageWriter::~StreamingMessageWriter() {
    if (!pending_ || finished_) {
        return;
    }
    try {
        write();
    } catch (const StorageError& e) {
        qCWarning(lcStorage) << "could not save the streaming answer" << messageId_ << e.what();
    }
}

void StreamingMessageWriter::append(const QString& piece) {
    if (piece.isEmpty()) {
        return;
    }
    content_ += piece;
    pending_ = true;
    poll();
}

void StreamingMessageWriter::setContent(const QString& content) {
    if (content == content_) {
        return;
    }
    content_ = content;
    pending_ = true;
    poll();
}

bool StreamingMessageWriter::poll() {
    if (!pending_ || finished_ || clock_() - lastWrite_ < intervalMs_) {
        return false;
    }
    write();
    return true;
}

void StreamingMessageWriter::flush() {
    if (pending_ && !finished_) {
        write();
    }
}

void StreamingMessageWriter::finish(const FinishedMessage& finished) {
    store_.finish(messageId_, finished);
    content_ = finished.content;
    pending_ = false;
    finished_ = true;
    ++writes_;
}

void StreamingMessageWriter::write() {
    store_.updateContent(messageId_, content_);
    lastWrite_ = clock_();
    pending_ = false;
    ++writes_;
}

} // namespace hearth::storage
