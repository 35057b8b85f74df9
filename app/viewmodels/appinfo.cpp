// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/appinfo.h"

#include "app/services/gpudevices.h"
#include "hearth_version.h"
#include "storage/datadir.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QQmlEngine>
#include <QtConcurrent/QtConcurrentRun>

namespace hearth::app {
namespace {

QString& dataFolderOverride() {
    static QString folder;
    return folder;
}

QPointer<AppInfo>& sharedInstance() {
    static QPointer<AppInfo> p;
    return p;
}

} // namespace

AppInfo::AppInfo(QObject* parent)
    : QObject(parent), dataFolder_(storage::resolveDataDir(dataFolderOverride())) {}

AppInfo* AppInfo::instance() {
    if (!sharedInstance()) {
        sharedInstance() = new AppInfo;
    }
    return sharedInstance();
}

AppInfo* AppInfo::create(QQmlEngine*, QJSEngine*) {
    AppInfo* info = instance();
    QQmlEngine::setObjectOwnership(info, QQmlEngine::CppOwnership);
    info->refreshGpu();
    return info;
}

void AppInfo::setDataFolderOverride(const QString& folder) {
    dataFolderOverride() = folder;
}

QString AppInfo::version() const {
    return QStringLiteral(HEARTH_VERSION);
}

void AppInfo::refreshGpu() {
    if (gpuQueryStarted_) {
        return;
    }
    gpuQueryStarted_ = true;
    auto* watcher = new QFutureWatcher<services::GpuInventory>(this);
    connect(watcher, &QFutureWatcher<services::GpuInventory>::finished, this, [this, watcher] {
        const services::GpuInventory inv = watcher->result();
        watcher->deleteLater();
        if (inv.preferred >= 0) {
            const vk::DeviceInfo& d = inv.devices[static_cast<size_t>(inv.preferred)];
            gpuName_ = QString::fromStdString(d.name);
            gpuKind_ = QString::fromLatin1(vk::deviceTypeName(d.type));
        } else {
            gpuError_ = QString::fromStdString(inv.error);
        }
        gpuKnown_ = true;
        emit gpuChanged();
    });
    watcher->setFuture(QtConcurrent::run(&services::queryGpuInventory));
}

} // namespace hearth::app
