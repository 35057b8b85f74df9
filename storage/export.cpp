// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/export.h"

#include "storage/database.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

namespace hearth::storage {
namespace {

/// One version of a message that is not on the active branch, with the branch that continues
/// below it (as it was last shown).
struct OtherVersion {
    int index = 0;
    int count = 0;
    QList<Message> branch;
};

/// A message of the active branch, its place among its versions, and the other versions.
struct Turn {
    Message message;
    int index = 0;
    int count = 1;
    QList<OtherVersion> others;
};

QList<Turn> turnsOf(const ConversationArchive& a, bool withOthers) {
    QHash<qint64, QList<Message>> children;
    for (const Message& m : a.messages) {
        children[m.parentId].append(m);
    }
    auto continuation = [&](const Message& from) {
        QList<Message> branch{from};
        for (;;) {
            const QList<Message> next = children.value(branch.last().id);
            if (next.isEmpty()) {
                return branch;
            }
            branch.append(
                *std::max_element(next.begin(), next.end(), [](const Message& x, const Message& y) {
                    return x.lastActiveAt != y.lastActiveAt ? x.lastActiveAt < y.lastActiveAt
                                                            : x.id < y.id;
                }));
        }
    };
    QList<Turn> turns;
    for (const Message& m : activeBranch(a)) {
        const QList<Message> versions = children.value(m.parentId);
        Turn t;
        t.message = m;
        t.count = static_cast<int>(versions.size());
        for (int i = 0; i < t.count; ++i) {
            if (versions[i].id == m.id) {
                t.index = i;
            } else if (withOthers) {
                t.others.append({i, t.count, continuation(versions[i])});
            }
        }
        turns.append(t);
    }
    return turns;
}

QString roleLabel(Role role) {
    switch (role) {
    case Role::System:
        return QStringLiteral("System");
    case Role::User:
        return QStringLiteral("You");
    case Role::Assistant:
        return QStringLiteral("Assistant");
    case Role::Tool:
        return QStringLiteral("Tool");
    }
    return {};
}

QString humanTime(qint64 msecs) {
    if (msecs == 0) {
        return {};
    }
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd "
                                 "HH:mm 'UTC'"));
}

QString statsLine(const Message& m) {
    if (!m.stats) {
        return {};
    }
    const GenerationStats& g = *m.stats;
    constexpr double kMsPerSecond = 1000.0;
    QStringList parts;
    parts << QStringLiteral("%1 tokens").arg(g.generatedTokens);
    if (g.decodeTokensPerSecond > 0) {
        parts << QStringLiteral("%1 tokens/s").arg(g.decodeTokensPerSecond, 0, 'f', 1);
    }
    if (g.timeToFirstTokenMs > 0) {
        parts << QStringLiteral("%1 s to first token")
                     .arg(static_cast<double>(g.timeToFirstTokenMs) / kMsPerSecond, 0, 'f', 2);
    }
    if (!g.model.isEmpty()) {
        parts << g.model;
    }
    if (g.stopReason == StopReason::User) {
        parts << QStringLiteral("stopped");
    } else if (g.stopReason == StopReason::Length) {
        parts << QStringLiteral("length limit reached");
    }
    return parts.join(QStringLiteral(" · "));
}

QString versionLabel(int index, int count) {
    return QStringLiteral("version %1 of %2").arg(index + 1).arg(count);
}

QString metaLine(const Conversation& c) {
    QStringList parts;
    if (!c.modelName.isEmpty()) {
        parts << QStringLiteral("Model: %1").arg(c.modelName);
    }
    parts << QStringLiteral("Created: %1").arg(humanTime(c.createdAt));
    parts << QStringLiteral("Updated: %1").arg(humanTime(c.updatedAt));
    if (c.pinned) {
        parts << QStringLiteral("Pinned");
    }
    if (c.archived) {
        parts << QStringLiteral("Archived");
    }
    return parts.join(QStringLiteral(" · "));
}

QString titleOf(const Conversation& c) {
    return c.title.isEmpty() ? QStringLiteral("Untitled conversation") : c.title;
}

// ---- Markdown -------------------------------------------------------------------------------

QString quoted(const QString& text) {
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString& line : lines) {
        line = line.isEmpty() ? QStringLiteral(">") : QStringLiteral("> ") + line;
    }
    return lines.join(QLatin1Char('\n'));
}

QString markdownMessage(const Message& m, const QString& version) {
    QString out = QStringLiteral("### %1").arg(roleLabel(m.role));
    if (!version.isEmpty()) {
        out += QStringLiteral(" (%1)").arg(version);
    }
    out += QStringLiteral("\n\n") + m.content + QStringLiteral("\n\n");
    if (const QString stats = statsLine(m); !stats.isEmpty()) {
        out += QStringLiteral("*%1*\n\n").arg(stats);
    }
    return out;
}

QString markdown(const QList<ConversationArchive>& archives, const ExportOptions& options,
                 qint64 exportedAt) {
    QString out;
    const bool many = archives.size() != 1;
    if (many) {
        out +=
            QStringLiteral("# Hearth conversations\n\nExported %1.\n\n").arg(humanTime(exportedAt));
    }
    const QString h = many ? QStringLiteral("##") : QStringLiteral("#");
    for (const ConversationArchive& a : archives) {
        out += QStringLiteral("%1 %2\n\n%3\n\n")
                   .arg(h, titleOf(a.conversation), metaLine(a.conversation));
        if (!a.conversation.systemPrompt.isEmpty()) {
            out += QStringLiteral("**System prompt:**\n\n%1\n\n")
                       .arg(quoted(a.conversation.systemPrompt));
        }
        out += QStringLiteral("---\n\n");
        for (const Turn& t : turnsOf(a, options.includeAllVersions)) {
            out += markdownMessage(t.message,
                                   t.count > 1 ? versionLabel(t.index, t.count) : QString());
            for (const OtherVersion& v : t.others) {
                QString block =
                    QStringLiteral("**Other %1**\n\n").arg(versionLabel(v.index, v.count));
                for (const Message& m : v.branch) {
                    block += markdownMessage(m, {});
                }
                out += quoted(block.trimmed()) + QStringLiteral("\n\n");
            }
        }
    }
    return out;
}

// ---- Plain text -----------------------------------------------------------------------------

QString indented(const QString& text, const QString& prefix) {
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString& line : lines) {
        line = prefix + line;
    }
    return lines.join(QLatin1Char('\n'));
}

QString textMessage(const Message& m, const QString& version) {
    QString head = roleLabel(m.role);
    if (!version.isEmpty()) {
        head += QStringLiteral(", ") + version;
    }
    QString out =
        QStringLiteral("--- %1 (%2) ---\n%3\n").arg(head, humanTime(m.createdAt), m.content);
    if (const QString stats = statsLine(m); !stats.isEmpty()) {
        out += QStringLiteral("[%1]\n").arg(stats);
    }
    return out + QLatin1Char('\n');
}

QString plainText(const QList<ConversationArchive>& archives, const ExportOptions& options) {
    QString out;
    for (const ConversationArchive& a : archives) {
        const QString title = titleOf(a.conversation);
        out += title + QLatin1Char('\n') + QString(title.size(), QLatin1Char('=')) +
               QLatin1Char('\n') + metaLine(a.conversation) + QStringLiteral("\n\n");
        if (!a.conversation.systemPrompt.isEmpty()) {
            out += QStringLiteral("System prompt:\n%1\n\n")
                       .arg(indented(a.conversation.systemPrompt, QStringLiteral("  ")));
        }
        for (const Turn& t : turnsOf(a, options.includeAllVersions)) {
            out += textMessage(t.message, t.count > 1 ? versionLabel(t.index, t.count) : QString());
            for (const OtherVersion& v : t.others) {
                QString block = QStringLiteral("[Other %1]\n").arg(versionLabel(v.index, v.count));
                for (const Message& m : v.branch) {
                    block += textMessage(m, {});
                }
                out += indented(block.trimmed(), QStringLiteral("    ")) + QStringLiteral("\n\n");
            }
        }
        out += QLatin1Char('\n');
    }
    return out;
}

// ---- HTML -----------------------------------------------------------------------------------

QString esc(const QString& text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QStringLiteral("&amp;");
            break;
        case '<':
            out += QStringLiteral("&lt;");
            break;
        case '>':
            out += QStringLiteral("&gt;");
            break;
        case '"':
            out += QStringLiteral("&quot;");
            break;
        case '\'':
            out += QStringLiteral("&#39;");
            break;
        default:
            out += c;
        }
    }
    return out;
}

constexpr const char* kHtmlStyle = R"css(
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d1d1f; --muted: #6e6e73;
  --bubble: #e8f0fe; --line: #d2d2d7; --accent: #c2571a; }
@media (prefers-color-scheme: dark) { :root { --bg: #1c1c1e; --fg: #f2f2f7; --muted: #a1a1a6;
  --bubble: #2c3a52; --line: #3a3a3c; } }
body { background: var(--bg); color: var(--fg); margin: 0; padding: 24px 16px;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR",
  sans-serif; }
main { max-width: 760px; margin: 0 auto; }
h1 { font-size: 1.5em; margin: 1.5em 0 0.2em; }
.meta, .time, .stats, .version { color: var(--muted); font-size: 0.85em; }
.system { border-left: 3px solid var(--accent); padding: 4px 12px; margin: 12px 0; }
.message { margin: 16px 0; }
.message.user { margin-left: 15%; background: var(--bubble); border-radius: 12px;
  padding: 8px 14px; }
.head { font-weight: 600; margin-bottom: 4px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
details { border: 1px solid var(--line); border-radius: 8px; padding: 4px 12px; margin: 8px 0; }
summary { cursor: pointer; color: var(--muted); }
hr { border: none; border-top: 1px solid var(--line); margin: 32px 0; }
)css";

QString htmlMessage(const Message& m, const QString& version) {
    QString out = QStringLiteral("<div class=\"message %1\"><div class=\"head\">%2")
                      .arg(roleName(m.role), esc(roleLabel(m.role)));
    if (!version.isEmpty()) {
        out += QStringLiteral(" <span class=\"version\">%1</span>").arg(esc(version));
    }
    out += QStringLiteral(" <span class=\"time\">%1</span></div><div class=\"text\">%2</div>")
               .arg(esc(humanTime(m.createdAt)), esc(m.content));
    if (const QString stats = statsLine(m); !stats.isEmpty()) {
        out += QStringLiteral("<div class=\"stats\">%1</div>").arg(esc(stats));
    }
    return out + QStringLiteral("</div>\n");
}

QString html(const QList<ConversationArchive>& archives, const ExportOptions& options,
             qint64 exportedAt) {
    const QString pageTitle = archives.size() == 1 ? titleOf(archives.first().conversation)
                                                   : QStringLiteral("Hearth conversations");
    QString out =
        QStringLiteral("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"Hearth\">\n<title>%1</title>\n"
                       "<style>%2</style>\n</head>\n<body>\n<main>\n"
                       "<p class=\"meta\">Exported from Hearth, %3</p>\n")
            .arg(esc(pageTitle), QString::fromLatin1(kHtmlStyle), esc(humanTime(exportedAt)));
    bool first = true;
    for (const ConversationArchive& a : archives) {
        if (!first) {
            out += QStringLiteral("<hr>\n");
        }
        first = false;
        out += QStringLiteral("<article>\n<h1>%1</h1>\n<p class=\"meta\">%2</p>\n")
                   .arg(esc(titleOf(a.conversation)), esc(metaLine(a.conversation)));
        if (!a.conversation.systemPrompt.isEmpty()) {
            out += QStringLiteral("<div class=\"system\"><div class=\"head\">System prompt</div>"
                                  "<div class=\"text\">%1</div></div>\n")
                       .arg(esc(a.conversation.systemPrompt));
        }
        for (const Turn& t : turnsOf(a, options.includeAllVersions)) {
            out += htmlMessage(t.message, t.count > 1 ? versionLabel(t.index, t.count) : QString());
            if (t.others.isEmpty()) {
                continue;
            }
            out += QStringLiteral("<details><summary>Other versions (%1)</summary>\n")
                       .arg(t.others.size());
            for (const OtherVersion& v : t.others) {
                out += QStringLiteral("<div class=\"version\">%1</div>\n")
                           .arg(esc(versionLabel(v.index, v.count)));
                for (const Message& m : v.branch) {
                    out += htmlMessage(m, {});
                }
            }
            out += QStringLiteral("</details>\n");
        }
        out += QStringLiteral("</article>\n");
    }
    return out + QStringLiteral("</main>\n</body>\n</html>\n");
}

} // namespace

ExportOptions ExportOptions::defaultsFor(ExportFormat format) {
    ExportOptions o;
    o.format = format;
    o.includeAllVersions = format == ExportFormat::Json;
    return o;
}

std::optional<ExportFormat> exportFormatFromName(const QString& name) {
    const QString n = name.toLower();
    if (n == QLatin1String("md") || n == QLatin1String("markdown")) {
        return ExportFormat::Markdown;
    }
    if (n == QLatin1String("json")) {
        return ExportFormat::Json;
    }
    if (n == QLatin1String("html") || n == QLatin1String("htm")) {
        return ExportFormat::Html;
    }
    if (n == QLatin1String("txt") || n == QLatin1String("text")) {
        return ExportFormat::PlainText;
    }
    return std::nullopt;
}

QString exportFormatExtension(ExportFormat format) {
    switch (format) {
    case ExportFormat::Markdown:
        return QStringLiteral("md");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Html:
        return QStringLiteral("html");
    case ExportFormat::PlainText:
        return QStringLiteral("txt");
    }
    return {};
}

QByteArray renderExport(const QList<ConversationArchive>& archives, const ExportOptions& options,
                        qint64 exportedAt) {
    const QList<ConversationArchive> chosen =
        options.includeSystemPrompts ? archives : withoutSystemPrompts(archives);
    switch (options.format) {
    case ExportFormat::Json: {
        const QList<ConversationArchive> data =
            options.includeAllVersions ? chosen : onlyActiveBranches(chosen);
        return QJsonDocument(archiveToJson(data, exportedAt)).toJson(QJsonDocument::Indented);
    }
    case ExportFormat::Markdown:
        return markdown(chosen, options, exportedAt).toUtf8();
    case ExportFormat::Html:
        return html(chosen, options, exportedAt).toUtf8();
    case ExportFormat::PlainText:
        return plainText(chosen, options).toUtf8();
    }
    return {};
}

void writeFileAtomically(const QString& path, const QByteArray& data) {
    QSaveFile file(path);
    auto fail = [&]() {
        const ErrorKind kind =
            file.error() == QFileDevice::ResourceError ? ErrorKind::DiskFull : ErrorKind::Io;
        const QString reason = file.errorString();
        file.cancelWriting();
        throw StorageError(kind, QStringLiteral("Cannot write %1: %2").arg(path, reason));
    };
    if (!file.open(QIODevice::WriteOnly)) {
        fail();
    }
    if (file.write(data) != data.size()) {
        fail();
    }
    if (!file.commit()) {
        fail();
    }
}

ExportSummary exportToFile(Database& db, const QString& path, const ExportOptions& options) {
    // Reading is most of the work; rendering and writing are the last step.
    constexpr double kReadShare = 0.9;
    const auto read = [&options](int done, int total) {
        if (options.progress && total > 0) {
            options.progress(kReadShare * done / total);
        }
    };
    const QList<ConversationArchive> archives = loadArchive(db, options.conversationId, read);
    const QByteArray data = renderExport(archives, options, db.now());
    writeFileAtomically(path, data);
    if (options.progress) {
        options.progress(1.0);
    }
    ExportSummary summary;
    summary.conversations = static_cast<int>(archives.size());
    for (const ConversationArchive& a : archives) {
        summary.messages += static_cast<int>(options.includeAllVersions ? a.messages.size()
                                                                        : activeBranch(a).size());
    }
    summary.bytes = data.size();
    return summary;
}

} // namespace hearth::storage
