// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/rows.h"

#include <QJsonDocument>

namespace hearth::storage::rows {

Conversation readConversation(const Statement& s, int first) {
    Conversation c;
    int i = first;
    c.id = s.int64(i++);
    c.title = s.text(i++);
    c.modelName = s.text(i++);
    c.modelSha256 = s.text(i++);
    c.systemPrompt = s.text(i++);
    c.sampling = parseObject(s.text(i++));
    c.pinned = s.int64(i++) != 0;
    c.archived = s.int64(i++) != 0;
    c.createdAt = s.int64(i++);
    c.updatedAt = s.int64(i++);
    c.activeLeafId = s.int64(i++);
    c.messageCount = s.int32(i++);
    return c;
}

Message readMessage(const Statement& s, int first) {
    Message m;
    int i = first;
    m.id = s.int64(i++);
    m.conversationId = s.int64(i++);
    m.parentId = s.int64(i++);
    m.role = roleFromName(s.text(i++)).value_or(Role::User);
    m.content = s.text(i++);
    m.state = messageStateFromName(s.text(i++)).value_or(MessageState::Complete);
    m.tokenCount = s.int32(i++);
    m.error = s.text(i++);
    m.createdAt = s.int64(i++);
    m.updatedAt = s.int64(i++);
    m.lastActiveAt = s.int64(i++);
    const int statsFirst = i;
    if (!s.isNull(statsFirst + 1)) {
        GenerationStats g;
        g.promptTokens = s.int32(i++);
        g.generatedTokens = s.int32(i++);
        g.prefillTokensPerSecond = s.real(i++);
        g.decodeTokensPerSecond = s.real(i++);
        g.timeToFirstTokenMs = s.int64(i++);
        g.durationMs = s.int64(i++);
        g.model = s.text(i++);
        g.stopReason = stopReasonFromName(s.text(i++)).value_or(StopReason::None);
        m.stats = g;
    }
    return m;
}

void bindStats(Statement& s, int first, const std::optional<GenerationStats>& stats) {
    if (!stats) {
        for (int i = 0; i < kStatsColumnCount; ++i) {
            s.bindNull(first + i);
        }
        return;
    }
    s.bind(first, stats->promptTokens)
        .bind(first + 1, stats->generatedTokens)
        .bind(first + 2, stats->prefillTokensPerSecond)
        .bind(first + 3, stats->decodeTokensPerSecond)
        .bind(first + 4, stats->timeToFirstTokenMs)
        .bind(first + 5, stats->durationMs)
        .bind(first + 6, stats->model)
        .bind(first + 7, stopReasonName(stats->stopReason));
}

QJsonObject parseObject(const QString& json) {
    if (json.isEmpty()) {
        return {};
    }
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

QString toText(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace hearth::storage::rows
