// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/model.h"

#include "engine/chat/chat_formatter.h"
#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/gguf/gguf.h"
#include "engine/tokenizer/tokenizer.h"

namespace hearth {

namespace {

/// The text of a special token, or "" when the id is absent or out of range.
std::string tokenTextOrEmpty(const tok::Tokenizer& t, int32_t id) {
    return id >= 0 && size_t(id) < t.size() ? std::string(t.tokenText(id)) : std::string();
}

} // namespace

Model::~Model() = default;

std::shared_ptr<const Model> Model::load(const std::string& path) {
    return fromFile(gguf::File::open(path));
}

std::shared_ptr<const Model> Model::fromFile(std::unique_ptr<gguf::File> file) {
    std::shared_ptr<Model> m(new Model);
    m->file_ = std::move(file);
    m->config_ = readModelConfig(*m->file_);
    m->weights_ = loadWeights(*m->file_, m->config_);
    m->tokenizer_ = tok::Tokenizer::fromGguf(*m->file_);
    if (m->tokenizer_->size() < m->config_.nVocab) {
        // Extra embedding rows (padding) are harmless; fewer tokens than rows is not.
        log(LogLevel::Info, "model",
            m->file_->name() + ": the embedding has more rows than the vocabulary has tokens");
    } else if (m->tokenizer_->size() > m->config_.nVocab) {
        throw Error(m->file_->name() + ": the vocabulary has " +
                    std::to_string(m->tokenizer_->size()) + " tokens but the embedding only " +
                    std::to_string(m->config_.nVocab) + " rows");
    }
    m->chat_ = std::make_unique<chat::ChatFormatter>(
        m->file_->getString("tokenizer.chat_template").value_or(""), m->file_->architecture(),
        tokenTextOrEmpty(*m->tokenizer_, m->tokenizer_->bos()),
        tokenTextOrEmpty(*m->tokenizer_, m->tokenizer_->eos()));
    if (m->chat_->usingBuiltin()) {
        log(LogLevel::Warning, "model", m->file_->name() + ": " + m->chat_->warning());
    }
    return m;
}

} // namespace hearth
