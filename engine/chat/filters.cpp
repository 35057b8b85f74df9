// SPDX-License-Identifier: GPL-3.0-or-later
// Jinja's filters for text and numbers, and the dispatch of every filter by name.

#include "engine/chat/builtins.h"
#include "engine/chat/filters_internal.h"
#include "engine/chat/interpreter.h"
#include "engine/chat/json.h"
#include "engine/chat/operators.h"
#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace hearth::chat::filters {
namespace {

constexpr int64_t kDefaultIndentWidth = 4;
constexpr int64_t kDefaultCenterWidth = 80;
constexpr int64_t kDefaultTruncateLength = 255;
constexpr int64_t kTruncateLeeway = 5;
constexpr int kMaxRoundDigits = 300;
/// printf prints at most this many decimals here (more cannot change a double).
constexpr int kMaxPrintfDecimals = 100;
constexpr std::size_t kNumberBufferSize = 512;
constexpr int kDecimalBase = 10;

[[noreturn]] void fail(const std::string& message) {
    throw TemplateError(message, 0, 0);
}

int64_t intArg(const Value& v, const char* what) {
    if (v.isInt() || v.isBool()) {
        return v.asInt();
    }
    fail(std::string(what) + " must be an integer, not " + v.typeName());
}

bool isWordCodePoint(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
               cp == '_';
    }
    // Approximates \w outside ASCII: letters and digits of all scripts, not punctuation.
    const bool punctuation = (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                             (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xA0 && cp <= 0xBF) ||
                             cp == 0xD7 || cp == 0xF7;
    return !punctuation && !py::isSpace(cp);
}

Value fAbs(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "abs", {});
    if (v.isInt() || v.isBool()) {
        if (v.asInt() == std::numeric_limits<int64_t>::min()) {
            fail("integer overflow (numbers are limited to 64 bits)");
        }
        return Value::integer(std::llabs(v.asInt()));
    }
    if (v.isFloat()) {
        return Value::number(std::fabs(v.asDouble()));
    }
    if (v.isUndefined()) {
        ops::undefinedError(v);
    }
    fail("bad operand type for abs(): '" + v.typeName() + "'");
}

Value fAttr(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "attr", {"name"});
    return ops::getAttr(v, text(a.value(0)));
}

Value fCapitalize(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "capitalize", {});
    return Value::string(py::capitalize(text(v)));
}

Value fCenter(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "center", {"width"});
    const std::string s = text(v);
    const int64_t width = a.has(0) ? intArg(*a.get(0), "width") : kDefaultCenterWidth;
    const auto len = static_cast<int64_t>(py::length(s));
    const int64_t marg = width - len;
    if (marg <= 0) {
        return Value::string(s);
    }
    ops::checkStringSize(s.size() + static_cast<std::size_t>(marg), in.opLimits());
    const int64_t left = marg / 2 + (marg & width & 1);
    return Value::string(std::string(static_cast<std::size_t>(left), ' ') + s +
                         std::string(static_cast<std::size_t>(marg - left), ' '));
}

Value fDefault(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "default", {"default_value", "boolean"});
    const bool boolean = a.has(1) && a.get(1)->truthy();
    if (v.isUndefined() || (boolean && !v.truthy())) {
        return a.value(0, Value::string(""));
    }
    return v;
}

Value fEscape(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "escape", {});
    std::string out;
    for (char c : text(v)) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    ops::checkStringSize(out.size(), in.opLimits());
    return Value::string(std::move(out));
}

Value fFloat(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "float", {"default"});
    if (v.isUndefined()) {
        ops::undefinedError(v);
    }
    if (v.isNumber()) {
        return Value::number(v.asDouble());
    }
    if (v.isString()) {
        if (const auto d = py::parseFloat(v.asString())) {
            return Value::number(*d);
        }
    }
    return a.value(0, Value::number(0.0));
}

Value fFormat(Interpreter& in, const Value& v, const CallArgs& args) {
    if (!args.positional.empty() && !args.keyword.empty()) {
        fail("format() can't handle positional and keyword arguments at the same time");
    }
    Value operand;
    if (!args.keyword.empty()) {
        std::vector<std::pair<std::string, Value>> kw(args.keyword.begin(), args.keyword.end());
        operand = Value::object(std::move(kw));
    } else {
        operand = Value::list(args.positional, true);
    }
    return Value::string(ops::percentFormat(text(v), operand, in.opLimits()));
}

Value fIndent(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "indent", {"width", "first", "blank"});
    std::string indention;
    if (a.has(0) && a.get(0)->isString()) {
        indention = a.get(0)->asString();
    } else {
        const int64_t width = a.has(0) ? intArg(*a.get(0), "width") : kDefaultIndentWidth;
        ops::checkStringSize(static_cast<std::size_t>(std::max<int64_t>(width, 0)), in.opLimits());
        indention.assign(static_cast<std::size_t>(std::max<int64_t>(width, 0)), ' ');
    }
    const bool first = a.has(1) && a.get(1)->truthy();
    const bool blank = a.has(2) && a.get(2)->truthy();
    if (!v.isString()) {
        if (v.isUndefined()) {
            ops::undefinedError(v);
        }
        fail("indent needs a string, not " + v.typeName());
    }
    const std::vector<std::string> lines = py::splitLines(text(v) + "\n");
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        ops::checkStringSize(out.size() + lines[i].size() + indention.size() + 1, in.opLimits());
        if (i > 0) {
            out += '\n';
            if (blank || !lines[i].empty()) {
                out += indention;
            }
        }
        out += lines[i];
    }
    if (first) {
        out = indention + out;
    }
    return Value::string(std::move(out));
}

Value fInt(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "int", {"default", "base"});
    const int64_t base = a.has(1) ? intArg(*a.get(1), "base") : kDecimalBase;
    if (v.isUndefined()) {
        ops::undefinedError(v);
    }
    if (v.isInt() || v.isBool()) {
        return Value::integer(v.asInt());
    }
    auto fromDouble = [&](double d) -> std::optional<int64_t> {
        constexpr double kLimit = 9.2e18;
        if (!std::isfinite(d) || std::fabs(d) >= kLimit) {
            return std::nullopt;
        }
        return static_cast<int64_t>(d);
    };
    if (v.isFloat()) {
        if (const auto i = fromDouble(v.asDouble())) {
            return Value::integer(*i);
        }
    } else if (v.isString()) {
        if (const auto i = py::parseInt(v.asString(), static_cast<int>(base))) {
            return Value::integer(*i);
        }
        if (const auto d = py::parseFloat(v.asString())) {
            if (const auto i = fromDouble(*d)) {
                return Value::integer(*i);
            }
        }
    }
    return a.value(0, Value::integer(0));
}

Value fLower(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "lower", {});
    return Value::string(py::lower(text(v)));
}

Value fUpper(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "upper", {});
    return Value::string(py::upper(text(v)));
}

Value fReplace(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "replace", {"old", "new", "count"});
    const int64_t count = a.has(2) && !a.get(2)->isNone() ? intArg(*a.get(2), "count") : -1;
    auto r = py::replace(text(v), text(a.value(0)), text(a.value(1)), count,
                         in.opLimits().maxStringBytes);
    if (!r) {
        ops::checkStringSize(in.opLimits().maxStringBytes + 1, in.opLimits());
    }
    return Value::string(std::move(*r));
}

Value fRound(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "round", {"precision", "method"});
    const int64_t precision = a.has(0) ? intArg(*a.get(0), "precision") : 0;
    const std::string method = a.has(1) ? text(*a.get(1)) : "common";
    if (method != "common" && method != "ceil" && method != "floor") {
        fail("method must be common, ceil or floor");
    }
    if (!v.isNumber()) {
        if (v.isUndefined()) {
            ops::undefinedError(v);
        }
        fail("type " + v.typeName() + " doesn't define __round__ method");
    }
    const int digits =
        static_cast<int>(std::clamp<int64_t>(precision, -kMaxRoundDigits, kMaxRoundDigits));
    const double x = v.asDouble();
    if (method != "common") {
        const double scale = std::pow(10.0, digits);
        const double r = method == "ceil" ? std::ceil(x * scale) : std::floor(x * scale);
        return Value::number(r / scale);
    }
    if (!v.isFloat() && digits >= 0) {
        return Value::integer(v.asInt());
    }
    if (!std::isfinite(x)) {
        return Value::number(x);
    }
    double r = 0;
    if (digits >= 0) {
        // printf rounds the exact binary value half-to-even, as Python's round() does.
        char buf[kNumberBufferSize];
        std::snprintf(buf, sizeof buf, "%.*f", std::min(digits, kMaxPrintfDecimals), x);
        r = std::strtod(buf, nullptr);
    } else {
        const double scale = std::pow(10.0, -digits);
        r = std::nearbyint(x / scale) * scale;
    }
    if (!v.isFloat()) {
        return Value::integer(static_cast<int64_t>(r));
    }
    return Value::number(r);
}

Value fSafe(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "safe", {});
    return v.isString() ? v : Value::string(text(v));
}

Value fString(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "string", {});
    return Value::string(text(v));
}

Value fTitle(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "title", {});
    // Jinja splits before runs of "-", whitespace and opening brackets, and upper-cases the first
    // code point of every piece.
    const std::string s = text(v);
    std::string out;
    bool pieceStart = true;
    bool inSeparator = false;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t next = 0;
        const char32_t cp = py::codePointAt(s, pos, next);
        const bool sep =
            cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<' || py::isSpace(cp);
        if (sep != inSeparator) {
            pieceStart = true;
            inSeparator = sep;
        }
        const std::string_view bytes = std::string_view(s).substr(pos, next - pos);
        out += pieceStart ? py::upper(bytes) : py::lower(bytes);
        pieceStart = false;
        pos = next;
    }
    return Value::string(std::move(out));
}

Value fToJson(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "tojson", {"ensure_ascii", "indent", "separators", "sort_keys"});
    JsonOptions o;
    o.ensureAscii = a.has(0) && a.get(0)->truthy();
    if (a.has(1) && !a.get(1)->isNone()) {
        const Value& indent = *a.get(1);
        if (indent.isString()) {
            o.indent = indent.asString();
        } else {
            const int64_t n = std::clamp<int64_t>(
                intArg(indent, "indent"), 0, static_cast<int64_t>(in.opLimits().maxStringBytes));
            o.indent = std::string(static_cast<std::size_t>(n), ' ');
        }
        o.itemSeparator = ",";
    }
    if (a.has(2) && !a.get(2)->isNone()) {
        const Value& seps = *a.get(2);
        if (!seps.isList() || seps.asList().items.size() != 2) {
            fail("separators must be a pair of strings");
        }
        o.itemSeparator = text(seps.asList().items[0]);
        o.keySeparator = text(seps.asList().items[1]);
    }
    o.sortKeys = a.has(3) && a.get(3)->truthy();
    return Value::string(toJson(v, o, in.opLimits().maxStringBytes));
}

Value fTrim(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "trim", {"chars"});
    std::optional<std::string> chars;
    if (a.has(0) && !a.get(0)->isNone()) {
        chars = text(*a.get(0));
    }
    return Value::string(py::strip(text(v), chars, true, true));
}

Value fTruncate(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "truncate", {"length", "killwords", "end", "leeway"});
    const std::string s = text(v);
    const int64_t length = a.has(0) ? intArg(*a.get(0), "length") : kDefaultTruncateLength;
    const bool killwords = a.has(1) && a.get(1)->truthy();
    const std::string end = a.has(2) ? text(*a.get(2)) : "...";
    const int64_t leeway =
        a.has(3) && !a.get(3)->isNone() ? intArg(*a.get(3), "leeway") : kTruncateLeeway;
    const auto endLen = static_cast<int64_t>(py::length(end));
    if (length < endLen || leeway < 0) {
        fail("expected length >= len(end) and leeway >= 0");
    }
    const std::vector<std::string_view> cps = py::codePoints(s);
    if (static_cast<int64_t>(cps.size()) <= length + leeway) {
        return Value::string(s);
    }
    std::string head;
    for (int64_t i = 0; i < length - endLen; ++i) {
        head += cps[static_cast<std::size_t>(i)];
    }
    if (!killwords) {
        const std::size_t space = head.rfind(' ');
        if (space != std::string::npos) {
            head.resize(space);
        }
    }
    return Value::string(head + end);
}

Value fWordcount(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "wordcount", {});
    const std::string s = text(v);
    int64_t words = 0;
    bool inWord = false;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t next = 0;
        const bool word = isWordCodePoint(py::codePointAt(s, pos, next));
        if (word && !inWord) {
            ++words;
        }
        inWord = word;
        pos = next;
    }
    return Value::integer(words);
}

/// A filter and its name.
struct Entry {
    std::string_view name;
    Fn fn;
};

constexpr Entry kScalarFilters[] = {
    {"abs", fAbs},           {"attr", fAttr},     {"capitalize", fCapitalize},
    {"center", fCenter},     {"d", fDefault},     {"default", fDefault},
    {"e", fEscape},          {"escape", fEscape}, {"forceescape", fEscape},
    {"float", fFloat},       {"format", fFormat}, {"indent", fIndent},
    {"int", fInt},           {"lower", fLower},   {"replace", fReplace},
    {"round", fRound},       {"safe", fSafe},     {"string", fString},
    {"title", fTitle},       {"tojson", fToJson}, {"trim", fTrim},
    {"truncate", fTruncate}, {"upper", fUpper},   {"wordcount", fWordcount},
};

} // namespace

Fn findScalar(std::string_view name) {
    for (const Entry& e : kScalarFilters) {
        if (e.name == name) {
            return e.fn;
        }
    }
    return nullptr;
}

std::string text(const Value& v) {
    return toStr(v);
}

Value attribute(const Value& item, std::string_view path) {
    Value cur = item;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = path.find('.', start);
        const std::string part(
            path.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (cur.isUndefined()) {
            return cur;
        }
        const bool numeric =
            !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
        const std::optional<int64_t> index =
            numeric ? py::parseInt(part, kDecimalBase) : std::nullopt;
        cur = index ? ops::getItem(cur, Value::integer(*index))
                    : ops::getItem(cur, Value::string(part));
        if (dot == std::string_view::npos) {
            return cur;
        }
        start = dot + 1;
    }
}

} // namespace hearth::chat::filters

namespace hearth::chat {

Value applyFilter(Interpreter& in, std::string_view name, const Value& input,
                  const CallArgs& args) {
    filters::Fn fn = filters::findScalar(name);
    if (!fn) {
        fn = filters::findSequence(name);
    }
    if (!fn) {
        throw TemplateError("no filter named '" + std::string(name) + "'", 0, 0);
    }
    return fn(in, input, args);
}

} // namespace hearth::chat
