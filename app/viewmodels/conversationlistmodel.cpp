// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/conversationlistmodel.h"

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/error.h"
#include "storage/privacy.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace hearth::app {

namespace {
/// Conversations of the last this many days are "Previous 7 days".
constexpr int kRecentDays = 7;
/// How often the date groups are checked (they change at midnight).
constexpr int kDayCheckMs = 10 * 60 * 1000;

/// Deletes a conversation on its own connection (the search index merge takes a while).
void deleteOnWorker(const QString& dbPath, qint64 id) {
    storage::OpenOptions options;
    options.checkIntegrity = false;
    options.recoverDamaged = false;
    storage::OpenResult opened = storage::Database::open(dbPath, options);
    if (!opened.ok()) {
        throw storage::StorageError(opened.errorKind, opened.message);
    }
    storage::deleteConversation(*opened.db, id);
}
} // namespace

ConversationListModel::ConversationListModel(storage::Database& db, QObject* parent)
    : QAbstractListModel(parent), db_(db), clock_([] { return QDateTime::currentDateTime(); }) {
    undoTimer_.setSingleShot(true);
    undoTimer_.setInterval(kUndoMs);
    connect(&undoTimer_, &QTimer::timeout, this, [this] { commitPendingDelete(); });
    dayTimer_.setInterval(kDayCheckMs);
    connect(&dayTimer_, &QTimer::timeout, this, &ConversationListModel::reload);
    dayTimer_.start();
    reload();
}

ConversationListModel::~ConversationListModel() {
    commitPendingDelete(true);
}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row& row = rows_.at(index.row());
    const storage::Conversation& c = row.conversation;
    switch (role) {
    case ConversationIdRole:
        return c.id;
    case TitleRole:
        return c.title.isEmpty() ? tr("New chat") : c.title;
    case PinnedRole:
        return c.pinned;
    case UpdatedAtRole:
        return QDateTime::fromMSecsSinceEpoch(c.updatedAt);
    case SectionRole:
        return row.section;
    case ModelNameRole:
        return c.modelName;
    case MessageCountRole:
        return c.messageCount;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const {
    return {{ConversationIdRole, "conversationId"},
            {TitleRole, "title"},
            {PinnedRole, "pinned"},
            {UpdatedAtRole, "updatedAt"},
            {SectionRole, "section"},
            {ModelNameRole, "modelName"},
            {MessageCountRole, "messageCount"}};
}

QString ConversationListModel::sectionFor(const storage::Conversation& c) const {
    if (c.pinned) {
        return tr("Pinned");
    }
    const QDate today = clock_().date();
    const QDate day = QDateTime::fromMSecsSinceEpoch(c.updatedAt).date();
    const qint64 days = day.daysTo(today);
    if (days <= 0) {
        return tr("Today");
    }
    if (days == 1) {
        return tr("Yesterday");
    }
    if (days <= kRecentDays) {
        return tr("Previous 7 days");
    }
    return tr("Older");
}

void ConversationListModel::emitRowChanged(int row) {
    const QModelIndex at = index(row);
    emit dataChanged(at, at);
}

void ConversationListModel::reload() {
    QList<storage::Conversation> list;
    try {
        list = storage::ConversationStore(db_).list();
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
        return;
    }
    QList<Row> next;
    next.reserve(list.size());
    for (const storage::Conversation& c : list) {
        if (c.id != pendingDelete_ && !deleting_.contains(c.id)) {
            next.append({c, sectionFor(c)});
        }
    }

    const int before = count();
    for (int i = 0; i < next.size(); ++i) {
        const qint64 id = next.at(i).conversation.id;
        int j = i;
        while (j < count() && rows_.at(j).conversation.id != id) {
            ++j;
        }
        if (j == count()) {
            beginInsertRows({}, i, i);
            rows_.insert(i, next.at(i));
            endInsertRows();
            continue;
        }
        if (j != i) {
            beginMoveRows({}, j, j, {}, i);
            rows_.move(j, i);
            endMoveRows();
        }
        const Row& old = rows_.at(i);
        const Row& now = next.at(i);
        if (old.section != now.section || old.conversation.title != now.conversation.title ||
            old.conversation.pinned != now.conversation.pinned ||
            old.conversation.updatedAt != now.conversation.updatedAt ||
            old.conversation.modelName != now.conversation.modelName ||
            old.conversation.messageCount != now.conversation.messageCount) {
            rows_[i] = now;
            emitRowChanged(i);
        } else {
            rows_[i] = now;
        }
    }
    if (count() > next.size()) {
        beginRemoveRows({}, int(next.size()), count() - 1);
        rows_.erase(rows_.begin() + next.size(), rows_.end());
        endRemoveRows();
    }
    if (before != count()) {
        emit countChanged();
    }
}

void ConversationListModel::rename(qint64 conversationId, const QString& title) {
    const QString t = title.simplified();
    if (t.isEmpty()) {
        return;
    }
    try {
        storage::ConversationStore(db_).rename(conversationId, t);
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
        return;
    }
    reload();
    emit renamed(conversationId, t);
}

void ConversationListModel::setPinned(qint64 conversationId, bool pinned) {
    try {
        storage::ConversationStore(db_).setPinned(conversationId, pinned);
    } catch (const storage::StorageError& e) {
        emit errorOccurred(e.message());
    }
    reload();
}

void ConversationListModel::remove(qint64 conversationId) {
    const int row = indexOf(conversationId);
    if (row < 0) {
        return;
    }
    commitPendingDelete();
    pendingDelete_ = conversationId;
    pendingTitle_ = data(index(row), TitleRole).toString();
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    endRemoveRows();
    emit countChanged();
    emit undoChanged();
    emit removed(conversationId);
    undoTimer_.start();
}

void ConversationListModel::undoRemove() {
    if (pendingDelete_ == 0) {
        return;
    }
    const qint64 id = pendingDelete_;
    undoTimer_.stop();
    pendingDelete_ = 0;
    pendingTitle_.clear();
    emit undoChanged();
    reload();
    emit restored(id);
}

void ConversationListModel::commitPendingDelete(bool wait) {
    undoTimer_.stop();
    if (pendingDelete_ != 0) {
        const qint64 id = pendingDelete_;
        pendingDelete_ = 0;
        pendingTitle_.clear();
        deleting_.insert(id);
        const QString path = db_.path();
        if (path.isEmpty()) {
            try {
                storage::deleteConversation(db_, id);
            } catch (const storage::StorageError& e) {
                emit errorOccurred(e.message());
            }
            deleting_.remove(id);
        } else {
            QPointer<ConversationListModel> self(this);
            deletions_.append(QtConcurrent::run([self, path, id] {
                QString error;
                try {
                    deleteOnWorker(path, id);
                } catch (const storage::StorageError& e) {
                    error = e.message();
                }
                QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [self, id, error] {
                        if (!self) {
                            return;
                        }
                        self->deleting_.remove(id);
                        if (!error.isEmpty()) {
                            emit self->errorOccurred(error);
                            self->reload();
                        }
                    },
                    Qt::QueuedConnection);
            }));
        }
        emit undoChanged();
    }
    if (wait) {
        for (QFuture<void>& f : deletions_) {
            f.waitForFinished();
        }
    }
    deletions_.erase(std::remove_if(deletions_.begin(), deletions_.end(),
                                    [](const QFuture<void>& f) { return f.isFinished(); }),
                     deletions_.end());
}

int ConversationListModel::indexOf(qint64 conversationId) const {
    for (int i = 0; i < count(); ++i) {
        if (rows_.at(i).conversation.id == conversationId) {
            return i;
        }
    }
    return -1;
}

qint64 ConversationListModel::neighbour(qint64 conversationId, int delta) const {
    if (count() == 0) {
        return 0;
    }
    const int row = indexOf(conversationId);
    const int target = row < 0 ? (delta > 0 ? 0 : count() - 1) : row + delta;
    if (target < 0 || target >= count()) {
        return 0;
    }
    return rows_.at(target).conversation.id;
}

void ConversationListModel::setClock(std::function<QDateTime()> clock) {
    clock_ = std::move(clock);
    reload();
}

void ConversationListModel::retranslate() {
    for (int i = 0; i < count(); ++i) {
        rows_[i].section = sectionFor(rows_.at(i).conversation);
    }
    if (count() > 0) {
        emit dataChanged(index(0), index(count() - 1), {SectionRole, TitleRole});
    }
}

} // namespace hearth::app
