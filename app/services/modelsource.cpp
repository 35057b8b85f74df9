// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/modelsource.h"

#include "app/services/catalog.h"
#include "engine/core/error.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace hearth::services {
namespace {

bool isGgufName(const QString& name) {
    return name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive) && name.size() > 5;
}

DownloadRequest requestForUrl(const QUrl& url, const Catalog& catalog) {
    const CatalogMatch match = catalog.findByUrl(url);
    if (match.file != nullptr) {
        return requestForCatalogFile(*match.entry, *match.file);
    }
    const QString name = QFileInfo(url.path()).fileName();
    if (!isGgufName(name)) {
        throw Error("only GGUF model files can be downloaded: the address must end in .gguf (" +
                    url.toDisplayString().toStdString() + ")");
    }
    DownloadRequest r;
    r.url = url;
    r.fileName = name;
    r.displayName = QFileInfo(name).completeBaseName();
    return r;
}

} // namespace

DownloadRequest requestForCatalogFile(const CatalogEntry& entry, const CatalogFile& file) {
    DownloadRequest r;
    r.url = file.url;
    r.fileName = file.fileName;
    r.sha256 = file.sha256;
    r.expectedSize = file.sizeBytes;
    r.catalogId = file.id;
    r.displayName = entry.name + QStringLiteral(" \u00b7 ") + file.quantization;
    return r;
}

DownloadRequest requestForHuggingFace(const QString& repo, const QString& file,
                                      const QString& revision) {
    static const QRegularExpression kRepo(QStringLiteral("^[A-Za-z0-9][\\w.-]*/[\\w.-]+$"));
    const QString r = repo.trimmed();
    const QString f = file.trimmed();
    if (!kRepo.match(r).hasMatch()) {
        throw Error("\"" + r.toStdString() +
                    "\" is not a Hugging Face repository (expected owner/name)");
    }
    if (!isGgufName(f) || f.contains(QLatin1String("..")) || f.startsWith(QLatin1Char('/'))) {
        throw Error("\"" + f.toStdString() + "\" is not a GGUF file name (it must end in .gguf)");
    }
    DownloadRequest req;
    req.url = huggingFaceUrl(r, revision, f);
    req.fileName = QFileInfo(f).fileName();
    req.displayName = QFileInfo(f).completeBaseName();
    return req;
}

DownloadRequest resolveModelSource(const QString& input, const Catalog& catalog) {
    const QString text = input.trimmed();
    if (text.isEmpty()) {
        throw Error("nothing to download: give a catalog id, an address or owner/repo/file.gguf");
    }
    if (text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            throw Error("\"" + text.toStdString() + "\" is not a valid address");
        }
        // A Hugging Face file page (…/blob/<rev>/file) downloads from …/resolve/<rev>/file.
        if (url.host() == QLatin1String("huggingface.co") &&
            url.path().contains(QLatin1String("/blob/"))) {
            url.setPath(url.path().replace(QLatin1String("/blob/"), QLatin1String("/resolve/")));
        }
        return requestForUrl(url, catalog);
    }
    const CatalogMatch match = catalog.find(text);
    if (match.file != nullptr) {
        return requestForCatalogFile(*match.entry, *match.file);
    }
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() >= 3) {
        const DownloadRequest r = requestForHuggingFace(parts[0] + QLatin1Char('/') + parts[1],
                                                        parts.mid(2).join(QLatin1Char('/')));
        const CatalogMatch known = catalog.findByUrl(r.url);
        return known.file != nullptr ? requestForCatalogFile(*known.entry, *known.file) : r;
    }
    throw Error(
        "\"" + text.toStdString() +
        "\" is not a catalog id, an http(s) address or a Hugging Face owner/repo/file.gguf");
}

} // namespace hearth::services
