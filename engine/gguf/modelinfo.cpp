// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/gguf/modelinfo.h"

#include "engine/quant/filetype.h"
#include "engine/quant/quant.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace hearth::gguf {
namespace {

/// The label of a mix nobody wrote down: its most common tensor type, with the _S/_M suffix
/// of the K-quant mixes decided by whether any tensor was given more bits.
std::string inferQuantization(const std::vector<TypeUsage>& mix, const File& file) {
    const TypeUsage* top = nullptr;
    for (const TypeUsage& u : mix) {
        if (!top || u.tensors > top->tensors) {
            top = &u;
        }
    }
    if (!top) {
        return "";
    }
    bool higher = false;
    for (const TensorInfo& t : file.tensors()) {
        higher = higher || t.type == TensorType::Q6_K;
    }
    switch (top->type) {
    case TensorType::Q3_K:
        return "Q3_K_M";
    case TensorType::Q4_K:
        return higher ? "Q4_K_M" : "Q4_K_S";
    case TensorType::Q5_K:
        return higher ? "Q5_K_M" : "Q5_K_S";
    default:
        return std::string(typeName(top->type));
    }
}

} // namespace

ModelInfo describeModel(const File& file) {
    ModelInfo info;
    info.path = file.name();
    info.fileSize = file.fileSize();
    info.ggufVersion = file.version();
    info.architecture = file.architecture();
    info.name = file.getString("general.name").value_or("");
    info.tensorCount = file.tensors().size();

    std::map<TensorType, TypeUsage> usage;
    for (const TensorInfo& t : file.tensors()) {
        info.parameters += t.elements();
        info.tensorBytes += t.bytes;
        TypeUsage& u = usage[t.type];
        u.type = t.type;
        ++u.tensors;
        u.elements += t.elements();
        u.bytes += t.bytes;
    }
    for (const auto& [type, u] : usage) {
        info.typeMix.push_back(u);
        if (!quant::canDequantize(type)) {
            info.unsupportedTypes.emplace_back(typeName(type));
        }
    }
    std::stable_sort(info.typeMix.begin(), info.typeMix.end(),
                     [](const TypeUsage& a, const TypeUsage& b) { return a.bytes > b.bytes; });

    const auto fileType = file.getUInt("general.file_type");
    const auto label =
        fileType ? quant::fileTypeLabel(static_cast<uint32_t>(*fileType)) : std::nullopt;
    if (label) {
        info.quantization = *label;
    } else {
        info.quantization = inferQuantization(info.typeMix, file);
        info.quantizationInferred = true;
    }

    if (!info.architecture.empty()) {
        const std::string a = info.architecture + ".";
        info.contextLength = file.getUInt(a + "context_length");
        info.embeddingLength = file.getUInt(a + "embedding_length");
        info.blockCount = file.getUInt(a + "block_count");
        info.feedForwardLength = file.getUInt(a + "feed_forward_length");
        info.headCount = file.getUInt(a + "attention.head_count");
        info.headCountKv = file.getUInt(a + "attention.head_count_kv");
        if (!info.headCountKv) {
            info.headCountKv = info.headCount;
        }
        info.vocabSize = file.getUInt(a + "vocab_size");
    }
    info.tokenizerModel = file.getString("tokenizer.ggml.model").value_or("");
    info.tokenizerPre = file.getString("tokenizer.ggml.pre").value_or("");
    if (const auto* tokens = file.getArray("tokenizer.ggml.tokens")) {
        info.vocabSize = tokens->size();
    }
    const auto chatTemplate = file.getString("tokenizer.chat_template");
    info.hasChatTemplate = chatTemplate && !chatTemplate->empty();
    return info;
}

std::string formatCount(uint64_t n) {
    constexpr double kThousand = 1e3, kMillion = 1e6, kBillion = 1e9;
    const auto v = static_cast<double>(n);
    char buf[32];
    if (v >= kBillion) {
        std::snprintf(buf, sizeof buf, "%.2fB", v / kBillion);
    } else if (v >= kMillion) {
        std::snprintf(buf, sizeof buf, "%.2fM", v / kMillion);
    } else if (v >= kThousand) {
        std::snprintf(buf, sizeof buf, "%.1fK", v / kThousand);
    } else {
        std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n));
    }
    return buf;
}

} // namespace hearth::gguf
