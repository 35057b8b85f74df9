// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/json.h"

#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"
#include "engine/core/error.h"
#include "engine/core/utf8.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hearth::chat {
namespace {

constexpr char32_t kFirstAstral = 0x10000; // written as a surrogate pair
constexpr uint32_t kHighSurrogate = 0xD800;
constexpr uint32_t kLowSurrogate = 0xDC00;
constexpr uint32_t kLastSurrogate = 0xDFFF;

/// Writes a value as json.dumps does, checking the size as it goes.
class JsonWriter {
public:
    JsonWriter(const JsonOptions& options, std::size_t maxBytes)
        : o_(options), maxBytes_(maxBytes) {}

    std::string take() { return std::move(out_); }

    void write(const Value& v, int level) {
        if (level > 2 * static_cast<int>(kMaxValueDepth)) {
            fail("value nested too deeply for JSON");
        }
        switch (v.kind()) {
        case Value::Kind::None:
            put("null");
            break;
        case Value::Kind::Bool:
            put(v.asBool() ? "true" : "false");
            break;
        case Value::Kind::Int:
            put(std::to_string(v.asInt()));
            break;
        case Value::Kind::Float:
            put(floatText(v.asDouble()));
            break;
        case Value::Kind::String:
            putString(v.asString());
            break;
        case Value::Kind::List:
            if (v.isGenerator()) {
                fail("Object of type generator is not JSON serializable");
            }
            writeList(v.asList().items, level);
            break;
        case Value::Kind::Dict:
            writeDict(v.asDict(), level);
            break;
        default:
            fail("Object of type " + v.typeName() + " is not JSON serializable");
        }
    }

private:
    [[noreturn]] static void fail(const std::string& message) {
        throw TemplateError(message, 0, 0);
    }

    static std::string floatText(double d) {
        if (std::isnan(d)) {
            return "NaN";
        }
        if (std::isinf(d)) {
            return d < 0 ? "-Infinity" : "Infinity";
        }
        return py::floatRepr(d);
    }

    void put(std::string_view s) {
        if (s.size() > maxBytes_ - out_.size()) {
            fail("JSON text too long (more than " + std::to_string(maxBytes_ >> 20) + " MiB)");
        }
        out_.append(s);
    }

    void putString(std::string_view s) {
        std::string q = "\"";
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if (o_.ensureAscii && static_cast<unsigned char>(c) >= 0x80) {
                std::size_t next = 0;
                const char32_t cp = py::codePointAt(s, i, next);
                appendUnicodeEscape(q, cp);
                i = next - 1;
                continue;
            }
            switch (c) {
            case '"':
                q += "\\\"";
                break;
            case '\\':
                q += "\\\\";
                break;
            case '\n':
                q += "\\n";
                break;
            case '\r':
                q += "\\r";
                break;
            case '\t':
                q += "\\t";
                break;
            case '\b':
                q += "\\b";
                break;
            case '\f':
                q += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    q += buf;
                } else {
                    q += c;
                }
            }
        }
        q += '"';
        put(q);
    }

    static void appendUnicodeEscape(std::string& q, char32_t cp) {
        char buf[16];
        if (cp >= kFirstAstral) {
            const char32_t v = cp - kFirstAstral;
            std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x",
                          static_cast<unsigned>(kHighSurrogate + (v >> 10)),
                          static_cast<unsigned>(kLowSurrogate + (v & 0x3FF)));
        } else {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
        }
        q += buf;
    }

    /// Opens a container: the newline and indentation for its first item, if indenting.
    std::string open(int level) const {
        if (!o_.indent) {
            return {};
        }
        checkIndent(level + 1);
        std::string s = "\n";
        for (int i = 0; i <= level; ++i) {
            s += *o_.indent;
        }
        return s;
    }

    std::string closing(int level) const {
        if (!o_.indent) {
            return {};
        }
        checkIndent(level);
        std::string s = "\n";
        for (int i = 0; i < level; ++i) {
            s += *o_.indent;
        }
        return s;
    }

    void checkIndent(int levels) const {
        if (!o_.indent->empty() &&
            static_cast<std::size_t>(levels) > (maxBytes_ - out_.size()) / o_.indent->size()) {
            fail("JSON text too long (more than " + std::to_string(maxBytes_ >> 20) + " MiB)");
        }
    }

    void writeList(const std::vector<Value>& items, int level) {
        if (items.empty()) {
            put("[]");
            return;
        }
        const std::string newline = open(level);
        put("[");
        put(newline);
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) {
                put(o_.itemSeparator);
                put(newline);
            }
            write(items[i], level + 1);
        }
        put(closing(level));
        put("]");
    }

    static std::string keyText(const Value& k) {
        switch (k.kind()) {
        case Value::Kind::String:
            return k.asString();
        case Value::Kind::None:
            return "null";
        case Value::Kind::Bool:
            return k.asBool() ? "true" : "false";
        case Value::Kind::Int:
            return std::to_string(k.asInt());
        case Value::Kind::Float:
            return floatText(k.asDouble());
        default:
            fail("keys must be str, int, float, bool or None, not " + k.typeName());
        }
    }

    void writeDict(const DictData& d, int level) {
        if (d.items.empty()) {
            put("{}");
            return;
        }
        std::vector<const std::pair<Value, Value>*> order;
        order.reserve(d.items.size());
        for (const auto& kv : d.items) {
            order.push_back(&kv);
        }
        if (o_.sortKeys) {
            std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
                return lessThan(a->first, b->first);
            });
        }
        const std::string newline = open(level);
        put("{");
        put(newline);
        bool first = true;
        for (const auto* kv : order) {
            if (!first) {
                put(o_.itemSeparator);
                put(newline);
            }
            first = false;
            putString(keyText(kv->first));
            put(o_.keySeparator);
            write(kv->second, level + 1);
        }
        put(closing(level));
        put("}");
    }

    const JsonOptions& o_;
    std::size_t maxBytes_;
    std::string out_;
};

} // namespace

std::string toJson(const Value& value, const JsonOptions& options, std::size_t maxBytes) {
    JsonWriter w(options, maxBytes);
    w.write(value, 0);
    return w.take();
}

namespace {

/// A recursive-descent JSON parser with a depth limit.
class JsonParser {
public:
    explicit JsonParser(std::string_view s) : s_(s) {}

    Value parseDocument() {
        skipSpace();
        Value v = parseValue(0);
        skipSpace();
        if (pos_ != s_.size()) {
            fail("unexpected text after the JSON value");
        }
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        int line = 1;
        int column = 1;
        for (std::size_t i = 0; i < pos_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        throw hearth::Error("invalid JSON at line " + std::to_string(line) + ", column " +
                            std::to_string(column) + ": " + message);
    }

    void skipSpace() {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
            ++pos_;
        }
    }

    bool consume(std::string_view word) {
        if (s_.substr(pos_, word.size()) == word) {
            pos_ += word.size();
            return true;
        }
        return false;
    }

    Value parseValue(uint32_t depth) {
        if (pos_ >= s_.size()) {
            fail("unexpected end of the text");
        }
        const char c = s_[pos_];
        if (c == '{' || c == '[') {
            if (depth >= kMaxValueDepth) {
                fail("arrays and objects nested too deeply");
            }
            return c == '{' ? parseObject(depth) : parseArray(depth);
        }
        if (c == '"') {
            return Value::string(parseString());
        }
        if (consume("true")) {
            return Value::boolean(true);
        }
        if (consume("false")) {
            return Value::boolean(false);
        }
        if (consume("null")) {
            return Value::none();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return parseNumber();
        }
        fail(std::string("unexpected character '") + c + "'");
    }

    Value parseObject(uint32_t depth) {
        ++pos_;
        std::vector<std::pair<Value, Value>> items;
        skipSpace();
        if (consume("}")) {
            return Value::dict(std::move(items));
        }
        for (;;) {
            skipSpace();
            if (pos_ >= s_.size() || s_[pos_] != '"') {
                fail("expected a string key");
            }
            Value key = Value::string(parseString());
            skipSpace();
            if (!consume(":")) {
                fail("expected ':'");
            }
            skipSpace();
            Value value = parseValue(depth + 1);
            items.emplace_back(std::move(key), std::move(value));
            skipSpace();
            if (consume("}")) {
                return Value::dict(std::move(items));
            }
            if (!consume(",")) {
                fail("expected ',' or '}'");
            }
        }
    }

    Value parseArray(uint32_t depth) {
        ++pos_;
        std::vector<Value> items;
        skipSpace();
        if (consume("]")) {
            return Value::list(std::move(items));
        }
        for (;;) {
            skipSpace();
            items.push_back(parseValue(depth + 1));
            skipSpace();
            if (consume("]")) {
                return Value::list(std::move(items));
            }
            if (!consume(",")) {
                fail("expected ',' or ']'");
            }
        }
    }

    uint32_t hex4() {
        if (pos_ + 4 > s_.size()) {
            fail("truncated \\u escape");
        }
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = s_[pos_++];
            v <<= 4;
            if (h >= '0' && h <= '9') {
                v |= static_cast<uint32_t>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                v |= static_cast<uint32_t>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                v |= static_cast<uint32_t>(h - 'A' + 10);
            } else {
                fail("bad \\u escape");
            }
        }
        return v;
    }

    std::string parseString() {
        ++pos_;
        std::string out;
        for (;;) {
            if (pos_ >= s_.size()) {
                fail("unterminated string");
            }
            const char c = s_[pos_++];
            if (c == '"') {
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("control character in a string");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= s_.size()) {
                fail("unterminated string");
            }
            const char e = s_[pos_++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
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
            case 'u': {
                uint32_t cp = hex4();
                if (cp >= kHighSurrogate && cp < kLowSurrogate && s_.substr(pos_, 2) == "\\u") {
                    const std::size_t save = pos_;
                    pos_ += 2;
                    const uint32_t low = hex4();
                    if (low >= kLowSurrogate && low <= kLastSurrogate) {
                        cp = kFirstAstral + ((cp - kHighSurrogate) << 10) + (low - kLowSurrogate);
                    } else {
                        pos_ = save;
                    }
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                fail(std::string("bad escape '\\") + e + "'");
            }
        }
    }

    Value parseNumber() {
        const std::size_t start = pos_;
        if (s_[pos_] == '-') {
            ++pos_;
        }
        auto digits = [&] {
            const std::size_t from = pos_;
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
                ++pos_;
            }
            return pos_ - from;
        };
        const std::size_t intStart = pos_;
        if (digits() == 0 || (s_[intStart] == '0' && pos_ - intStart > 1)) {
            fail("bad number");
        }
        bool integral = true;
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            integral = false;
            if (digits() == 0) {
                fail("bad number");
            }
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            integral = false;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) {
                ++pos_;
            }
            if (digits() == 0) {
                fail("bad number");
            }
        }
        const std::string_view text = s_.substr(start, pos_ - start);
        if (integral) {
            if (const auto i = py::parseInt(text, 10)) {
                return Value::integer(*i);
            }
        }
        return Value::number(py::parseFloat(text).value_or(0.0));
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

} // namespace

Value parseJson(std::string_view text) {
    return JsonParser(text).parseDocument();
}

} // namespace hearth::chat
