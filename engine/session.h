// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/backend.h"
#include "engine/chat/template.h"
#include "engine/sampling/sampler.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

class Model;

/// Why a generation ended.
enum class StopReason {
    EndOfGeneration, ///< the model produced an end-of-generation token
    StopString,      ///< the text reached one of the stop strings
    MaxTokens,       ///< the requested number of tokens was generated
    ContextFull,     ///< the context window has no room left
    Cancelled,       ///< the caller cancelled
};

/// "eos", "stop string", "max tokens", "context full", "cancelled".
const char* stopReasonName(StopReason r);

/// What to do when a chat no longer fits the context window.
enum class ContextOverflow {
    Stop,            ///< refuse with StopReason::ContextFull and a clear message
    DropOldestTurns, ///< drop the oldest messages after the system prompt until it fits
};

/// How to generate.
struct GenerationParams {
    SamplingParams sampling;
    int32_t maxTokens = -1;               ///< -1: until the context is full
    std::vector<std::string> stopStrings; ///< text that ends the answer (not included in it)
    bool ignoreEos = false;               ///< never pick end-of-generation tokens
    ContextOverflow overflow = ContextOverflow::DropOldestTurns;
    /// Room kept for the answer when fitting a chat into the context (tokens).
    uint32_t reserveForAnswer = 256;
    /// Drop whitespace before the first visible character of the output (chat() sets it).
    bool trimLeadingWhitespace = false;
};

/// Counts and timings of one generation.
struct GenerationStats {
    uint32_t promptTokens = 0;    ///< tokens in the prompt
    uint32_t reusedTokens = 0;    ///< of those, already in the KV cache and not evaluated again
    uint32_t generatedTokens = 0; ///< tokens sampled
    uint32_t droppedMessages = 0; ///< chat: oldest messages left out to fit the context
    double prefillSeconds = 0.0;
    double decodeSeconds = 0.0;
    double timeToFirstToken = 0.0; ///< seconds from the call to the first sampled token
    StopReason stopReason = StopReason::EndOfGeneration;

    double prefillTokensPerSecond() const;
    double decodeTokensPerSecond() const;
};

/// The text and tokens of one generation.
struct GenerationResult {
    std::string text;            ///< generated text, stop string excluded
    std::vector<int32_t> tokens; ///< generated token ids
    GenerationStats stats;
};

/// One generated token, with the text it completes (UTF-8 complete; text that might still turn
/// into a stop string is held back and delivered later). A final event with token -1 delivers
/// text still held back when generation ends.
struct TokenEvent {
    int32_t token; ///< the sampled token, or -1 for the final flush
    std::string_view text;
};

/// Called for every generated token; return false to stop (StopReason::Cancelled).
using TokenCallback = std::function<bool(const TokenEvent&)>;
/// Called while the prompt is evaluated: tokens done out of total; return false to cancel.
using PrefillCallback = std::function<bool(uint32_t done, uint32_t total)>;

/// A conversation with one model on one backend: owns the KV cache, evaluates prompts (reusing
/// the cached prefix they share with what was evaluated before), samples and streams tokens.
/// Not thread-safe, except requestCancel(), which may be called from any thread.
class Session {
public:
    Session(std::shared_ptr<const Model> model, std::unique_ptr<Backend> backend);
    ~Session();

    const Model& model() const { return *model_; }
    Backend& backend() { return *backend_; }
    uint32_t contextSize() const { return backend_->contextSize(); }

    /// Raw completion of `prompt` token ids.
    GenerationResult generate(std::span<const int32_t> prompt, const GenerationParams& params,
                              const TokenCallback& onToken = {},
                              const PrefillCallback& onPrefill = {});

    /// The next assistant message for `conversation`, rendered with the model's chat template.
    /// Throws hearth::Error when even the last message cannot fit the context.
    GenerationResult chat(const std::vector<chat::Message>& conversation,
                          const GenerationParams& params, const TokenCallback& onToken = {},
                          const PrefillCallback& onPrefill = {});

    /// Tokens the rendered conversation takes (for a context meter).
    uint32_t countChatTokens(const std::vector<chat::Message>& conversation) const;
    /// The prompt tokens of a conversation, as chat() evaluates them.
    std::vector<int32_t> chatPrompt(const std::vector<chat::Message>& conversation) const;

    /// Asks the running generate()/chat() to stop at the next token. Thread-safe.
    void requestCancel() { cancel_.store(true); }
    /// Forgets the KV cache (the next prompt is evaluated from scratch).
    void reset() { cached_.clear(); }
    /// Tokens whose keys and values are in the cache, in order.
    const std::vector<int32_t>& cachedTokens() const { return cached_; }

private:
    /// Evaluates prompt[reuse..], returns false if cancelled. Leaves the last logits in logits_.
    bool prefill(std::span<const int32_t> prompt, GenerationStats& stats,
                 const PrefillCallback& onPrefill);

    std::shared_ptr<const Model> model_;
    std::unique_ptr<Backend> backend_;
    std::vector<int32_t> cached_;
    std::vector<float> logits_;
    std::atomic<bool> cancel_{false};
};

} // namespace hearth
