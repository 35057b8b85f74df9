// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers shared by the storage tests (header only: each test is its own executable).

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/messagestore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace hearth::test {

/// Opens (creating) the database in `dir` and fails the test when that does not work.
inline std::unique_ptr<storage::Database> openIn(const QString& dir) {
    storage::OpenResult r = storage::Database::openInDataDir(dir);
    if (!r.ok()) {
        qFatal("cannot open the test database in %s: %s", qPrintable(dir), qPrintable(r.message));
    }
    return std::move(r.db);
}

/// A conversation with the given title.
inline storage::Conversation makeConversation(storage::Database& db, const QString& title) {
    storage::Conversation c;
    c.title = title;
    return storage::ConversationStore(db).create(c);
}

/// Appends a message below the active leaf.
inline storage::Message say(storage::Database& db, qint64 conversationId, storage::Role role,
                            const QString& text) {
    storage::NewMessage m;
    m.role = role;
    m.content = text;
    return storage::MessageStore(db).appendToActive(conversationId, m);
}

/// Whole content of a file ("" when it does not exist).
inline QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace hearth::test
