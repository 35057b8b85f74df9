// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QAbstractListModel>
#include <QHash>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

/// The messages of the active branch of the open conversation, first to last, with the
/// "‹ 2 / 3 ›" position of each. A streaming answer grows by appendText(): the text is
/// collected and applied at most ~30 times a second, each time as one dataChanged for the
/// content role of that row. Switching versions replaces only the rows below the switch.
class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use ChatController.messages")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1, ///< qint64: the message's id
        AuthorRole,                       ///< QString: "user", "assistant" or "system"
        ContentRole,                      ///< QString: the text (Markdown for answers)
        StateRole,           ///< QString: complete, streaming, stopped, interrupted, failed
        ErrorRole,           ///< QString: why generation failed ("" unless failed)
        StatsTextRole,       ///< QString: "412 tokens · 18.3 tok/s · 0.4 s to first token"
        ModelNameRole,       ///< QString: the model that wrote the answer
        TokensPerSecondRole, ///< double: decoding speed of the answer, 0 when unknown
        SiblingIndexRole,    ///< int: 0-based position among the versions of this message
        SiblingCountRole,    ///< int: number of versions (1 = no switcher)
        CreatedAtRole,       ///< QDateTime: when it was written
        PrefillProgressRole, ///< double: 0..1 while the prompt is read, -1 otherwise
        IsLastRole,          ///< bool: the last message of the branch
    };
    Q_ENUM(Role)

    /// Streaming text is applied at most this often.
    static constexpr int kUpdateIntervalMs = 33;

    explicit MessageListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }

    /// Shows another conversation's branch (a model reset).
    void reset(const QList<storage::PathMessage>& path);
    /// Shows a new branch of the same conversation: rows up to the first that differs are
    /// kept (and updated), the rest replaced.
    void setPath(const QList<storage::PathMessage>& path);
    /// Appends text to a streaming message (applied on the next update tick).
    void appendText(qint64 messageId, const QString& piece);
    /// Replaces a message's stored fields (final text, state, statistics).
    void updateMessage(const storage::Message& message);
    /// Sets the prompt reading progress shown on a streaming message (-1 = none).
    void setPrefillProgress(qint64 messageId, double progress);
    /// Applies pending streamed text now.
    void flush();

    Q_INVOKABLE int rowOf(qint64 messageId) const;
    /// The message in `row` (nullptr when out of range).
    const storage::Message* messageAt(int row) const;
    /// Emits dataChanged for every text a translation makes (after a language change).
    void retranslate();

signals:
    void countChanged();

private:
    /// A message on screen.
    struct Row {
        storage::PathMessage path;
        double prefill = -1;
    };

    QString statsText(const storage::Message& m) const;
    void emitChanged(int row, const QList<int>& roles = {});

    QList<Row> rows_;
    QHash<qint64, QString> pending_; ///< streamed text not yet applied, by message id
    QTimer flushTimer_;
};

} // namespace hearth::app
