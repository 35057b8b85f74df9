// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>

struct sqlite3;

namespace hearth::storage {

/// One step of the schema's history: the SQL that takes a database from version - 1 to version.
/// Steps are never edited once released; a change to the schema is a new step.
struct Migration {
    int version;
    const char* summary;
    const char* sql;
};

/// Every migration, in order; migrations()[i].version == i + 1.
std::span<const Migration> migrations();

/// The schema version this build writes (the version of the last migration).
int latestSchemaVersion();

/// Applies the migrations after the database's PRAGMA user_version up to `target`, each in its
/// own transaction together with the new user_version, so a crash or a full disk leaves the
/// database at the last version that completed. Throws StorageError.
void migrate(sqlite3* db, int target);

} // namespace hearth::storage
