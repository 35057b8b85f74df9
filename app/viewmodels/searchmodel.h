// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/search.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace hearth::storage {
class Database;
}

namespace hearth::app {

class ChatController;

/// The search overlay: messages of every conversation that match the query (storage's
/// full-text search), by relevance or newest first, each with its conversation's title, the
/// date, and a one-line snippet with the matches highlighted. The query runs a moment after
/// typing stops; open() shows the conversation at the message.
class SearchModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(bool newestFirst READ newestFirst WRITE setNewestFirst NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY resultsChanged)
    Q_PROPERTY(bool searching READ searching NOTIFY searchingChanged)

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1, ///< qint64: the matching message
        ConversationIdRole,               ///< qint64: its conversation
        ConversationTitleRole,            ///< QString: the conversation's title
        AuthorRole,                       ///< QString: "user" or "assistant"
        DateTextRole,                     ///< QString: when the message was written
        SnippetRole,                      ///< QString: rich text, matches in bold
    };
    Q_ENUM(Role)

    /// The query runs this long after the last keystroke.
    static constexpr int kDebounceMs = 150;

    SearchModel(storage::Database& db, ChatController& chat, QObject* parent = nullptr);

    static SearchModel* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return query_; }
    void setQuery(const QString& query);
    bool newestFirst() const { return newestFirst_; }
    void setNewestFirst(bool newest);
    int count() const { return static_cast<int>(hits_.size()); }
    bool searching() const { return debounce_.isActive(); }

    /// Runs the query now (instead of after the pause).
    Q_INVOKABLE void runNow();
    /// Opens the conversation of result `row` at its message.
    Q_INVOKABLE void open(int row);
    Q_INVOKABLE void clear();

    /// The snippet as rich text: escaped, with each highlight in bold.
    static QString snippetHtml(const QString& snippet, const QList<storage::TextRange>& ranges);

signals:
    void queryChanged();
    void resultsChanged();
    void searchingChanged();

private:
    void search();

    storage::Database& db_;
    ChatController& chat_;
    QString query_;
    bool newestFirst_ = false;
    QList<storage::SearchHit> hits_;
    QTimer debounce_;
};

} // namespace hearth::app
