// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/spm.h"

#include "engine/core/utf8.h"

#include <algorithm>

namespace hearth::tok {
namespace {

constexpr unsigned char kAsciiEnd = 0x80;

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
    for (const std::string& t : vocab.texts) {
        maxTokenLength_ = std::max(maxTokenLength_, t.size());
    }
}

bool SpmModel::queuedAfter(const Bigram& a, const Bigram& b) {
    return a.score < b.score || (a.score == b.score && a.left > b.left);
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
    std::push_heap(heap.begin(), heap.end(), &SpmModel::queuedAfter);
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
    if (text.empty()) {
        return;
    }
    std::vector<Symbol> symbols;
    symbols.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t len = symbolLength(text, pos);
        const auto index = static_cast<int32_t>(symbols.size());
        symbols.push_back(Symbol{static_cast<uint32_t>(pos), static_cast<uint32_t>(len), index - 1,
                                 pos + len == text.size() ? -1 : index + 1});
        pos += len;
    }

    std::vector<Bigram> heap;
    heap.reserve(symbols.size());
    for (std::size_t i = 1; i < symbols.size(); ++i) {
        tryAdd(text, symbols, static_cast<int32_t>(i - 1), static_cast<int32_t>(i), heap);
    }
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), &SpmModel::queuedAfter);
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
