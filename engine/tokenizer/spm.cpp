// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/spm.h"

#include "engine/core/utf8.h"

#include <algorithm>
#include <unordered_map>

namespace hearth::tok {
namespace {

constexpr unsigned char kAsciiEnd = 0x80;
// U+2581, the escaped space.
constexpr std::string_view kSpace = "\xE2\x96\x81";
// Words up to this long are remembered while encoding one text.
constexpr std::size_t kCachedWordBytes = 32;

// Length of the symbol starting at `pos`: a whole valid UTF-8 sequence, or one byte.
std::size_t symbolLength(std::string_view text, std::size_t pos) {
    if (static_cast<unsigned char>(text[pos]) < kAsciiEnd) {
        return 1;
    }
    std::size_t next = pos;
    decodeUtf8(text, next);
    return next - pos;
}

} // namespace

SpmModel::SpmModel(const Vocab& vocab) : vocab_(vocab) {
    splittable_ = true;
    for (const std::string& t : vocab.texts) {
        maxTokenLength_ = std::max(maxTokenLength_, t.size());
        for (std::size_t i = t.find(kSpace, 1); i != std::string::npos; i = t.find(kSpace, i + 1)) {
            if (i < kSpace.size() || t.compare(i - kSpace.size(), kSpace.size(), kSpace) != 0) {
                splittable_ = false;
            }
        }
    }
}

void SpmModel::tryAdd(std::string_view text, const std::vector<Symbol>& symbols, int32_t left,
                      int32_t right, std::vector<Bigram>& heap) const {
    if (left < 0 || right < 0) {
        return;
    }
    const Symbol& l = symbols[static_cast<std::size_t>(left)];
    const Symbol& r = symbols[static_cast<std::size_t>(right)];
    const uint32_t length = l.length + r.length;
    if (length > maxTokenLength_) {
        return;
    }
    const auto id = vocab_.find(text.substr(l.start, length));
    if (!id) {
        return;
    }
    heap.push_back(Bigram{vocab_.scores[static_cast<std::size_t>(*id)], left, right, length});
    std::push_heap(heap.begin(), heap.end(), QueuedAfter{});
}

void SpmModel::emitBytes(std::string_view bytes, std::vector<int32_t>& out) const {
    for (char c : bytes) {
        const int32_t id = vocab_.byteTokens[static_cast<unsigned char>(c)];
        if (id != kNoToken) {
            out.push_back(id);
        } else if (vocab_.unk != kNoToken) {
            out.push_back(vocab_.unk);
        }
    }
}

void SpmModel::encode(std::string_view text, std::vector<int32_t>& out) const {
    if (!splittable_) {
        encodePiece(text, out);
        return;
    }
    // No token contains a space after anything but a space, so no merge can cross the start of
    // a word: each word is tokenized on its own with the same result. Words recur, so the
    // tokens of short ones are remembered for the rest of the text.
    struct Span {
        std::size_t begin;
        std::size_t length;
    };
    std::unordered_map<std::string_view, Span> cache;
    std::vector<int32_t> cached;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t cut = text.find(kSpace, start + 1);
        while (cut != std::string_view::npos && cut >= kSpace.size() &&
               text.compare(cut - kSpace.size(), kSpace.size(), kSpace) == 0) {
            cut = text.find(kSpace, cut + kSpace.size());
        }
        const std::string_view word =
            text.substr(start, cut == std::string_view::npos ? text.size() - start : cut - start);
        start += word.size();
        if (word.size() > kCachedWordBytes) {
            encodePiece(word, out);
            continue;
        }
        const auto [it, added] = cache.try_emplace(word, Span{cached.size(), 0});
        if (added) {
            encodePiece(word, cached);
            it->second.length = cached.size() - it->second.begin;
        }
        const auto first = cached.begin() + static_cast<std::ptrdiff_t>(it->second.begin);
        out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(it->second.length));
    }
}

void SpmModel::encodePiece(std::string_view text, std::vector<int32_t>& out) const {
    if (text.empty()) {
        return;
    }
    thread_local std::vector<Symbol> symbols;
    thread_local std::vector<Bigram> heap;
    symbols.clear();
    symbols.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t len = symbolLength(text, pos);
        const auto index = static_cast<int32_t>(symbols.size());
        symbols.push_back(Symbol{static_cast<uint32_t>(pos), static_cast<uint32_t>(len), index - 1,
                                 pos + len == text.size() ? -1 : index + 1});
        pos += len;
    }

    heap.clear();
    for (std::size_t i = 1; i < symbols.size(); ++i) {
        tryAdd(text, symbols, static_cast<int32_t>(i - 1), static_cast<int32_t>(i), heap);
    }
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), QueuedAfter{});
        const Bigram b = heap.back();
        heap.pop_back();
        Symbol& l = symbols[static_cast<std::size_t>(b.left)];
        Symbol& r = symbols[static_cast<std::size_t>(b.right)];
        // Stale: a side was merged away or grew since this pair was queued.
        if (l.length == 0 || r.length == 0 || l.length + r.length != b.length) {
            continue;
        }
        l.length += r.length;
        r.length = 0;
        l.next = r.next;
        if (r.next >= 0) {
            symbols[static_cast<std::size_t>(r.next)].prev = b.left;
        }
        tryAdd(text, symbols, l.prev, b.left, heap);
        tryAdd(text, symbols, b.left, l.next, heap);
    }

    for (int32_t i = 0; i != -1; i = symbols[static_cast<std::size_t>(i)].next) {
        const Symbol& s = symbols[static_cast<std::size_t>(i)];
        const std::string_view piece = text.substr(s.start, s.length);
        if (const auto id = vocab_.find(piece)) {
            out.push_back(*id);
        } else {
            emitBytes(piece, out);
        }
    }
}

} // namespace hearth::tok
