// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/catalog.h"
#include "app/services/fitestimate.h"

#include <QAbstractListModel>
#include <QHash>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

class ModelManager;

/// The catalog's models for the Discover tab and the welcome page: one row per model (a card),
/// with its quantizations, what each needs, whether it fits the chosen device, and whether it
/// is installed or downloading. Filters: family, size, fits, language and a text search. With
/// `recommendedOnly` it lists the models suggested for this machine instead (the best fitting
/// model of each family, larger first), at most `limit` of them.
class CatalogModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use ModelManager.catalog or ModelManager.recommended")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QStringList families READ families CONSTANT)
    Q_PROPERTY(QStringList languages READ languages CONSTANT)
    Q_PROPERTY(QString family READ family WRITE setFamily NOTIFY filterChanged)
    Q_PROPERTY(double maxParametersBillions READ maxParametersBillions WRITE
                   setMaxParametersBillions NOTIFY filterChanged)
    Q_PROPERTY(bool fitsOnly READ fitsOnly WRITE setFitsOnly NOTIFY filterChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY filterChanged)
    Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY filterChanged)
    Q_PROPERTY(
        bool recommendedOnly READ recommendedOnly WRITE setRecommendedOnly NOTIFY filterChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY filterChanged)

public:
    enum Role {
        CatalogIdRole = Qt::UserRole + 1, ///< QString: the model's catalog id
        NameRole,                         ///< QString: "Qwen2.5 1.5B Instruct"
        FamilyRole,                       ///< QString: "Qwen2.5"
        DescriptionRole,                  ///< QString: one line on what it is good at
        ArchitectureRole,                 ///< QString: "qwen2", "llama" ...
        ParameterCountRole,               ///< qint64: parameters
        ParametersTextRole,               ///< QString: "1.5B"
        ContextLengthRole,                ///< int: context it was trained for
        LicenseRole,                      ///< QString: licence name
        LicenseUrlRole,                   ///< QUrl: the licence text
        LanguagesRole,                    ///< QStringList: ISO 639-1 codes
        KoreanRole,                       ///< bool: speaks Korean
        RepoRole,                         ///< QString: Hugging Face repository of the default file
        RecommendedRole,                  ///< bool: may be suggested on the welcome page
        VariantsRole,      ///< QVariantList of maps, one per quantization: fileId, quantization,
                           ///< sizeBytes, sizeText, fit, fitText, needBytes, installed, downloadId
        DefaultFileIdRole, ///< QString: the file id offered first (give it to download())
        QuantizationRole,  ///< QString: quantization of the default file
        SizeBytesRole,     ///< qint64: approximate size of the default file
        SizeTextRole,      ///< QString: "1.1 GB"
        FitRole,           ///< QString: "fits", "tight" or "tooBig" (default file)
        FitTextRole,       ///< QString: "Fits · 1.9 of 8.0 GB"
        NeedBytesRole,     ///< qint64: memory the default file needs at the context length
        InstalledRole,     ///< bool: a file of this model is installed
        InstalledModelIdRole, ///< qint64: id of the installed model, -1 when none
        DownloadIdRole,       ///< qint64: id of an unfinished download of it, -1 when none
        DownloadStateRole,    ///< QString: that download's state, "" when none
    };
    Q_ENUM(Role)

    explicit CatalogModel(ModelManager& manager, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    QStringList families() const;
    QStringList languages() const;
    QString family() const { return family_; }
    void setFamily(const QString& family);
    double maxParametersBillions() const { return maxBillions_; }
    void setMaxParametersBillions(double billions);
    bool fitsOnly() const { return fitsOnly_; }
    void setFitsOnly(bool fitsOnly);
    QString language() const { return language_; }
    void setLanguage(const QString& language);
    QString searchText() const { return search_; }
    void setSearchText(const QString& text);
    bool recommendedOnly() const { return recommendedOnly_; }
    void setRecommendedOnly(bool recommendedOnly);
    int limit() const { return limit_; }
    void setLimit(int limit);

    /// The fit of a catalog file at the manager's context length.
    services::FitEstimate fitOf(const services::CatalogEntry& entry,
                                const services::CatalogFile& file) const;
    /// Recomputes the rows and every value (after a change of budget, context, installed
    /// models or downloads).
    void refresh();

signals:
    void countChanged();
    void filterChanged();

private:
    /// A catalog entry on screen.
    struct Row {
        const services::CatalogEntry* entry = nullptr;
    };

    bool accepts(const services::CatalogEntry& entry) const;
    QList<Row> computeRows() const;
    void filtersChanged();
    QVariantList variants(const services::CatalogEntry& entry) const;
    void loadStatus();

    /// An unfinished download of a catalog file.
    struct Pending {
        qint64 id = -1;
        QString state;
    };

    ModelManager& manager_;
    QList<Row> rows_;
    QHash<QString, qint64> installed_; ///< catalog file id -> installed model id
    QHash<QString, Pending> pending_;  ///< catalog file id -> unfinished download
    QString family_;
    double maxBillions_ = 0;
    bool fitsOnly_ = false;
    QString language_;
    QString search_;
    bool recommendedOnly_ = false;
    int limit_ = 0;
};

} // namespace hearth::app
