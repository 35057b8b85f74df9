// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/weights.h"

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"

namespace hearth {
namespace {

/// Looks tensors up by name and checks them against the expected shapes.
class Binder {
public:
    Binder(const gguf::File& f) : f_(f) {}

    /// `rows` 0 means a vector of `cols` values.
    WeightTensor get(const std::string& name, uint64_t cols, uint64_t rows, bool required = true) {
        const gguf::TensorInfo* t = f_.findTensor(name);
        if (!t) {
            if (required) {
                throw Error(f_.name() + ": tensor " + name + " is missing");
            }
            return {};
        }
        const auto traits = typeTraits(t->type);
        if (!traits.supported) {
            throw Error(f_.name() + ": unsupported tensor type " + std::string(traits.name) +
                        " in tensor " + name);
        }
        const uint64_t gotRows = t->nDims >= 2 ? t->ne[1] : 0;
        const bool extraDims = t->ne[2] != 1 || t->ne[3] != 1;
        const bool isVector = rows == 0;
        if (t->ne[0] != cols || extraDims ||
            (isVector ? (t->nDims != 1 && gotRows != 1) : gotRows != rows)) {
            const std::string want =
                isVector ? "[" + std::to_string(cols) + "]"
                         : "[" + std::to_string(cols) + ", " + std::to_string(rows) + "]";
            throw Error(f_.name() + ": tensor " + name + " has shape " + t->shapeString() +
                        ", expected " + want);
        }
        WeightTensor w;
        w.name = name;
        w.type = t->type;
        w.data = f_.tensorData(*t).data();
        w.cols = t->ne[0];
        w.rows = isVector ? 1 : rows;
        w.bytes = t->bytes;
        w.rowBytes = t->bytes / w.rows;
        return w;
    }

private:
    const gguf::File& f_;
};

} // namespace

ModelWeights loadWeights(const gguf::File& f, const ModelConfig& c) {
    Binder b(f);
    ModelWeights w;
    const uint64_t d = c.nEmbd;
    w.tokenEmbd = b.get("token_embd.weight", d, c.nVocab);
    w.outputNorm = b.get("output_norm.weight", d, 0);
    w.output = b.get("output.weight", d, c.nVocab, false);
    w.tiedOutput = !w.output;
    if (w.tiedOutput) {
        w.output = w.tokenEmbd;
    }
    w.ropeFreqs = b.get("rope_freqs.weight", c.nRot / 2, 0, false);
    w.ropeFactorsLong = b.get("rope_factors_long.weight", c.nRot / 2, 0, false);
    w.ropeFactorsShort = b.get("rope_factors_short.weight", c.nRot / 2, 0, false);

    const bool fusedQkv = c.arch == Architecture::Phi3;
    const bool biases = c.arch == Architecture::Qwen2;
    const bool gemma2 = c.arch == Architecture::Gemma2;
    w.layers.resize(c.nLayer);
    for (uint32_t l = 0; l < c.nLayer; ++l) {
        LayerWeights& L = w.layers[l];
        const std::string p = "blk." + std::to_string(l) + ".";
        L.attnNorm = b.get(p + "attn_norm.weight", d, 0);
        if (fusedQkv && f.findTensor(p + "attn_qkv.weight")) {
            L.wqkv = b.get(p + "attn_qkv.weight", d, c.qDim() + c.kvDim() + c.kvDimV());
        } else {
            L.wq = b.get(p + "attn_q.weight", d, c.qDim());
            L.wk = b.get(p + "attn_k.weight", d, c.kvDim());
            L.wv = b.get(p + "attn_v.weight", d, c.kvDimV());
        }
        // Qwen2 has Q/K/V biases; other families may carry them too (optional there).
        L.bq = b.get(p + "attn_q.bias", c.qDim(), 0, biases);
        L.bk = b.get(p + "attn_k.bias", c.kvDim(), 0, biases);
        L.bv = b.get(p + "attn_v.bias", c.kvDimV(), 0, biases);
        L.wo = b.get(p + "attn_output.weight", c.nHead * c.headDimV, d);
        L.ffnNorm = b.get(p + "ffn_norm.weight", d, 0);
        if (fusedQkv && !f.findTensor(p + "ffn_gate.weight")) {
            L.up = b.get(p + "ffn_up.weight", d, 2ull * c.nFf);
        } else {
            L.gate = b.get(p + "ffn_gate.weight", d, c.nFf);
            L.up = b.get(p + "ffn_up.weight", d, c.nFf);
        }
        L.down = b.get(p + "ffn_down.weight", c.nFf, d);
        if (gemma2) {
            L.postAttnNorm = b.get(p + "post_attention_norm.weight", d, 0);
            L.postFfwNorm = b.get(p + "post_ffw_norm.weight", d, 0);
        }
    }
    for (const auto& t : f.tensors()) {
        w.totalBytes += t.bytes;
    }
    return w;
}

} // namespace hearth
