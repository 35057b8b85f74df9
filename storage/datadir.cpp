// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/datadir.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace hearth::storage {

QString resolveDataDir(const QString& explicitDir) {
    if (!explicitDir.isEmpty()) {
        return QDir::cleanPath(QDir(explicitDir).absolutePath());
    }
    const QString env = qEnvironmentVariable("HEARTH_DATA_DIR");
    if (!env.isEmpty()) {
        return QDir::cleanPath(QDir(env).absolutePath());
    }
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty()) {
        dir = QDir::home().filePath(QStringLiteral(".hearth"));
    }
    return QDir::cleanPath(dir);
}

QString ensureDataDir(const QString& dir) {
    if (!QDir().mkpath(dir)) {
        return QStringLiteral("cannot create the data folder %1").arg(dir);
    }
    const QFileInfo info(dir);
    if (!info.isDir() || !info.isWritable()) {
        return QStringLiteral("the data folder %1 is not writable").arg(dir);
    }
    return {};
}

} // namespace hearth::storage
