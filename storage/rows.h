// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to storage/: the column lists of the records and the functions that read them from a
// statement, shared by the stores, search, export and salvage.

#include "storage/statement.h"
#include "storage/types.h"

#include <QJsonObject>

namespace hearth::storage::rows {

/// Columns of a Conversation, for "SELECT " HEARTH_CONVERSATION_COLUMNS " FROM conversations c".
#define HEARTH_CONVERSATION_COLUMNS                                                                \
    "c.id, c.title, c.model_name, c.model_sha256, c.system_prompt, c.sampling, c.pinned, "         \
    "c.archived, c.created_at, c.updated_at, c.active_leaf_id, "                                   \
    "(SELECT count(*) FROM messages WHERE conversation_id = c.id)"

/// Columns of a Message, for "SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages m".
#define HEARTH_MESSAGE_COLUMNS                                                                     \
    "m.id, m.conversation_id, m.parent_id, m.role, m.content, m.state, m.token_count, m.error, "   \
    "m.created_at, m.updated_at, m.last_active_at, m.prompt_tokens, m.generated_tokens, "          \
    "m.prefill_tps, m.decode_tps, m.ttft_ms, m.duration_ms, m.stats_model, m.stop_reason"

/// Number of columns in HEARTH_CONVERSATION_COLUMNS and HEARTH_MESSAGE_COLUMNS.
constexpr int kConversationColumnCount = 12;
constexpr int kMessageColumnCount = 19;

/// Reads a Conversation from the columns starting at `first`.
Conversation readConversation(const Statement& s, int first = 0);
/// Reads a Message from the columns starting at `first`.
Message readMessage(const Statement& s, int first = 0);

/// Number of generation statistics columns (prompt_tokens ... stop_reason).
constexpr int kStatsColumnCount = 8;

/// Binds the statistics columns ?first .. ?first+7 in their table order (NULL when there are
/// none).
void bindStats(Statement& s, int first, const std::optional<GenerationStats>& stats);

/// A JSON object from text; an empty object for empty or invalid text.
QJsonObject parseObject(const QString& json);
/// Compact JSON text of an object.
QString toText(const QJsonObject& object);

} // namespace hearth::storage::rows
