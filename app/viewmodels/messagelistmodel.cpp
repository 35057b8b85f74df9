// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/messagelistmodel.h"

#include <QDateTime>
#include <QLocale>

#include <utility>

namespace hearth::app {

namespace {
constexpr double kMsPerSecond = 1000.0;

bool sameDisplay(const storage::PathMessage& a, const storage::PathMessage& b) {
    const storage::Message& x = a.message;
    const storage::Message& y = b.message;
    return x.content == y.content && x.state == y.state && x.error == y.error &&
           x.stats == y.stats && a.siblingIndex == b.siblingIndex &&
           a.siblingCount == b.siblingCount;
}
} // namespace

MessageListModel::MessageListModel(QObject* parent) : QAbstractListModel(parent) {
    flushTimer_.setSingleShot(true);
    flushTimer_.setInterval(kUpdateIntervalMs);
    connect(&flushTimer_, &QTimer::timeout, this, &MessageListModel::flush);
}

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QString MessageListModel::statsText(const storage::Message& m) const {
    if (!m.stats || m.stats->generatedTokens <= 0) {
        return {};
    }
    const storage::GenerationStats& s = *m.stats;
    QStringList parts;
    parts << tr("%n token(s)", nullptr, s.generatedTokens);
    if (s.decodeTokensPerSecond > 0) {
        parts << tr("%1 tok/s").arg(QLocale().toString(s.decodeTokensPerSecond, 'f', 1));
    }
    if (s.timeToFirstTokenMs > 0) {
        parts << tr("%1 s to first token")
                     .arg(QLocale().toString(double(s.timeToFirstTokenMs) / kMsPerSecond, 'f', 1));
    }
    if (s.durationMs > 0) {
        parts << tr("%1 s in all")
                     .arg(QLocale().toString(double(s.durationMs) / kMsPerSecond, 'f', 1));
    }
    return parts.join(QStringLiteral(" · "));
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row& row = rows_.at(index.row());
    const storage::Message& m = row.path.message;
    switch (role) {
    case MessageIdRole:
        return m.id;
    case AuthorRole:
        return storage::roleName(m.role);
    case ContentRole:
        return m.content;
    case StateRole:
        return storage::messageStateName(m.state);
    case ErrorRole:
        return m.error;
    case StatsTextRole:
        return statsText(m);
    case ModelNameRole:
        return m.stats ? m.stats->model : QString();
    case TokensPerSecondRole:
        return m.stats ? m.stats->decodeTokensPerSecond : 0.0;
    case SiblingIndexRole:
        return row.path.siblingIndex;
    case SiblingCountRole:
        return row.path.siblingCount;
    case CreatedAtRole:
        return QDateTime::fromMSecsSinceEpoch(m.createdAt);
    case PrefillProgressRole:
        return row.prefill;
    case IsLastRole:
        return index.row() == count() - 1;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{MessageIdRole, "messageId"},
            {AuthorRole, "author"},
            {ContentRole, "content"},
            {StateRole, "messageState"},
            {ErrorRole, "error"},
            {StatsTextRole, "statsText"},
            {ModelNameRole, "modelName"},
            {TokensPerSecondRole, "tokensPerSecond"},
            {SiblingIndexRole, "siblingIndex"},
            {SiblingCountRole, "siblingCount"},
            {CreatedAtRole, "createdAt"},
            {PrefillProgressRole, "prefillProgress"},
            {IsLastRole, "isLast"}};
}

void MessageListModel::emitChanged(int row, const QList<int>& roles) {
    const QModelIndex at = index(row);
    emit dataChanged(at, at, roles);
}

void MessageListModel::reset(const QList<storage::PathMessage>& path) {
    const int before = count();
    flushTimer_.stop();
    pending_.clear();
    beginResetModel();
    rows_.clear();
    for (const storage::PathMessage& p : path) {
        rows_.append({p, -1});
    }
    endResetModel();
    if (before != count()) {
        emit countChanged();
    }
}

void MessageListModel::setPath(const QList<storage::PathMessage>& path) {
    flush();
    const int before = count();
    int same = 0;
    while (same < count() && same < path.size() &&
           rows_.at(same).path.message.id == path.at(same).message.id) {
        if (!sameDisplay(rows_.at(same).path, path.at(same))) {
            rows_[same].path = path.at(same);
            emitChanged(same);
        }
        ++same;
    }
    if (same < count()) {
        beginRemoveRows({}, same, count() - 1);
        rows_.erase(rows_.begin() + same, rows_.end());
        endRemoveRows();
    }
    if (same < path.size()) {
        beginInsertRows({}, same, int(path.size()) - 1);
        for (qsizetype i = same; i < path.size(); ++i) {
            rows_.append({path.at(i), -1});
        }
        endInsertRows();
    }
    if (before != count()) {
        emit countChanged();
        // The row that was last may not be any more.
        if (same > 0 && same <= count()) {
            emitChanged(same - 1, {IsLastRole});
        }
    }
}

void MessageListModel::appendText(qint64 messageId, const QString& piece) {
    if (piece.isEmpty() || rowOf(messageId) < 0) {
        return;
    }
    pending_[messageId] += piece;
    if (!flushTimer_.isActive()) {
        flushTimer_.start();
    }
}

void MessageListModel::flush() {
    flushTimer_.stop();
    if (pending_.isEmpty()) {
        return;
    }
    const QHash<qint64, QString> pending = std::exchange(pending_, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const int row = rowOf(it.key());
        if (row < 0) {
            continue;
        }
        rows_[row].path.message.content += it.value();
        QList<int> roles{ContentRole};
        if (rows_.at(row).prefill >= 0) {
            rows_[row].prefill = -1;
            roles << PrefillProgressRole;
        }
        emitChanged(row, roles);
    }
}

void MessageListModel::updateMessage(const storage::Message& message) {
    const int row = rowOf(message.id);
    if (row < 0) {
        return;
    }
    pending_.remove(message.id);
    rows_[row].path.message = message;
    rows_[row].prefill = -1;
    emitChanged(row);
}

void MessageListModel::setPrefillProgress(qint64 messageId, double progress) {
    const int row = rowOf(messageId);
    if (row < 0 || rows_.at(row).prefill == progress) {
        return;
    }
    rows_[row].prefill = progress;
    emitChanged(row, {PrefillProgressRole});
}

int MessageListModel::rowOf(qint64 messageId) const {
    // The message asked for is nearly always one of the last.
    for (int i = count() - 1; i >= 0; --i) {
        if (rows_.at(i).path.message.id == messageId) {
            return i;
        }
    }
    return -1;
}

const storage::Message* MessageListModel::messageAt(int row) const {
    if (row < 0 || row >= count()) {
        return nullptr;
    }
    return &rows_.at(row).path.message;
}

void MessageListModel::retranslate() {
    if (count() > 0) {
        emit dataChanged(index(0), index(count() - 1), {StatsTextRole});
    }
}

} // namespace hearth::app
