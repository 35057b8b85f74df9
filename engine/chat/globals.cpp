// SPDX-License-Identifier: GPL-3.0-or-later
// The global functions of the template environment Hugging Face sets up: range, namespace,
// dict, raise_exception and strftime_now.

#include "engine/chat/builtins.h"
#include "engine/chat/callable.h"
#include "engine/chat/interpreter.h"
#include "engine/chat/operators.h"
#include "engine/chat/template_error.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace hearth::chat {
namespace {

/// Jinja's sandbox refuses larger ranges (MAX_RANGE).
constexpr int64_t kMaxRange = 100000;
constexpr int kYearBase = 1900;
constexpr int kHoursPerHalfDay = 12;
constexpr int kDaysPerWeek = 7;

constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

constexpr std::string_view kGlobalNames[] = {"dict", "namespace", "raise_exception", "range",
                                             "strftime_now"};

[[noreturn]] void fail(const std::string& message) {
    throw TemplateError(message, 0, 0);
}

int64_t intArg(const Value& v, const char* function) {
    if (!v.isInt() && !v.isBool()) {
        fail(std::string(function) + "() expects integer arguments, not " + v.typeName());
    }
    return v.asInt();
}

Value range(Interpreter& in, const CallArgs& args) {
    if (!args.keyword.empty() || args.positional.empty() || args.positional.size() > 3) {
        fail("range() expects 1 to 3 integer arguments");
    }
    int64_t start = 0;
    int64_t stop = 0;
    int64_t step = 1;
    if (args.positional.size() == 1) {
        stop = intArg(args.positional[0], "range");
    } else {
        start = intArg(args.positional[0], "range");
        stop = intArg(args.positional[1], "range");
        if (args.positional.size() == 3) {
            step = intArg(args.positional[2], "range");
        }
    }
    if (step == 0) {
        fail("range() arg 3 must not be zero");
    }
    // Count without overflow: the distance fits in 128 bits.
    const __int128 span =
        step > 0 ? static_cast<__int128>(stop) - start : static_cast<__int128>(start) - stop;
    const __int128 stride = step > 0 ? static_cast<__int128>(step) : -static_cast<__int128>(step);
    const __int128 count = span <= 0 ? 0 : (span + stride - 1) / stride;
    if (count > kMaxRange) {
        fail("range too big (the limit is " + std::to_string(kMaxRange) + " items)");
    }
    in.charge(static_cast<uint64_t>(count));
    std::vector<Value> out;
    out.reserve(static_cast<std::size_t>(count));
    for (__int128 i = 0; i < count; ++i) {
        out.push_back(Value::integer(static_cast<int64_t>(start + i * step)));
    }
    return Value::list(std::move(out));
}

/// Key/value pairs from dict(mapping_or_pairs, **kwargs) and namespace(...).
std::vector<std::pair<Value, Value>> pairsFrom(Interpreter& in, const CallArgs& args,
                                               const char* function) {
    if (args.positional.size() > 1) {
        fail(std::string(function) + "() takes at most 1 positional argument");
    }
    std::vector<std::pair<Value, Value>> pairs;
    if (!args.positional.empty()) {
        const Value& src = args.positional[0];
        if (src.isDict()) {
            pairs = src.asDict().items;
        } else {
            for (const Value& item : ops::iterate(src)) {
                if (!item.isList() || item.asList().items.size() != 2) {
                    fail(std::string(function) +
                         "() needs a mapping or a sequence of key, value pairs");
                }
                pairs.emplace_back(item.asList().items[0], item.asList().items[1]);
            }
        }
    }
    for (const auto& [k, v] : args.keyword) {
        pairs.emplace_back(Value::string(k), v);
    }
    in.charge(pairs.size());
    return pairs;
}

std::string twoDigits(int v, bool pad, char padChar) {
    char buf[16];
    if (!pad) {
        std::snprintf(buf, sizeof buf, "%d", v);
    } else if (padChar == ' ') {
        std::snprintf(buf, sizeof buf, "%2d", v);
    } else {
        std::snprintf(buf, sizeof buf, "%02d", v);
    }
    return buf;
}

} // namespace

const Value* findGlobal(std::string_view name) {
    static const std::vector<std::pair<std::string_view, Value>> globals = [] {
        std::vector<std::pair<std::string_view, Value>> g;
        for (std::string_view n : kGlobalNames) {
            auto c = std::make_shared<Callable>();
            c->kind = Callable::Kind::Global;
            c->name = std::string(n);
            g.emplace_back(n, Value::callable(std::move(c)));
        }
        return g;
    }();
    for (const auto& [n, v] : globals) {
        if (n == name) {
            return &v;
        }
    }
    return nullptr;
}

Value callGlobal(Interpreter& in, std::string_view name, const CallArgs& args) {
    if (name == "range") {
        return range(in, args);
    }
    if (name == "dict") {
        return Value::dict(pairsFrom(in, args, "dict"));
    }
    if (name == "namespace") {
        Namespace* ns = in.newNamespace();
        for (auto& [k, v] : pairsFrom(in, args, "namespace")) {
            ns->set(toStr(k), v);
        }
        return Value::ns(ns);
    }
    if (name == "raise_exception") {
        const BoundArgs a(args, name, {"message"});
        throw TemplateRaised(toStr(a.value(0)), 0, 0);
    }
    if (name == "strftime_now") {
        const BoundArgs a(args, name, {"format"});
        const Value format = a.value(0);
        if (!format.isString()) {
            fail("strftime_now() needs a format string");
        }
        const std::time_t now = in.now();
        std::tm tm{};
        localtime_r(&now, &tm);
        return Value::string(formatTime(format.asString(), tm));
    }
    fail("'" + std::string(name) + "' is not a function");
}

std::string formatTime(std::string_view format, const std::tm& tm) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 >= format.size()) {
            out += format[i];
            continue;
        }
        char flag = 0;
        std::size_t j = i + 1;
        if (format[j] == '-' || format[j] == '_' || format[j] == '0') {
            flag = format[j];
            ++j;
            if (j >= format.size()) {
                out.append(format.substr(i));
                break;
            }
        }
        const bool pad = flag != '-';
        // %e pads with a space unless told otherwise; the other numbers with zeros.
        const char padChar = flag == '_' || (format[j] == 'e' && flag != '0') ? ' ' : '0';
        const int hour12 =
            tm.tm_hour % kHoursPerHalfDay == 0 ? kHoursPerHalfDay : tm.tm_hour % kHoursPerHalfDay;
        const char* day = kDays[static_cast<std::size_t>(tm.tm_wday % kDaysPerWeek)];
        const char* month = kMonths[static_cast<std::size_t>(tm.tm_mon % 12)];
        char buf[64];
        switch (format[j]) {
        case 'a':
            out.append(day, 3);
            break;
        case 'A':
            out += day;
            break;
        case 'b':
        case 'h':
            out.append(month, 3);
            break;
        case 'B':
            out += month;
            break;
        case 'c':
            std::snprintf(buf, sizeof buf, "%.3s %.3s %2d %02d:%02d:%02d %d", day, month,
                          tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + kYearBase);
            out += buf;
            break;
        case 'd':
            out += twoDigits(tm.tm_mday, pad, padChar);
            break;
        case 'e':
            out += twoDigits(tm.tm_mday, pad, padChar);
            break;
        case 'F':
            std::snprintf(buf, sizeof buf, "%d-%02d-%02d", tm.tm_year + kYearBase, tm.tm_mon + 1,
                          tm.tm_mday);
            out += buf;
            break;
        case 'H':
            out += twoDigits(tm.tm_hour, pad, padChar);
            break;
        case 'I':
            out += twoDigits(hour12, pad, padChar);
            break;
        case 'j':
            std::snprintf(buf, sizeof buf, pad ? "%03d" : "%d", tm.tm_yday + 1);
            out += buf;
            break;
        case 'm':
            out += twoDigits(tm.tm_mon + 1, pad, padChar);
            break;
        case 'M':
            out += twoDigits(tm.tm_min, pad, padChar);
            break;
        case 'p':
            out += tm.tm_hour < kHoursPerHalfDay ? "AM" : "PM";
            break;
        case 'S':
            out += twoDigits(tm.tm_sec, pad, padChar);
            break;
        case 'T':
            std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
            out += buf;
            break;
        case 'u':
            out += std::to_string(tm.tm_wday == 0 ? kDaysPerWeek : tm.tm_wday);
            break;
        case 'w':
            out += std::to_string(tm.tm_wday);
            break;
        case 'y':
            out += twoDigits((tm.tm_year + kYearBase) % 100, pad, padChar);
            break;
        case 'Y':
            out += std::to_string(tm.tm_year + kYearBase);
            break;
        case 'z':
        case 'Z': {
            const char spec[] = {'%', format[j], 0};
            const std::size_t n = std::strftime(buf, sizeof buf, spec, &tm);
            out.append(buf, n);
            break;
        }
        case '%':
            out += '%';
            break;
        default:
            out.append(format.substr(i, j - i + 1));
        }
        i = j;
    }
    return out;
}

} // namespace hearth::chat
