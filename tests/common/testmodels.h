// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small valid model files for tests of the app layer: a two-layer transformer with random
// weights, written by the engine's GGUF writer. Header-only.

#include "engine/gguf/value.h"
#include "engine/gguf/writer.h"

#include <QByteArray>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace hearth::test {

/// Shape of the generated model (llama-style names and metadata).
struct TestModelShape {
    std::string architecture = "llama";
    uint32_t embedding = 64;
    uint32_t layers = 2;
    uint32_t heads = 4;
    uint32_t kvHeads = 2;
    uint32_t feedForward = 128;
    uint32_t vocab = 256;
    uint32_t context = 2048;
    bool chatTemplate = true;
};

/// The bytes of a GGUF model of `shape` (about 400 KB by default) whose weights come from
/// `seed`: two seeds give files of the same size with different bytes.
inline QByteArray makeTestModel(uint32_t seed = 1, const TestModelShape& shape = {}) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    const auto values = [&](uint64_t n) {
        std::vector<float> v(n);
        for (float& x : v) {
            x = dist(rng);
        }
        return v;
    };
    const std::string& a = shape.architecture;
    const uint32_t headDim = shape.embedding / shape.heads;
    const uint32_t kvDim = headDim * shape.kvHeads;
    gguf::Writer w;
    w.set("general.architecture", gguf::Value::string(a));
    w.set("general.name", gguf::Value::string("Hearth Test Model " + std::to_string(seed)));
    w.set(a + ".context_length", gguf::Value::u32(shape.context));
    w.set(a + ".embedding_length", gguf::Value::u32(shape.embedding));
    w.set(a + ".block_count", gguf::Value::u32(shape.layers));
    w.set(a + ".feed_forward_length", gguf::Value::u32(shape.feedForward));
    w.set(a + ".attention.head_count", gguf::Value::u32(shape.heads));
    w.set(a + ".attention.head_count_kv", gguf::Value::u32(shape.kvHeads));
    w.set(a + ".attention.layer_norm_rms_epsilon", gguf::Value::f32(1e-5f));
    w.set("tokenizer.ggml.model", gguf::Value::string("gpt2"));
    if (shape.chatTemplate) {
        w.set("tokenizer.chat_template",
              gguf::Value::string("{% for m in messages %}{{ m.content }}{% endfor %}"));
    }
    const uint64_t d = shape.embedding;
    w.addTensor("token_embd.weight", values(d * shape.vocab), {d, shape.vocab});
    for (uint32_t l = 0; l < shape.layers; ++l) {
        const std::string p = "blk." + std::to_string(l) + ".";
        w.addTensor(p + "attn_norm.weight", values(d), {d});
        w.addTensor(p + "attn_q.weight", values(d * d), {d, d});
        w.addTensor(p + "attn_k.weight", values(d * kvDim), {d, kvDim});
        w.addTensor(p + "attn_v.weight", values(d * kvDim), {d, kvDim});
        w.addTensor(p + "attn_output.weight", values(d * d), {d, d});
        w.addTensor(p + "ffn_norm.weight", values(d), {d});
        w.addTensor(p + "ffn_gate.weight", values(d * shape.feedForward), {d, shape.feedForward});
        w.addTensor(p + "ffn_up.weight", values(d * shape.feedForward), {d, shape.feedForward});
        w.addTensor(p + "ffn_down.weight", values(d * shape.feedForward), {shape.feedForward, d});
    }
    w.addTensor("output_norm.weight", values(d), {d});
    w.addTensor("output.weight", values(d * shape.vocab), {d, shape.vocab});
    const std::vector<uint8_t> bytes = w.toBytes();
    return QByteArray(reinterpret_cast<const char*>(bytes.data()),
                      static_cast<qsizetype>(bytes.size()));
}

} // namespace hearth::test
