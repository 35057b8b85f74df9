// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli history list | search QUERY | export [--conversation ID] --format md|json|html|txt
//                    --out PATH | import FILE.json
// The app's conversations, in the same data folder as the app (--data-dir, HEARTH_DATA_DIR).

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "engine/core/error.h"
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/datadir.h"
#include "storage/export.h"
#include "storage/import.h"
#include "storage/search.h"

#include <QDateTime>

#include <cstdio>
#include <memory>
#include <string>

namespace hearth::cli {
namespace {

using storage::Database;

/// Most search results printed.
constexpr int kSearchLimit = 50;
/// Characters of context printed around a search match.
constexpr int kSnippetLength = 120;

std::unique_ptr<Database> openHistory(const std::optional<std::string>& dataDir) {
    const QString dir =
        storage::resolveDataDir(dataDir ? QString::fromStdString(*dataDir) : QString());
    storage::OpenResult opened = Database::openInDataDir(dir);
    if (!opened.ok()) {
        throw Error(opened.message.toStdString());
    }
    if (opened.status == storage::OpenStatus::Recovered) {
        std::fprintf(stderr, "hearth-cli history: %s\n", opened.message.toUtf8().constData());
    }
    return std::move(opened.db);
}

QString localTime(qint64 msecs) {
    return QDateTime::fromMSecsSinceEpoch(msecs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

std::string text(const QString& s) {
    return s.toUtf8().toStdString();
}

/// "1 message", "2 messages".
std::string count(int n, const char* noun) {
    return std::to_string(n) + ' ' + noun + (n == 1 ? "" : "s");
}

int list(Database& db) {
    for (const storage::Conversation& c :
         storage::ConversationStore(db).list({.includeArchived = true})) {
        QString flags;
        if (c.pinned) {
            flags += QStringLiteral("  [pinned]");
        }
        if (c.archived) {
            flags += QStringLiteral("  [archived]");
        }
        std::printf("%lld  %s  %s  %s%s\n", static_cast<long long>(c.id),
                    text(localTime(c.updatedAt)).c_str(), count(c.messageCount, "message").c_str(),
                    text(c.title.isEmpty() ? QStringLiteral("(untitled)") : c.title).c_str(),
                    text(flags).c_str());
    }
    return kExitOk;
}

/// The snippet with each match wrapped in ** (Markdown bold).
QString marked(const storage::SearchHit& hit) {
    QString out;
    int at = 0;
    for (const storage::TextRange& r : hit.highlights) {
        out += hit.snippet.mid(at, r.start - at) + QStringLiteral("**") +
               hit.snippet.mid(r.start, r.length) + QStringLiteral("**");
        at = r.start + r.length;
    }
    return out + hit.snippet.mid(at);
}

int search(Database& db, const QString& query) {
    storage::SearchOptions options;
    options.limit = kSearchLimit;
    options.snippetLength = kSnippetLength;
    for (const storage::SearchHit& hit : storage::MessageSearch(db).search(query, options)) {
        std::printf(
            "%lld  %s  %s  (message %lld, %s)\n", static_cast<long long>(hit.conversationId),
            text(localTime(hit.messageCreatedAt)).c_str(),
            text(hit.conversationTitle.isEmpty() ? QStringLiteral("(untitled)")
                                                 : hit.conversationTitle)
                .c_str(),
            static_cast<long long>(hit.messageId), text(storage::roleName(hit.role)).c_str());
        std::printf("    %s\n", text(marked(hit)).c_str());
    }
    return kExitOk;
}

} // namespace

int cmdHistory(Args& args) {
    const std::optional<std::string> dataDir = args.option({"--data-dir"});
    const std::optional<long long> conversation = args.intOption({"--conversation"});
    const std::optional<std::string> format = args.option({"--format"});
    const std::optional<std::string> out = args.option({"--out", "-o"});
    const std::vector<std::string> words = args.positionals();
    if (words.empty()) {
        throw UsageError("missing subcommand: list, search, export or import");
    }
    const std::string& sub = words[0];
    const bool isExport = sub == "export";
    if (!isExport && (conversation || format || out)) {
        throw UsageError("--conversation, --format and --out are options of history export");
    }
    if (sub == "list") {
        args.finish(1);
        return list(*openHistory(dataDir));
    }
    if (sub == "search") {
        if (words.size() < 2) {
            throw UsageError("history search needs a QUERY");
        }
        args.finish(words.size());
        QStringList query;
        for (size_t i = 1; i < words.size(); ++i) {
            query << QString::fromStdString(words[i]);
        }
        return search(*openHistory(dataDir), query.join(QLatin1Char(' ')));
    }
    if (isExport) {
        args.finish(1);
        if (!format) {
            throw UsageError("history export needs --format md|json|html|txt");
        }
        const auto chosen = storage::exportFormatFromName(QString::fromStdString(*format));
        if (!chosen) {
            throw UsageError("unknown format \"" + *format + "\" (use md, json, html or txt)");
        }
        if (!out) {
            throw UsageError("history export needs --out PATH");
        }
        storage::ExportOptions options = storage::ExportOptions::defaultsFor(*chosen);
        options.conversationId = conversation.value_or(0);
        const auto db = openHistory(dataDir);
        const storage::ExportSummary summary =
            storage::exportToFile(*db, QString::fromStdString(*out), options);
        std::printf("exported %s (%s) to %s\n",
                    count(summary.conversations, "conversation").c_str(),
                    count(summary.messages, "message").c_str(), out->c_str());
        return kExitOk;
    }
    if (sub == "import") {
        if (words.size() != 2) {
            throw UsageError("history import needs one FILE.json");
        }
        args.finish(2);
        const auto db = openHistory(dataDir);
        const storage::ImportSummary summary =
            storage::importJsonFile(*db, QString::fromStdString(words[1]));
        std::printf("imported %s (%s)\n", count(summary.conversations, "conversation").c_str(),
                    count(summary.messages, "message").c_str());
        return kExitOk;
    }
    throw UsageError("unknown subcommand \"" + sub + "\" (use list, search, export or import)");
}

} // namespace hearth::cli
