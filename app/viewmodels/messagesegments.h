// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/viewmodels/markdownsegments.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

/// The pieces of one message for its delegate: Markdown prose and fenced code blocks, one row
/// each. Setting new text updates the rows in place - while an answer streams only the last
/// row changes (dataChanged) and rows are appended as blocks begin - so delegates above the
/// growing piece are never rebuilt.
class MessageSegments : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        KindRole = Qt::UserRole + 1, ///< QString: "text" (Markdown) or "code"
        ContentRole,                 ///< QString: the Markdown, or the code
        LanguageRole,                ///< QString: the code block's language, "" when none
        ClosedRole,                  ///< bool: the code block's closing fence has arrived
    };
    Q_ENUM(Role)

    explicit MessageSegments(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString text() const { return text_; }
    void setText(const QString& text);
    int count() const { return static_cast<int>(rows_.size()); }

signals:
    void textChanged();
    void countChanged();

private:
    QString text_;
    QList<MarkdownSegment> rows_;
};

} // namespace hearth::app
