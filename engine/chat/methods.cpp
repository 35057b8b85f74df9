// SPDX-License-Identifier: GPL-3.0-or-later
// The methods of str and dict that chat templates call: "text".strip(), d.get("k"), ...

#include "engine/chat/builtins.h"
#include "engine/chat/filters_internal.h"
#include "engine/chat/interpreter.h"
#include "engine/chat/operators.h"
#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"
#include "engine/core/utf8.h"

#include <cstdio>

namespace hearth::chat {
namespace {

constexpr int kDefaultFloatPrecision = 6;
constexpr int kDecimalBase = 10;
/// Field widths and precisions are capped to keep the output bounded.
constexpr int64_t kMaxFieldWidth = 1 << 20;
constexpr int kMaxPrecision = 100;
/// Room for any number printed with at most kMaxPrecision decimals.
constexpr std::size_t kNumberBufferSize = 512;
constexpr double kPercent = 100.0;
constexpr std::size_t kDigitsPerGroup = 3;
constexpr std::size_t kBytesPerWorkUnit = 16;

[[noreturn]] void fail(const std::string& message) {
    throw TemplateError(message, 0, 0);
}

constexpr std::string_view kStringMethods[] = {
    "capitalize", "center",     "count",      "endswith",     "find",         "format",
    "index",      "isalnum",    "isalpha",    "isdecimal",    "isdigit",      "islower",
    "isnumeric",  "isspace",    "istitle",    "isupper",      "join",         "ljust",
    "lower",      "lstrip",     "partition",  "removeprefix", "removesuffix", "replace",
    "rfind",      "rindex",     "rjust",      "rpartition",   "rsplit",       "rstrip",
    "split",      "splitlines", "startswith", "strip",        "swapcase",     "title",
    "upper",      "zfill",      "casefold",
};

constexpr std::string_view kDictMethods[] = {"copy", "get", "items", "keys", "values"};

constexpr std::string_view kListMethods[] = {"count", "index"};

const std::string& str(const Value& v, const char* what) {
    if (!v.isString()) {
        fail(std::string(what) + " must be str, not " + v.typeName());
    }
    return v.asString();
}

std::optional<std::string_view> optionalChars(const BoundArgs& a, std::size_t i) {
    if (!a.has(i) || a.get(i)->isNone()) {
        return std::nullopt;
    }
    return std::string_view(str(*a.get(i), "chars"));
}

int64_t intOr(const BoundArgs& a, std::size_t i, int64_t fallback) {
    if (!a.has(i) || a.get(i)->isNone()) {
        return fallback;
    }
    const Value& v = *a.get(i);
    if (!v.isInt() && !v.isBool()) {
        fail("an integer is required, not " + v.typeName());
    }
    return v.asInt();
}

bool affix(const std::string& s, const Value& what, bool prefix) {
    auto test = [&](const std::string& x) {
        if (x.size() > s.size()) {
            return false;
        }
        return prefix ? s.compare(0, x.size(), x) == 0
                      : s.compare(s.size() - x.size(), x.size(), x) == 0;
    };
    if (what.isList() && what.asList().tuple) {
        for (const Value& v : what.asList().items) {
            if (test(str(v, "a prefix or suffix"))) {
                return true;
            }
        }
        return false;
    }
    return test(str(what, "a prefix or suffix"));
}

template <typename Pred>
bool allCodePoints(const std::string& s, Pred pred) {
    if (s.empty()) {
        return false;
    }
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t next = 0;
        if (!pred(py::codePointAt(s, pos, next))) {
            return false;
        }
        pos = next;
    }
    return true;
}

bool isDigitCp(char32_t cp) {
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

bool isAlphaCp(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    return py::isCased(cp) || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x0600 && cp <= 0x06FF) ||
           (cp >= 0x0900 && cp <= 0x097F);
}

Value pad(Interpreter& in, const std::string& s, const BoundArgs& a, char how) {
    const int64_t width = intOr(a, 0, 0);
    std::string fill = " ";
    if (a.has(1)) {
        fill = str(*a.get(1), "fillchar");
        if (py::length(fill) != 1) {
            fail("the fill character must be exactly one character long");
        }
    }
    const auto len = static_cast<int64_t>(py::length(s));
    if (width <= len) {
        return Value::string(s);
    }
    const int64_t marg = width - len;
    ops::checkStringSize(s.size() + static_cast<std::size_t>(marg) * fill.size(), in.opLimits());
    int64_t left = 0;
    if (how == 'c') {
        left = marg / 2 + (marg & width & 1);
    } else if (how == 'r') {
        left = marg;
    }
    std::string out;
    for (int64_t i = 0; i < left; ++i) {
        out += fill;
    }
    out += s;
    for (int64_t i = left; i < marg; ++i) {
        out += fill;
    }
    return Value::string(std::move(out));
}

/// Inserts `separator` between groups of three digits of the integer part of a number.
std::string groupThousands(const std::string& number, char separator) {
    const std::size_t start = !number.empty() && number[0] == '-' ? 1 : 0;
    std::size_t end = number.find_first_not_of("0123456789", start);
    if (end == std::string::npos) {
        end = number.size();
    }
    std::string out = number.substr(0, start);
    for (std::size_t i = start; i < end; ++i) {
        if (i > start && (end - i) % kDigitsPerGroup == 0) {
            out += separator;
        }
        out += number[i];
    }
    return out + number.substr(end);
}

/// Applies a str.format spec ("[[fill]align][sign][#][0][width][,][.precision][type]").
std::string formatField(const Value& v, std::string_view spec, const ops::Limits& limits) {
    std::string fill = " ";
    char align = 0;
    std::size_t i = 0;
    auto isAlign = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    if (spec.size() >= 2 && isAlign(spec[1])) {
        std::size_t next = 0;
        py::codePointAt(spec, 0, next);
        fill = std::string(spec.substr(0, next));
        align = spec[1];
        i = 2;
    } else if (!spec.empty() && isAlign(spec[0])) {
        align = spec[0];
        i = 1;
    }
    std::string sign;
    if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) {
        sign = spec[i] == '-' ? "" : std::string(1, spec[i]);
        ++i;
    }
    if (i < spec.size() && spec[i] == '0') {
        if (!align) {
            fill = "0";
            align = '=';
        }
        ++i;
    }
    int64_t width = 0;
    while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') {
        width = std::min<int64_t>(width * kDecimalBase + (spec[i] - '0'), kMaxFieldWidth);
        ++i;
    }
    char grouping = 0;
    if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
        grouping = spec[i];
        ++i;
    }
    int precision = -1;
    if (i < spec.size() && spec[i] == '.') {
        precision = 0;
        ++i;
        while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') {
            precision = std::min(precision * kDecimalBase + (spec[i] - '0'), kMaxPrecision);
            ++i;
        }
    }
    const char type = i < spec.size() ? spec[i] : 0;
    std::string body;
    bool numeric = v.isNumber();
    char buf[kNumberBufferSize];
    if (type == 'd' || (type == 0 && (v.isInt() || v.isBool()) && precision < 0)) {
        if (!v.isInt() && !v.isBool()) {
            fail("unknown format code 'd' for object of type '" + v.typeName() + "'");
        }
        body = std::to_string(v.asInt());
    } else if (type == 'f' || type == 'F' || type == 'e' || type == 'E' || type == 'g' ||
               type == 'G' || type == '%' || (type == 0 && v.isFloat())) {
        if (!numeric) {
            fail("format code requires a number, not " + v.typeName());
        }
        double d = v.asDouble();
        if (type == 0 && precision < 0) {
            body = py::floatRepr(d);
        } else {
            char conv = type == 0 ? 'g' : type == '%' ? 'f' : type;
            if (type == '%') {
                d *= kPercent;
            }
            std::string fmt = "%.";
            fmt += std::to_string(precision < 0 ? kDefaultFloatPrecision : precision);
            fmt += conv == 'F' ? 'f' : conv;
            std::snprintf(buf, sizeof buf, fmt.c_str(), d);
            body = buf;
            if (type == '%') {
                body += '%';
            }
        }
    } else if (type == 'x' || type == 'X' || type == 'o' || type == 'b') {
        if (!v.isInt() && !v.isBool()) {
            fail("an integer is required for this format");
        }
        const int64_t n = v.asInt();
        uint64_t mag = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
        const unsigned base = type == 'o' ? 8 : type == 'b' ? 2 : 16;
        const char* digits = type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        do {
            body.insert(body.begin(), digits[mag % base]);
            mag /= base;
        } while (mag > 0);
        if (n < 0) {
            body.insert(body.begin(), '-');
        }
    } else {
        numeric = false;
        body = filters::text(v);
        if (precision >= 0) {
            const auto cps = py::codePoints(body);
            if (cps.size() > static_cast<std::size_t>(precision)) {
                body.resize(static_cast<std::size_t>(
                    cps[static_cast<std::size_t>(precision)].data() - body.data()));
            }
        }
    }
    if (numeric && grouping) {
        body = groupThousands(body, grouping);
    }
    if (numeric && !sign.empty() && !body.empty() && body[0] != '-') {
        body = sign + body;
    }
    const auto len = static_cast<int64_t>(py::length(body));
    if (width <= len) {
        return body;
    }
    const auto marg = static_cast<std::size_t>(width - len);
    ops::checkStringSize(body.size() + marg * fill.size(), limits);
    if (!align) {
        align = numeric ? '>' : '<';
    }
    auto repeat = [&](std::size_t n) {
        std::string s;
        for (std::size_t k = 0; k < n; ++k) {
            s += fill;
        }
        return s;
    };
    switch (align) {
    case '<':
        return body + repeat(marg);
    case '^':
        return repeat(marg / 2) + body + repeat(marg - marg / 2);
    case '=': {
        const std::size_t signLen =
            !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ');
        return body.substr(0, signLen) + repeat(marg) + body.substr(signLen);
    }
    default:
        return repeat(marg) + body;
    }
}

/// str.format(*args, **kwargs) with {}, {0}, {name}, {name.attr}, {name[key]}, !r/!s, :spec.
std::string strFormat(Interpreter& in, const std::string& fmt, const CallArgs& args) {
    std::string out;
    std::size_t autoIndex = 0;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        const char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                out += '}';
                ++i;
                continue;
            }
            fail("single '}' encountered in format string");
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        const std::size_t close = fmt.find('}', i);
        if (close == std::string::npos) {
            fail("single '{' encountered in format string");
        }
        std::string_view field = std::string_view(fmt).substr(i + 1, close - i - 1);
        i = close;
        std::string_view spec;
        if (const std::size_t colon = field.find(':'); colon != std::string_view::npos) {
            spec = field.substr(colon + 1);
            field = field.substr(0, colon);
        }
        char conversion = 0;
        if (const std::size_t bang = field.find('!'); bang != std::string_view::npos) {
            conversion = bang + 1 < field.size() ? field[bang + 1] : 0;
            field = field.substr(0, bang);
        }
        const std::size_t end = field.find_first_of(".[");
        const std::string_view head = field.substr(0, end);
        Value v;
        if (head.empty() || head.find_first_not_of("0123456789") == std::string_view::npos) {
            const std::size_t index =
                head.empty() ? autoIndex++
                             : static_cast<std::size_t>(py::parseInt(head, 10).value_or(-1));
            if (index >= args.positional.size()) {
                fail("Replacement index " + std::to_string(index) + " out of range");
            }
            v = args.positional[index];
        } else {
            bool found = false;
            for (const auto& [name, value] : args.keyword) {
                if (name == head) {
                    v = value;
                    found = true;
                }
            }
            if (!found) {
                fail("format key '" + std::string(head) + "' not found");
            }
        }
        if (end != std::string_view::npos) {
            std::string path(field.substr(end));
            for (char& p : path) {
                if (p == '[' || p == ']') {
                    p = p == '[' ? '.' : ' ';
                }
            }
            std::string cleaned;
            for (char p : path) {
                if (p != ' ') {
                    cleaned += p;
                }
            }
            v = filters::attribute(v, std::string_view(cleaned).substr(1));
        }
        if (conversion == 'r' || conversion == 'a') {
            v = Value::string(toRepr(v));
        } else if (conversion == 's') {
            v = Value::string(toStr(v));
        }
        const std::string piece = formatField(v, spec, in.opLimits());
        ops::checkStringSize(out.size() + piece.size(), in.opLimits());
        out += piece;
    }
    return out;
}

Value partition(const std::string& s, const std::string& sep, bool fromRight) {
    if (sep.empty()) {
        fail("empty separator");
    }
    const std::size_t at = fromRight ? s.rfind(sep) : s.find(sep);
    if (at == std::string::npos) {
        return fromRight
                   ? Value::list({Value::string(""), Value::string(""), Value::string(s)}, true)
                   : Value::list({Value::string(s), Value::string(""), Value::string("")}, true);
    }
    return Value::list({Value::string(s.substr(0, at)), Value::string(sep),
                        Value::string(s.substr(at + sep.size()))},
                       true);
}

Value find(const std::string& s, const BoundArgs& a, bool fromRight, bool raise) {
    const std::string& sub = str(a.value(0), "substring");
    const std::size_t at = fromRight ? s.rfind(sub) : s.find(sub);
    if (at == std::string::npos) {
        if (raise) {
            fail("substring not found");
        }
        return Value::integer(-1);
    }
    return Value::integer(static_cast<int64_t>(py::length(std::string_view(s).substr(0, at))));
}

Value splitResult(std::vector<std::string> parts, Interpreter& in) {
    in.charge(parts.size());
    if (parts.size() > in.opLimits().maxListItems) {
        fail("list too long");
    }
    std::vector<Value> out;
    out.reserve(parts.size());
    for (std::string& p : parts) {
        out.push_back(Value::string(std::move(p)));
    }
    return Value::list(std::move(out));
}

Value stringMethod(Interpreter& in, const std::string& s, std::string_view m,
                   const CallArgs& args) {
    const std::string name(m);
    if (m == "strip" || m == "lstrip" || m == "rstrip") {
        BoundArgs a(args, name, {"chars"});
        return Value::string(py::strip(s, optionalChars(a, 0), m != "rstrip", m != "lstrip"));
    }
    if (m == "startswith" || m == "endswith") {
        BoundArgs a(args, name, {"prefix"});
        return Value::boolean(affix(s, a.value(0), m == "startswith"));
    }
    if (m == "split" || m == "rsplit") {
        BoundArgs a(args, name, {"sep", "maxsplit"});
        const std::optional<std::string_view> sep = optionalChars(a, 0);
        if (sep && sep->empty()) {
            fail("empty separator");
        }
        const int64_t maxsplit = intOr(a, 1, -1);
        return splitResult(
            m == "split" ? py::split(s, sep, maxsplit) : py::rsplit(s, sep, maxsplit), in);
    }
    if (m == "splitlines") {
        BoundArgs a(args, name, {"keepends"});
        return splitResult(py::splitLines(s), in);
    }
    if (m == "replace") {
        BoundArgs a(args, name, {"old", "new", "count"});
        auto r = py::replace(s, str(a.value(0), "old"), str(a.value(1), "new"), intOr(a, 2, -1),
                             in.opLimits().maxStringBytes);
        if (!r) {
            ops::checkStringSize(in.opLimits().maxStringBytes + 1, in.opLimits());
        }
        return Value::string(std::move(*r));
    }
    if (m == "upper" || m == "lower" || m == "casefold" || m == "title" || m == "capitalize" ||
        m == "swapcase") {
        BoundArgs a(args, name, {});
        if (m == "upper") {
            return Value::string(py::upper(s));
        }
        if (m == "lower" || m == "casefold") {
            return Value::string(py::lower(s));
        }
        if (m == "title") {
            return Value::string(py::title(s));
        }
        if (m == "capitalize") {
            return Value::string(py::capitalize(s));
        }
        std::string out;
        std::size_t pos = 0;
        while (pos < s.size()) {
            std::size_t next = 0;
            const char32_t cp = py::codePointAt(s, pos, next);
            const char32_t up = py::toUpper(cp);
            const char32_t mapped = up != cp ? up : py::toLower(cp);
            if (mapped == cp) {
                out.append(s, pos, next - pos);
            } else {
                appendUtf8(out, mapped);
            }
            pos = next;
        }
        return Value::string(std::move(out));
    }
    if (m == "format") {
        return Value::string(strFormat(in, s, args));
    }
    if (m == "join") {
        BoundArgs a(args, name, {"iterable"});
        std::string out;
        bool first = true;
        for (const Value& item : ops::iterate(a.value(0))) {
            const std::string& piece = str(item, "sequence item");
            ops::checkStringSize(out.size() + s.size() + piece.size(), in.opLimits());
            if (!first) {
                out += s;
            }
            first = false;
            out += piece;
        }
        return Value::string(std::move(out));
    }
    if (m == "find" || m == "rfind" || m == "index" || m == "rindex") {
        BoundArgs a(args, name, {"sub"});
        return find(s, a, m[0] == 'r', m.find("index") != std::string_view::npos);
    }
    if (m == "count") {
        BoundArgs a(args, name, {"sub"});
        return Value::integer(static_cast<int64_t>(py::count(s, str(a.value(0), "substring"))));
    }
    if (m == "center" || m == "ljust" || m == "rjust") {
        BoundArgs a(args, name, {"width", "fillchar"});
        return pad(in, s, a, m == "center" ? 'c' : m == "ljust" ? 'l' : 'r');
    }
    if (m == "zfill") {
        BoundArgs a(args, name, {"width"});
        const int64_t width = intOr(a, 0, 0);
        const auto len = static_cast<int64_t>(py::length(s));
        if (width <= len) {
            return Value::string(s);
        }
        ops::checkStringSize(s.size() + static_cast<std::size_t>(width - len), in.opLimits());
        const std::size_t signLen = !s.empty() && (s[0] == '-' || s[0] == '+');
        return Value::string(s.substr(0, signLen) +
                             std::string(static_cast<std::size_t>(width - len), '0') +
                             s.substr(signLen));
    }
    if (m == "partition" || m == "rpartition") {
        BoundArgs a(args, name, {"sep"});
        return partition(s, str(a.value(0), "separator"), m == "rpartition");
    }
    if (m == "removeprefix" || m == "removesuffix") {
        BoundArgs a(args, name, {"affix"});
        const std::string& x = str(a.value(0), "affix");
        if (m == "removeprefix") {
            return Value::string(s.compare(0, x.size(), x) == 0 ? s.substr(x.size()) : s);
        }
        const bool ends = x.size() <= s.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
        return Value::string(ends ? s.substr(0, s.size() - x.size()) : s);
    }
    BoundArgs a(args, name, {});
    if (m == "isdigit" || m == "isdecimal" || m == "isnumeric") {
        return Value::boolean(allCodePoints(s, isDigitCp));
    }
    if (m == "isalpha") {
        return Value::boolean(allCodePoints(s, isAlphaCp));
    }
    if (m == "isalnum") {
        return Value::boolean(
            allCodePoints(s, [](char32_t cp) { return isAlphaCp(cp) || isDigitCp(cp); }));
    }
    if (m == "isspace") {
        return Value::boolean(allCodePoints(s, py::isSpace));
    }
    if (m == "isupper") {
        return Value::boolean(py::isUpper(s));
    }
    if (m == "islower") {
        return Value::boolean(py::isLower(s));
    }
    // istitle: upper case only after uncased code points, lower case only after cased ones.
    bool previousCased = false;
    bool anyCased = false;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t next = 0;
        const char32_t cp = py::codePointAt(s, pos, next);
        const bool upper = py::toLower(cp) != cp;
        const bool lower = py::toUpper(cp) != cp;
        if ((upper && previousCased) || (lower && !previousCased)) {
            return Value::boolean(false);
        }
        previousCased = upper || lower;
        anyCased = anyCased || previousCased;
        pos = next;
    }
    return Value::boolean(anyCased);
}

Value dictMethod(Interpreter& in, const Value& self, std::string_view m, const CallArgs& args) {
    const DictData& d = self.asDict();
    const std::string name(m);
    if (m == "get") {
        BoundArgs a(args, name, {"key", "default"});
        const Value key = a.value(0);
        if (!hashKey(key)) {
            fail("unhashable type: '" + key.typeName() + "'");
        }
        const Value* v = d.find(key);
        return v ? *v : a.value(1, Value::none());
    }
    BoundArgs a(args, name, {});
    in.charge(d.items.size());
    if (m == "copy") {
        return self;
    }
    std::vector<Value> out;
    out.reserve(d.items.size());
    for (const auto& [k, v] : d.items) {
        if (m == "items") {
            out.push_back(Value::list({k, v}, true));
        } else {
            out.push_back(m == "keys" ? k : v);
        }
    }
    return Value::list(std::move(out));
}

Value listMethod(Interpreter& in, const ListData& list, std::string_view m, const CallArgs& args) {
    BoundArgs a(args, std::string(m), {"value"});
    const Value needle = a.value(0);
    in.charge(list.weight / kBytesPerWorkUnit + needle.weight() / kBytesPerWorkUnit);
    int64_t count = 0;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        if (equals(list.items[i], needle)) {
            if (m == "index") {
                return Value::integer(static_cast<int64_t>(i));
            }
            ++count;
        }
    }
    if (m == "index") {
        fail(toRepr(needle) + " is not in list");
    }
    return Value::integer(count);
}

} // namespace

bool hasMethod(const Value& self, std::string_view name) {
    if (self.isString()) {
        for (std::string_view m : kStringMethods) {
            if (m == name) {
                return true;
            }
        }
    } else if (self.isDict()) {
        for (std::string_view m : kDictMethods) {
            if (m == name) {
                return true;
            }
        }
    } else if (self.isList() && !self.isGenerator()) {
        for (std::string_view m : kListMethods) {
            if (m == name) {
                return true;
            }
        }
    }
    return false;
}

Value callMethod(Interpreter& in, const Value& self, std::string_view name, const CallArgs& args) {
    if (!hasMethod(self, name)) {
        fail("'" + self.typeName() + "' object has no method '" + std::string(name) + "'");
    }
    if (self.isString()) {
        in.charge(self.asString().size() / kBytesPerWorkUnit);
        return stringMethod(in, self.asString(), name, args);
    }
    if (self.isList()) {
        return listMethod(in, self.asList(), name, args);
    }
    return dictMethod(in, self, name, args);
}

} // namespace hearth::chat
