// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/bpe.h"

#include "engine/core/utf8.h"

#include <algorithm>

namespace hearth::tok {
namespace {

constexpr int kByteCount = static_cast<int>(kByteValues);
constexpr unsigned char kAsciiEnd = 0x80;
// Bytes that stand for themselves: '!'..'~', '¡'..'¬', '®'..'ÿ'.
constexpr uint8_t kPrintableRanges[][2] = {{0x21, 0x7E}, {0xA1, 0xAC}, {0xAE, 0xFF}};
// The other bytes map to code points from here on, in byte order.
constexpr char32_t kShiftedBase = 0x100;

// Bytes that do not stand for themselves.
constexpr int kShiftedCount = 68;

struct ByteMap {
    std::array<char32_t, kByteCount> toUnicode{};
    std::array<int16_t, kShiftedBase + kShiftedCount> toByte{};
    ByteMap() {
        std::array<bool, kByteCount> printable{};
        for (const auto& r : kPrintableRanges) {
            for (int b = r[0]; b <= r[1]; ++b) {
                printable[static_cast<std::size_t>(b)] = true;
            }
        }
        toByte.fill(-1);
        char32_t next = kShiftedBase;
        for (int b = 0; b < kByteCount; ++b) {
            const char32_t cp =
                printable[static_cast<std::size_t>(b)] ? static_cast<char32_t>(b) : next++;
            toUnicode[static_cast<std::size_t>(b)] = cp;
            toByte[cp] = static_cast<int16_t>(b);
        }
    }
};

const ByteMap& byteMap() {
    static const ByteMap map;
    return map;
}

} // namespace

char32_t byteToUnicode(uint8_t byte) {
    return byteMap().toUnicode[byte];
}

int unicodeToByte(char32_t cp) {
    const auto& table = byteMap().toByte;
    return cp < table.size() ? table[cp] : -1;
}

BpeModel::BpeModel(const Vocab& vocab) : vocab_(vocab) {
    for (int b = 0; b < kByteCount; ++b) {
        std::string& s = byteChars_[static_cast<std::size_t>(b)];
        appendUtf8(s, byteToUnicode(static_cast<uint8_t>(b)));
        bytePieces_[static_cast<std::size_t>(b)] = intern(s);
        byteTokenIds_[static_cast<std::size_t>(b)] = vocab.find(s).value_or(kNoToken);
    }
    merges_.reserve(vocab.merges.size());
    std::string joined;
    for (std::size_t rank = 0; rank < vocab.merges.size(); ++rank) {
        const std::string& m = vocab.merges[rank];
        const std::size_t space = m.find(' ', 1);
        const std::string_view left = std::string_view(m).substr(0, space);
        const std::string_view right = std::string_view(m).substr(space + 1);
        joined.assign(left);
        joined.append(right);
        const int32_t l = intern(left);
        const int32_t r = intern(right);
        const int32_t result = intern(joined);
        merges_.insert(l, r, PairIndex::Entry{static_cast<int32_t>(rank), result});
    }
}

int32_t BpeModel::findPiece(std::string_view text) const {
    if (const auto id = vocab_.find(text)) {
        return *id;
    }
    if (const auto extra = extraIndex_.find(text, extraPieces_)) {
        return static_cast<int32_t>(vocab_.size()) + *extra;
    }
    return -1;
}

int32_t BpeModel::intern(std::string_view text) {
    const int32_t found = findPiece(text);
    if (found >= 0) {
        return found;
    }
    extraPieces_.emplace_back(text);
    const auto extra = static_cast<int32_t>(extraPieces_.size() - 1);
    extraIndex_.insert(extra, extraPieces_);
    return static_cast<int32_t>(vocab_.size()) + extra;
}

void BpeModel::tryAdd(const std::vector<Symbol>& symbols, int32_t left, int32_t right,
                      std::vector<Bigram>& heap) const {
    if (left < 0 || right < 0) {
        return;
    }
    const int32_t lp = symbols[static_cast<std::size_t>(left)].piece;
    const int32_t rp = symbols[static_cast<std::size_t>(right)].piece;
    if (lp < 0 || rp < 0) {
        return;
    }
    const PairIndex::Entry* merge = merges_.find(lp, rp);
    if (!merge) {
        return;
    }
    heap.push_back(Bigram{merge->rank, left, right, lp, rp, merge->result});
    std::push_heap(heap.begin(), heap.end(), QueuedAfter{});
}

void BpeModel::emitWord(std::string_view word, const Symbol& s, std::vector<int32_t>& out) const {
    if (s.piece >= 0 && static_cast<std::size_t>(s.piece) < vocab_.size()) {
        out.push_back(s.piece);
        return;
    }
    // Not a token: one token per byte, as far as the vocabulary has them.
    for (char c : word.substr(s.start, s.length)) {
        const int32_t id = byteTokenIds_[static_cast<unsigned char>(c)];
        if (id != kNoToken) {
            out.push_back(id);
        } else if (vocab_.unk != kNoToken) {
            out.push_back(vocab_.unk);
        }
    }
}

void BpeModel::encodeWord(std::string_view word, std::vector<int32_t>& out) const {
    if (word.empty()) {
        return;
    }
    thread_local std::string encoded;
    thread_local std::vector<Symbol> symbols;
    thread_local std::vector<Bigram> heap;

    if (vocab_.ignoreMerges) {
        encoded.clear();
        for (char c : word) {
            encoded += byteChars_[static_cast<unsigned char>(c)];
        }
        if (const auto id = vocab_.find(encoded)) {
            out.push_back(*id);
            return;
        }
    }

    symbols.clear();
    const auto n = static_cast<int32_t>(word.size());
    for (int32_t i = 0; i < n; ++i) {
        symbols.push_back(Symbol{bytePieces_[static_cast<unsigned char>(word[i])],
                                 static_cast<uint32_t>(i), 1, i - 1, i + 1 < n ? i + 1 : -1});
    }
    heap.clear();
    for (int32_t i = 1; i < n; ++i) {
        tryAdd(symbols, i - 1, i, heap);
    }
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), QueuedAfter{});
        const Bigram b = heap.back();
        heap.pop_back();
        Symbol& l = symbols[static_cast<std::size_t>(b.left)];
        Symbol& r = symbols[static_cast<std::size_t>(b.right)];
        // Stale: a side was merged since this pair was queued.
        if (l.length == 0 || r.length == 0 || l.piece != b.leftPiece || r.piece != b.rightPiece ||
            l.next != b.right) {
            continue;
        }
        l.piece = b.result;
        l.length += r.length;
        r.length = 0;
        l.next = r.next;
        if (r.next >= 0) {
            symbols[static_cast<std::size_t>(r.next)].prev = b.left;
        }
        tryAdd(symbols, l.prev, b.left, heap);
        tryAdd(symbols, b.left, l.next, heap);
    }
    for (int32_t i = 0; i != -1; i = symbols[static_cast<std::size_t>(i)].next) {
        emitWord(word, symbols[static_cast<std::size_t>(i)], out);
    }
}

std::string BpeModel::decodeText(std::string_view tokenText) {
    std::string out;
    out.reserve(tokenText.size());
    std::size_t pos = 0;
    while (pos < tokenText.size()) {
        const std::size_t before = pos;
        const char32_t cp = decodeUtf8(tokenText, pos);
        const bool valid =
            pos - before > 1 || static_cast<unsigned char>(tokenText[before]) < kAsciiEnd;
        const int b = valid ? unicodeToByte(cp) : -1;
        if (b >= 0) {
            out += static_cast<char>(b);
        } else {
            out.append(tokenText.substr(before, pos - before));
        }
    }
    return out;
}

} // namespace hearth::tok
