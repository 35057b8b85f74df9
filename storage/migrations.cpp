// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/migrations.h"

#include "storage/statement.h"

#include <sqlite3.h>

#include <array>

namespace hearth::storage {
namespace {

// Version 1: conversations, their messages as a tree, settings. Ids are never reused (a deleted
// conversation's id never comes back, and ids grow with time).
constexpr const char* kVersion1 = R"sql(
CREATE TABLE conversations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    title          TEXT NOT NULL DEFAULT '',
    model_name     TEXT NOT NULL DEFAULT '',
    model_sha256   TEXT NOT NULL DEFAULT '',
    system_prompt  TEXT NOT NULL DEFAULT '',
    sampling       TEXT NOT NULL DEFAULT '{}',
    pinned         INTEGER NOT NULL DEFAULT 0,
    archived       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    active_leaf_id INTEGER
);
CREATE INDEX conversations_by_update ON conversations(updated_at);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id       INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content         TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'complete'
                    CHECK (state IN ('complete', 'streaming', 'stopped', 'interrupted', 'failed')),
    token_count     INTEGER NOT NULL DEFAULT 0,
    error           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_active_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id);
CREATE INDEX messages_by_parent ON messages(parent_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 2: generation statistics with each answer, and full-text search over messages. The
// index holds no copy of the text (external content), kept in step by triggers.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE messages ADD COLUMN prompt_tokens INTEGER;
ALTER TABLE messages ADD COLUMN generated_tokens INTEGER;
ALTER TABLE messages ADD COLUMN prefill_tps REAL;
ALTER TABLE messages ADD COLUMN decode_tps REAL;
ALTER TABLE messages ADD COLUMN ttft_ms INTEGER;
ALTER TABLE messages ADD COLUMN duration_ms INTEGER;
ALTER TABLE messages ADD COLUMN stats_model TEXT;
ALTER TABLE messages ADD COLUMN stop_reason TEXT;

CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content='messages', content_rowid='id', tokenize='hearth', prefix='2 3');

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;

INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
)sql";

// Version 3: the model library and resumable downloads.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE models (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    file_path       TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL DEFAULT '',
    sha256          TEXT NOT NULL DEFAULT '',
    size_bytes      INTEGER NOT NULL DEFAULT 0,
    architecture    TEXT NOT NULL DEFAULT '',
    parameter_count INTEGER NOT NULL DEFAULT 0,
    quantization    TEXT NOT NULL DEFAULT '',
    type_mix        TEXT NOT NULL DEFAULT '{}',
    context_length  INTEGER NOT NULL DEFAULT 0,
    source_url      TEXT NOT NULL DEFAULT '',
    catalog_id      TEXT NOT NULL DEFAULT '',
    added_at        INTEGER NOT NULL,
    last_used_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX models_by_sha256 ON models(sha256);

CREATE TABLE downloads (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    url             TEXT NOT NULL,
    destination     TEXT NOT NULL,
    bytes_done      INTEGER NOT NULL DEFAULT 0,
    bytes_total     INTEGER NOT NULL DEFAULT 0,
    etag            TEXT NOT NULL DEFAULT '',
    last_modified   TEXT NOT NULL DEFAULT '',
    sha256_expected TEXT NOT NULL DEFAULT '',
    catalog_id      TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'running', 'paused', 'verifying', 'completed',
                                     'failed', 'cancelled')),
    error           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    completed_at    INTEGER NOT NULL DEFAULT 0
);
)sql";

constexpr std::array<Migration, 3> kMigrations = {{
    {1, "conversations, messages, settings", kVersion1},
    {2, "generation statistics, full-text search", kVersion2},
    {3, "model library, downloads", kVersion3},
}};

} // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int latestSchemaVersion() {
    return kMigrations.back().version;
}

void migrate(sqlite3* db, int target) {
    int version = static_cast<int>(queryInt(db, "PRAGMA user_version"));
    for (const Migration& m : kMigrations) {
        if (m.version <= version || m.version > target) {
            continue;
        }
        qCDebug(lcStorage) << "migrating the database to version" << m.version << m.summary;
        execSql(db, "BEGIN IMMEDIATE");
        try {
            execSql(db, m.sql);
            const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(m.version);
            execSql(db, setVersion.constData());
            execSql(db, "COMMIT");
        } catch (...) {
            if (!sqlite3_get_autocommit(db)) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
            throw;
        }
        version = m.version;
    }
}

} // namespace hearth::storage
