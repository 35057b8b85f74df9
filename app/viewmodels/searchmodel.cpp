// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/searchmodel.h"

#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/chatcontroller.h"
#include "storage/error.h"

#include <QDateTime>
#include <QLocale>
#include <QQmlEngine>

namespace hearth::app {

namespace {
/// Results shown at most.
constexpr int kMaxResults = 100;
} // namespace

SearchModel::SearchModel(storage::Database& db, ChatController& chat, QObject* parent)
    : QAbstractListModel(parent), db_(db), chat_(chat) {
    debounce_.setSingleShot(true);
    debounce_.setInterval(kDebounceMs);
    connect(&debounce_, &QTimer::timeout, this, [this] {
        search();
        emit searchingChanged();
    });
}

SearchModel* SearchModel::create(QQmlEngine*, QJSEngine*) {
    SearchModel* s = AppContext::instance()->search();
    QQmlEngine::setObjectOwnership(s, QQmlEngine::CppOwnership);
    return s;
}

int SearchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant SearchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const storage::SearchHit& h = hits_.at(index.row());
    switch (role) {
    case MessageIdRole:
        return h.messageId;
    case ConversationIdRole:
        return h.conversationId;
    case ConversationTitleRole:
        return h.conversationTitle;
    case AuthorRole:
        return storage::roleName(h.role);
    case DateTextRole:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(h.messageCreatedAt).date(),
                                  QLocale::ShortFormat);
    case SnippetRole:
        return snippetHtml(h.snippet, h.highlights);
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const {
    return {{MessageIdRole, "messageId"},
            {ConversationIdRole, "conversationId"},
            {ConversationTitleRole, "conversationTitle"},
            {AuthorRole, "author"},
            {DateTextRole, "dateText"},
            {SnippetRole, "snippet"}};
}

QString SearchModel::snippetHtml(const QString& snippet, const QList<storage::TextRange>& ranges) {
    QString out;
    qsizetype at = 0;
    for (const storage::TextRange& r : ranges) {
        if (r.start < at || r.start + r.length > snippet.size()) {
            continue;
        }
        out += snippet.mid(at, r.start - at).toHtmlEscaped();
        out += QLatin1String("<b>") + snippet.mid(r.start, r.length).toHtmlEscaped() +
               QLatin1String("</b>");
        at = r.start + r.length;
    }
    out += snippet.mid(at).toHtmlEscaped();
    return out;
}

void SearchModel::setQuery(const QString& query) {
    if (query == query_) {
        return;
    }
    query_ = query;
    emit queryChanged();
    debounce_.start();
    emit searchingChanged();
}

void SearchModel::setNewestFirst(bool newest) {
    if (newest == newestFirst_) {
        return;
    }
    newestFirst_ = newest;
    emit queryChanged();
    runNow();
}

void SearchModel::runNow() {
    debounce_.stop();
    search();
    emit searchingChanged();
}

void SearchModel::search() {
    QList<storage::SearchHit> hits;
    if (!query_.trimmed().isEmpty()) {
        storage::SearchOptions options;
        options.order =
            newestFirst_ ? storage::SearchOrder::Newest : storage::SearchOrder::Relevance;
        options.limit = kMaxResults;
        try {
            hits = storage::MessageSearch(db_).search(query_, options);
        } catch (const storage::StorageError& e) {
            qWarning("search failed: %s", e.what());
        }
    }
    beginResetModel();
    hits_ = hits;
    endResetModel();
    emit resultsChanged();
}

void SearchModel::open(int row) {
    if (row < 0 || row >= count()) {
        return;
    }
    const storage::SearchHit h = hits_.at(row);
    chat_.openMessage(h.conversationId, h.messageId);
}

void SearchModel::clear() {
    debounce_.stop();
    query_.clear();
    emit queryChanged();
    search();
    emit searchingChanged();
}

} // namespace hearth::app
