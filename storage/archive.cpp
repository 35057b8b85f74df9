// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/archive.h"

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/messagestore.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>
#include <limits>

namespace hearth::storage {
namespace {

/// Largest integer a JSON number (a double) holds exactly: 2^53.
constexpr double kMaxExactInteger = 9007199254740992.0;

QJsonValue timeValue(qint64 msecs) {
    return msecs == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(isoTime(msecs));
}

QJsonValue idValue(qint64 id) {
    return id == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(id);
}

QJsonObject statsToJson(const GenerationStats& g) {
    QJsonObject o;
    o["prompt_tokens"] = g.promptTokens;
    o["generated_tokens"] = g.generatedTokens;
    o["prefill_tokens_per_second"] = g.prefillTokensPerSecond;
    o["decode_tokens_per_second"] = g.decodeTokensPerSecond;
    o["time_to_first_token_ms"] = g.timeToFirstTokenMs;
    o["duration_ms"] = g.durationMs;
    o["model"] = g.model;
    o["stop_reason"] = stopReasonName(g.stopReason);
    return o;
}

QJsonObject messageToJson(const Message& m) {
    QJsonObject o;
    o["id"] = m.id;
    o["parent"] = idValue(m.parentId);
    o["role"] = roleName(m.role);
    o["content"] = m.content;
    o["state"] = messageStateName(m.state);
    o["token_count"] = m.tokenCount;
    o["error"] = m.error;
    o["created_at"] = timeValue(m.createdAt);
    o["updated_at"] = timeValue(m.updatedAt);
    o["last_active_at"] = timeValue(m.lastActiveAt);
    o["stats"] = m.stats ? QJsonValue(statsToJson(*m.stats)) : QJsonValue(QJsonValue::Null);
    return o;
}

[[noreturn]] void invalid(const QString& where, const QString& what) {
    throw StorageError(ErrorKind::InvalidData,
                       QStringLiteral("This is not a valid Hearth chat export: %1%2")
                           .arg(where.isEmpty() ? QString() : where + QStringLiteral(": "), what));
}

/// Reads values of one JSON object, naming the place in every error.
class Reader {
public:
    Reader(const QJsonObject& object, QString where) : o_(object), where_(std::move(where)) {}

    QString string(const char* key, bool required = false) const {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                invalid(where_, QStringLiteral("\"%1\" is missing").arg(QLatin1String(key)));
            }
            return {};
        }
        if (!v.isString()) {
            invalid(where_, QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key)));
        }
        return v.toString();
    }
    qint64 integer(const char* key, bool required = false) const {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                invalid(where_, QStringLiteral("\"%1\" is missing").arg(QLatin1String(key)));
            }
            return 0;
        }
        const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!v.isDouble() || !(std::abs(d) <= kMaxExactInteger) || d != std::floor(d)) {
            invalid(where_, QStringLiteral("\"%1\" must be an integer").arg(QLatin1String(key)));
        }
        return static_cast<qint64>(d);
    }
    double number(const char* key) const {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return 0;
        }
        if (!v.isDouble()) {
            invalid(where_, QStringLiteral("\"%1\" must be a number").arg(QLatin1String(key)));
        }
        return v.toDouble();
    }
    bool boolean(const char* key) const {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return false;
        }
        if (!v.isBool()) {
            invalid(where_, QStringLiteral("\"%1\" must be true or false").arg(QLatin1String(key)));
        }
        return v.toBool();
    }
    qint64 time(const char* key) const {
        const QString s = string(key);
        if (s.isEmpty()) {
            return 0;
        }
        const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!t.isValid()) {
            invalid(
                where_,
                QStringLiteral("\"%1\" is not an ISO 8601 time: %2").arg(QLatin1String(key), s));
        }
        return t.toMSecsSinceEpoch();
    }
    QJsonObject object(const char* key) const {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return {};
        }
        if (!v.isObject()) {
            invalid(where_, QStringLiteral("\"%1\" must be an object").arg(QLatin1String(key)));
        }
        return v.toObject();
    }
    QJsonArray array(const char* key) const {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (!v.isArray()) {
            invalid(where_, QStringLiteral("\"%1\" must be a list").arg(QLatin1String(key)));
        }
        return v.toArray();
    }
    bool has(const char* key) const {
        const QJsonValue v = o_.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull();
    }

private:
    QJsonObject o_;
    QString where_;
};

Message messageFromJson(const QJsonValue& value, const QString& where) {
    if (!value.isObject()) {
        invalid(where, QStringLiteral("a message must be an object"));
    }
    const Reader r(value.toObject(), where);
    Message m;
    m.id = r.integer("id", true);
    m.parentId = r.integer("parent");
    const QString role = r.string("role", true);
    m.role = roleFromName(role).value_or(Role::User);
    if (!roleFromName(role)) {
        invalid(where, QStringLiteral("unknown role \"%1\"").arg(role));
    }
    m.content = r.string("content");
    const QString state = r.string("state");
    if (!state.isEmpty() && !messageStateFromName(state)) {
        invalid(where, QStringLiteral("unknown state \"%1\"").arg(state));
    }
    m.state = messageStateFromName(state).value_or(MessageState::Complete);
    m.tokenCount = static_cast<int>(r.integer("token_count"));
    m.error = r.string("error");
    m.createdAt = r.time("created_at");
    m.updatedAt = r.time("updated_at");
    m.lastActiveAt = r.time("last_active_at");
    if (r.has("stats")) {
        const Reader s(r.object("stats"), where + QStringLiteral(", stats"));
        GenerationStats g;
        g.promptTokens = static_cast<int>(s.integer("prompt_tokens"));
        g.generatedTokens = static_cast<int>(s.integer("generated_tokens"));
        g.prefillTokensPerSecond = s.number("prefill_tokens_per_second");
        g.decodeTokensPerSecond = s.number("decode_tokens_per_second");
        g.timeToFirstTokenMs = s.integer("time_to_first_token_ms");
        g.durationMs = s.integer("duration_ms");
        g.model = s.string("model");
        g.stopReason = stopReasonFromName(s.string("stop_reason")).value_or(StopReason::None);
        m.stats = g;
    }
    return m;
}

/// Orders messages parents first (keeping their order otherwise) and checks that every parent
/// exists in the conversation and that no message is its own ancestor.
QList<Message> parentsFirst(const QList<Message>& messages, const QString& where) {
    QHash<qint64, qsizetype> index;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (index.contains(messages[i].id)) {
            invalid(where, QStringLiteral("message id %1 appears twice").arg(messages[i].id));
        }
        index.insert(messages[i].id, i);
    }
    for (const Message& m : messages) {
        if (m.parentId != 0 && !index.contains(m.parentId)) {
            invalid(where, QStringLiteral("message %1 has parent %2, which is not in the "
                                          "conversation")
                               .arg(m.id)
                               .arg(m.parentId));
        }
    }
    QList<Message> out;
    QSet<qint64> placed;
    while (out.size() < messages.size()) {
        const qsizetype before = out.size();
        for (const Message& m : messages) {
            if (!placed.contains(m.id) && (m.parentId == 0 || placed.contains(m.parentId))) {
                out.append(m);
                placed.insert(m.id);
            }
        }
        if (out.size() == before) {
            invalid(where, QStringLiteral("the parents of its messages form a loop"));
        }
    }
    return out;
}

} // namespace

QString isoTime(qint64 msecs) {
    if (msecs == 0) {
        return {};
    }
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(Qt::ISODateWithMs);
}

QList<ConversationArchive> loadArchive(Database& db, qint64 conversationId,
                                       const std::function<void(int, int)>& progress) {
    ConversationStore conversations(db);
    MessageStore messages(db);
    QList<Conversation> list;
    if (conversationId != 0) {
        const std::optional<Conversation> c = conversations.get(conversationId);
        if (!c) {
            throw StorageError(ErrorKind::NotFound, QStringLiteral("There is no conversation with "
                                                                   "id %1.")
                                                        .arg(conversationId));
        }
        list.append(*c);
    } else {
        list = conversations.list({.includeArchived = true});
        std::sort(list.begin(), list.end(), [](const Conversation& a, const Conversation& b) {
            return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
        });
    }
    QList<ConversationArchive> out;
    const int total = static_cast<int>(list.size());
    for (const Conversation& c : list) {
        out.append({c, messages.all(c.id)});
        if (progress) {
            progress(static_cast<int>(out.size()), total);
        }
    }
    return out;
}

QList<Message> activeBranch(const ConversationArchive& archive) {
    QHash<qint64, const Message*> byId;
    for (const Message& m : archive.messages) {
        byId.insert(m.id, &m);
    }
    QList<Message> branch;
    QSet<qint64> seen;
    for (qint64 id = archive.conversation.activeLeafId;
         id != 0 && byId.contains(id) && !seen.contains(id); id = byId.value(id)->parentId) {
        seen.insert(id);
        branch.prepend(*byId.value(id));
    }
    return branch;
}

QList<ConversationArchive> onlyActiveBranches(const QList<ConversationArchive>& archives) {
    QList<ConversationArchive> out;
    for (const ConversationArchive& a : archives) {
        out.append({a.conversation, activeBranch(a)});
    }
    return out;
}

QList<ConversationArchive> withoutSystemPrompts(const QList<ConversationArchive>& archives) {
    QList<ConversationArchive> out;
    for (ConversationArchive a : archives) {
        a.conversation.systemPrompt.clear();
        QHash<qint64, qint64> parentOfRemoved;
        QList<Message> kept;
        for (const Message& m : a.messages) {
            if (m.role == Role::System) {
                parentOfRemoved.insert(m.id, m.parentId);
            } else {
                kept.append(m);
            }
        }
        auto lift = [&](qint64 id) {
            while (parentOfRemoved.contains(id)) {
                id = parentOfRemoved.value(id);
            }
            return id;
        };
        for (Message& m : kept) {
            m.parentId = lift(m.parentId);
        }
        a.conversation.activeLeafId = lift(a.conversation.activeLeafId);
        a.messages = kept;
        out.append(a);
    }
    return out;
}

QJsonObject archiveToJson(const QList<ConversationArchive>& archives, qint64 exportedAt) {
    QJsonArray conversations;
    for (const ConversationArchive& a : archives) {
        const Conversation& c = a.conversation;
        QJsonObject o;
        o["id"] = c.id;
        o["title"] = c.title;
        o["model"] = QJsonObject{{"name", c.modelName}, {"sha256", c.modelSha256}};
        o["system_prompt"] = c.systemPrompt;
        o["sampling"] = c.sampling;
        o["pinned"] = c.pinned;
        o["archived"] = c.archived;
        o["created_at"] = timeValue(c.createdAt);
        o["updated_at"] = timeValue(c.updatedAt);
        o["active_leaf"] = idValue(c.activeLeafId);
        QJsonArray messages;
        for (const Message& m : a.messages) {
            messages.append(messageToJson(m));
        }
        o["messages"] = messages;
        conversations.append(o);
    }
    QJsonObject root;
    root["format"] = QString::fromLatin1(kExportFormatName);
    root["version"] = kExportFormatVersion;
    root["exported_at"] = timeValue(exportedAt);
    root["conversations"] = conversations;
    return root;
}

QList<ConversationArchive> archiveFromJson(const QByteArray& json) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        invalid({}, QStringLiteral("the JSON cannot be read (%1 at byte %2)")
                        .arg(error.errorString())
                        .arg(error.offset));
    }
    if (!doc.isObject() ||
        doc.object().value("format").toString() != QLatin1String(kExportFormatName)) {
        invalid({},
                QStringLiteral("\"format\" is not \"%1\"").arg(QLatin1String(kExportFormatName)));
    }
    const Reader root(doc.object(), {});
    const qint64 version = root.integer("version", true);
    if (version > kExportFormatVersion) {
        throw StorageError(ErrorKind::TooNew,
                           QStringLiteral("This chat export was made by a newer version of Hearth "
                                          "(format version %1; this version reads up to %2). "
                                          "Update Hearth to import it.")
                               .arg(version)
                               .arg(kExportFormatVersion));
    }
    if (version < 1) {
        invalid({}, QStringLiteral("unknown format version %1").arg(version));
    }
    QList<ConversationArchive> out;
    const QJsonArray conversations = root.array("conversations");
    for (qsizetype i = 0; i < conversations.size(); ++i) {
        const QString where = QStringLiteral("conversation %1").arg(i + 1);
        if (!conversations[i].isObject()) {
            invalid(where, QStringLiteral("must be an object"));
        }
        const Reader r(conversations[i].toObject(), where);
        ConversationArchive a;
        Conversation& c = a.conversation;
        c.id = r.integer("id");
        c.title = r.string("title");
        const Reader model(r.object("model"), where + QStringLiteral(", model"));
        c.modelName = model.string("name");
        c.modelSha256 = model.string("sha256");
        c.systemPrompt = r.string("system_prompt");
        c.sampling = r.object("sampling");
        c.pinned = r.boolean("pinned");
        c.archived = r.boolean("archived");
        c.createdAt = r.time("created_at");
        c.updatedAt = r.time("updated_at");
        c.activeLeafId = r.integer("active_leaf");
        const QJsonArray messages = r.array("messages");
        for (qsizetype k = 0; k < messages.size(); ++k) {
            a.messages.append(
                messageFromJson(messages[k], where + QStringLiteral(", message %1").arg(k + 1)));
        }
        a.messages = parentsFirst(a.messages, where);
        const bool leafKnown =
            std::any_of(a.messages.begin(), a.messages.end(),
                        [&](const Message& m) { return m.id == c.activeLeafId; });
        if (c.activeLeafId != 0 && !leafKnown) {
            invalid(where, QStringLiteral("\"active_leaf\" %1 is not one of its messages")
                               .arg(c.activeLeafId));
        }
        c.messageCount = static_cast<int>(a.messages.size());
        out.append(a);
    }
    return out;
}

} // namespace hearth::storage
