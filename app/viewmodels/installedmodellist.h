// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/fitestimate.h"
#include "app/services/modelfile.h"
#include "storage/types.h"

#include <QAbstractListModel>
#include <QHash>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace hearth::app {

class ModelManager;

/// The Installed tab and the model picker: every model in the library, most recently used
/// first, with its size, details read from its GGUF header (architecture, weight types,
/// context, chat template), whether it fits the chosen device, and the space deleting it frees.
/// The headers are read on a worker thread; until then `detailsKnown` is false.
class InstalledModelList : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use ModelManager.installed")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(qint64 totalBytes READ totalBytes NOTIFY countChanged)

public:
    enum Role {
        ModelIdRole = Qt::UserRole + 1, ///< qint64: the model's id in the library
        NameRole,                       ///< QString: display name
        FilePathRole,                   ///< QString: the GGUF file
        FileUrlRole,                    ///< QUrl: the file as a file:// URL
        FolderUrlRole,                  ///< QUrl: its folder ("Show in folder")
        SizeBytesRole,                  ///< qint64: file size
        SizeTextRole,                   ///< QString: "1.1 GB"
        ArchitectureRole,               ///< QString: "llama", "qwen2" ...
        ParameterCountRole,             ///< qint64: parameters
        ParametersTextRole,             ///< QString: "1.5B"
        QuantizationRole,               ///< QString: "Q4_K_M"
        TypeMixRole,                    ///< QString: "Q4_K ×193, Q6_K ×25, F32 ×65"
        ContextLengthRole,              ///< int: context it was trained for
        HasChatTemplateRole,            ///< bool: the file carries its chat template
        ChatTemplateRole,               ///< QString: that template (Jinja), or ""
        DetailsKnownRole,               ///< bool: the header has been read
        ProblemRole,                    ///< QString: why the file cannot be used ("" = fine)
        SourceUrlRole,                  ///< QString: download address, "" when imported
        CatalogIdRole,                  ///< QString: catalog file id, "" when not from it
        Sha256Role,                     ///< QString: checksum
        AddedAtRole,                    ///< QDateTime: when it was installed
        LastUsedAtRole,                 ///< QDateTime: last load, invalid when never
        LinkedRole,                     ///< bool: a link to a file elsewhere
        SpaceFreedRole,                 ///< qint64: bytes deleting it frees
        SpaceFreedTextRole,             ///< QString: "1.1 GB" (for the confirmation)
        FitRole,                        ///< QString: "fits", "tight", "tooBig", "" = not known
        FitTextRole,                    ///< QString: "Fits · 1.9 of 8.0 GB"
        NeedBytesRole,                  ///< qint64: memory needed at the context length
    };
    Q_ENUM(Role)

    explicit InstalledModelList(ModelManager& manager, QObject* parent = nullptr);
    ~InstalledModelList() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    qint64 totalBytes() const;

    /// Reloads the library (rows added, removed or reordered) and reads new headers.
    Q_INVOKABLE void refresh();
    /// Deletes the model's file and registry row. Returns the bytes freed, -1 on failure
    /// (ModelManager.lastError says why).
    Q_INVOKABLE qint64 remove(qint64 modelId);
    /// Row of a model, -1 when not listed.
    Q_INVOKABLE int indexOf(qint64 modelId) const;

    /// The header summary of a model once it has been read.
    std::optional<services::ModelSummary> summary(qint64 modelId) const;
    /// The model's fit at the manager's context length, once its header has been read.
    std::optional<services::FitEstimate> fit(qint64 modelId) const;
    /// Emits dataChanged for the fit roles (after a change of budget or context).
    void fitsChanged();

signals:
    void countChanged();
    /// Every header of the current rows has been read.
    void detailsReady();

private:
    /// What a header read gave: a summary, or why the file is unusable.
    struct Details {
        std::optional<services::ModelSummary> summary;
        QString problem;
    };

    void readDetails();

    ModelManager& manager_;
    QList<storage::ModelRecord> rows_;
    QHash<QString, Details> details_; ///< by file path
    bool reading_ = false;
    bool readAgain_ = false;
};

} // namespace hearth::app
