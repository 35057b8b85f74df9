// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/messagestore.h"

#include <QString>

#include <functional>

namespace hearth::storage {

/// Saves a streaming answer as it grows: at most once per interval (one second by default)
/// while text arrives, and at once on flush() and finish() - so a crash loses at most the last
/// second, and the database is not written for every token.
///
///     StreamingMessageWriter writer(messages, answer.id);
///     onToken: writer.append(piece);          // saves when a second has passed
///     on a timer: writer.poll();              // saves a pending piece when tokens stall
///     at the end: writer.finish({writer.content(), MessageState::Complete, n, stats});
///
/// The destructor saves what is pending (a window closed mid-answer keeps its text).
/// Writes throw StorageError (disk full ...), except from the destructor, which logs them.
class StreamingMessageWriter {
public:
    /// Milliseconds from a monotonic clock.
    using Clock = std::function<qint64()>;
    static constexpr qint64 kDefaultIntervalMs = 1000;

    /// `messageId` is an answer already created (MessageStore::append with state Streaming);
    /// its current text is the starting content. An empty clock uses a monotonic timer.
    StreamingMessageWriter(MessageStore& store, qint64 messageId, Clock clock = {},
                           qint64 intervalMs = kDefaultIntervalMs);
    ~StreamingMessageWriter();
    StreamingMessageWriter(const StreamingMessageWriter&) = delete;
    StreamingMessageWriter& operator=(const StreamingMessageWriter&) = delete;

    /// Adds generated text; saves when the interval has passed since the last save.
    void append(const QString& piece);
    /// Replaces the whole text; saves when the interval has passed since the last save.
    void setContent(const QString& content);
    /// Saves pending text when the interval has passed. Returns whether it saved.
    bool poll();
    /// Saves pending text now.
    void flush();
    /// Saves the final state (MessageStore::finish); the writer is done afterwards.
    void finish(const FinishedMessage& finished);

    const QString& content() const { return content_; }
    bool hasPending() const { return pending_; }
    /// How many times the text was written (for tests and diagnostics).
    int writeCount() const { return writes_; }

private:
    void write();

    MessageStore& store_;
    qint64 messageId_;
    Clock clock_;
    qint64 intervalMs_;
    qint64 lastWrite_;
    QString content_;
    bool pending_ = false;
    bool finished_ = false;
    int writes_ = 0;
};

} // namespace hearth::storage
