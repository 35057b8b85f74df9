// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/pytext.h"

#include "engine/core/utf8.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace hearth::chat::py {
namespace {

constexpr char32_t kSharpS = 0xDF;     // ß, upper-cased to "SS"
constexpr char32_t kMicro = 0xB5;      // µ, upper-cased to Greek capital mu
constexpr char32_t kYDiaeresis = 0xFF; // ÿ ↔ Ÿ (U+0178)
constexpr char32_t kFinalSigma = 0x3C2;
constexpr int kMinFixedExponent = -4; // repr() switches to exponent notation outside
constexpr int kMaxFixedExponent = 16; // 1e-05 .. 1e+16

/// A range of code points whose case partner is at a fixed offset, or (when `alternating`) a
/// run of upper/lower pairs where the upper-case letter has the even (or odd) code point.
struct CaseRange {
    char32_t first;
    char32_t last;
    int32_t toUpperOffset; // added to a lower-case letter of the range
    bool alternating;
    bool upperIsEven;
};

// Lower-case ranges and how to reach their upper-case partners.
constexpr CaseRange kCaseRanges[] = {
    {0x61, 0x7A, -32, false, false},     // a-z
    {0xE0, 0xF6, -32, false, false},     // à-ö
    {0xF8, 0xFE, -32, false, false},     // ø-þ
    {0x100, 0x12F, 0, true, true},       // Latin Extended-A pairs
    {0x132, 0x137, 0, true, true},       //
    {0x139, 0x148, 0, true, false},      //
    {0x14A, 0x177, 0, true, true},       //
    {0x179, 0x17E, 0, true, false},      //
    {0x3B1, 0x3C1, -32, false, false},   // α-ρ
    {0x3C3, 0x3CB, -32, false, false},   // σ-ϋ
    {0x3AD, 0x3AF, -37, false, false},   // έ-ί
    {0x3CD, 0x3CE, -63, false, false},   // ύ-ώ
    {0x430, 0x44F, -32, false, false},   // а-я
    {0x450, 0x45F, -80, false, false},   // ѐ-џ
    {0x460, 0x481, 0, true, true},       // Cyrillic extended pairs
    {0x48A, 0x4BF, 0, true, true},       //
    {0x561, 0x586, -48, false, false},   // Armenian
    {0xFF41, 0xFF5A, -32, false, false}, // full-width a-z
};

bool inPairRange(const CaseRange& r, char32_t cp, bool wantUpper) {
    if (cp < r.first || cp > r.last) {
        return false;
    }
    const bool even = cp % 2 == 0;
    return (even == r.upperIsEven) == wantUpper;
}

template <typename Fn>
void forEachCodePoint(std::string_view s, Fn&& fn) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t start = pos;
        const char32_t cp = decodeUtf8(s, pos);
        fn(cp, s.substr(start, pos - start));
    }
}

void appendMapped(std::string& out, char32_t original, char32_t mapped, std::string_view bytes) {
    if (mapped == original) {
        out.append(bytes);
    } else {
        appendUtf8(out, mapped);
    }
}

void appendUpper(std::string& out, char32_t cp, std::string_view bytes) {
    if (cp == kSharpS) {
        out += "SS";
        return;
    }
    appendMapped(out, cp, toUpper(cp), bytes);
}

bool inSet(char32_t cp, const std::vector<char32_t>& set) {
    for (char32_t c : set) {
        if (c == cp) {
            return true;
        }
    }
    return false;
}

int digitValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'Z') {
        return c - 'A' + 10;
    }
    return -1;
}

/// The start of the code point that ends at `pos` (> 0).
std::size_t previousCodePoint(std::string_view s, std::size_t pos) {
    std::size_t p = pos - 1;
    const std::size_t floor = pos >= 4 ? pos - 4 : 0;
    while (p > floor && (static_cast<uint8_t>(s[p]) & 0xC0) == 0x80) {
        --p;
    }
    std::size_t next = p;
    decodeUtf8(s, next);
    return next == pos ? p : pos - 1;
}

std::string_view trimAsciiAndUnicodeSpace(std::string_view s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e) {
        std::size_t next = 0;
        if (!isSpace(codePointAt(s, b, next))) {
            break;
        }
        b = next;
    }
    while (e > b) {
        const std::size_t start = previousCodePoint(s, e);
        std::size_t next = 0;
        if (start < b || !isSpace(codePointAt(s, start, next))) {
            break;
        }
        e = start;
    }
    return s.substr(b, e - b);
}

} // namespace

bool isSpace(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
    }
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::size_t nextCodePoint(std::string_view s, std::size_t pos) {
    decodeUtf8(s, pos);
    return pos;
}

char32_t codePointAt(std::string_view s, std::size_t pos, std::size_t& next) {
    next = pos;
    return decodeUtf8(s, next);
}

std::size_t length(std::string_view s) {
    std::size_t n = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (static_cast<uint8_t>(s[pos]) < 0x80) {
            ++pos;
        } else {
            decodeUtf8(s, pos);
        }
        ++n;
    }
    return n;
}

std::vector<std::string_view> codePoints(std::string_view s) {
    std::vector<std::string_view> out;
    out.reserve(s.size());
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t start = pos;
        decodeUtf8(s, pos);
        out.push_back(s.substr(start, pos - start));
    }
    return out;
}

char32_t toUpper(char32_t cp) {
    if (cp == kMicro) {
        return 0x39C;
    }
    if (cp == kYDiaeresis) {
        return 0x178;
    }
    if (cp == kFinalSigma) {
        return 0x3A3;
    }
    if (cp == 0x3AC) {
        return 0x386;
    }
    if (cp == 0x3CC) {
        return 0x38C;
    }
    if (cp == 0x131) {
        return 'I';
    }
    if (cp == 0x17F) {
        return 'S';
    }
    for (const CaseRange& r : kCaseRanges) {
        if (r.alternating) {
            if (inPairRange(r, cp, false)) {
                return cp - 1;
            }
        } else if (cp >= r.first && cp <= r.last) {
            return static_cast<char32_t>(static_cast<int32_t>(cp) + r.toUpperOffset);
        }
    }
    return cp;
}

char32_t toLower(char32_t cp) {
    if (cp == 0x178) {
        return kYDiaeresis;
    }
    if (cp == 0x386) {
        return 0x3AC;
    }
    if (cp == 0x38C) {
        return 0x3CC;
    }
    if (cp == 0x3A2) {
        return cp; // unassigned between Ρ and Σ
    }
    for (const CaseRange& r : kCaseRanges) {
        if (r.alternating) {
            if (inPairRange(r, cp, true)) {
                return cp + 1;
            }
            continue;
        }
        const auto upperFirst =
            static_cast<char32_t>(static_cast<int32_t>(r.first) + r.toUpperOffset);
        const auto upperLast =
            static_cast<char32_t>(static_cast<int32_t>(r.last) + r.toUpperOffset);
        if (cp >= upperFirst && cp <= upperLast) {
            return static_cast<char32_t>(static_cast<int32_t>(cp) - r.toUpperOffset);
        }
    }
    return cp;
}

bool isCased(char32_t cp) {
    return cp == kSharpS || toUpper(cp) != cp || toLower(cp) != cp;
}

std::string upper(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    forEachCodePoint(s, [&](char32_t cp, std::string_view b) { appendUpper(out, cp, b); });
    return out;
}

std::string lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    forEachCodePoint(
        s, [&](char32_t cp, std::string_view b) { appendMapped(out, cp, toLower(cp), b); });
    return out;
}

std::string capitalize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool first = true;
    forEachCodePoint(s, [&](char32_t cp, std::string_view b) {
        if (first) {
            appendUpper(out, cp, b);
            first = false;
        } else {
            appendMapped(out, cp, toLower(cp), b);
        }
    });
    return out;
}

std::string title(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool previousCased = false;
    forEachCodePoint(s, [&](char32_t cp, std::string_view b) {
        if (previousCased) {
            appendMapped(out, cp, toLower(cp), b);
        } else {
            appendUpper(out, cp, b);
        }
        previousCased = isCased(cp);
    });
    return out;
}

bool isUpper(std::string_view s) {
    bool cased = false;
    bool ok = true;
    forEachCodePoint(s, [&](char32_t cp, std::string_view) {
        if (isCased(cp)) {
            cased = true;
            ok = ok && toUpper(cp) == cp && cp != kSharpS;
        }
    });
    return cased && ok;
}

bool isLower(std::string_view s) {
    bool cased = false;
    bool ok = true;
    forEachCodePoint(s, [&](char32_t cp, std::string_view) {
        if (isCased(cp)) {
            cased = true;
            ok = ok && toLower(cp) == cp;
        }
    });
    return cased && ok;
}

std::string strip(std::string_view s, std::optional<std::string_view> chars, bool left,
                  bool right) {
    std::vector<char32_t> set;
    if (chars) {
        forEachCodePoint(*chars, [&](char32_t cp, std::string_view) { set.push_back(cp); });
    }
    auto strippable = [&](char32_t cp) { return chars ? inSet(cp, set) : isSpace(cp); };
    const std::vector<std::string_view> cps = codePoints(s);
    std::size_t b = 0;
    std::size_t e = cps.size();
    auto cpOf = [&](std::size_t i) {
        std::size_t next = 0;
        return codePointAt(cps[i], 0, next);
    };
    if (left) {
        while (b < e && strippable(cpOf(b))) {
            ++b;
        }
    }
    if (right) {
        while (e > b && strippable(cpOf(e - 1))) {
            --e;
        }
    }
    if (b == e) {
        return {};
    }
    const std::size_t from = static_cast<std::size_t>(cps[b].data() - s.data());
    const std::size_t to =
        static_cast<std::size_t>(cps[e - 1].data() - s.data()) + cps[e - 1].size();
    return std::string(s.substr(from, to - from));
}

std::vector<std::string> split(std::string_view s, std::optional<std::string_view> sep,
                               int64_t maxsplit) {
    std::vector<std::string> out;
    if (sep) {
        std::size_t pos = 0;
        while (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) {
            const std::size_t hit = s.find(*sep, pos);
            if (hit == std::string_view::npos) {
                break;
            }
            out.emplace_back(s.substr(pos, hit - pos));
            pos = hit + sep->size();
        }
        out.emplace_back(s.substr(pos));
        return out;
    }
    std::size_t pos = 0;
    while (pos < s.size()) {
        // Skip whitespace.
        std::size_t next = 0;
        while (pos < s.size() && isSpace(codePointAt(s, pos, next))) {
            pos = next;
        }
        if (pos >= s.size()) {
            break;
        }
        if (maxsplit >= 0 && static_cast<int64_t>(out.size()) >= maxsplit) {
            out.emplace_back(s.substr(pos));
            break;
        }
        const std::size_t start = pos;
        while (pos < s.size() && !isSpace(codePointAt(s, pos, next))) {
            pos = next;
        }
        out.emplace_back(s.substr(start, pos - start));
    }
    return out;
}

std::vector<std::string> rsplit(std::string_view s, std::optional<std::string_view> sep,
                                int64_t maxsplit) {
    if (maxsplit < 0) {
        return split(s, sep, maxsplit);
    }
    std::vector<std::string> out;
    if (sep) {
        std::size_t end = s.size();
        while (static_cast<int64_t>(out.size()) < maxsplit && end >= sep->size()) {
            const std::size_t hit = s.rfind(*sep, end - sep->size());
            if (hit == std::string_view::npos) {
                break;
            }
            out.emplace_back(s.substr(hit + sep->size(), end - hit - sep->size()));
            end = hit;
        }
        out.emplace_back(s.substr(0, end));
        return {out.rbegin(), out.rend()};
    }
    auto spaceBefore = [&](std::size_t pos, std::size_t& start) {
        start = previousCodePoint(s, pos);
        std::size_t next = 0;
        return isSpace(codePointAt(s, start, next));
    };
    std::size_t end = s.size();
    std::size_t start = 0;
    while (end > 0) {
        while (end > 0 && spaceBefore(end, start)) {
            end = start;
        }
        if (end == 0) {
            break;
        }
        if (static_cast<int64_t>(out.size()) >= maxsplit) {
            out.emplace_back(s.substr(0, end));
            break;
        }
        std::size_t wordStart = end;
        while (wordStart > 0 && !spaceBefore(wordStart, start)) {
            wordStart = start;
        }
        out.emplace_back(s.substr(wordStart, end - wordStart));
        end = wordStart;
    }
    return {out.rbegin(), out.rend()};
}

std::vector<std::string> splitLines(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t next = 0;
        const char32_t cp = codePointAt(s, pos, next);
        const bool boundary = cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C ||
                              (cp >= 0x1C && cp <= 0x1E) || cp == 0x85 || cp == 0x2028 ||
                              cp == 0x2029;
        if (boundary) {
            out.emplace_back(s.substr(start, pos - start));
            if (cp == '\r' && next < s.size() && s[next] == '\n') {
                ++next;
            }
            start = next;
        }
        pos = next;
    }
    if (start < s.size()) {
        out.emplace_back(s.substr(start));
    }
    return out;
}

std::optional<std::string> replace(std::string_view s, std::string_view old,
                                   std::string_view replacement, int64_t count,
                                   std::size_t maxBytes) {
    std::string out;
    int64_t done = 0;
    auto room = [&](std::size_t extra) { return out.size() + extra <= maxBytes; };
    if (old.empty()) {
        const std::vector<std::string_view> cps = codePoints(s);
        for (std::size_t i = 0; i <= cps.size(); ++i) {
            if (count < 0 || done < count) {
                if (!room(replacement.size())) {
                    return std::nullopt;
                }
                out.append(replacement);
                ++done;
            }
            if (i < cps.size()) {
                if (!room(cps[i].size())) {
                    return std::nullopt;
                }
                out.append(cps[i]);
            }
        }
        return out;
    }
    std::size_t pos = 0;
    while (count < 0 || done < count) {
        const std::size_t hit = s.find(old, pos);
        if (hit == std::string_view::npos) {
            break;
        }
        if (!room(hit - pos + replacement.size())) {
            return std::nullopt;
        }
        out.append(s.substr(pos, hit - pos));
        out.append(replacement);
        pos = hit + old.size();
        ++done;
    }
    if (!room(s.size() - pos)) {
        return std::nullopt;
    }
    out.append(s.substr(pos));
    return out;
}

std::size_t count(std::string_view s, std::string_view needle) {
    if (needle.empty()) {
        return length(s) + 1;
    }
    std::size_t n = 0;
    std::size_t pos = 0;
    while ((pos = s.find(needle, pos)) != std::string_view::npos) {
        ++n;
        pos += needle.size();
    }
    return n;
}

std::string floatRepr(double v) {
    if (std::isnan(v)) {
        return "nan";
    }
    if (std::isinf(v)) {
        return v < 0 ? "-inf" : "inf";
    }
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
    std::string out;
    if (!sci.empty() && sci[0] == '-') {
        out += '-';
        sci.remove_prefix(1);
    }
    const std::size_t ePos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, ePos)) {
        if (c != '.') {
            digits += c;
        }
    }
    int exponent = 0;
    std::from_chars(sci.data() + ePos + 1 + (sci[ePos + 1] == '+' ? 1 : 0), sci.data() + sci.size(),
                    exponent);
    while (digits.size() > 1 && digits.back() == '0') {
        digits.pop_back();
    }
    const int decpt = exponent + 1;
    if (exponent >= kMinFixedExponent && exponent < kMaxFixedExponent) {
        const auto nd = static_cast<int>(digits.size());
        if (decpt <= 0) {
            out += "0.";
            out.append(static_cast<std::size_t>(-decpt), '0');
            out += digits;
        } else if (decpt >= nd) {
            out += digits;
            out.append(static_cast<std::size_t>(decpt - nd), '0');
            out += ".0";
        } else {
            out += digits.substr(0, static_cast<std::size_t>(decpt));
            out += '.';
            out += digits.substr(static_cast<std::size_t>(decpt));
        }
        return out;
    }
    out += digits[0];
    if (digits.size() > 1) {
        out += '.';
        out += digits.substr(1);
    }
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
    return out;
}

std::string strRepr(std::string_view s) {
    const bool hasSingle = s.find('\'') != std::string_view::npos;
    const bool hasDouble = s.find('"') != std::string_view::npos;
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    std::string out;
    out.reserve(s.size() + 2);
    out += quote;
    std::size_t pos = 0;
    while (pos < s.size()) {
        // Plain printable ASCII is copied in runs.
        std::size_t run = pos;
        while (run < s.size()) {
            const auto b = static_cast<unsigned char>(s[run]);
            if (b < 0x20 || b >= 0x7F || b == '\\' || b == static_cast<unsigned char>(quote)) {
                break;
            }
            ++run;
        }
        out.append(s.substr(pos, run - pos));
        pos = run;
        if (pos >= s.size()) {
            break;
        }
        std::size_t next = 0;
        const char32_t cp = codePointAt(s, pos, next);
        char buf[16];
        if (cp == '\\' || cp == static_cast<char32_t>(quote)) {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
            out += buf;
        } else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(s.substr(pos, next - pos));
        }
        pos = next;
    }
    out += quote;
    return out;
}

std::optional<int64_t> parseInt(std::string_view text, int base) {
    std::string_view s = trimAsciiAndUnicodeSpace(text);
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    auto hasPrefix = [&](char lowerLetter) {
        return s.size() > 2 && s[0] == '0' && (s[1] == lowerLetter || s[1] == lowerLetter - 32);
    };
    if (base == 0) {
        if (hasPrefix('x')) {
            base = 16;
        } else if (hasPrefix('o')) {
            base = 8;
        } else if (hasPrefix('b')) {
            base = 2;
        } else {
            base = 10;
            // Python rejects leading zeros in base 0 ("010"), except for zero itself.
            if (s.size() > 1 && s[0] == '0' &&
                s.find_first_not_of("0_") != std::string_view::npos) {
                return std::nullopt;
            }
        }
        if (base != 10) {
            s.remove_prefix(2);
            if (!s.empty() && s[0] == '_') {
                s.remove_prefix(1);
            }
        }
    } else if ((base == 16 && hasPrefix('x')) || (base == 8 && hasPrefix('o')) ||
               (base == 2 && hasPrefix('b'))) {
        s.remove_prefix(2);
    }
    if (s.empty() || base < 2 || base > 36) {
        return std::nullopt;
    }
    uint64_t magnitude = 0;
    const uint64_t limit = negative ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX);
    bool lastUnderscore = true; // no leading underscore
    for (char c : s) {
        if (c == '_') {
            if (lastUnderscore) {
                return std::nullopt;
            }
            lastUnderscore = true;
            continue;
        }
        const int d = digitValue(c);
        if (d < 0 || d >= base) {
            return std::nullopt;
        }
        lastUnderscore = false;
        const auto ub = static_cast<uint64_t>(base);
        if (magnitude > (limit - static_cast<uint64_t>(d)) / ub) {
            return std::nullopt;
        }
        magnitude = magnitude * ub + static_cast<uint64_t>(d);
    }
    if (lastUnderscore) {
        return std::nullopt;
    }
    if (negative) {
        return magnitude == (uint64_t{1} << 63) ? std::numeric_limits<int64_t>::min()
                                                : -static_cast<int64_t>(magnitude);
    }
    return static_cast<int64_t>(magnitude);
}

std::optional<double> parseFloat(std::string_view text) {
    std::string s;
    for (char c : trimAsciiAndUnicodeSpace(text)) {
        if (c != '_') {
            s += c;
        }
    }
    std::string lowered = lower(s);
    std::string_view body = lowered;
    bool negative = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        negative = body[0] == '-';
        body.remove_prefix(1);
    }
    if (body == "inf" || body == "infinity") {
        return negative ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity();
    }
    if (body == "nan") {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (body.empty() || !(std::isdigit(static_cast<unsigned char>(body[0])) || body[0] == '.')) {
        return std::nullopt;
    }
    double v = 0;
    const auto res = std::from_chars(body.data(), body.data() + body.size(), v);
    if (res.ec == std::errc::result_out_of_range) {
        // Overflow gives inf in Python; underflow gives 0.
        const bool huge =
            body.find('e') == std::string_view::npos || body.find("e-") == std::string_view::npos;
        v = huge ? std::numeric_limits<double>::infinity() : 0.0;
    } else if (res.ec != std::errc() || res.ptr != body.data() + body.size()) {
        return std::nullopt;
    }
    return negative ? -v : v;
}

} // namespace hearth::chat::py
