// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/utf8.h"
#include "engine/tokenizer/tokenizer.h"

namespace hearth::tok {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD
constexpr unsigned char kAsciiEnd = 0x80;
constexpr unsigned char kContinuationMask = 0xC0;
constexpr unsigned char kContinuationBits = 0x80;

bool isContinuation(unsigned char b) {
    return (b & kContinuationMask) == kContinuationBits;
}

} // namespace

StreamDecoder::StreamDecoder(const Tokenizer& tokenizer, bool renderSpecial)
    : tokenizer_(tokenizer), renderSpecial_(renderSpecial) {}

void StreamDecoder::reset() {
    atStart_ = true;
    pending_.clear();
}

std::string StreamDecoder::push(int32_t id) {
    std::string piece = tokenizer_.tokenToPiece(id, renderSpecial_);
    if (piece.empty()) {
        return {};
    }
    if (atStart_ && tokenizer_.stripsLeadingSpace() && piece.front() == ' ') {
        piece.erase(0, 1);
    }
    atStart_ = false;
    pending_ += piece;
    return takeComplete(false);
}

std::string StreamDecoder::finish() {
    std::string out = takeComplete(true);
    pending_.clear();
    return out;
}

std::string StreamDecoder::takeComplete(bool final) {
    std::string out;
    std::size_t pos = 0;
    while (pos < pending_.size()) {
        const auto lead = static_cast<unsigned char>(pending_[pos]);
        if (lead < kAsciiEnd) {
            out += pending_[pos++];
            continue;
        }
        const std::size_t need = utf8SequenceLength(lead);
        if (need > 1 && pos + need > pending_.size() && !final) {
            // Hold back a sequence that its next bytes may still complete.
            bool prefix = true;
            for (std::size_t i = pos + 1; i < pending_.size(); ++i) {
                prefix = prefix && isContinuation(static_cast<unsigned char>(pending_[i]));
            }
            if (prefix) {
                break;
            }
        }
        const std::size_t before = pos;
        decodeUtf8(pending_, pos);
        if (pos - before > 1) {
            out.append(pending_, before, pos - before);
        } else {
            out += kReplacement;
        }
    }
    pending_.erase(0, pos);
    return out;
}

} // namespace hearth::tok
