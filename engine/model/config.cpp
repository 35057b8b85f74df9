// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/config.h"

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"

#include <cmath>

namespace hearth {
namespace {

constexpr float kDefaultRopeBase = 10000.0f;
/// Gemma 2 27B scales queries by 1/sqrt(nEmbd/nHead) rather than 1/sqrt(headDim).
constexpr uint32_t kGemma2Large27BLayers = 46;
/// Gemma 2 alternates sliding-window and global layers.
constexpr uint32_t kGemma2SwaPattern = 2;

Architecture parseArchitecture(const std::string& name, const std::string& file) {
    if (name == "llama") {
        return Architecture::Llama;
    }
    if (name == "qwen2") {
        return Architecture::Qwen2;
    }
    if (name == "phi3") {
        return Architecture::Phi3;
    }
    if (name == "gemma") {
        return Architecture::Gemma;
    }
    if (name == "gemma2") {
        return Architecture::Gemma2;
    }
    if (name.empty()) {
        throw Error(file + ": general.architecture is missing; this is not a model file");
    }
    throw Error(file + ": unsupported model architecture \"" + name +
                "\" (Hearth runs llama, qwen2, phi3, gemma and gemma2)");
}

} // namespace

const char* architectureName(Architecture a) {
    switch (a) {
    case Architecture::Llama:
        return "llama";
    case Architecture::Qwen2:
        return "qwen2";
    case Architecture::Phi3:
        return "phi3";
    case Architecture::Gemma:
        return "gemma";
    case Architecture::Gemma2:
        return "gemma2";
    }
    return "?";
}

ModelConfig readModelConfig(const gguf::File& f) {
    const std::string& file = f.name();
    const std::string archName = f.architecture();
    ModelConfig c;
    c.arch = parseArchitecture(archName, file);
    c.name = f.getString("general.name").value_or(archName);

    const auto key = [&](const char* suffix) { return archName + "." + suffix; };
    const auto required = [&](const char* suffix) -> uint32_t {
        const auto v = f.getUInt(key(suffix));
        if (!v || *v == 0 || *v > 0x7fffffff) {
            throw Error(file + ": metadata " + key(suffix) + " is missing or invalid");
        }
        return static_cast<uint32_t>(*v);
    };
    const auto optional = [&](const char* suffix, uint32_t fallback) -> uint32_t {
        const auto v = f.getUInt(key(suffix));
        if (v && (*v == 0 || *v > 0x7fffffff)) {
            throw Error(file + ": metadata " + key(suffix) + " is invalid");
        }
        return v ? static_cast<uint32_t>(*v) : fallback;
    };

    c.nEmbd = required("embedding_length");
    c.nLayer = required("block_count");
    c.nFf = required("feed_forward_length");
    c.nHead = required("attention.head_count");
    c.nHeadKv = optional("attention.head_count_kv", c.nHead);
    c.nCtxTrain = optional("context_length", 2048);
    if (c.nHead % c.nHeadKv != 0) {
        throw Error(file + ": " + std::to_string(c.nHead) + " query heads cannot share " +
                    std::to_string(c.nHeadKv) + " key/value heads");
    }
    if (c.nEmbd % c.nHead != 0 && !f.has(key("attention.key_length"))) {
        throw Error(file + ": embedding width is not a multiple of the head count");
    }
    c.headDim = optional("attention.key_length", c.nEmbd / c.nHead);
    c.headDimV = optional("attention.value_length", c.headDim);
    c.nRot = optional("rope.dimension_count", c.headDim);
    if (c.nRot > c.headDim || c.nRot % 2 != 0) {
        throw Error(file + ": rope.dimension_count " + std::to_string(c.nRot) +
                    " does not fit a head of " + std::to_string(c.headDim));
    }
    if (const auto eps = f.getFloat(key("attention.layer_norm_rms_epsilon"))) {
        c.rmsEps = static_cast<float>(*eps);
    }
    c.ropeFreqBase =
        static_cast<float>(f.getFloat(key("rope.freq_base")).value_or(kDefaultRopeBase));

    // RoPE scaling: rope.scaling.type/factor (older files: rope.scale_linear).
    const std::string scaling = f.getString(key("rope.scaling.type")).value_or("");
    const double factor = f.getFloat(key("rope.scaling.factor"))
                              .value_or(f.getFloat(key("rope.scale_linear")).value_or(1.0));
    if (scaling == "linear" || (scaling.empty() && factor > 1.0)) {
        c.ropeScaling = factor > 1.0 ? RopeScaling::Linear : RopeScaling::None;
    } else if (scaling == "yarn") {
        c.ropeScaling = RopeScaling::Yarn;
    } else if (!scaling.empty() && scaling != "none" && scaling != "longrope" &&
               scaling != "llama3") {
        throw Error(file + ": unsupported RoPE scaling \"" + scaling + "\"");
    }
    c.ropeScaleFactor = factor > 0.0 ? static_cast<float>(factor) : 1.0f;
    c.ropeOrigCtx = optional("rope.scaling.original_context_length", c.nCtxTrain);
    c.ropeAttnFactor =
        static_cast<float>(f.getFloat(key("rope.scaling.attn_factor")).value_or(1.0));
    if (const auto v = f.getFloat(key("rope.scaling.yarn_beta_fast"))) {
        c.yarnBetaFast = static_cast<float>(*v);
    }
    if (const auto v = f.getFloat(key("rope.scaling.yarn_beta_slow"))) {
        c.yarnBetaSlow = static_cast<float>(*v);
    }

    c.attentionScale = 1.0f / std::sqrt(static_cast<float>(c.headDim));
    switch (c.arch) {
    case Architecture::Llama:
        c.ropeOrder = RopeOrder::Normal;
        break;
    case Architecture::Qwen2:
    case Architecture::Phi3:
        c.ropeOrder = RopeOrder::NeoX;
        break;
    case Architecture::Gemma:
        c.ropeOrder = RopeOrder::NeoX;
        c.activation = Activation::GeluTanh;
        c.embeddingScale = std::sqrt(static_cast<float>(c.nEmbd));
        break;
    case Architecture::Gemma2:
        c.ropeOrder = RopeOrder::NeoX;
        c.activation = Activation::GeluTanh;
        c.embeddingScale = std::sqrt(static_cast<float>(c.nEmbd));
        c.attnSoftcap = static_cast<float>(f.getFloat(key("attn_logit_softcapping")).value_or(0.0));
        c.finalSoftcap =
            static_cast<float>(f.getFloat(key("final_logit_softcapping")).value_or(0.0));
        c.slidingWindow = optional("attention.sliding_window", 0);
        c.swaPattern = kGemma2SwaPattern;
        if (c.nLayer == kGemma2Large27BLayers) {
            c.attentionScale = 1.0f / std::sqrt(static_cast<float>(c.nEmbd / c.nHead));
        }
        break;
    }

    // The vocabulary size comes from the embedding table (checked when weights load).
    if (const auto* emb = f.findTensor("token_embd.weight")) {
        c.nVocab = static_cast<uint32_t>(emb->ne[1]);
    } else {
        throw Error(file + ": tensor token_embd.weight is missing");
    }
    return c;
}

} // namespace hearth
