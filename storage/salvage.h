// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/archive.h"

#include <QStringList>

namespace hearth::storage {

/// What could be read from a damaged database.
struct SalvageResult {
    QList<ConversationArchive> conversations;
    int messages = 0;
    QStringList problems; ///< what could not be read, one line each; empty when all was read
};

/// Reads every conversation and message that can still be read from a damaged database file
/// (the file Database::open moved aside, see OpenResult::damagedPath). The file itself is
/// never changed: the work happens on a copy. Messages whose conversation is lost are put in a
/// "Recovered conversation"; messages whose parent is lost start a branch of their own.
/// The result can be imported into the new database (importArchives) or exported
/// (renderExport, e.g. to JSON). Never throws: what fails is listed in `problems`.
SalvageResult salvage(const QString& damagedPath);

} // namespace hearth::storage
