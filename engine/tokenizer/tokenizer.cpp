// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/tokenizer.h"

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/tokenizer/bpe.h"
#include "engine/tokenizer/pretokenize.h"
#include "engine/tokenizer/spm.h"

#include <array>
#include <limits>
#include <unordered_map>

namespace hearth::tok {
namespace {

// U+2581 LOWER ONE EIGHTH BLOCK, SentencePiece's visible space.
constexpr std::string_view kSpmSpace = "\xE2\x96\x81";
constexpr int kHexBase = 16;
constexpr int kDecimalDigits = 10;
// "<0x" and ">" around a byte token's hex digits.
constexpr std::string_view kBytePrefix = "<0x";
constexpr std::size_t kByteTokenLength = 6;
// Words up to this long are remembered while encoding one text.
constexpr std::size_t kCachedWordBytes = 32;

// isspace() in the C locale: what LSTRIP/RSTRIP remove next to a special token.
bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string replaceAll(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (true) {
        const std::size_t hit = text.find(from, pos);
        if (hit == std::string_view::npos) {
            out.append(text.substr(pos));
            return out;
        }
        out.append(text.substr(pos, hit - pos));
        out.append(to);
        pos = hit + from.size();
    }
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + kDecimalDigits;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + kDecimalDigits;
    }
    return -1;
}

// The byte of an SPM byte token "<0xXX>", or -1.
int byteOfToken(std::string_view text) {
    if (text.size() != kByteTokenLength || text.substr(0, kBytePrefix.size()) != kBytePrefix ||
        text.back() != '>') {
        return -1;
    }
    const int hi = hexValue(text[kBytePrefix.size()]);
    const int lo = hexValue(text[kBytePrefix.size() + 1]);
    return hi < 0 || lo < 0 ? -1 : hi * kHexBase + lo;
}

// The clean-up of byte-level BPE decoding: no space before ? ! . , and before some
// apostrophe contractions; " ' " becomes "'".
std::string cleanSpaces(const std::string& in) {
    std::string a;
    a.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char x = in[i];
        if (i > 0 && in[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
            a.pop_back();
        }
        a += x;
    }
    std::string b;
    b.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i];
        if (i > 0 && x == '\'' && i + 1 < a.size() && a[i - 1] == ' ' && a[i + 1] == ' ') {
            b.pop_back();
            b += x;
            ++i; // the space after it goes too
            continue;
        }
        b += x;
    }
    std::string c;
    c.reserve(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) {
        const char x = b[i];
        if (i > 0 && b[i - 1] == ' ' && x == '\'' && i + 1 < b.size()) {
            const char x1 = b[i + 1];
            const char x2 = i + 2 < b.size() ? b[i + 2] : '\0';
            if (x1 == 's' || x1 == 'm' || (x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e')) {
                c.pop_back();
            }
        }
        c += x;
    }
    return c;
}

} // namespace

std::unique_ptr<Tokenizer> Tokenizer::fromGguf(const gguf::File& file) {
    return std::make_unique<Tokenizer>(Vocab::fromGguf(file));
}

Tokenizer::Tokenizer(Vocab vocab) : vocab_(std::move(vocab)) {
    const std::size_t n = vocab_.size();
    if (n == 0 || n > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
        throw Error("the vocabulary is empty or too large");
    }
    if (vocab_.scores.size() != n || vocab_.types.size() != n || vocab_.lstrip.size() != n ||
        vocab_.rstrip.size() != n) {
        throw Error("the vocabulary's token tables have different sizes");
    }
    for (int32_t id : vocab_.specials) {
        if (!vocab_.contains(id) || vocab_.texts[static_cast<std::size_t>(id)].empty()) {
            throw Error("the vocabulary lists an invalid special token");
        }
    }
    if (vocab_.model == VocabModel::Spm) {
        spm_ = std::make_unique<SpmModel>(vocab_);
    } else {
        bpe_ = std::make_unique<BpeModel>(vocab_);
    }
    pieces_.resize(vocab_.size());
    hidden_.assign(vocab_.size(), 0);
    for (std::size_t i = 0; i < vocab_.size(); ++i) {
        const std::string& text = vocab_.texts[i];
        switch (vocab_.types[i]) {
        case TokenType::Control:
        case TokenType::Unknown:
            pieces_[i] = text;
            hidden_[i] = 1;
            break;
        case TokenType::UserDefined:
            pieces_[i] = text;
            break;
        case TokenType::Byte:
            if (const int b = byteOfToken(text); b >= 0 && vocab_.model == VocabModel::Spm) {
                pieces_[i] = std::string(1, static_cast<char>(b));
            } else {
                pieces_[i] = spm_ ? replaceAll(text, kSpmSpace, " ") : BpeModel::decodeText(text);
            }
            break;
        case TokenType::Normal:
            pieces_[i] = spm_ ? replaceAll(text, kSpmSpace, " ") : BpeModel::decodeText(text);
            break;
        case TokenType::Unused:
        case TokenType::Undefined:
            break;
        }
    }
}

Tokenizer::~Tokenizer() = default;

std::optional<int32_t> Tokenizer::eot() const {
    if (vocab_.eot == kNoToken) {
        return std::nullopt;
    }
    return vocab_.eot;
}

bool Tokenizer::isControl(int32_t id) const {
    return vocab_.contains(id) && vocab_.types[static_cast<std::size_t>(id)] == TokenType::Control;
}

bool Tokenizer::stripsLeadingSpace() const {
    return vocab_.model == VocabModel::Spm && vocab_.addSpacePrefix;
}

std::string_view Tokenizer::tokenText(int32_t id) const {
    return vocab_.contains(id) ? std::string_view(vocab_.texts[static_cast<std::size_t>(id)])
                               : std::string_view();
}

const std::string& Tokenizer::piece(int32_t id) const {
    if (!vocab_.contains(id)) {
        throw Error("token id " + std::to_string(id) + " is outside the vocabulary of " +
                    std::to_string(vocab_.size()) + " tokens");
    }
    return pieces_[static_cast<std::size_t>(id)];
}

std::string Tokenizer::tokenToPiece(int32_t id, bool renderSpecial) const {
    const std::string& p = piece(id);
    if (hidden_[static_cast<std::size_t>(id)] && !renderSpecial) {
        return {};
    }
    return p;
}

std::vector<Tokenizer::Fragment> Tokenizer::partition(std::string_view text,
                                                      bool parseSpecial) const {
    std::vector<Fragment> fragments{Fragment{kNoToken, 0, static_cast<uint32_t>(text.size())}};
    std::array<bool, kByteValues> present{};
    for (char c : text) {
        present[static_cast<unsigned char>(c)] = true;
    }
    std::vector<Fragment> next;
    for (int32_t id : vocab_.specials) {
        const auto i = static_cast<std::size_t>(id);
        const TokenType type = vocab_.types[i];
        if (!parseSpecial && (type == TokenType::Control || type == TokenType::Unknown)) {
            continue; // only user-defined tokens are recognised in plain text
        }
        const std::string& special = vocab_.texts[i];
        if (!present[static_cast<unsigned char>(special.front())]) {
            continue;
        }
        next.clear();
        bool changed = false;
        for (const Fragment& f : fragments) {
            if (f.token != kNoToken) {
                next.push_back(f);
                continue;
            }
            uint32_t begin = f.begin;
            uint32_t length = f.length;
            while (length > 0) {
                const std::string_view area = text.substr(begin, length);
                const std::size_t hit = area.find(special);
                if (hit == std::string_view::npos) {
                    break;
                }
                changed = true;
                std::size_t left = hit;
                if (vocab_.lstrip[i]) {
                    while (left > 0 && isAsciiSpace(area[left - 1])) {
                        --left;
                    }
                }
                if (left > 0) {
                    next.push_back(Fragment{kNoToken, begin, static_cast<uint32_t>(left)});
                }
                next.push_back(Fragment{id, 0, 0});
                std::size_t right = hit + special.size();
                if (vocab_.rstrip[i]) {
                    while (right < area.size() && isAsciiSpace(area[right])) {
                        ++right;
                    }
                }
                begin += static_cast<uint32_t>(right);
                length -= static_cast<uint32_t>(right);
            }
            if (length > 0) {
                next.push_back(Fragment{kNoToken, begin, length});
            }
        }
        if (changed) {
            fragments.swap(next);
        }
    }
    return fragments;
}

void Tokenizer::encodeSpm(std::string_view text, const std::vector<Fragment>& fragments,
                          std::vector<int32_t>& out) const {
    bool afterSpecial = true; // the start of the text counts as after a special token
    std::string buffer;
    for (const Fragment& f : fragments) {
        if (f.token != kNoToken) {
            out.push_back(f.token);
            afterSpecial = true;
            continue;
        }
        buffer.clear();
        if (vocab_.addSpacePrefix && afterSpecial) {
            buffer = kSpmSpace;
        }
        buffer += replaceAll(text.substr(f.begin, f.length), " ", kSpmSpace);
        spm_->encode(buffer, out);
        afterSpecial = false;
    }
}

void Tokenizer::encodeBpe(std::string_view text, const std::vector<Fragment>& fragments,
                          std::vector<int32_t>& out) const {
    SplitBuffers buffers;
    std::vector<std::string_view> words;
    // Words recur (Zipf): remember the tokens of short words for the rest of this text.
    struct Span {
        std::size_t begin;
        std::size_t length;
    };
    std::unordered_map<std::string_view, Span> cache;
    std::vector<int32_t> cached;
    for (const Fragment& f : fragments) {
        if (f.token != kNoToken) {
            out.push_back(f.token);
            continue;
        }
        splitWords(vocab_.pre, text.substr(f.begin, f.length), buffers, words);
        for (std::string_view w : words) {
            if (w.size() > kCachedWordBytes) {
                bpe_->encodeWord(w, out);
                continue;
            }
            const auto [it, added] = cache.try_emplace(w, Span{cached.size(), 0});
            if (added) {
                bpe_->encodeWord(w, cached);
                it->second.length = cached.size() - it->second.begin;
            }
            const auto first = cached.begin() + static_cast<std::ptrdiff_t>(it->second.begin);
            out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(it->second.length));
        }
    }
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool addSpecial,
                                       bool parseSpecial) const {
    if (text.size() > std::numeric_limits<uint32_t>::max()) {
        throw Error("the text is too long to tokenize at once (4 GiB at most)");
    }
    std::vector<int32_t> out;
    if (addSpecial && vocab_.addBos) {
        out.push_back(vocab_.bos);
    }
    if (!text.empty()) {
        const std::vector<Fragment> fragments = partition(text, parseSpecial);
        if (spm_) {
            encodeSpm(text, fragments, out);
        } else {
            encodeBpe(text, fragments, out);
        }
    }
    if (addSpecial && vocab_.addEos) {
        out.push_back(vocab_.eos);
    }
    return out;
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool renderSpecial) const {
    std::string out;
    bool stripSpace = stripsLeadingSpace();
    for (int32_t id : ids) {
        const std::string& p = piece(id);
        if (p.empty() || (hidden_[static_cast<std::size_t>(id)] && !renderSpecial)) {
            continue;
        }
        std::string_view text = p;
        if (stripSpace && text.front() == ' ') {
            text.remove_prefix(1);
        }
        stripSpace = false;
        out.append(text);
    }
    if (bpe_ && vocab_.cleanSpaces) {
        return cleanSpaces(out);
    }
    return out;
}

} // namespace hearth::tok
