// SPDX-License-Identifier: GPL-3.0-or-later
// Jinja's tests: `value is defined`, `is string`, `is divisibleby 3`, ...

#include "engine/chat/builtins.h"
#include "engine/chat/callable.h"
#include "engine/chat/filters_internal.h"
#include "engine/chat/operators.h"
#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"

#include <cmath>

namespace hearth::chat {
namespace {

using TestFn = bool (*)(const Value& v, const BoundArgs& a);

/// A test, its name and its parameters.
struct TestEntry {
    std::string_view name;
    TestFn fn;
    std::initializer_list<std::string_view> params;
};

[[noreturn]] void fail(const std::string& message) {
    throw TemplateError(message, 0, 0);
}

bool isOdd(const Value& v) {
    if (v.isUndefined()) {
        ops::undefinedError(v);
    }
    const Value r = ops::binary("%", v, Value::integer(2), ops::Limits{0, 0});
    return r.asDouble() == 1.0;
}

bool divisibleBy(const Value& v, const Value& n) {
    if (v.isUndefined() || n.isUndefined()) {
        ops::undefinedError(v.isUndefined() ? v : n);
    }
    const Value r = ops::binary("%", v, n, ops::Limits{0, 0});
    return r.asDouble() == 0.0;
}

/// Python's `is`: the same object. Scalars compare by value and type; containers by identity.
bool sameAs(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) {
        return false;
    }
    switch (a.kind()) {
    case Value::Kind::List:
        return &a.asList() == &b.asList();
    case Value::Kind::Dict:
        return &a.asDict() == &b.asDict();
    case Value::Kind::String:
        return &a.asString() == &b.asString() || a.asString() == b.asString();
    default:
        return equals(a, b);
    }
}

bool isKnownTest(std::string_view name);

const Value& arg(const BoundArgs& a, std::size_t i) {
    static const Value undefined{};
    const Value* v = a.get(i);
    return v ? *v : undefined;
}

const TestEntry kTests[] = {
    {"boolean", [](const Value& v, const BoundArgs&) { return v.isBool(); }, {}},
    {"callable",
     [](const Value& v, const BoundArgs&) { return v.isCallable() || v.isUndefined(); },
     {}},
    {"defined", [](const Value& v, const BoundArgs&) { return !v.isUndefined(); }, {}},
    {"divisibleby",
     [](const Value& v, const BoundArgs& a) { return divisibleBy(v, arg(a, 0)); },
     {"num"}},
    {"eq", [](const Value& v, const BoundArgs& a) { return equals(v, arg(a, 0)); }, {"other"}},
    {"equalto", [](const Value& v, const BoundArgs& a) { return equals(v, arg(a, 0)); }, {"other"}},
    {"==", [](const Value& v, const BoundArgs& a) { return equals(v, arg(a, 0)); }, {"other"}},
    {"escaped", [](const Value&, const BoundArgs&) { return false; }, {}},
    {"even",
     [](const Value& v, const BoundArgs&) { return divisibleBy(v, Value::integer(2)); },
     {}},
    {"false", [](const Value& v, const BoundArgs&) { return v.isBool() && !v.asBool(); }, {}},
    {"filter",
     [](const Value& v, const BoundArgs&) {
         return v.isString() && (filters::findScalar(v.asString()) != nullptr ||
                                 filters::findSequence(v.asString()) != nullptr);
     },
     {}},
    {"float", [](const Value& v, const BoundArgs&) { return v.isFloat(); }, {}},
    {"ge",
     [](const Value& v, const BoundArgs& a) { return ops::compare(">=", v, arg(a, 0)); },
     {"other"}},
    {">=",
     [](const Value& v, const BoundArgs& a) { return ops::compare(">=", v, arg(a, 0)); },
     {"other"}},
    {"gt",
     [](const Value& v, const BoundArgs& a) { return ops::compare(">", v, arg(a, 0)); },
     {"other"}},
    {">",
     [](const Value& v, const BoundArgs& a) { return ops::compare(">", v, arg(a, 0)); },
     {"other"}},
    {"greaterthan",
     [](const Value& v, const BoundArgs& a) { return ops::compare(">", v, arg(a, 0)); },
     {"other"}},
    {"in", [](const Value& v, const BoundArgs& a) { return ops::contains(arg(a, 0), v); }, {"seq"}},
    {"integer", [](const Value& v, const BoundArgs&) { return v.isInt(); }, {}},
    {"iterable",
     [](const Value& v, const BoundArgs&) {
         return v.isUndefined() || v.isString() || v.isList() || v.isDict();
     },
     {}},
    {"le",
     [](const Value& v, const BoundArgs& a) { return ops::compare("<=", v, arg(a, 0)); },
     {"other"}},
    {"<=",
     [](const Value& v, const BoundArgs& a) { return ops::compare("<=", v, arg(a, 0)); },
     {"other"}},
    {"lower", [](const Value& v, const BoundArgs&) { return py::isLower(filters::text(v)); }, {}},
    {"lt",
     [](const Value& v, const BoundArgs& a) { return ops::compare("<", v, arg(a, 0)); },
     {"other"}},
    {"<",
     [](const Value& v, const BoundArgs& a) { return ops::compare("<", v, arg(a, 0)); },
     {"other"}},
    {"lessthan",
     [](const Value& v, const BoundArgs& a) { return ops::compare("<", v, arg(a, 0)); },
     {"other"}},
    {"mapping", [](const Value& v, const BoundArgs&) { return v.isDict(); }, {}},
    {"ne", [](const Value& v, const BoundArgs& a) { return !equals(v, arg(a, 0)); }, {"other"}},
    {"!=", [](const Value& v, const BoundArgs& a) { return !equals(v, arg(a, 0)); }, {"other"}},
    {"none", [](const Value& v, const BoundArgs&) { return v.isNone(); }, {}},
    {"number", [](const Value& v, const BoundArgs&) { return v.isNumber(); }, {}},
    {"odd", [](const Value& v, const BoundArgs&) { return isOdd(v); }, {}},
    {"sameas", [](const Value& v, const BoundArgs& a) { return sameAs(v, arg(a, 0)); }, {"other"}},
    {"sequence",
     [](const Value& v, const BoundArgs&) {
         return v.isUndefined() || v.isString() || (v.isList() && !v.isGenerator()) || v.isDict();
     },
     {}},
    {"string", [](const Value& v, const BoundArgs&) { return v.isString(); }, {}},
    {"test",
     [](const Value& v, const BoundArgs&) { return v.isString() && isKnownTest(v.asString()); },
     {}},
    {"true", [](const Value& v, const BoundArgs&) { return v.isBool() && v.asBool(); }, {}},
    {"undefined", [](const Value& v, const BoundArgs&) { return v.isUndefined(); }, {}},
    {"upper", [](const Value& v, const BoundArgs&) { return py::isUpper(filters::text(v)); }, {}},
};

bool isKnownTest(std::string_view name) {
    for (const TestEntry& t : kTests) {
        if (t.name == name) {
            return true;
        }
    }
    return false;
}

} // namespace

bool applyTest(Interpreter&, std::string_view name, const Value& value, const CallArgs& args) {
    for (const TestEntry& t : kTests) {
        if (t.name == name) {
            const BoundArgs a(args, name, t.params);
            return t.fn(value, a);
        }
    }
    fail("no test named '" + std::string(name) + "'");
}

} // namespace hearth::chat
