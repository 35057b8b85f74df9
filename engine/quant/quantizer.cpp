// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/quant/quantizer.h"

#include "engine/core/error.h"
#include "engine/gguf/writer.h"
#include "engine/quant/quant.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <exception>
#include <map>
#include <span>
#include <thread>

namespace hearth::quant {
namespace {

/// The value GGUF readers expect in general.quantization_version for these block layouts.
constexpr uint32_t kQuantizationVersion = 2;
/// The reference quantizer treats this many experts specially.
constexpr uint64_t kEightExperts = 8;
/// A llama with this many layers and grouped-query attention is a 70B-class model.
constexpr uint64_t kSeventyBLayers = 80;

/// The role of a tensor in the model, from its name (how the mix tells tensors apart).
enum class Category {
    TokenEmbedding,
    AttentionQ,
    AttentionV,
    AttentionK,
    AttentionQkv,
    AttentionKvB,
    AttentionOutput,
    FfnUp,
    FfnGate,
    FfnDown,
    Output,
    Other,
};

bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

Category categoryOf(const std::string& name) {
    if (name == "output.weight") {
        return Category::Output;
    }
    if (name == "token_embd.weight" || name == "per_layer_token_embd.weight") {
        return Category::TokenEmbedding;
    }
    const std::pair<std::string_view, Category> kByPart[] = {
        {"attn_qkv.weight", Category::AttentionQkv},
        {"attn_kv_b.weight", Category::AttentionKvB},
        {"attn_v.weight", Category::AttentionV},
        {"attn_k.weight", Category::AttentionK},
        {"attn_q.weight", Category::AttentionQ},
        {"attn_output.weight", Category::AttentionOutput},
        {"ffn_up", Category::FfnUp},
        {"ffn_gate", Category::FfnGate},
        {"ffn_down", Category::FfnDown},
    };
    for (const auto& [part, category] : kByPart) {
        if (contains(name, part)) {
            return category;
        }
    }
    return Category::Other;
}

bool isAttentionValueLike(Category c) {
    return c == Category::AttentionV || c == Category::AttentionQkv || c == Category::AttentionKvB;
}

/// Dimensions ignoring trailing ones, as GGUF tools count them.
uint32_t effectiveDims(const gguf::TensorInfo& t) {
    uint32_t dims = 1;
    for (uint32_t d = 1; d < gguf::kMaxDims; ++d) {
        if (t.ne[d] > 1) {
            dims = d + 1;
        }
    }
    return dims;
}

/// Whether the mix may change this tensor's type at all: matrices named *weight, except norms
/// and the small special-purpose tensors the reference leaves alone.
bool allowsQuantization(const gguf::TensorInfo& t) {
    if (effectiveDims(t) < 2) {
        return false;
    }
    const std::string& n = t.name;
    constexpr std::string_view kSuffix = "weight";
    if (n.size() < kSuffix.size() ||
        n.compare(n.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
        return false;
    }
    constexpr std::string_view kKept[] = {
        "_norm.weight",
        "ffn_gate_inp.weight",
        "altup",
        "laurel",
        "per_layer_model_proj",
        "ssm_conv1d",
        "shortconv.conv.weight",
        "time_mix_",
        "attn_rel_b.weight",
        ".position_embd",
        ".rel_pos",
        ".patch_embd",
    };
    for (std::string_view part : kKept) {
        if (contains(n, part)) {
            return false;
        }
    }
    return n != "position_embd.weight" && n != "token_types.weight";
}

/// The layer of "blk.N.…", or -1.
int layerOf(const std::string& name) {
    constexpr std::string_view kPrefix = "blk.";
    if (name.compare(0, kPrefix.size(), kPrefix) != 0) {
        return -1;
    }
    int layer = -1;
    const char* begin = name.data() + kPrefix.size();
    const char* end = name.data() + name.size();
    const auto [ptr, ec] = std::from_chars(begin, end, layer);
    return (ec == std::errc() && ptr != begin && ptr < end && *ptr == '.') ? layer : -1;
}

/// The "more bits" layers of the _K_M mixes.
bool useMoreBits(int layer, int layers) {
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

/// Model facts that steer the mix.
struct MixContext {
    FileType target;
    TensorType base;
    std::string arch;
    uint64_t experts = 0;
    bool seventyB = false;
    bool tiedEmbeddings = true;
    int attentionValues = 0; ///< tensors in the attention-value group
    int layers = 0;
    int attentionValueIndex = 0;
    int ffnDownIndex = 0;
};

TensorType chooseType(MixContext& m, const gguf::TensorInfo& t) {
    const Category category = categoryOf(t.name);
    const bool km = m.target == FileType::MostlyQ4_K_M || m.target == FileType::MostlyQ5_K_M;
    TensorType type = m.base;
    if (category == Category::Output ||
        (m.tiedEmbeddings && category == Category::TokenEmbedding)) {
        if (m.arch == "falcon" || t.ne[0] % typeTraits(type).blockSize != 0) {
            type = TensorType::Q8_0;
        } else if (type != TensorType::Q8_0) {
            type = TensorType::Q6_K;
        }
    } else if (isAttentionValueLike(category)) {
        if (km && useMoreBits(m.attentionValueIndex, m.attentionValues)) {
            type = TensorType::Q6_K;
        }
        if (m.seventyB && type == TensorType::Q4_K) {
            type = TensorType::Q5_K;
        }
        if (m.experts == kEightExperts) {
            type = TensorType::Q8_0;
        }
        ++m.attentionValueIndex;
    } else if (category == Category::AttentionK) {
        if (m.experts == kEightExperts) {
            type = TensorType::Q8_0;
        }
    } else if (category == Category::FfnDown) {
        int layer = m.ffnDownIndex;
        if (m.experts > 1) {
            layer = layerOf(t.name);
            if (layer < 0 || layer >= m.layers) {
                throw Error("cannot tell the layer of tensor " + t.name);
            }
        }
        if (m.target == FileType::MostlyQ4_K_M) {
            if (m.arch == "falcon") {
                type = layer < m.layers / 16          ? TensorType::Q6_K
                       : useMoreBits(layer, m.layers) ? TensorType::Q5_K
                                                      : TensorType::Q4_K;
            } else if (useMoreBits(layer, m.layers)) {
                type = TensorType::Q6_K;
            }
        } else if (m.target == FileType::MostlyQ5_K_M && useMoreBits(layer, m.layers)) {
            type = TensorType::Q6_K;
        }
        ++m.ffnDownIndex;
    } else if (category == Category::AttentionOutput) {
        if (m.arch != "falcon" && m.experts == kEightExperts &&
            m.target == FileType::MostlyQ4_K_M) {
            type = TensorType::Q5_K;
        }
    }
    return type;
}

/// A type whose blocks fit rows of `columns` values.
TensorType fitToRow(TensorType type, uint64_t columns, bool& fallback) {
    if (columns % typeTraits(type).blockSize == 0) {
        return type;
    }
    fallback = true;
    switch (type) {
    case TensorType::Q4_K:
        type = TensorType::Q5_0;
        break;
    case TensorType::Q5_K:
        type = TensorType::Q5_1;
        break;
    case TensorType::Q6_K:
        type = TensorType::Q8_0;
        break;
    default:
        return TensorType::F16;
    }
    return columns % typeTraits(type).blockSize == 0 ? type : TensorType::F16;
}

/// The reference quantizer's tensor order: tensors outside layers first, then layer by layer;
/// by name within each group.
std::vector<const gguf::TensorInfo*> writeOrder(std::span<const gguf::TensorInfo> tensors) {
    std::vector<const gguf::TensorInfo*> order;
    for (const gguf::TensorInfo& t : tensors) {
        order.push_back(&t);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        const int la = layerOf(a->name);
        const int lb = layerOf(b->name);
        return la != lb ? la < lb : a->name < b->name;
    });
    return order;
}

bool isFloatType(TensorType t) {
    return t == TensorType::F32 || t == TensorType::F16 || t == TensorType::BF16;
}

} // namespace

double TypeError::rmse() const {
    return values ? std::sqrt(squaredError / static_cast<double>(values)) : 0.0;
}

double TypeError::relativeRmse() const {
    return squaredOriginal > 0 ? std::sqrt(squaredError / squaredOriginal) : 0.0;
}

MixFacts mixFacts(const gguf::File& model) {
    MixFacts f;
    f.architecture = model.architecture();
    if (f.architecture.empty()) {
        return f;
    }
    const std::string prefix = f.architecture + ".";
    f.blockCount = model.getUInt(prefix + "block_count");
    f.headCount = model.getUInt(prefix + "attention.head_count");
    f.headCountKv = model.getUInt(prefix + "attention.head_count_kv");
    f.expertCount = model.getUInt(prefix + "expert_count").value_or(0);
    return f;
}

std::vector<TensorPlan> planQuantization(const gguf::File& model, FileType target) {
    return planQuantization(model.tensors(), mixFacts(model), target);
}

std::vector<TensorPlan> planQuantization(std::span<const gguf::TensorInfo> tensors,
                                         const MixFacts& facts, FileType target) {
    const std::vector<const gguf::TensorInfo*> order = writeOrder(tensors);
    MixContext m{target, baseTensorType(target)};
    m.arch = facts.architecture;
    m.experts = facts.expertCount;
    for (const auto* t : order) {
        const Category c = categoryOf(t->name);
        m.attentionValues += isAttentionValueLike(c) ? 1 : 0;
        m.tiedEmbeddings = m.tiedEmbeddings && c != Category::Output;
    }
    int ffnDowns = 0;
    for (const auto* t : order) {
        ffnDowns += categoryOf(t->name) == Category::FfnDown ? 1 : 0;
    }
    const auto blocks = facts.blockCount;
    m.layers = blocks ? static_cast<int>(std::min<uint64_t>(*blocks, INT32_MAX)) : ffnDowns;
    if (m.arch == "llama" && blocks == kSeventyBLayers) {
        const auto heads = facts.headCount;
        const auto kvHeads = facts.headCountKv;
        m.seventyB = heads && kvHeads && *heads != *kvHeads;
    }

    std::vector<TensorPlan> plan;
    plan.reserve(order.size());
    for (const auto* t : order) {
        TensorPlan p{t->name, t->type, t->type, false};
        if (allowsQuantization(*t)) {
            p.to = m.base;
            if (!isFloatType(m.base)) {
                p.to = fitToRow(chooseType(m, *t), t->ne[0], p.fallback);
            }
        }
        if (p.to != p.from && !isFloatType(p.from)) {
            throw Error("tensor " + t->name + " is already quantized (" +
                        std::string(typeName(p.from)) +
                        "); quantize from the F32, F16 or BF16 model instead");
        }
        if (p.to != p.from && !canDequantize(p.from)) {
            throw Error("unsupported tensor type " + std::string(typeName(p.from)) + " in tensor " +
                        t->name);
        }
        plan.push_back(std::move(p));
    }
    return plan;
}

QuantizeReport quantizeModel(const gguf::File& model, const std::string& outPath, FileType target,
                             const QuantizeProgress& progress, unsigned threads) {
    QuantizeReport report;
    report.plan = planQuantization(model, target);
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }

    gguf::Writer writer;
    writer.copyMetadata(model);
    for (const char* key : {"general.quantization_version", "general.file_type", "split.no",
                            "split.count", "split.tensors.count"}) {
        writer.remove(key);
    }
    writer.set("general.quantization_version", gguf::Value::u32(kQuantizationVersion));
    writer.set("general.file_type", gguf::Value::u32(static_cast<uint32_t>(target)));

    std::map<TensorType, TypeError> errors;
    const std::size_t count = report.plan.size();
    for (std::size_t i = 0; i < count; ++i) {
        const TensorPlan& p = report.plan[i];
        const gguf::TensorInfo& info = *model.findTensor(p.name);
        const std::vector<uint64_t> ne(info.ne.begin(), info.ne.begin() + info.nDims);
        const uint64_t columns = info.ne[0];
        const uint64_t rows = info.elements() / columns;
        const uint64_t outRowBytes = *rowBytes(p.to, columns);
        const uint64_t inRowBytes = *rowBytes(p.from, columns);
        report.bytesIn += info.bytes;
        report.bytesOut += outRowBytes * rows;
        TypeError* stats = nullptr;
        if (p.to != p.from) {
            stats = &errors[p.to];
            stats->type = p.to;
            ++stats->tensors;
            stats->values += info.elements();
        }
        writer.addTensor(
            p.name, p.to, ne, outRowBytes * rows,
            [&, i, stats, columns, rows, outRowBytes, inRowBytes](std::span<uint8_t> out) {
                if (progress) {
                    progress(i, count, report.plan[i]);
                }
                const std::span<const uint8_t> in = model.tensorData(info);
                if (!stats) {
                    std::copy(in.begin(), in.end(), out.begin());
                    return;
                }
                const unsigned workers = static_cast<unsigned>(std::min<uint64_t>(threads, rows));
                std::vector<double> sqErr(workers, 0.0), sqOrig(workers, 0.0);
                std::vector<std::exception_ptr> failures(workers);
                const auto work = [&](unsigned w) {
                    try {
                        std::vector<float> values(columns), back(columns);
                        for (uint64_t r = rows * w / workers; r < rows * (w + 1) / workers; ++r) {
                            dequantize(p.from, in.data() + r * inRowBytes, values.data(), columns);
                            uint8_t* dst = out.data() + r * outRowBytes;
                            quantize(p.to, values.data(), dst, columns);
                            dequantize(p.to, dst, back.data(), columns);
                            for (uint64_t c = 0; c < columns; ++c) {
                                const double e = double(back[c]) - values[c];
                                sqErr[w] += e * e;
                                sqOrig[w] += double(values[c]) * values[c];
                            }
                        }
                    } catch (...) {
                        failures[w] = std::current_exception();
                    }
                };
                std::vector<std::thread> pool;
                for (unsigned w = 1; w < workers; ++w) {
                    pool.emplace_back(work, w);
                }
                work(0);
                for (std::thread& t : pool) {
                    t.join();
                }
                for (unsigned w = 0; w < workers; ++w) {
                    if (failures[w]) {
                        try {
                            std::rethrow_exception(failures[w]);
                        } catch (const Error& e) {
                            throw Error("tensor " + p.name + ": " + e.what());
                        }
                    }
                    stats->squaredError += sqErr[w];
                    stats->squaredOriginal += sqOrig[w];
                }
            });
    }
    writer.write(outPath);
    for (auto& [type, e] : errors) {
        report.errors.push_back(e);
    }
    return report;
}

} // namespace hearth::quant
