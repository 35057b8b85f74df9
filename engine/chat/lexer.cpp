// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/lexer.h"

#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"
#include "engine/core/utf8.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace hearth::chat {
namespace {

constexpr int kHexBase = 16;
constexpr int kOctalBase = 8;
constexpr int kMaxOctalDigits = 3;
constexpr int kShortUnicodeDigits = 4; // \uXXXX
constexpr int kLongUnicodeDigits = 8;  // \UXXXXXXXX
constexpr int kByteEscapeDigits = 2;   // \xXX
constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr int kDecimalBase = 10;
constexpr int kBinaryBase = 2;
/// Lengths of the tag delimiters: "{%" "%}" "{{" "}}" "{#" "#}", and with a sign "-%}" "+%}".
constexpr std::size_t kDelimiter = 2;
constexpr std::size_t kSignedDelimiter = 3;
constexpr std::size_t kNumberPrefix = 2; // 0x, 0o, 0b
constexpr std::string_view kRaw = "raw";
constexpr std::string_view kEndRaw = "endraw";

/// Jinja's operators, longest first so that "**" wins over "*".
constexpr std::string_view kOperators[] = {"**", "//", "==", "!=", ">=", "<=", "+", "-", "/",
                                           "*",  "%",  "~",  "[",  "]",  "(",  ")", "{", "}",
                                           ">",  "<",  "=",  ".",  ":",  "|",  ",", ";"};

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(char c) {
    return isNameStart(c) || isDigit(c);
}

std::string normalizeNewlines(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\r') {
            out += '\n';
            if (i + 1 < in.size() && in[i + 1] == '\n') {
                ++i;
            }
        } else {
            out += in[i];
        }
    }
    if (!out.empty() && out.back() == '\n') {
        out.pop_back(); // keep_trailing_newline is off
    }
    return out;
}

/// Turns byte offsets into line/column; offsets must be asked for in increasing order.
class PositionTracker {
public:
    explicit PositionTracker(std::string_view s) : s_(s) {}

    void at(std::size_t pos, int& line, int& column) {
        while (pos_ < pos && pos_ < s_.size()) {
            const auto b = static_cast<uint8_t>(s_[pos_]);
            if (b == '\n') {
                ++line_;
                column_ = 1;
            } else if ((b & 0xC0) != 0x80) {
                ++column_;
            }
            ++pos_;
        }
        line = line_;
        column = column_;
    }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
};

/// Jinja's lexer state machine: text, then tags, back to text.
class Lexer {
public:
    explicit Lexer(std::string source) : s_(std::move(source)), positions_(s_) {}

    std::vector<Token> run() {
        while (pos_ < s_.size()) {
            lexRoot();
        }
        emit(TokenType::Eof, s_.size());
        return std::move(tokens_);
    }

private:
    [[noreturn]] void fail(const std::string& message, std::size_t at) {
        int line = 0;
        int column = 0;
        positions_.at(at, line, column);
        throw TemplateError(message, line, column);
    }

    Token& emit(TokenType type, std::size_t at, std::string text = {}) {
        Token t;
        t.type = type;
        t.text = std::move(text);
        positions_.at(at, t.line, t.column);
        tokens_.push_back(std::move(t));
        return tokens_.back();
    }

    bool startsWith(std::size_t at, std::string_view what) const {
        return s_.compare(at, what.size(), what) == 0;
    }

    /// Skips Python whitespace from `at`; returns the position after it.
    std::size_t skipSpace(std::size_t at) const {
        while (at < s_.size()) {
            std::size_t next = 0;
            if (!py::isSpace(py::codePointAt(s_, at, next))) {
                break;
            }
            at = next;
        }
        return at;
    }

    bool endsWithNewline(std::size_t end) const { return end > 0 && s_[end - 1] == '\n'; }

    /// Text before a tag, with the tag's whitespace control applied (Jinja's OptionalLStrip).
    void emitText(std::size_t from, std::size_t to, char sign, bool lstripAllowed) {
        std::string text = s_.substr(from, to - from);
        if (sign == '-') {
            text = py::strip(text, std::nullopt, false, true);
        } else if (sign != '+' && lstripAllowed) {
            const std::size_t nl = text.rfind('\n');
            const std::size_t lineStart = nl == std::string::npos ? 0 : nl + 1;
            if ((lineStart > 0 || lineStarting_) && lineStart < text.size() &&
                py::strip(std::string_view(text).substr(lineStart), std::nullopt, true, false)
                    .empty()) {
                text.resize(lineStart);
            }
        }
        if (!text.empty()) {
            emit(TokenType::Data, from, std::move(text));
        }
    }

    void lexRoot() {
        // Find the next tag start.
        std::size_t q = pos_;
        for (;;) {
            q = s_.find('{', q);
            if (q == std::string::npos || q + 1 >= s_.size()) {
                emit(TokenType::Data, pos_, s_.substr(pos_));
                pos_ = s_.size();
                return;
            }
            const char c = s_[q + 1];
            if (c == '{' || c == '%' || c == '#') {
                break;
            }
            ++q;
        }
        const char kind = s_[q + 1];
        std::size_t p = q + kDelimiter;
        char sign = 0;
        if (p < s_.size() && (s_[p] == '-' || s_[p] == '+')) {
            sign = s_[p++];
        }
        if (kind == '%') {
            const std::optional<std::size_t> rawEnd = matchRawBegin(p);
            if (rawEnd) {
                emitText(pos_, q, sign, true);
                lexRaw(*rawEnd);
                return;
            }
        }
        emitText(pos_, q, sign, kind != '{');
        lineStarting_ = false;
        if (kind == '#') {
            lexComment(p);
        } else {
            emit(kind == '%' ? TokenType::BlockBegin : TokenType::VariableBegin, q);
            pos_ = p;
            lexTag(kind == '%');
        }
    }

    /// After "{%" and its sign: "\s*raw\s*(-%}\s*|%})"; returns the end of the match.
    std::optional<std::size_t> matchRawBegin(std::size_t p) const {
        p = skipSpace(p);
        if (!startsWith(p, kRaw)) {
            return std::nullopt;
        }
        p = skipSpace(p + kRaw.size());
        if (startsWith(p, "-%}")) {
            return skipSpace(p + kSignedDelimiter);
        }
        if (startsWith(p, "%}")) {
            return p + kDelimiter;
        }
        return std::nullopt;
    }

    void lexRaw(std::size_t contentStart) {
        lineStarting_ = endsWithNewline(contentStart);
        if (contentStart >= s_.size()) {
            pos_ = s_.size(); // like a bare "{#", a "{% raw %}" at the very end is accepted
            return;
        }
        std::size_t r = contentStart;
        for (;;) {
            r = s_.find("{%", r);
            if (r == std::string::npos) {
                fail("missing end of raw directive", contentStart);
            }
            std::size_t p = r + kDelimiter;
            char sign = 0;
            if (p < s_.size() && (s_[p] == '-' || s_[p] == '+')) {
                sign = s_[p++];
            }
            p = skipSpace(p);
            if (startsWith(p, kEndRaw)) {
                p = skipSpace(p + kEndRaw.size());
                std::optional<std::size_t> end;
                if (startsWith(p, "+%}")) {
                    end = p + kSignedDelimiter;
                } else if (startsWith(p, "-%}")) {
                    end = skipSpace(p + kSignedDelimiter);
                } else if (startsWith(p, "%}")) {
                    end = p + kDelimiter + (startsWith(p + kDelimiter, "\n") ? 1 : 0);
                }
                if (end) {
                    emitText(contentStart, r, sign, true);
                    pos_ = *end;
                    lineStarting_ = endsWithNewline(*end);
                    return;
                }
            }
            ++r;
        }
    }

    void lexComment(std::size_t contentStart) {
        if (contentStart >= s_.size()) {
            pos_ = s_.size(); // Jinja accepts a bare "{#" at the very end
            return;
        }
        const std::size_t r = s_.find("#}", contentStart);
        if (r == std::string::npos) {
            fail("missing end of comment tag", contentStart);
        }
        std::size_t end = r + kDelimiter;
        const char before = r > contentStart ? s_[r - 1] : 0;
        if (before == '-') {
            end = skipSpace(end);
        } else if (before != '+' && startsWith(end, "\n")) {
            ++end;
        }
        pos_ = end;
        lineStarting_ = endsWithNewline(end);
    }

    /// Tokens inside {% %} or {{ }} up to the closing tag.
    void lexTag(bool block) {
        std::vector<char> balance;
        for (;;) {
            if (pos_ >= s_.size()) {
                return; // the parser reports the unexpected end
            }
            if (balance.empty() && lexTagEnd(block)) {
                return;
            }
            std::size_t next = 0;
            if (py::isSpace(py::codePointAt(s_, pos_, next))) {
                pos_ = skipSpace(pos_);
                continue;
            }
            const char c = s_[pos_];
            if (isDigit(c)) {
                lexNumber();
            } else if (isNameStart(c)) {
                std::size_t e = pos_;
                while (e < s_.size() && isNameChar(s_[e])) {
                    ++e;
                }
                emit(TokenType::Name, pos_, s_.substr(pos_, e - pos_));
                pos_ = e;
            } else if ((c == '\'' || c == '"') && lexString()) {
                continue;
            } else {
                lexOperator(balance);
            }
        }
    }

    bool lexTagEnd(bool block) {
        std::size_t end = 0;
        if (block) {
            if (startsWith(pos_, "+%}")) {
                end = pos_ + kSignedDelimiter;
            } else if (startsWith(pos_, "-%}")) {
                end = skipSpace(pos_ + kSignedDelimiter);
            } else if (startsWith(pos_, "%}")) {
                end = pos_ + kDelimiter + (startsWith(pos_ + kDelimiter, "\n") ? 1 : 0);
            }
        } else if (startsWith(pos_, "-}}")) {
            end = skipSpace(pos_ + kSignedDelimiter);
        } else if (startsWith(pos_, "}}")) {
            end = pos_ + kDelimiter;
        }
        if (end == 0) {
            return false;
        }
        emit(block ? TokenType::BlockEnd : TokenType::VariableEnd, pos_);
        pos_ = end;
        lineStarting_ = endsWithNewline(end);
        return true;
    }

    void lexOperator(std::vector<char>& balance) {
        for (std::string_view op : kOperators) {
            if (!startsWith(pos_, op)) {
                continue;
            }
            const char c = op[0];
            if (op.size() == 1 && (c == '(' || c == '[' || c == '{')) {
                balance.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
            } else if (op.size() == 1 && (c == ')' || c == ']' || c == '}')) {
                if (balance.empty()) {
                    fail(std::string("unexpected '") + c + "'", pos_);
                }
                if (balance.back() != c) {
                    fail(std::string("unexpected '") + c + "', expected '" + balance.back() + "'",
                         pos_);
                }
                balance.pop_back();
            }
            emit(TokenType::Operator, pos_, std::string(op));
            pos_ += op.size();
            return;
        }
        std::size_t next = 0;
        py::codePointAt(s_, pos_, next);
        fail("unexpected character '" + s_.substr(pos_, next - pos_) + "'", pos_);
    }

    /// `(\d+_)*\d+` from `at`; returns the end, or npos when there is no digit.
    std::size_t scanDigits(std::size_t at) const {
        if (at >= s_.size() || !isDigit(s_[at])) {
            return std::string::npos;
        }
        while (at < s_.size()) {
            if (isDigit(s_[at])) {
                ++at;
            } else if (s_[at] == '_' && at + 1 < s_.size() && isDigit(s_[at + 1])) {
                ++at;
            } else {
                break;
            }
        }
        return at;
    }

    /// The end of a float literal at pos_ (Jinja's float_re), or npos.
    std::size_t scanFloat() const {
        if (pos_ > 0 && s_[pos_ - 1] == '.') {
            return std::string::npos;
        }
        const std::size_t intEnd = scanDigits(pos_);
        auto scanExponent = [&](std::size_t at) -> std::size_t {
            if (at >= s_.size() || (s_[at] != 'e' && s_[at] != 'E')) {
                return std::string::npos;
            }
            ++at;
            if (at < s_.size() && (s_[at] == '+' || s_[at] == '-')) {
                ++at;
            }
            return scanDigits(at);
        };
        std::size_t fracEnd = std::string::npos;
        if (intEnd < s_.size() && s_[intEnd] == '.') {
            fracEnd = scanDigits(intEnd + 1);
        }
        if (fracEnd != std::string::npos) {
            const std::size_t e = scanExponent(fracEnd);
            return e != std::string::npos ? e : fracEnd;
        }
        return scanExponent(intEnd);
    }

    std::size_t scanInteger(int& base) const {
        auto prefixed = [&](char letter, int b) -> std::size_t {
            if (s_[pos_] != '0' || pos_ + 1 >= s_.size() ||
                (s_[pos_ + 1] != letter && s_[pos_ + 1] != letter - ('a' - 'A'))) {
                return std::string::npos;
            }
            std::size_t at = pos_ + kNumberPrefix;
            bool any = false;
            for (;;) {
                std::size_t p = at;
                if (p < s_.size() && s_[p] == '_') {
                    ++p;
                }
                if (p < s_.size()) {
                    const char c = s_[p];
                    const int d = isDigit(c)               ? c - '0'
                                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                           : -1;
                    if (d >= 0 && d < b) {
                        at = p + 1;
                        any = true;
                        continue;
                    }
                }
                break;
            }
            return any ? at : std::string::npos;
        };
        for (auto [letter, b] :
             {std::pair{'b', kBinaryBase}, std::pair{'o', kOctalBase}, std::pair{'x', kHexBase}}) {
            const std::size_t e = prefixed(letter, b);
            if (e != std::string::npos) {
                base = b;
                return e;
            }
        }
        base = kDecimalBase;
        if (s_[pos_] != '0') {
            return scanDigits(pos_);
        }
        std::size_t at = pos_ + 1; // 0(_?0)*
        while (at < s_.size()) {
            if (s_[at] == '0') {
                ++at;
            } else if (s_[at] == '_' && at + 1 < s_.size() && s_[at + 1] == '0') {
                at += 2;
            } else {
                break;
            }
        }
        return at;
    }

    void lexNumber() {
        std::string digits;
        const std::size_t floatEnd = scanFloat();
        if (floatEnd != std::string::npos) {
            for (std::size_t i = pos_; i < floatEnd; ++i) {
                if (s_[i] != '_') {
                    digits += s_[i];
                }
            }
            double v = 0;
            const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v);
            if (res.ec == std::errc::result_out_of_range) {
                const bool negativeExponent = digits.find("e-") != std::string::npos ||
                                              digits.find("E-") != std::string::npos;
                v = negativeExponent ? 0.0 : std::numeric_limits<double>::infinity();
            }
            emit(TokenType::Float, pos_, s_.substr(pos_, floatEnd - pos_)).floatValue = v;
            pos_ = floatEnd;
            return;
        }
        int base = kDecimalBase;
        const std::size_t end = scanInteger(base);
        const std::size_t skip = base == kDecimalBase ? 0 : kNumberPrefix;
        for (std::size_t i = pos_ + skip; i < end; ++i) {
            if (s_[i] != '_') {
                digits += s_[i];
            }
        }
        uint64_t v = 0;
        const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
        if (res.ec != std::errc() || v > static_cast<uint64_t>(INT64_MAX)) {
            fail("integer literal too large", pos_);
        }
        emit(TokenType::Integer, pos_, s_.substr(pos_, end - pos_)).intValue =
            static_cast<int64_t>(v);
        pos_ = end;
    }

    /// A quoted string with Python's escapes; false when it is not terminated.
    bool lexString() {
        const char quote = s_[pos_];
        std::size_t at = pos_ + 1;
        while (at < s_.size() && s_[at] != quote) {
            at += s_[at] == '\\' ? 2 : 1;
        }
        if (at >= s_.size()) {
            return false;
        }
        const std::string_view body = std::string_view(s_).substr(pos_ + 1, at - pos_ - 1);
        emit(TokenType::String, pos_, unescape(body, pos_));
        pos_ = at + 1;
        return true;
    }

    std::string unescape(std::string_view body, std::size_t at) {
        std::string out;
        out.reserve(body.size());
        for (std::size_t i = 0; i < body.size(); ++i) {
            if (body[i] != '\\' || i + 1 >= body.size()) {
                out += body[i];
                continue;
            }
            const char e = body[++i];
            switch (e) {
            case '\n':
                break; // line continuation
            case '\\':
            case '\'':
            case '"':
                out += e;
                break;
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'v':
                out += '\v';
                break;
            case 'x':
            case 'u':
            case 'U': {
                const int n = e == 'x'   ? kByteEscapeDigits
                              : e == 'u' ? kShortUnicodeDigits
                                         : kLongUnicodeDigits;
                uint32_t cp = 0;
                const auto res = i + 1 + static_cast<std::size_t>(n) <= body.size()
                                     ? std::from_chars(body.data() + i + 1, body.data() + i + 1 + n,
                                                       cp, kHexBase)
                                     : std::from_chars_result{nullptr, std::errc::invalid_argument};
                if (res.ec != std::errc() || res.ptr != body.data() + i + 1 + n) {
                    fail(std::string("truncated \\") + e + " escape in a string", at);
                }
                if (cp > kMaxCodePoint) {
                    fail("illegal Unicode character in a string", at);
                }
                appendUtf8(out, cp);
                i += static_cast<std::size_t>(n);
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    uint32_t cp = 0;
                    int digits = 0;
                    while (digits < kMaxOctalDigits && i < body.size() && body[i] >= '0' &&
                           body[i] <= '7') {
                        cp = cp * kOctalBase + static_cast<uint32_t>(body[i] - '0');
                        ++i;
                        ++digits;
                    }
                    --i;
                    appendUtf8(out, cp);
                } else {
                    out += '\\';
                    out += e;
                }
            }
        }
        return out;
    }

    std::string s_;
    PositionTracker positions_;
    std::size_t pos_ = 0;
    bool lineStarting_ = true;
    std::vector<Token> tokens_;
};

} // namespace

std::vector<Token> tokenize(std::string_view source) {
    if (source.size() > kMaxTemplateBytes) {
        throw TemplateError("the template is larger than " +
                                std::to_string(kMaxTemplateBytes >> 20) + " MiB",
                            0, 0);
    }
    return Lexer(normalizeNewlines(source)).run();
}

} // namespace hearth::chat
