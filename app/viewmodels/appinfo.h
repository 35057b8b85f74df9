// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace hearth::app {

/// Facts about this Hearth for QML: version, data folder and the GPU in use. The GPU is looked up
/// on a worker thread at start-up; `gpuName` stays empty until then.
class AppInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString dataFolder READ dataFolder CONSTANT)
    Q_PROPERTY(QString gpuName READ gpuName NOTIFY gpuChanged)
    Q_PROPERTY(QString gpuKind READ gpuKind NOTIFY gpuChanged)
    Q_PROPERTY(QString gpuError READ gpuError NOTIFY gpuChanged)
    Q_PROPERTY(bool gpuKnown READ gpuKnown NOTIFY gpuChanged)

public:
    /// The instance QML uses: the application's, created on first use.
    static AppInfo* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);
    static AppInfo* instance();
    /// Sets the data folder before the first QML use (from --data-dir).
    static void setDataFolderOverride(const QString& folder);

    QString version() const;
    QString dataFolder() const { return dataFolder_; }
    QString gpuName() const { return gpuName_; }
    QString gpuKind() const { return gpuKind_; }
    QString gpuError() const { return gpuError_; }
    bool gpuKnown() const { return gpuKnown_; }

    /// Starts the device query on a worker thread (once).
    void refreshGpu();

signals:
    void gpuChanged();

private:
    // Private: Qt 6.4 would construct a default-constructible singleton itself instead of
    // calling create().
    explicit AppInfo(QObject* parent = nullptr);

    QString dataFolder_;
    QString gpuName_;
    QString gpuKind_;
    QString gpuError_;
    bool gpuKnown_ = false;
    bool gpuQueryStarted_ = false;
};

} // namespace hearth::app
