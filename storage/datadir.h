// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace hearth::storage {

/// Where the user's data lives (database, models, exports). The first of:
///  1. an explicit folder (the `--data-dir` option of hearth and hearth-cli),
///  2. the environment variable HEARTH_DATA_DIR,
///  3. the platform's app-data folder (QStandardPaths::AppDataLocation), e.g.
///     ~/.local/share/Hearth on Linux.
/// The folder is not created here; see ensureDataDir().
QString resolveDataDir(const QString& explicitDir = {});

/// Creates `dir` (and parents) if needed. Returns an empty string on success, else a message
/// saying why the folder cannot be used.
QString ensureDataDir(const QString& dir);

} // namespace hearth::storage
