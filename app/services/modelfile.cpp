// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/modelfile.h"

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/modelinfo.h"
#include "engine/quant/types.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <filesystem>
#include <system_error>

namespace hearth::services {
namespace {

/// Bytes read or copied at a time.
constexpr qint64 kChunkBytes = 4 * 1024 * 1024;
constexpr const char* kCancelled = "import cancelled";

std::filesystem::path fsPath(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

std::string text(const QString& s) {
    return s.toStdString();
}

bool cancelled(const std::atomic<bool>* cancel) {
    return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

/// Copies `source` to `target` in chunks, hashing on the way. Removes `target` on failure.
QString copyHashing(const QString& source, const QString& target, const ProgressFn& progress,
                    const std::atomic<bool>* cancel) {
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) {
        throw Error(text(QStringLiteral("cannot read %1: %2").arg(source, in.errorString())));
    }
    QFile out(target);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        throw Error(text(QStringLiteral("cannot write %1: %2").arg(target, out.errorString())));
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const qint64 total = in.size();
    qint64 done = 0;
    QString failure;
    while (!in.atEnd()) {
        if (cancelled(cancel)) {
            failure = QString::fromLatin1(kCancelled);
            break;
        }
        const QByteArray chunk = in.read(kChunkBytes);
        if (chunk.isEmpty() && in.error() != QFileDevice::NoError) {
            failure = QStringLiteral("cannot read %1: %2").arg(source, in.errorString());
            break;
        }
        if (out.write(chunk) != chunk.size()) {
            failure = QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
            break;
        }
        hash.addData(chunk);
        done += chunk.size();
        if (progress) {
            progress(done, total);
        }
    }
    if (failure.isEmpty() && !out.flush()) {
        failure = QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
    }
    out.close();
    if (!failure.isEmpty()) {
        QFile::remove(target);
        throw Error(text(failure));
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString typeMixText(const gguf::ModelInfo& info) {
    QStringList parts;
    for (const gguf::TypeUsage& u : info.typeMix) {
        const std::string_view name = typeName(u.type);
        parts.append(QStringLiteral("%1 \u00d7%2")
                         .arg(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())))
                         .arg(u.tensors));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

ModelSummary inspectModelFile(const QString& path) {
    const QFileInfo fi(path);
    if (!fi.exists()) {
        throw Error(text(QStringLiteral("%1: no such file").arg(path)));
    }
    if (!fi.isFile()) {
        throw Error(text(QStringLiteral("%1: not a file").arg(path)));
    }
    std::unique_ptr<gguf::File> file;
    try {
        file = gguf::File::open(path.toStdString());
    } catch (const Error& e) {
        throw Error(text(QStringLiteral("%1 is not a GGUF model file Hearth can read (%2)")
                             .arg(fi.fileName(), QString::fromStdString(e.what()))));
    }
    const gguf::ModelInfo info = gguf::describeModel(*file);
    if (!info.unsupportedTypes.empty()) {
        QStringList types;
        for (const std::string& t : info.unsupportedTypes) {
            types.append(QString::fromStdString(t));
        }
        throw Error(text(QStringLiteral("%1 uses weight types Hearth cannot run yet: %2")
                             .arg(fi.fileName(), types.join(QStringLiteral(", ")))));
    }
    ModelSummary s;
    s.config = readModelConfig(*file);
    s.path = fi.absoluteFilePath();
    s.fileSize = fi.size();
    s.name = info.name.empty() ? fi.completeBaseName() : QString::fromStdString(info.name);
    s.architecture = QString::fromStdString(info.architecture);
    s.parameters = static_cast<qint64>(info.parameters);
    s.quantization = QString::fromStdString(info.quantization);
    for (const gguf::TypeUsage& u : info.typeMix) {
        const std::string_view name = typeName(u.type);
        s.typeMix.insert(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())),
                         static_cast<qint64>(u.tensors));
    }
    s.typeMixText = typeMixText(info);
    s.contextLength = static_cast<int>(info.contextLength.value_or(s.config.nCtxTrain));
    s.hasChatTemplate = info.hasChatTemplate;
    if (const auto tmpl = file->getString("tokenizer.chat_template")) {
        s.chatTemplate = QString::fromStdString(*tmpl);
    }
    s.weightBytes = static_cast<qint64>(info.tensorBytes);
    return s;
}

QString sha256OfFile(const QString& path, const ProgressFn& progress,
                     const std::atomic<bool>* cancel) {
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        throw Error(text(QStringLiteral("cannot read %1: %2").arg(path, in.errorString())));
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const qint64 total = in.size();
    qint64 done = 0;
    while (!in.atEnd()) {
        if (cancelled(cancel)) {
            throw Error(kCancelled);
        }
        const QByteArray chunk = in.read(kChunkBytes);
        if (chunk.isEmpty() && in.error() != QFileDevice::NoError) {
            throw Error(text(QStringLiteral("cannot read %1: %2").arg(path, in.errorString())));
        }
        hash.addData(chunk);
        done += chunk.size();
        if (progress) {
            progress(done, total);
        }
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString unusedFileName(const QString& dir, const QString& fileName) {
    const QDir d(dir);
    if (!QFileInfo::exists(d.filePath(fileName)) && !QFileInfo(d.filePath(fileName)).isSymLink()) {
        return fileName;
    }
    const QFileInfo fi(fileName);
    const QString stem = fi.completeBaseName();
    const QString suffix = fi.suffix().isEmpty() ? QString() : QLatin1Char('.') + fi.suffix();
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2%3").arg(stem).arg(n).arg(suffix);
        if (!QFileInfo::exists(d.filePath(candidate)) &&
            !QFileInfo(d.filePath(candidate)).isSymLink()) {
            return candidate;
        }
    }
}

bool isLinkedFile(const QString& path) {
    std::error_code ec;
    const std::filesystem::path p = fsPath(path);
    if (std::filesystem::is_symlink(p, ec)) {
        return true;
    }
    const auto links = std::filesystem::hard_link_count(p, ec);
    return !ec && links > 1;
}

PlacedFile placeModelFile(const QString& source, const QString& modelsDir, ImportMode mode,
                          const ProgressFn& progress, const std::atomic<bool>* cancel) {
    const QFileInfo src(source);
    if (!QDir().mkpath(modelsDir)) {
        throw Error(text(QStringLiteral("cannot create the models folder %1").arg(modelsDir)));
    }
    PlacedFile placed;
    if (QDir(src.canonicalPath()) == QDir(QDir(modelsDir).canonicalPath())) {
        placed.path = src.absoluteFilePath();
        placed.placement = Placement::InPlace;
        placed.sha256 = sha256OfFile(placed.path, progress, cancel);
        return placed;
    }
    const QString target = QDir(modelsDir).filePath(unusedFileName(modelsDir, src.fileName()));
    if (mode == ImportMode::Link) {
        std::error_code ec;
        const std::filesystem::path from = fsPath(src.canonicalFilePath());
        std::filesystem::create_hard_link(from, fsPath(target), ec);
        placed.placement = Placement::HardLinked;
        if (ec) {
            ec.clear();
            std::filesystem::create_symlink(from, fsPath(target), ec);
            placed.placement = Placement::SymLinked;
        }
        if (!ec) {
            placed.path = target;
            try {
                placed.sha256 = sha256OfFile(target, progress, cancel);
            } catch (const Error&) {
                QFile::remove(target);
                throw;
            }
            return placed;
        }
    }
    const QString temporary = target + QStringLiteral(".import");
    placed.sha256 = copyHashing(source, temporary, progress, cancel);
    if (!QFile::rename(temporary, target)) {
        QFile::remove(temporary);
        throw Error(text(QStringLiteral("cannot move the copy into place at %1").arg(target)));
    }
    placed.path = target;
    placed.placement = Placement::Copied;
    return placed;
}

} // namespace hearth::services
