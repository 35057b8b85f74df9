// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/unicode.h"

#include <algorithm>
#include <array>
#include <span>

namespace hearth::tok {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr std::size_t kBmpSize = 0x10000;

// Code points with the White_Space property (PropList.txt).
constexpr char32_t kWhitespace[] = {
    0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x0020, 0x0085, 0x00A0, 0x1680,
    0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
    0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
};

std::span<const detail::ClassRange> ranges() {
    return {detail::kClassRanges, detail::kClassRangeCount};
}

CharClass searchClass(char32_t cp) {
    const auto table = ranges();
    const auto it = std::upper_bound(
        table.begin(), table.end(), cp,
        [](char32_t value, const detail::ClassRange& r) { return value < r.first; });
    if (it == table.begin()) {
        return CharClass::Unassigned;
    }
    const detail::ClassRange& r = *(it - 1);
    return cp <= r.last ? r.cls : CharClass::Unassigned;
}

// Direct lookup for the Basic Multilingual Plane, where nearly all text lives.
struct BmpTable {
    std::array<CharClass, kBmpSize> cls{};
    BmpTable() {
        for (const detail::ClassRange& r : ranges()) {
            if (r.first >= kBmpSize) {
                break;
            }
            const char32_t last = std::min<char32_t>(r.last, kBmpSize - 1);
            for (char32_t cp = r.first; cp <= last; ++cp) {
                cls[cp] = r.cls;
            }
        }
    }
};

const BmpTable& bmpTable() {
    static const BmpTable table;
    return table;
}

} // namespace

CharClass charClass(char32_t cp) {
    if (cp < kBmpSize) {
        return bmpTable().cls[cp];
    }
    if (cp > kMaxCodePoint) {
        return CharClass::Unassigned;
    }
    return searchClass(cp);
}

bool isWhitespace(char32_t cp) {
    if (cp > kWhitespace[std::size(kWhitespace) - 1]) {
        return false;
    }
    return std::binary_search(std::begin(kWhitespace), std::end(kWhitespace), cp);
}

} // namespace hearth::tok
