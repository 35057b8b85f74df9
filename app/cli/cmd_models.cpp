// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli models list [--json] | download (CATALOG_ID | URL | HF_REPO/FILE)
//                   | import FILE.gguf [--link] | remove ID
// The app's model library, in the same data folder as the app (--data-dir, HEARTH_DATA_DIR).

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/services/catalog.h"
#include "app/services/downloadmanager.h"
#include "app/services/modellibrary.h"
#include "app/services/modelsource.h"
#include "app/services/units.h"
#include "engine/core/error.h"
#include "storage/database.h"
#include "storage/datadir.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#ifdef Q_OS_WIN
#include <io.h>
#define HEARTH_ISATTY _isatty
#define HEARTH_FILENO _fileno
#else
#include <unistd.h>
#define HEARTH_ISATTY isatty
#define HEARTH_FILENO fileno
#endif

namespace hearth::cli {
namespace {

using storage::ModelRecord;

/// Exit status after Ctrl+C (128 + SIGINT), as shells report it.
constexpr int kExitInterrupted = 130;
/// How often the Ctrl+C flag is looked at.
constexpr int kInterruptPollMs = 100;
/// Without a terminal, progress is printed every this many percent.
constexpr int kPercentStep = 10;
constexpr int kPercent = 100;

std::atomic<bool> gInterrupted{false};

extern "C" void onInterrupt(int) {
    gInterrupted.store(true);
}

std::string text(const QString& s) {
    return s.toUtf8().toStdString();
}

/// The data folder's database and model library.
struct Library {
    QString dataDir;
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<services::ModelLibrary> models;
};

Library openLibrary(const std::optional<std::string>& dataDir) {
    Library lib;
    lib.dataDir = storage::resolveDataDir(dataDir ? QString::fromStdString(*dataDir) : QString());
    storage::OpenResult opened = storage::Database::openInDataDir(lib.dataDir);
    if (!opened.ok()) {
        throw Error(text(opened.message));
    }
    if (opened.status == storage::OpenStatus::Recovered) {
        std::fprintf(stderr, "hearth-cli models: %s\n", text(opened.message).c_str());
    }
    lib.db = std::move(opened.db);
    lib.models = std::make_unique<services::ModelLibrary>(
        *lib.db, QDir(lib.dataDir).filePath(QStringLiteral("models")));
    return lib;
}

void printModel(const ModelRecord& m) {
    std::printf("%lld  %s  %s  %s  %s\n", static_cast<long long>(m.id), text(m.displayName).c_str(),
                text(m.quantization).c_str(), text(services::formatBytes(m.sizeBytes)).c_str(),
                text(m.filePath).c_str());
}

QJsonObject toJson(const ModelRecord& m) {
    QJsonObject o;
    o["id"] = m.id;
    o["name"] = m.displayName;
    o["path"] = m.filePath;
    o["sha256"] = m.sha256;
    o["size_bytes"] = m.sizeBytes;
    o["architecture"] = m.architecture;
    o["parameters"] = m.parameterCount;
    o["quantization"] = m.quantization;
    o["type_mix"] = m.typeMix;
    o["context_length"] = m.contextLength;
    o["source_url"] = m.sourceUrl;
    o["catalog_id"] = m.catalogId;
    o["added_at"] = QDateTime::fromMSecsSinceEpoch(m.addedAt, Qt::UTC).toString(Qt::ISODate);
    o["last_used_at"] =
        m.lastUsedAt > 0
            ? QJsonValue(
                  QDateTime::fromMSecsSinceEpoch(m.lastUsedAt, Qt::UTC).toString(Qt::ISODate))
            : QJsonValue(QJsonValue::Null);
    return o;
}

int list(Library& lib, bool json) {
    const QList<ModelRecord> models = lib.models->list();
    if (json) {
        QJsonArray array;
        for (const ModelRecord& m : models) {
            array.append(toJson(m));
        }
        QJsonObject root;
        root["models_folder"] = lib.models->modelsDir();
        root["models"] = array;
        std::printf("%s", QJsonDocument(root).toJson(QJsonDocument::Indented).constData());
        return kExitOk;
    }
    for (const ModelRecord& m : models) {
        printModel(m);
    }
    return kExitOk;
}

/// Progress on stderr: one updating line on a terminal, a line every 10 % otherwise.
class ProgressPrinter {
public:
    ProgressPrinter() : terminal_(HEARTH_ISATTY(HEARTH_FILENO(stderr)) != 0) {}

    void show(const services::DownloadActivity& a) {
        QString line = a.bytesTotal > 0 ? QStringLiteral("%1% %2 of %3")
                                              .arg(kPercent * a.bytesDone / a.bytesTotal, 3)
                                              .arg(services::formatBytes(a.bytesDone),
                                                   services::formatBytes(a.bytesTotal))
                                        : services::formatBytes(a.bytesDone);
        if (a.bytesPerSecond > 0) {
            line += QStringLiteral(" \u00b7 ") + services::formatRate(a.bytesPerSecond);
        }
        if (a.secondsLeft >= 0) {
            line += QStringLiteral(" \u00b7 %1 left").arg(services::formatDuration(a.secondsLeft));
        }
        if (a.retryAtMs > 0) {
            line = QStringLiteral("%1 \u2014 retrying").arg(a.problem);
        }
        if (terminal_) {
            std::fprintf(stderr, "\r%-78s", text(line).c_str());
        } else {
            const int percent =
                a.bytesTotal > 0 ? static_cast<int>(kPercent * a.bytesDone / a.bytesTotal) : 0;
            if (a.retryAtMs > 0 || percent >= printed_ + kPercentStep) {
                printed_ = percent - percent % kPercentStep;
                std::fprintf(stderr, "%s\n", text(line).c_str());
            }
        }
        std::fflush(stderr);
    }

    void finish() {
        if (terminal_) {
            std::fprintf(stderr, "\n");
        }
    }

private:
    bool terminal_;
    int printed_ = -kPercentStep;
};

int download(Library& lib, const QString& source) {
    const services::Catalog& catalog = services::Catalog::builtIn();
    const services::DownloadRequest request = services::resolveModelSource(source, catalog);
    const QString url = request.url.toString(QUrl::FullyEncoded);
    if (const auto installed = lib.models->findInstalled(request.catalogId, url)) {
        std::fprintf(stderr, "hearth-cli models: already installed\n");
        printModel(*installed);
        return kExitOk;
    }
    services::DownloadOptions options;
    options.resumeUnfinished = false;
    services::DownloadManager manager(*lib.db, *lib.models, options, &catalog);
    ProgressPrinter printer;
    QEventLoop loop;
    qint64 id = 0;
    int exitCode = kExitError;
    QObject::connect(&manager, &services::DownloadManager::progressed, &loop, [&](qint64 d) {
        if (d == id) {
            printer.show(manager.activity(id));
        }
    });
    QObject::connect(&manager, &services::DownloadManager::completed, &loop,
                     [&](qint64 d, qint64 modelId) {
                         if (d != id) {
                             return;
                         }
                         printer.finish();
                         if (const auto m = lib.models->get(modelId)) {
                             std::fprintf(stderr, "hearth-cli models: SHA-256 verified: %s\n",
                                          text(m->sha256).c_str());
                             printModel(*m);
                         }
                         exitCode = kExitOk;
                         loop.quit();
                     });
    QObject::connect(&manager, &services::DownloadManager::failed, &loop,
                     [&](qint64 d, const QString& message) {
                         if (d == id) {
                             printer.finish();
                             std::fprintf(stderr, "hearth-cli models: %s\n", text(message).c_str());
                             loop.quit();
                         }
                     });
    QTimer interrupt;
    QObject::connect(&interrupt, &QTimer::timeout, &loop, [&] {
        if (gInterrupted.load()) {
            manager.pause(id);
            printer.finish();
            std::fprintf(stderr, "hearth-cli models: paused; run the same command again to "
                                 "resume\n");
            exitCode = kExitInterrupted;
            loop.quit();
        }
    });
    gInterrupted.store(false);
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    id = manager.start(request);
    interrupt.start(kInterruptPollMs);
    loop.exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return exitCode;
}

int import(Library& lib, const QString& file, bool link) {
    ProgressPrinter printer;
    const ModelRecord m =
        lib.models->importFile(file, link ? services::ImportMode::Link : services::ImportMode::Copy,
                               [&](qint64 done, qint64 total) {
                                   services::DownloadActivity a;
                                   a.bytesDone = done;
                                   a.bytesTotal = total;
                                   printer.show(a);
                               });
    printer.finish();
    printModel(m);
    return kExitOk;
}

int remove(Library& lib, const std::string& idText) {
    const std::optional<long long> id = parseInt(idText);
    if (!id || *id <= 0) {
        throw UsageError("remove needs a model id (see hearth-cli models list), not \"" + idText +
                         "\"");
    }
    const auto m = lib.models->get(*id);
    if (!m) {
        throw Error("there is no installed model " + idText + " (see hearth-cli models list)");
    }
    const qint64 freed = lib.models->remove(*id);
    std::printf("removed %lld  %s  (%s freed)\n", *id, text(m->displayName).c_str(),
                text(services::formatBytes(freed)).c_str());
    return kExitOk;
}

} // namespace

int cmdModels(Args& args) {
    // The command reports progress and failures itself; the download log would repeat them.
    QLoggingCategory::setFilterRules(QStringLiteral("hearth.downloads.info=false\n"
                                                    "hearth.downloads.warning=false"));
    const std::optional<std::string> dataDir = args.option({"--data-dir"});
    const bool json = args.flag({"--json"});
    const bool link = args.flag({"--link"});
    const std::vector<std::string> words = args.positionals();
    if (words.empty()) {
        throw UsageError("missing subcommand: list, download, import or remove");
    }
    const std::string& sub = words[0];
    if (json && sub != "list") {
        throw UsageError("--json is an option of models list");
    }
    if (link && sub != "import") {
        throw UsageError("--link is an option of models import");
    }
    if (sub == "list") {
        args.finish(1);
        Library lib = openLibrary(dataDir);
        return list(lib, json);
    }
    if (sub == "download" || sub == "import" || sub == "remove") {
        if (words.size() != 2) {
            throw UsageError("models " + sub + " takes exactly one argument");
        }
        args.finish(2);
        Library lib = openLibrary(dataDir);
        const QString arg = QString::fromStdString(words[1]);
        if (sub == "download") {
            return download(lib, arg);
        }
        if (sub == "import") {
            return import(lib, arg, link);
        }
        return remove(lib, words[1]);
    }
    throw UsageError("unknown subcommand \"" + sub + "\": list, download, import or remove");
}

} // namespace hearth::cli
