// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/messagesegments.h"

namespace hearth::app {

MessageSegments::MessageSegments(QObject* parent) : QAbstractListModel(parent) {}

int MessageSegments::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant MessageSegments::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const MarkdownSegment& s = rows_.at(index.row()).segment;
    switch (role) {
    case KindRole:
        return s.kind == MarkdownSegment::Kind::Code ? QStringLiteral("code")
                                                     : QStringLiteral("text");
    case ContentRole:
        return s.content;
    case LanguageRole:
        return s.language;
    case ClosedRole:
        return s.closed;
    case HtmlRole:
        return rows_.at(index.row()).html;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageSegments::roleNames() const {
    return {{KindRole, "kind"},
            {ContentRole, "content"},
            {LanguageRole, "language"},
            {ClosedRole, "closed"},
            {HtmlRole, "html"}};
}

QString MessageSegments::render(const MarkdownSegment& s) const {
    return s.kind == MarkdownSegment::Kind::Text ? markdownToHtml(s.content, style_) : QString();
}

void MessageSegments::setStyle(const MarkdownStyle& style) {
    if (style == style_) {
        return;
    }
    style_ = style;
    for (Row& row : rows_) {
        row.html = render(row.segment);
    }
    if (!rows_.isEmpty()) {
        emit dataChanged(index(0), index(count() - 1), {HtmlRole});
    }
    emit styleChanged();
}

void MessageSegments::setLinkColor(const QColor& c) {
    MarkdownStyle s = style_;
    s.link = c;
    setStyle(s);
}

void MessageSegments::setRuleColor(const QColor& c) {
    MarkdownStyle s = style_;
    s.rule = c;
    setStyle(s);
}

void MessageSegments::setCodeBackground(const QColor& c) {
    MarkdownStyle s = style_;
    s.codeBackground = c;
    setStyle(s);
}

void MessageSegments::setHeaderBackground(const QColor& c) {
    MarkdownStyle s = style_;
    s.headerBackground = c;
    setStyle(s);
}

void MessageSegments::setPixelSize(int px) {
    MarkdownStyle s = style_;
    s.pixelSize = px;
    setStyle(s);
}

void MessageSegments::setText(const QString& text) {
    if (text == text_) {
        return;
    }
    text_ = text;
    const QList<MarkdownSegment> next = segmentMarkdown(text);
    const int oldCount = count();
    const int newCount = static_cast<int>(next.size());

    // Rows that keep their kind are updated in place; the rest are replaced.
    int keep = 0;
    while (keep < oldCount && keep < newCount &&
           rows_.at(keep).segment.kind == next.at(keep).kind) {
        ++keep;
    }
    for (int i = 0; i < keep; ++i) {
        if (!(rows_.at(i).segment == next.at(i))) {
            rows_[i] = {next.at(i), render(next.at(i))};
            const QModelIndex at = index(i);
            emit dataChanged(at, at);
        }
    }
    if (keep < oldCount) {
        beginRemoveRows({}, keep, oldCount - 1);
        rows_.erase(rows_.begin() + keep, rows_.end());
        endRemoveRows();
    }
    if (keep < newCount) {
        beginInsertRows({}, keep, newCount - 1);
        for (int i = keep; i < newCount; ++i) {
            rows_.append({next.at(i), render(next.at(i))});
        }
        endInsertRows();
    }
    if (oldCount != newCount) {
        emit countChanged();
    }
    emit textChanged();
}

} // namespace hearth::app
