// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

class ModelManager;

/// The quantizations offered for one catalog model, for the quantization chooser on a
/// Discover card: one row per file with its size, whether it fits the chosen device, and
/// whether it is installed. Follows the model manager's device and context length.
class QuantizationChoices : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString catalogId READ catalogId WRITE setCatalogId NOTIFY catalogIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int defaultIndex READ defaultIndex NOTIFY countChanged)

public:
    enum Role {
        FileIdRole = Qt::UserRole + 1, ///< QString: the file id to give ModelManager.download()
        QuantizationRole,              ///< QString: "Q4_K_M"
        SizeTextRole,                  ///< QString: "1.1 GB"
        FitRole,                       ///< QString: "fits", "tight" or "tooBig"
        FitTextRole,                   ///< QString: "Fits · 1.9 of 8.0 GB"
        InstalledRole,                 ///< bool: this file is installed
        LabelRole,                     ///< QString: "Q4_K_M · 1.1 GB" for the chooser
    };
    Q_ENUM(Role)

    explicit QuantizationChoices(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString catalogId() const { return catalogId_; }
    void setCatalogId(const QString& id);
    int count() const { return static_cast<int>(rows_.size()); }
    /// Row of the file offered first.
    int defaultIndex() const { return defaultIndex_; }
    /// The file id of `row` ("" when out of range).
    Q_INVOKABLE QString fileIdAt(int row) const;

signals:
    void catalogIdChanged();
    void countChanged();

private:
    /// One quantization as shown.
    struct Row {
        QString fileId;
        QString quantization;
        QString sizeText;
        QString fit;
        QString fitText;
        bool installed = false;
    };

    void rebuild();

    QPointer<ModelManager> manager_;
    QString catalogId_;
    QList<Row> rows_;
    int defaultIndex_ = 0;
};

} // namespace hearth::app
