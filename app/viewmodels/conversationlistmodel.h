// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/types.h"

#include <QAbstractListModel>
#include <QFuture>
#include <QSet>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>

namespace hearth::storage {
class Database;
}

namespace hearth::app {

/// The sidebar's conversations: pinned first, then the most recently updated, each with the
/// date group it is listed under (Pinned, Today, Yesterday, Previous 7 days, Older). Rename,
/// pin, and delete with undo: a deleted conversation disappears at once and is deleted for
/// real (on a worker connection, see storage/privacy.h) when the undo period ends, another
/// conversation is deleted, or the app quits. Changes arrive through reload(), which moves,
/// inserts and updates rows in place instead of resetting the model.
class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use ChatController.conversations")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY undoChanged)
    Q_PROPERTY(QString undoTitle READ undoTitle NOTIFY undoChanged)

public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1, ///< qint64: the conversation's id
        TitleRole,                             ///< QString: its title
        PinnedRole,                            ///< bool: pinned to the top
        UpdatedAtRole,                         ///< QDateTime: last change
        SectionRole,                           ///< QString: the date group, translated ("Today")
        ModelNameRole,                         ///< QString: the model it uses, "" when none yet
        MessageCountRole                       ///< int: messages, every version counted
    };
    Q_ENUM(Role)

    /// How long a deleted conversation can be brought back.
    static constexpr int kUndoMs = 6000;

    explicit ConversationListModel(storage::Database& db, QObject* parent = nullptr);
    ~ConversationListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    bool canUndo() const { return pendingDelete_ != 0; }
    QString undoTitle() const { return pendingTitle_; }

    Q_INVOKABLE void rename(qint64 conversationId, const QString& title);
    Q_INVOKABLE void setPinned(qint64 conversationId, bool pinned);
    /// Hides the conversation and deletes it when the undo period ends.
    Q_INVOKABLE void remove(qint64 conversationId);
    /// Brings back the conversation removed last.
    Q_INVOKABLE void undoRemove();
    Q_INVOKABLE int indexOf(qint64 conversationId) const;
    /// The conversation `delta` rows away from `conversationId` (0 when there is none).
    Q_INVOKABLE qint64 neighbour(qint64 conversationId, int delta) const;

    /// Re-reads the list from the database and applies the differences.
    Q_INVOKABLE void reload();
    /// Deletes the pending conversation now and waits for every deletion to finish.
    void commitPendingDelete(bool wait = false);
    /// Whether a conversation is waiting to be deleted (hidden).
    bool isPendingDelete(qint64 conversationId) const { return pendingDelete_ == conversationId; }
    /// Replaces the clock that sorts conversations into date groups (tests).
    void setClock(std::function<QDateTime()> clock);
    /// Re-translates the group names.
    void retranslate();

signals:
    void countChanged();
    void undoChanged();
    /// A conversation left the list because it is being deleted.
    void removed(qint64 conversationId);
    /// The user renamed a conversation.
    void renamed(qint64 conversationId, const QString& title);
    /// A conversation came back through undo.
    void restored(qint64 conversationId);
    void errorOccurred(const QString& message);

private:
    /// A conversation as listed.
    struct Row {
        storage::Conversation conversation;
        QString section;
    };

    QString sectionFor(const storage::Conversation& c) const;
    void emitRowChanged(int row);

    storage::Database& db_;
    QList<Row> rows_;
    std::function<QDateTime()> clock_;
    qint64 pendingDelete_ = 0;
    QString pendingTitle_;
    QTimer undoTimer_;
    QTimer dayTimer_;
    QSet<qint64> deleting_; ///< being deleted on a worker connection: not listed
    QList<QFuture<void>> deletions_;
};

} // namespace hearth::app
