// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/catalog.h"

#include "engine/core/error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hearth::services {
namespace {

/// The catalog format this Hearth reads.
constexpr int kFormatVersion = 1;
constexpr const char* kBuiltInPath = ":/Hearth/Resources/catalog.json";
constexpr const char* kSupportedArchitectures[] = {"llama", "qwen2", "phi3", "gemma", "gemma2"};

/// Reads the fields of one JSON object, naming it in every error.
class Fields {
public:
    Fields(const QJsonObject& object, QString where) : o_(object), where_(std::move(where)) {}

    [[noreturn]] void fail(const QString& key, const QString& problem) const {
        throw Error(
            QStringLiteral("model catalog: %1: \"%2\" %3").arg(where_, key, problem).toStdString());
    }

    QString text(const QString& key) const {
        const QJsonValue v = o_.value(key);
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            fail(key, QStringLiteral("must be a non-empty string"));
        }
        return v.toString();
    }
    QString optionalText(const QString& key, const QString& fallback = {}) const {
        const QJsonValue v = o_.value(key);
        if (v.isUndefined() || v.isNull()) {
            return fallback;
        }
        if (!v.isString()) {
            fail(key, QStringLiteral("must be a string"));
        }
        return v.toString();
    }
    qint64 positive(const QString& key) const {
        const QJsonValue v = o_.value(key);
        if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() != std::floor(v.toDouble())) {
            fail(key, QStringLiteral("must be a positive whole number"));
        }
        return static_cast<qint64>(v.toDouble());
    }
    bool flag(const QString& key) const {
        const QJsonValue v = o_.value(key);
        if (v.isUndefined()) {
            return false;
        }
        if (!v.isBool()) {
            fail(key, QStringLiteral("must be true or false"));
        }
        return v.toBool();
    }
    QJsonArray array(const QString& key) const {
        const QJsonValue v = o_.value(key);
        if (!v.isArray() || v.toArray().isEmpty()) {
            fail(key, QStringLiteral("must be a non-empty array"));
        }
        return v.toArray();
    }
    QJsonObject object(const QString& key) const {
        const QJsonValue v = o_.value(key);
        if (!v.isObject()) {
            fail(key, QStringLiteral("must be an object"));
        }
        return v.toObject();
    }
    const QString& where() const { return where_; }

private:
    QJsonObject o_;
    QString where_;
};

uint32_t dimension(const Fields& f, const char* key) {
    const qint64 v = f.positive(QLatin1String(key));
    if (v > std::numeric_limits<int32_t>::max()) {
        f.fail(QLatin1String(key), QStringLiteral("is too large"));
    }
    return static_cast<uint32_t>(v);
}

CatalogShape parseShape(const Fields& model) {
    const Fields f(model.object(QStringLiteral("shape")), model.where() + QStringLiteral(" shape"));
    CatalogShape s;
    s.layers = dimension(f, "layers");
    s.embedding = dimension(f, "embedding");
    s.feedForward = dimension(f, "feed_forward");
    s.heads = dimension(f, "heads");
    s.kvHeads = dimension(f, "kv_heads");
    s.headDim = dimension(f, "head_dim");
    s.vocab = dimension(f, "vocab");
    if (s.heads % s.kvHeads != 0) {
        f.fail(QStringLiteral("kv_heads"), QStringLiteral("must divide heads"));
    }
    return s;
}

CatalogFile parseFile(const QJsonValue& value, const CatalogEntry& model, const QString& where) {
    if (!value.isObject()) {
        throw Error(QStringLiteral("model catalog: %1 must be an object").arg(where).toStdString());
    }
    const Fields f(value.toObject(), where);
    static const QRegularExpression kSha256(QStringLiteral("^[0-9a-f]{64}$"));
    static const QRegularExpression kFileName(QStringLiteral("^[^/\\\\]+\\.gguf$"));
    CatalogFile file;
    file.quantization = f.text(QStringLiteral("quantization"));
    file.id = model.id + QLatin1Char('-') + file.quantization.toLower();
    file.fileName = f.text(QStringLiteral("file"));
    if (!kFileName.match(file.fileName).hasMatch()) {
        f.fail(QStringLiteral("file"), QStringLiteral("must be a file name ending in .gguf"));
    }
    file.repo = f.optionalText(QStringLiteral("repo"));
    file.revision = f.optionalText(QStringLiteral("revision"));
    file.sizeBytes = f.positive(QStringLiteral("size"));
    file.sha256 = f.optionalText(QStringLiteral("sha256")).toLower();
    if (!file.sha256.isEmpty() && !kSha256.match(file.sha256).hasMatch()) {
        f.fail(QStringLiteral("sha256"), QStringLiteral("must be 64 hexadecimal digits or null"));
    }
    file.isDefault = f.flag(QStringLiteral("default"));
    return file;
}

CatalogEntry parseEntry(const QJsonValue& value, int index) {
    const QString where = QStringLiteral("model %1").arg(index + 1);
    if (!value.isObject()) {
        throw Error(QStringLiteral("model catalog: %1 must be an object").arg(where).toStdString());
    }
    const QJsonObject o = value.toObject();
    const Fields f(o, where + QStringLiteral(" (") + o.value(QStringLiteral("id")).toString() +
                          QLatin1Char(')'));
    CatalogEntry e;
    e.id = f.text(QStringLiteral("id"));
    e.name = f.text(QStringLiteral("name"));
    e.family = f.text(QStringLiteral("family"));
    e.architecture = f.text(QStringLiteral("architecture"));
    if (std::find(std::begin(kSupportedArchitectures), std::end(kSupportedArchitectures),
                  e.architecture.toStdString()) == std::end(kSupportedArchitectures)) {
        f.fail(QStringLiteral("architecture"), QStringLiteral("is not one Hearth runs"));
    }
    e.parameters = f.positive(QStringLiteral("parameters"));
    e.contextLength = static_cast<int>(f.positive(QStringLiteral("context_length")));
    e.license = f.text(QStringLiteral("license"));
    e.licenseUrl = f.optionalText(QStringLiteral("license_url"));
    e.description = f.text(QStringLiteral("description"));
    for (const QJsonValue& l : f.array(QStringLiteral("languages"))) {
        if (!l.isString() || l.toString().isEmpty()) {
            f.fail(QStringLiteral("languages"), QStringLiteral("must hold language codes"));
        }
        e.languages.append(l.toString());
    }
    e.recommended = f.flag(QStringLiteral("recommended"));
    e.shape = parseShape(f);
    const QString repo = f.text(QStringLiteral("repo"));
    const QString revision = f.optionalText(QStringLiteral("revision"), QStringLiteral("main"));
    const QJsonArray files = f.array(QStringLiteral("files"));
    for (qsizetype i = 0; i < files.size(); ++i) {
        CatalogFile file =
            parseFile(files[i], e, f.where() + QStringLiteral(" file %1").arg(i + 1));
        if (file.repo.isEmpty()) {
            file.repo = repo;
        }
        if (file.revision.isEmpty()) {
            file.revision = revision;
        }
        file.url = huggingFaceUrl(file.repo, file.revision, file.fileName);
        e.files.append(file);
    }
    return e;
}

} // namespace

const CatalogFile& CatalogEntry::defaultFile() const {
    for (const CatalogFile& f : files) {
        if (f.isDefault) {
            return f;
        }
    }
    return files.front();
}

QUrl huggingFaceUrl(const QString& repo, const QString& revision, const QString& file) {
    return QUrl(
        QStringLiteral("https://huggingface.co/%1/resolve/%2/%3").arg(repo, revision, file));
}

Catalog Catalog::fromJson(const QByteArray& json) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        throw Error("model catalog: not valid JSON: " + error.errorString().toStdString());
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toInt() != kFormatVersion) {
        throw Error("model catalog: unknown format (expected \"format\": " +
                    std::to_string(kFormatVersion) + ")");
    }
    const QJsonArray models = root.value(QStringLiteral("models")).toArray();
    Catalog c;
    QSet<QString> ids;
    for (qsizetype i = 0; i < models.size(); ++i) {
        CatalogEntry e = parseEntry(models[i], static_cast<int>(i));
        QStringList newIds{e.id};
        for (const CatalogFile& f : e.files) {
            newIds.append(f.id);
        }
        for (const QString& id : newIds) {
            if (ids.contains(id)) {
                throw Error("model catalog: the id \"" + id.toStdString() + "\" is used twice");
            }
            ids.insert(id);
        }
        c.entries_.append(std::move(e));
    }
    return c;
}

const Catalog& Catalog::builtIn() {
    static const Catalog catalog = [] {
        QFile file(QString::fromLatin1(kBuiltInPath));
        if (!file.open(QIODevice::ReadOnly)) {
            throw Error("the model catalog is missing from this build of Hearth");
        }
        return fromJson(file.readAll());
    }();
    return catalog;
}

const CatalogEntry* Catalog::entry(const QString& id) const {
    for (const CatalogEntry& e : entries_) {
        if (e.id == id) {
            return &e;
        }
    }
    return nullptr;
}

CatalogMatch Catalog::find(const QString& id) const {
    const QString wanted = id.trimmed().toLower();
    for (const CatalogEntry& e : entries_) {
        if (e.id.toLower() == wanted) {
            return {&e, &e.defaultFile()};
        }
        for (const CatalogFile& f : e.files) {
            if (f.id.toLower() == wanted) {
                return {&e, &f};
            }
        }
    }
    return {};
}

CatalogMatch Catalog::findByUrl(const QUrl& url) const {
    for (const CatalogEntry& e : entries_) {
        for (const CatalogFile& f : e.files) {
            if (f.url == url) {
                return {&e, &f};
            }
        }
    }
    return {};
}

QStringList Catalog::families() const {
    QStringList out;
    for (const CatalogEntry& e : entries_) {
        if (!out.contains(e.family)) {
            out.append(e.family);
        }
    }
    return out;
}

} // namespace hearth::services
