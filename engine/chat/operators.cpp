// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/operators.h"

#include "engine/chat/builtins.h"
#include "engine/chat/callable.h"
#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"
#include "engine/core/utf8.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace hearth::chat::ops {
namespace {

/// Width and precision of a %-format specifier are capped to keep the output bounded.
constexpr int64_t kMaxFormatWidth = 1 << 20;
constexpr int64_t kMaxFormatPrecision = 100;
/// Room for any number printed with at most kMaxFormatPrecision decimals.
constexpr std::size_t kNumberBufferSize = 512;
constexpr int64_t kDecimalBase = 10;

[[noreturn]] void typeError(const std::string& message) {
    throw TemplateError(message, 0, 0);
}

[[noreturn]] void overflow() {
    typeError("integer overflow (numbers are limited to 64 bits)");
}

std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

[[noreturn]] void unsupported(std::string_view op, const Value& a, const Value& b) {
    typeError("unsupported operand type(s) for " + std::string(op) + ": " + quoted(a.typeName()) +
              " and " + quoted(b.typeName()));
}

bool isAscii(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

Value repeat(const Value& seq, int64_t times, const Limits& limits) {
    const std::size_t n = times > 0 ? static_cast<std::size_t>(times) : 0;
    if (seq.isString()) {
        const std::string& s = seq.asString();
        if (n > 0 && s.size() > limits.maxStringBytes / n) {
            checkStringSize(limits.maxStringBytes + 1, limits);
        }
        std::string out;
        out.reserve(s.size() * n);
        for (std::size_t i = 0; i < n; ++i) {
            out += s;
        }
        return Value::string(std::move(out));
    }
    const ListData& l = seq.asList();
    if (n > 0 && l.items.size() > limits.maxListItems / n) {
        typeError("list too long (more than " + std::to_string(limits.maxListItems) + " items)");
    }
    std::vector<Value> out;
    out.reserve(l.items.size() * n);
    for (std::size_t i = 0; i < n; ++i) {
        out.insert(out.end(), l.items.begin(), l.items.end());
    }
    return Value::list(std::move(out), l.tuple);
}

int64_t intPow(int64_t base, int64_t exp) {
    int64_t result = 1;
    while (exp > 0) {
        if (exp & 1) {
            if (__builtin_mul_overflow(result, base, &result)) {
                overflow();
            }
        }
        exp >>= 1;
        if (exp > 0 && __builtin_mul_overflow(base, base, &base)) {
            overflow();
        }
    }
    return result;
}

Value arithmetic(std::string_view op, const Value& a, const Value& b) {
    if (!a.isNumber() || !b.isNumber()) {
        unsupported(op, a, b);
    }
    const bool floats = a.isFloat() || b.isFloat();
    if (!floats) {
        const int64_t x = a.asInt();
        const int64_t y = b.asInt();
        int64_t r = 0;
        if (op == "+") {
            if (__builtin_add_overflow(x, y, &r)) {
                overflow();
            }
            return Value::integer(r);
        }
        if (op == "-") {
            if (__builtin_sub_overflow(x, y, &r)) {
                overflow();
            }
            return Value::integer(r);
        }
        if (op == "*") {
            if (__builtin_mul_overflow(x, y, &r)) {
                overflow();
            }
            return Value::integer(r);
        }
        if (op == "//" || op == "%") {
            if (y == 0) {
                typeError("integer division or modulo by zero");
            }
            if (x == std::numeric_limits<int64_t>::min() && y == -1) {
                if (op == "%") {
                    return Value::integer(0);
                }
                overflow();
            }
            int64_t q = x / y;
            int64_t m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) {
                --q;
                m += y;
            }
            return Value::integer(op == "//" ? q : m);
        }
        if (op == "**" && y >= 0) {
            return Value::integer(intPow(x, y));
        }
    }
    const double x = a.asDouble();
    const double y = b.asDouble();
    if (op == "+") {
        return Value::number(x + y);
    }
    if (op == "-") {
        return Value::number(x - y);
    }
    if (op == "*") {
        return Value::number(x * y);
    }
    if (op == "/") {
        if (y == 0.0) {
            typeError("division by zero");
        }
        return Value::number(x / y);
    }
    if (op == "//" || op == "%") {
        if (y == 0.0) {
            typeError("float division or modulo by zero");
        }
        // CPython's float divmod.
        double m = std::fmod(x, y);
        double div = (x - m) / y;
        if (m != 0.0) {
            if ((y < 0) != (m < 0)) {
                m += y;
                div -= 1.0;
            }
        } else {
            m = std::copysign(0.0, y);
        }
        if (op == "%") {
            return Value::number(m);
        }
        double floorDiv = 0.0;
        if (div != 0.0) {
            floorDiv = std::floor(div);
            if (div - floorDiv > 0.5) {
                floorDiv += 1.0;
            }
        } else {
            floorDiv = std::copysign(0.0, x / y);
        }
        return Value::number(floorDiv);
    }
    // "**"
    if (x == 0.0 && y < 0) {
        typeError("0.0 cannot be raised to a negative power");
    }
    if (x < 0 && y != std::floor(y)) {
        typeError("a negative number raised to a fractional power has no real result");
    }
    return Value::number(std::pow(x, y));
}

/// Python's slice.indices(): normalised start, stop and step for a sequence of length n.
struct SliceRange {
    int64_t start;
    int64_t stop;
    int64_t step;
};

int64_t sliceIndex(const Value& v) {
    if (v.isInt() || v.isBool()) {
        return v.asInt();
    }
    typeError("slice indices must be integers or None");
}

SliceRange sliceRange(int64_t n, const Value& start, const Value& stop, const Value& step) {
    auto absent = [](const Value& v) { return v.isUndefined() || v.isNone(); };
    SliceRange r{0, 0, absent(step) ? 1 : sliceIndex(step)};
    if (r.step == 0) {
        typeError("slice step cannot be zero");
    }
    if (r.step == std::numeric_limits<int64_t>::min()) {
        r.step = -std::numeric_limits<int64_t>::max();
    }
    const int64_t lower = r.step > 0 ? 0 : -1;
    const int64_t upper = r.step > 0 ? n : n - 1;
    auto clamp = [&](const Value& v, int64_t fallback) {
        if (absent(v)) {
            return fallback;
        }
        int64_t i = sliceIndex(v);
        if (i < 0) {
            i = i < -n ? lower : i + n;
            return i < lower ? lower : i;
        }
        return i > upper ? upper : i;
    };
    r.start = clamp(start, r.step > 0 ? lower : upper);
    r.stop = clamp(stop, r.step > 0 ? upper : lower);
    return r;
}

template <typename Fn>
void forSlice(const SliceRange& r, Fn&& fn) {
    if (r.step > 0) {
        for (int64_t i = r.start; i < r.stop; i += r.step) {
            fn(i);
            if (r.stop - i <= r.step) {
                break;
            }
        }
    } else {
        for (int64_t i = r.start; i > r.stop; i += r.step) {
            fn(i);
            if (i - r.stop <= -r.step) {
                break;
            }
        }
    }
}

Value boundMethod(const Value& self, const std::string& name) {
    auto c = std::make_shared<Callable>();
    c->kind = Callable::Kind::Method;
    c->name = name;
    c->self = self;
    return Value::callable(std::move(c));
}

std::string noAttribute(const Value& obj, const std::string& name) {
    if (obj.isNone()) {
        return "'None' has no attribute '" + name + "'";
    }
    return "'" + obj.typeName() + " object' has no attribute '" + name + "'";
}

} // namespace

void undefinedError(const Value& v) {
    const std::string hint = v.undefinedHint();
    typeError(hint.empty() ? "an undefined value was used" : hint);
}

void checkStringSize(std::size_t bytes, const Limits& limits) {
    if (bytes > limits.maxStringBytes) {
        typeError("string too long (more than " + std::to_string(limits.maxStringBytes >> 20) +
                  " MiB)");
    }
}

Value binary(std::string_view op, const Value& a, const Value& b, const Limits& limits) {
    if (a.isUndefined()) {
        undefinedError(a);
    }
    if (b.isUndefined()) {
        undefinedError(b);
    }
    if (op == "+") {
        if (a.isString() || b.isString()) {
            if (!a.isString() || !b.isString()) {
                typeError("can only concatenate str (not \"" + (a.isString() ? b : a).typeName() +
                          "\") to str");
            }
            checkStringSize(a.asString().size() + b.asString().size(), limits);
            return Value::string(a.asString() + b.asString());
        }
        if (a.isList() && b.isList()) {
            if (a.asList().tuple != b.asList().tuple || a.isGenerator() || b.isGenerator()) {
                unsupported(op, a, b);
            }
            const auto& x = a.asList().items;
            const auto& y = b.asList().items;
            if (x.size() + y.size() > limits.maxListItems) {
                typeError("list too long");
            }
            std::vector<Value> items(x);
            items.insert(items.end(), y.begin(), y.end());
            return Value::list(std::move(items), a.asList().tuple);
        }
    }
    if (op == "*") {
        if ((a.isString() || (a.isList() && !a.isGenerator())) && (b.isInt() || b.isBool())) {
            return repeat(a, b.asInt(), limits);
        }
        if ((b.isString() || (b.isList() && !b.isGenerator())) && (a.isInt() || a.isBool())) {
            return repeat(b, a.asInt(), limits);
        }
    }
    if (op == "%" && a.isString()) {
        return Value::string(percentFormat(a.asString(), b, limits));
    }
    return arithmetic(op, a, b);
}

Value negate(const Value& v) {
    if (v.isInt() || v.isBool()) {
        if (v.asInt() == std::numeric_limits<int64_t>::min()) {
            overflow();
        }
        return Value::integer(-v.asInt());
    }
    if (v.isFloat()) {
        return Value::number(-v.asDouble());
    }
    if (v.isUndefined()) {
        undefinedError(v);
    }
    typeError("bad operand type for unary -: " + quoted(v.typeName()));
}

Value positive(const Value& v) {
    if (v.isInt() || v.isBool()) {
        return Value::integer(v.asInt());
    }
    if (v.isFloat()) {
        return v;
    }
    if (v.isUndefined()) {
        undefinedError(v);
    }
    typeError("bad operand type for unary +: " + quoted(v.typeName()));
}

bool compare(std::string_view op, const Value& a, const Value& b) {
    if (op == "==") {
        return equals(a, b);
    }
    if (op == "!=") {
        return !equals(a, b);
    }
    if (op == "<") {
        return lessThan(a, b);
    }
    if (op == ">") {
        return lessThan(b, a);
    }
    if (op == "<=") {
        return lessThan(a, b) || equals(a, b);
    }
    if (op == ">=") {
        return lessThan(b, a) || equals(a, b);
    }
    if (op == "in") {
        return contains(b, a);
    }
    return !contains(b, a); // "notin"
}

bool contains(const Value& container, const Value& item) {
    switch (container.kind()) {
    case Value::Kind::String:
        if (!item.isString()) {
            typeError("'in <string>' requires string as left operand, not " + item.typeName());
        }
        return container.asString().find(item.asString()) != std::string::npos;
    case Value::Kind::List:
        for (const Value& v : container.asList().items) {
            if (equals(v, item)) {
                return true;
            }
        }
        return false;
    case Value::Kind::Dict:
        if (item.isUndefined()) {
            return false;
        }
        if (!hashKey(item)) {
            typeError("unhashable type: " + quoted(item.typeName()));
        }
        return container.asDict().find(item) != nullptr;
    case Value::Kind::Undefined:
        return false;
    default:
        typeError("argument of type " + quoted(container.typeName()) + " is not iterable");
    }
}

std::vector<Value> iterate(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::List:
        return v.asList().items;
    case Value::Kind::Dict: {
        std::vector<Value> keys;
        keys.reserve(v.asDict().items.size());
        for (const auto& kv : v.asDict().items) {
            keys.push_back(kv.first);
        }
        return keys;
    }
    case Value::Kind::String: {
        std::vector<Value> chars;
        for (std::string_view cp : py::codePoints(v.asString())) {
            chars.push_back(Value::string(std::string(cp)));
        }
        return chars;
    }
    case Value::Kind::Undefined:
        return {};
    default:
        typeError(quoted(v.typeName()) + " object is not iterable");
    }
}

int64_t length(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::String:
        return static_cast<int64_t>(py::length(v.asString()));
    case Value::Kind::List:
        if (v.isGenerator()) {
            break;
        }
        return static_cast<int64_t>(v.asList().items.size());
    case Value::Kind::Dict:
        return static_cast<int64_t>(v.asDict().items.size());
    case Value::Kind::Undefined:
        return 0;
    default:
        break;
    }
    typeError("object of type " + quoted(v.typeName()) + " has no len()");
}

Value getAttr(const Value& obj, const std::string& name) {
    switch (obj.kind()) {
    case Value::Kind::Undefined:
        undefinedError(obj);
    case Value::Kind::Dict:
        if (hasMethod(obj, name)) {
            return boundMethod(obj, name);
        }
        if (const Value* v = obj.asDict().find(std::string_view(name))) {
            return *v;
        }
        break;
    case Value::Kind::String:
    case Value::Kind::List:
        if (hasMethod(obj, name)) {
            return boundMethod(obj, name);
        }
        break;
    case Value::Kind::Namespace:
        if (const Value* v = obj.asNamespace()->find(name)) {
            return *v;
        }
        break;
    default:
        break;
    }
    return Value::undefined(noAttribute(obj, name));
}

Value getItem(const Value& obj, const Value& key) {
    if (obj.isUndefined()) {
        undefinedError(obj);
    }
    if (obj.isDict()) {
        if (const Value* v = obj.asDict().find(key)) {
            return *v;
        }
    } else if (((obj.isList() && !obj.isGenerator()) || obj.isString()) &&
               (key.isInt() || key.isBool())) {
        const int64_t n =
            obj.isList() ? static_cast<int64_t>(obj.asList().items.size()) : length(obj);
        int64_t i = key.asInt();
        if (i < 0) {
            i += n;
        }
        if (i >= 0 && i < n) {
            if (obj.isList()) {
                return obj.asList().items[static_cast<std::size_t>(i)];
            }
            const std::string& s = obj.asString();
            if (isAscii(s)) {
                return Value::string(std::string(1, s[static_cast<std::size_t>(i)]));
            }
            std::size_t pos = 0;
            for (int64_t k = 0; k < i; ++k) {
                pos = py::nextCodePoint(s, pos);
            }
            return Value::string(s.substr(pos, py::nextCodePoint(s, pos) - pos));
        }
        return Value::undefined("'" + obj.typeName() + " object' has no element " +
                                std::to_string(key.asInt()));
    }
    if (key.isString()) {
        return getAttr(obj, key.asString());
    }
    return Value::undefined("'" + obj.typeName() + " object' has no element " + toRepr(key));
}

Value slice(const Value& obj, const Value& start, const Value& stop, const Value& step) {
    if (obj.isUndefined()) {
        undefinedError(obj);
    }
    if (obj.isList() && !obj.isGenerator()) {
        const auto& items = obj.asList().items;
        const SliceRange r = sliceRange(static_cast<int64_t>(items.size()), start, stop, step);
        std::vector<Value> out;
        forSlice(r, [&](int64_t i) { out.push_back(items[static_cast<std::size_t>(i)]); });
        return Value::list(std::move(out), obj.asList().tuple);
    }
    if (obj.isString()) {
        const std::string& s = obj.asString();
        std::string out;
        if (isAscii(s)) {
            const SliceRange r = sliceRange(static_cast<int64_t>(s.size()), start, stop, step);
            forSlice(r, [&](int64_t i) { out += s[static_cast<std::size_t>(i)]; });
        } else {
            const std::vector<std::string_view> cps = py::codePoints(s);
            const SliceRange r = sliceRange(static_cast<int64_t>(cps.size()), start, stop, step);
            forSlice(r, [&](int64_t i) { out += cps[static_cast<std::size_t>(i)]; });
        }
        return Value::string(std::move(out));
    }
    if (obj.isDict()) {
        typeError("unhashable type: 'slice'");
    }
    typeError(quoted(obj.typeName()) + " object is not subscriptable");
}

namespace {

/// One %-conversion: flags, width, precision and type.
struct Spec {
    bool left = false;
    bool plus = false;
    bool space = false;
    bool zero = false;
    bool alternate = false;
    int64_t width = -1;
    int64_t precision = -1;
    char type = 's';
};

std::string pad(std::string body, const Spec& spec, bool numeric) {
    const auto len = static_cast<int64_t>(py::length(body));
    if (spec.width <= len) {
        return body;
    }
    const auto fill = static_cast<std::size_t>(spec.width - len);
    if (spec.left) {
        return body + std::string(fill, ' ');
    }
    if (numeric && spec.zero) {
        std::size_t signLen = !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ');
        if (body.size() > signLen + 1 && body[signLen] == '0' &&
            (body[signLen + 1] == 'x' || body[signLen + 1] == 'X' || body[signLen + 1] == 'o')) {
            signLen += 2;
        }
        return body.substr(0, signLen) + std::string(fill, '0') + body.substr(signLen);
    }
    return std::string(fill, ' ') + body;
}

std::string formatNumber(const Value& arg, const Spec& spec) {
    if (!arg.isNumber()) {
        typeError(std::string("%") + spec.type + " format: a real number is required, not " +
                  arg.typeName());
    }
    std::string flags;
    if (spec.plus) {
        flags += '+';
    } else if (spec.space) {
        flags += ' ';
    }
    if (spec.alternate) {
        flags += '#';
    }
    char buf[kNumberBufferSize];
    const int precision = static_cast<int>(std::min<int64_t>(spec.precision, kMaxFormatPrecision));
    switch (spec.type) {
    case 'd':
    case 'i':
    case 'u': {
        const double d = arg.asDouble();
        if (arg.isFloat() && (!std::isfinite(d) || std::fabs(d) >= 9.2e18)) {
            typeError("cannot convert float to integer");
        }
        const long long v = arg.isFloat() ? static_cast<long long>(d) : arg.asInt();
        std::snprintf(buf, sizeof buf, ("%" + flags + "lld").c_str(), v);
        return buf;
    }
    case 'x':
    case 'X':
    case 'o': {
        if (arg.isFloat()) {
            typeError(std::string("%") + spec.type + " format: an integer is required, not float");
        }
        const long long v = arg.asInt();
        const unsigned long long mag =
            v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
        std::string body;
        const char fmt[] = {'%', spec.type == 'o' ? 'o' : spec.type, 0};
        std::snprintf(buf, sizeof buf, fmt, mag);
        if (spec.alternate) {
            body = spec.type == 'o' ? "0o" : spec.type == 'x' ? "0x" : "0X";
        }
        body += buf;
        const std::string sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        return sign + body;
    }
    default: {
        std::string fmt = "%" + flags;
        if (precision >= 0) {
            fmt += "." + std::to_string(precision);
        }
        fmt += spec.type == 'F' ? 'f' : spec.type;
        const double d = arg.asDouble();
        if (std::isnan(d) || std::isinf(d)) {
            const bool upper = spec.type == 'F' || spec.type == 'E' || spec.type == 'G';
            std::string s = std::isnan(d) ? "nan" : (d < 0 ? "-inf" : (spec.plus ? "+inf" : "inf"));
            return upper ? py::upper(s) : s;
        }
        std::snprintf(buf, sizeof buf, fmt.c_str(), d);
        return buf;
    }
    }
}

} // namespace

std::string percentFormat(std::string_view format, const Value& args, const Limits& limits) {
    std::vector<Value> positional;
    const bool mapping = args.isDict();
    if (args.isList() && args.asList().tuple) {
        positional = args.asList().items;
    } else if (!mapping) {
        positional.push_back(args);
    }
    std::size_t next = 0;
    auto takeArg = [&]() -> const Value& {
        if (next >= positional.size()) {
            typeError("not enough arguments for format string");
        }
        return positional[next++];
    };
    auto readNumber = [&](std::size_t& i) -> int64_t {
        if (i < format.size() && format[i] == '*') {
            ++i;
            const Value& v = takeArg();
            if (!v.isInt() && !v.isBool()) {
                typeError("* wants int");
            }
            return std::min(v.asInt(), kMaxFormatWidth);
        }
        int64_t n = -1;
        while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
            n = std::min((n < 0 ? 0 : n) * kDecimalBase + (format[i] - '0'), kMaxFormatWidth);
            ++i;
        }
        return n;
    };
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            out += format[i];
            continue;
        }
        if (++i >= format.size()) {
            typeError("incomplete format");
        }
        const Value* keyed = nullptr;
        if (format[i] == '(') {
            const std::size_t close = format.find(')', i);
            if (close == std::string_view::npos || !mapping) {
                typeError(mapping ? "incomplete format key" : "format requires a mapping");
            }
            keyed = args.asDict().find(format.substr(i + 1, close - i - 1));
            if (!keyed) {
                typeError("format key '" + std::string(format.substr(i + 1, close - i - 1)) +
                          "' not found");
            }
            i = close + 1;
        }
        Spec spec;
        for (; i < format.size(); ++i) {
            const char f = format[i];
            if (f == '-') {
                spec.left = true;
            } else if (f == '+') {
                spec.plus = true;
            } else if (f == ' ') {
                spec.space = true;
            } else if (f == '0') {
                spec.zero = true;
            } else if (f == '#') {
                spec.alternate = true;
            } else {
                break;
            }
        }
        spec.width = readNumber(i);
        if (i < format.size() && format[i] == '.') {
            ++i;
            spec.precision = std::max<int64_t>(readNumber(i), 0);
        }
        while (i < format.size() && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L')) {
            ++i;
        }
        if (i >= format.size()) {
            typeError("incomplete format");
        }
        spec.type = format[i];
        if (spec.type == '%') {
            out += '%';
            continue;
        }
        const Value& arg = keyed ? *keyed : takeArg();
        std::string piece;
        switch (spec.type) {
        case 's':
        case 'r':
        case 'a': {
            piece = spec.type == 's' ? toStr(arg) : toRepr(arg);
            if (spec.precision >= 0) {
                const auto cps = py::codePoints(piece);
                if (static_cast<int64_t>(cps.size()) > spec.precision) {
                    piece.resize(static_cast<std::size_t>(
                        cps[static_cast<std::size_t>(spec.precision)].data() - piece.data()));
                }
            }
            piece = pad(std::move(piece), spec, false);
            break;
        }
        case 'c':
            if (arg.isString() && py::length(arg.asString()) == 1) {
                piece = arg.asString();
            } else if (arg.isInt() && arg.asInt() >= 0 && arg.asInt() <= 0x10FFFF) {
                appendUtf8(piece, static_cast<char32_t>(arg.asInt()));
            } else {
                typeError("%c requires an int or a single character");
            }
            piece = pad(std::move(piece), spec, false);
            break;
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o':
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
            piece = pad(formatNumber(arg, spec), spec, true);
            break;
        default:
            typeError(std::string("unsupported format character '") + spec.type + "'");
        }
        checkStringSize(out.size() + piece.size(), limits);
        out += piece;
    }
    if (!mapping && next < positional.size()) {
        typeError("not all arguments converted during string formatting");
    }
    return out;
}

} // namespace hearth::chat::ops
