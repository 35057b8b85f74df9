// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/model/config.h"
#include "engine/model/weights.h"

#include <functional>
#include <memory>
#include <string>

namespace hearth {

namespace gguf {
class File;
}
namespace tok {
class Tokenizer;
}
namespace chat {
class ChatFormatter;
}

/// A loaded model: its GGUF file (memory-mapped), configuration, weights, tokenizer and chat
/// template. Immutable once loaded, so one Model can serve several sessions and threads.
class Model {
public:
    /// Opens and validates `path`. Throws hearth::Error naming the problem (not a GGUF file,
    /// unknown architecture, a missing tensor, an unsupported tensor type, a bad vocabulary).
    static std::shared_ptr<const Model> load(const std::string& path);
    /// Takes ownership of an already parsed file.
    static std::shared_ptr<const Model> fromFile(std::unique_ptr<gguf::File> file);
    ~Model();

    const gguf::File& file() const { return *file_; }
    const ModelConfig& config() const { return config_; }
    const ModelWeights& weights() const { return weights_; }
    const tok::Tokenizer& tokenizer() const { return *tokenizer_; }
    const chat::ChatFormatter& chat() const { return *chat_; }

private:
    Model() = default;

    std::unique_ptr<gguf::File> file_;
    ModelConfig config_;
    ModelWeights weights_;
    std::unique_ptr<tok::Tokenizer> tokenizer_;
    std::unique_ptr<chat::ChatFormatter> chat_;
};

} // namespace hearth
