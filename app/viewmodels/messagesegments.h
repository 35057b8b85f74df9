// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/viewmodels/markdownhtml.h"
#include "app/viewmodels/markdownsegments.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

/// The pieces of one message for its delegate: Markdown prose (with its rich-text rendering in
/// the theme's colours, see markdownToHtml) and fenced code blocks, one row each. Setting new
/// text updates the rows in place - while an answer streams only the last row changes
/// (dataChanged) and rows are appended as blocks begin - so delegates above the growing piece
/// are never rebuilt.
class MessageSegments : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QColor linkColor READ linkColor WRITE setLinkColor NOTIFY styleChanged)
    Q_PROPERTY(QColor ruleColor READ ruleColor WRITE setRuleColor NOTIFY styleChanged)
    Q_PROPERTY(
        QColor codeBackground READ codeBackground WRITE setCodeBackground NOTIFY styleChanged)
    Q_PROPERTY(
        QColor headerBackground READ headerBackground WRITE setHeaderBackground NOTIFY styleChanged)
    Q_PROPERTY(int pixelSize READ pixelSize WRITE setPixelSize NOTIFY styleChanged)

public:
    enum Role {
        KindRole = Qt::UserRole + 1, ///< QString: "text" (Markdown) or "code"
        ContentRole,                 ///< QString: the Markdown, or the code
        LanguageRole,                ///< QString: the code block's language, "" when none
        ClosedRole,                  ///< bool: the code block's closing fence has arrived
        HtmlRole,                    ///< QString: prose rendered as rich text, "" for code
    };
    Q_ENUM(Role)

    explicit MessageSegments(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString text() const { return text_; }
    void setText(const QString& text);
    int count() const { return static_cast<int>(rows_.size()); }
    QColor linkColor() const { return style_.link; }
    void setLinkColor(const QColor& c);
    QColor ruleColor() const { return style_.rule; }
    void setRuleColor(const QColor& c);
    QColor codeBackground() const { return style_.codeBackground; }
    void setCodeBackground(const QColor& c);
    QColor headerBackground() const { return style_.headerBackground; }
    void setHeaderBackground(const QColor& c);
    int pixelSize() const { return style_.pixelSize; }
    void setPixelSize(int px);

signals:
    void textChanged();
    void countChanged();
    void styleChanged();

private:
    /// A segment as shown, with its rendering.
    struct Row {
        MarkdownSegment segment;
        QString html;
    };

    QString render(const MarkdownSegment& s) const;
    void setStyle(const MarkdownStyle& style);

    QString text_;
    QList<Row> rows_;
    MarkdownStyle style_;
};

} // namespace hearth::app
