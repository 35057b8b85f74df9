// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QtGlobal>

namespace hearth::storage {

class Database;

// Deleting for real. After any of these returns, the deleted text can be found neither in the
// database file nor in its WAL journal:
//  - rows are deleted with secure_delete on, so SQLite overwrites their bytes with zeros;
//  - the search index keeps deleted words in old segments until they are merged, so the index
//    is merged into one segment ('optimize');
//  - the WAL keeps old copies of pages until a checkpoint, so it is checkpointed and truncated.
// If Hearth stops between the deletion and the merge, the merge runs when the database is next
// opened (a flag in the settings table remembers it). A checkpoint cannot finish while another
// connection is reading; SQLite then completes it when the last connection closes.
// All of them throw StorageError; a failed deletion deletes nothing.

/// Setting (SettingsStore) holding the retention period in days; absent or 0 = keep forever.
inline constexpr const char* kRetentionDaysKey = "privacy.retention_days";
/// Setting: whether retention also removes pinned conversations ("1"); default no.
inline constexpr const char* kRetentionIncludesPinnedKey = "privacy.retention_includes_pinned";

/// Deletes a conversation with all its messages and their search entries.
void deleteConversation(Database& db, qint64 conversationId);
/// Deletes several conversations in one transaction.
void deleteConversations(Database& db, const QList<qint64>& conversationIds);
/// Deletes every conversation. Returns how many there were.
int deleteAllConversations(Database& db);
/// Deletes everything Hearth stored: conversations, settings, the model registry (not the
/// model files) and downloads, then compacts the file.
void deleteAllData(Database& db);

/// Deletes conversations whose last update (Conversation::updatedAt) is more than `days` days
/// before now. Pinned conversations are kept unless `includePinned`: pinning is how a user says
/// "keep this". Archived ones are treated like the others. Returns how many were deleted.
int deleteOlderThan(Database& db, int days, bool includePinned = false);
/// Applies the retention settings (kRetentionDaysKey, kRetentionIncludesPinnedKey); the app
/// calls it at start and once a day. Returns how many conversations were deleted.
int applyRetention(Database& db);

/// Records, inside the caller's transaction, that deleted text must still be scrubbed.
void markScrubPending(Database& db);
/// Merges the search index and truncates the WAL (see above); clears the pending flag.
/// Returns false when the WAL could not be truncated because another connection is reading.
bool scrubDeletedText(Database& db);
/// Runs scrubDeletedText() if a deletion was not scrubbed before Hearth stopped.
void finishPendingScrub(Database& db);

} // namespace hearth::storage
