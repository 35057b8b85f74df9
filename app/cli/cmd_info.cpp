// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli info MODEL.gguf [--json]: what a GGUF file holds, read from its header.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/modelinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <string>

namespace hearth::cli {
namespace {

std::string formatBytes(uint64_t bytes) {
    constexpr double kKiB = 1024.0, kMiB = kKiB * 1024.0, kGiB = kMiB * 1024.0;
    const auto b = static_cast<double>(bytes);
    char buf[32];
    if (b >= kGiB) {
        std::snprintf(buf, sizeof buf, "%.2f GiB", b / kGiB);
    } else if (b >= kMiB) {
        std::snprintf(buf, sizeof buf, "%.2f MiB", b / kMiB);
    } else if (b >= kKiB) {
        std::snprintf(buf, sizeof buf, "%.1f KiB", b / kKiB);
    } else {
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    }
    return buf;
}

std::string orUnknown(const std::optional<uint64_t>& v) {
    return v ? std::to_string(*v) : std::string("unknown");
}

QJsonValue jsonNumber(const std::optional<uint64_t>& v) {
    return v ? QJsonValue(static_cast<qint64>(*v)) : QJsonValue(QJsonValue::Null);
}

QJsonObject toJson(const gguf::ModelInfo& m) {
    QJsonObject o;
    o["path"] = QString::fromStdString(m.path);
    o["file_size"] = static_cast<qint64>(m.fileSize);
    o["gguf_version"] = static_cast<int>(m.ggufVersion);
    o["architecture"] = QString::fromStdString(m.architecture);
    o["name"] = QString::fromStdString(m.name);
    o["parameters"] = static_cast<qint64>(m.parameters);
    o["tensor_count"] = static_cast<qint64>(m.tensorCount);
    o["tensor_bytes"] = static_cast<qint64>(m.tensorBytes);
    o["quantization"] = QString::fromStdString(m.quantization);
    o["quantization_inferred"] = m.quantizationInferred;
    QJsonArray mix;
    for (const gguf::TypeUsage& u : m.typeMix) {
        QJsonObject t;
        t["type"] = QString::fromLatin1(typeName(u.type).data(),
                                        static_cast<qsizetype>(typeName(u.type).size()));
        t["tensors"] = static_cast<qint64>(u.tensors);
        t["elements"] = static_cast<qint64>(u.elements);
        t["bytes"] = static_cast<qint64>(u.bytes);
        mix.append(t);
    }
    o["tensor_types"] = mix;
    QJsonArray unsupported;
    for (const std::string& t : m.unsupportedTypes) {
        unsupported.append(QString::fromStdString(t));
    }
    o["unsupported_types"] = unsupported;
    o["context_length"] = jsonNumber(m.contextLength);
    o["embedding_length"] = jsonNumber(m.embeddingLength);
    o["block_count"] = jsonNumber(m.blockCount);
    o["feed_forward_length"] = jsonNumber(m.feedForwardLength);
    o["head_count"] = jsonNumber(m.headCount);
    o["head_count_kv"] = jsonNumber(m.headCountKv);
    QJsonObject vocab;
    vocab["model"] = QString::fromStdString(m.tokenizerModel);
    vocab["pre"] = QString::fromStdString(m.tokenizerPre);
    vocab["size"] = jsonNumber(m.vocabSize);
    o["vocabulary"] = vocab;
    o["chat_template"] = m.hasChatTemplate;
    return o;
}

void printText(const gguf::ModelInfo& m) {
    std::printf("file:            %s (%s, GGUF v%u)\n", m.path.c_str(),
                formatBytes(m.fileSize).c_str(), m.ggufVersion);
    std::printf("architecture:    %s\n", m.architecture.empty() ? "none" : m.architecture.c_str());
    if (!m.name.empty()) {
        std::printf("name:            %s\n", m.name.c_str());
    }
    std::printf("parameters:      %s (%llu in %zu tensors)\n",
                gguf::formatCount(m.parameters).c_str(),
                static_cast<unsigned long long>(m.parameters), m.tensorCount);
    std::printf("quantization:    %s%s\n", m.quantization.empty() ? "none" : m.quantization.c_str(),
                m.quantizationInferred && !m.quantization.empty()
                    ? " (inferred from the tensor types)"
                    : "");
    std::printf("tensor types:   %s", m.typeMix.empty() ? " none" : "");
    for (std::size_t i = 0; i < m.typeMix.size(); ++i) {
        const gguf::TypeUsage& u = m.typeMix[i];
        std::printf("%s %s: %zu (%s)", i ? "," : "", std::string(typeName(u.type)).c_str(),
                    u.tensors, formatBytes(u.bytes).c_str());
    }
    std::printf("\n");
    if (!m.unsupportedTypes.empty()) {
        std::string list;
        for (const std::string& t : m.unsupportedTypes) {
            list += (list.empty() ? "" : ", ") + t;
        }
        std::printf("unsupported:     %s (Hearth cannot run this model)\n", list.c_str());
    }
    if (!m.architecture.empty()) {
        std::printf("context length:  %s\n", orUnknown(m.contextLength).c_str());
        std::printf("embedding:       %s\n", orUnknown(m.embeddingLength).c_str());
        std::printf("layers:          %s\n", orUnknown(m.blockCount).c_str());
        std::printf("heads:           %s (%s key/value)\n", orUnknown(m.headCount).c_str(),
                    orUnknown(m.headCountKv).c_str());
        std::printf("feed-forward:    %s\n", orUnknown(m.feedForwardLength).c_str());
    }
    if (m.tokenizerModel.empty()) {
        std::printf("vocabulary:      none\n");
    } else {
        std::printf("vocabulary:      %s, %s tokens, pre-tokenizer %s\n", m.tokenizerModel.c_str(),
                    orUnknown(m.vocabSize).c_str(),
                    m.tokenizerPre.empty() ? "default" : m.tokenizerPre.c_str());
    }
    std::printf("chat template:   %s\n", m.hasChatTemplate ? "yes" : "no");
}

} // namespace

int cmdInfo(Args& args) {
    const bool json = args.flag({"--json"});
    args.finish(1);
    const std::vector<std::string> positional = args.positionals();
    if (positional.size() != 1) {
        throw UsageError("expected MODEL.gguf");
    }
    const auto file = gguf::File::open(positional[0]);
    const gguf::ModelInfo info = gguf::describeModel(*file);
    if (json) {
        std::printf("%s", QJsonDocument(toJson(info)).toJson(QJsonDocument::Indented).constData());
    } else {
        printText(info);
    }
    return kExitOk;
}

} // namespace hearth::cli
