// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/session.h"

#include "engine/chat/chat_formatter.h"
#include "engine/core/error.h"
#include "engine/core/utf8.h"
#include "engine/model/model.h"
#include "engine/tokenizer/tokenizer.h"

#include <algorithm>
#include <chrono>

namespace hearth {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

/// Length of the longest suffix of `text` that is a proper prefix of some stop string: that
/// much text must be held back, since the next token may complete the stop string.
std::size_t heldBackLength(std::string_view text, const std::vector<std::string>& stops) {
    std::size_t hold = 0;
    for (const std::string& s : stops) {
        const std::size_t maxLen = std::min(s.size() - 1, text.size());
        for (std::size_t len = maxLen; len > hold; --len) {
            if (text.substr(text.size() - len) == std::string_view(s).substr(0, len)) {
                hold = len;
                break;
            }
        }
    }
    return hold;
}

} // namespace

const char* stopReasonName(StopReason r) {
    switch (r) {
    case StopReason::EndOfGeneration:
        return "eos";
    case StopReason::StopString:
        return "stop string";
    case StopReason::MaxTokens:
        return "max tokens";
    case StopReason::ContextFull:
        return "context full";
    case StopReason::Cancelled:
        return "cancelled";
    }
    return "?";
}

double GenerationStats::prefillTokensPerSecond() const {
    const uint32_t evaluated = promptTokens - reusedTokens;
    return prefillSeconds > 0.0 ? evaluated / prefillSeconds : 0.0;
}

double GenerationStats::decodeTokensPerSecond() const {
    // The first token comes from the prefill's logits; later ones each cost one decode step.
    const uint32_t steps = generatedTokens > 1 ? generatedTokens - 1 : 0;
    return decodeSeconds > 0.0 ? steps / decodeSeconds : 0.0;
}

Session::Session(std::shared_ptr<const Model> model, std::unique_ptr<Backend> backend)
    : model_(std::move(model)), backend_(std::move(backend)) {}

Session::~Session() = default;

bool Session::prefill(std::span<const int32_t> prompt, GenerationStats& stats,
                      const PrefillCallback& onPrefill) {
    // Reuse the cached prefix, but always evaluate at least the last prompt token: its logits
    // give the first generated token.
    std::size_t reuse = 0;
    while (reuse < cached_.size() && reuse < prompt.size() && cached_[reuse] == prompt[reuse]) {
        ++reuse;
    }
    reuse = std::min(reuse, prompt.size() - 1);
    cached_.resize(reuse);
    stats.promptTokens = static_cast<uint32_t>(prompt.size());
    stats.reusedTokens = static_cast<uint32_t>(reuse);

    const auto start = Clock::now();
    const uint32_t total = static_cast<uint32_t>(prompt.size() - reuse);
    const uint32_t batch = backend_->maxBatch();
    for (std::size_t pos = reuse; pos < prompt.size(); pos += batch) {
        if (cancel_.load()) {
            return false;
        }
        const std::size_t n = std::min<std::size_t>(batch, prompt.size() - pos);
        backend_->forward(prompt.subspan(pos, n), static_cast<uint32_t>(pos), false, logits_);
        cached_.insert(cached_.end(), prompt.begin() + long(pos), prompt.begin() + long(pos + n));
        if (onPrefill && !onPrefill(static_cast<uint32_t>(pos + n - reuse), total)) {
            return false;
        }
    }
    stats.prefillSeconds = secondsSince(start);
    return true;
}

GenerationResult Session::generate(std::span<const int32_t> prompt, const GenerationParams& params,
                                   const TokenCallback& onToken, const PrefillCallback& onPrefill) {
    cancel_.store(false);
    GenerationResult result;
    GenerationStats& stats = result.stats;
    if (prompt.empty()) {
        throw Error("the prompt is empty");
    }
    const uint32_t nCtx = backend_->contextSize();
    if (prompt.size() >= nCtx) {
        throw Error("the prompt has " + std::to_string(prompt.size()) +
                    " tokens, more than the context of " + std::to_string(nCtx) + " allows");
    }
    const auto start = Clock::now();
    if (!prefill(prompt, stats, onPrefill)) {
        stats.stopReason = StopReason::Cancelled;
        return result;
    }

    const tok::Tokenizer& tokenizer = model_->tokenizer();
    std::vector<int32_t> banned;
    if (params.ignoreEos) {
        for (int32_t id = 0; id < static_cast<int32_t>(tokenizer.size()); ++id) {
            if (tokenizer.isEndOfGeneration(id)) {
                banned.push_back(id);
            }
        }
    }
    Sampler sampler(params.sampling);
    std::vector<int32_t> history(prompt.begin(), prompt.end());
    std::string pending; // bytes generated but not yet delivered
    std::size_t delivered = 0;
    const auto decodeStart = Clock::now();

    for (;;) {
        const int32_t token = sampler.sample(logits_, history, banned);
        if (stats.generatedTokens == 0) {
            stats.timeToFirstToken = secondsSince(start);
        }
        if (!params.ignoreEos && tokenizer.isEndOfGeneration(token)) {
            stats.stopReason = StopReason::EndOfGeneration;
            break;
        }
        ++stats.generatedTokens;
        result.tokens.push_back(token);
        history.push_back(token);
        pending += tokenizer.tokenToPiece(token);
        if (params.trimLeadingWhitespace && delivered == 0) {
            // A chat answer starts at its first visible character.
            const std::size_t start = pending.find_first_not_of(" \t\r\n");
            pending.erase(0, start == std::string::npos ? pending.size() : start);
        }

        // Stop strings end the answer; the stop string itself is not part of it.
        bool stopped = false;
        for (const std::string& s : params.stopStrings) {
            const std::size_t at = pending.find(s, delivered > s.size() ? delivered - s.size() : 0);
            if (!s.empty() && at != std::string::npos) {
                pending.resize(at);
                stopped = true;
            }
        }
        // Deliver what is complete UTF-8 and cannot become a stop string any more.
        std::size_t safe = completeUtf8Prefix(pending);
        if (!stopped) {
            safe -= std::min(safe, heldBackLength(std::string_view(pending).substr(0, safe),
                                                  params.stopStrings));
        }
        safe = std::max(safe, delivered);
        const std::string_view fresh =
            std::string_view(pending).substr(delivered, safe - delivered);
        delivered = safe;
        if (onToken && !onToken(TokenEvent{token, fresh})) {
            stats.stopReason = StopReason::Cancelled;
            break;
        }
        if (stopped) {
            stats.stopReason = StopReason::StopString;
            break;
        }
        if (cancel_.load()) {
            stats.stopReason = StopReason::Cancelled;
            break;
        }
        if (params.maxTokens >= 0 && stats.generatedTokens >= uint32_t(params.maxTokens)) {
            stats.stopReason = StopReason::MaxTokens;
            break;
        }
        if (cached_.size() + 1 >= nCtx) {
            stats.stopReason = StopReason::ContextFull;
            break;
        }
        const int32_t one[] = {token};
        backend_->forward(one, static_cast<uint32_t>(cached_.size()), false, logits_);
        cached_.push_back(token);
    }
    stats.decodeSeconds = secondsSince(decodeStart);
    // Whatever is still held back is final now (a stop string can no longer complete).
    if (onToken && delivered < pending.size() && stats.stopReason != StopReason::StopString) {
        const std::string_view rest = std::string_view(pending).substr(delivered);
        onToken(TokenEvent{-1, rest});
    }
    result.text = pending;
    return result;
}

std::vector<int32_t> Session::chatPrompt(const std::vector<chat::Message>& conversation) const {
    const tok::Tokenizer& tokenizer = model_->tokenizer();
    const std::string text = model_->chat().format(conversation, true, tokenizer.addBos());
    return tokenizer.encode(text, true, true);
}

uint32_t Session::countChatTokens(const std::vector<chat::Message>& conversation) const {
    return static_cast<uint32_t>(chatPrompt(conversation).size());
}

GenerationResult Session::chat(const std::vector<chat::Message>& conversation,
                               const GenerationParams& params, const TokenCallback& onToken,
                               const PrefillCallback& onPrefill) {
    if (conversation.empty()) {
        throw Error("the conversation is empty");
    }
    const uint32_t nCtx = backend_->contextSize();
    const uint32_t reserve = std::min(params.reserveForAnswer, nCtx / 4);
    std::vector<chat::Message> messages = conversation;
    std::vector<int32_t> prompt = chatPrompt(messages);
    uint32_t dropped = 0;
    // Drop the oldest messages after the system prompt until the prompt and the room for the
    // answer fit. The last message always stays.
    while (prompt.size() + reserve > nCtx) {
        const std::size_t first = !messages.empty() && messages.front().role == "system" ? 1 : 0;
        if (params.overflow == ContextOverflow::Stop || messages.size() <= first + 1) {
            GenerationResult r;
            r.stats.promptTokens = static_cast<uint32_t>(prompt.size());
            r.stats.stopReason = StopReason::ContextFull;
            if (messages.size() <= first + 1) {
                throw Error("the message is too long for the context window (" +
                            std::to_string(prompt.size()) + " tokens; the context holds " +
                            std::to_string(nCtx) + ")");
            }
            return r;
        }
        // Drop a whole exchange (user + assistant) where possible, so roles keep alternating.
        std::size_t count = 1;
        if (messages.size() > first + 2 && messages[first].role == "user" &&
            messages[first + 1].role == "assistant") {
            count = 2;
        }
        messages.erase(messages.begin() + long(first), messages.begin() + long(first + count));
        dropped += static_cast<uint32_t>(count);
        prompt = chatPrompt(messages);
    }
    GenerationParams p = params;
    p.trimLeadingWhitespace = true;
    for (const std::string& s : model_->chat().stopStrings()) {
        if (std::find(p.stopStrings.begin(), p.stopStrings.end(), s) == p.stopStrings.end()) {
            p.stopStrings.push_back(s);
        }
    }
    GenerationResult r = generate(prompt, p, onToken, onPrefill);
    r.stats.droppedMessages = dropped;
    return r;
}

} // namespace hearth
