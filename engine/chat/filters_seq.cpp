// SPDX-License-Identifier: GPL-3.0-or-later
// Jinja's filters over sequences: length, join, map, select, sort, unique, ...

#include "engine/chat/builtins.h"
#include "engine/chat/filters_internal.h"
#include "engine/chat/interpreter.h"
#include "engine/chat/operators.h"
#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"

#include <algorithm>
#include <unordered_set>

namespace hearth::chat::filters {
namespace {

[[noreturn]] void fail(const std::string& message) {
    throw TemplateError(message, 0, 0);
}

std::vector<Value> items(Interpreter& in, const Value& v) {
    std::vector<Value> out = ops::iterate(v);
    in.charge(out.size());
    return out;
}

/// The sort key of Jinja's case-insensitive filters: strings lower-cased.
Value caseKey(const Value& v, bool caseSensitive) {
    if (!caseSensitive && v.isString()) {
        return Value::string(py::lower(v.asString()));
    }
    return v;
}

/// Jinja's make_multi_attrgetter: "a,b" sorts by a, then b.
Value sortKey(const Value& item, const Value* attr, bool caseSensitive) {
    if (!attr || attr->isNone()) {
        return caseKey(item, caseSensitive);
    }
    if (attr->isInt()) {
        return caseKey(ops::getItem(item, *attr), caseSensitive);
    }
    const std::string spec = text(*attr);
    if (spec.find(',') == std::string::npos) {
        return caseKey(attribute(item, spec), caseSensitive);
    }
    std::vector<Value> parts;
    for (const std::string& part : py::split(spec, std::string_view(","), -1)) {
        parts.push_back(caseKey(attribute(item, part), caseSensitive));
    }
    return Value::list(std::move(parts));
}

Value fLength(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "length", {});
    return Value::integer(ops::length(v));
}

Value fFirst(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "first", {});
    if (v.isList()) {
        const auto& l = v.asList().items;
        return l.empty() ? Value::undefined("No first item, sequence was empty.") : l.front();
    }
    std::vector<Value> all = ops::iterate(v);
    return all.empty() ? Value::undefined("No first item, sequence was empty.") : all.front();
}

Value fLast(Interpreter&, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "last", {});
    if (v.isGenerator()) {
        fail("'generator' object is not reversible");
    }
    if (v.isList()) {
        const auto& l = v.asList().items;
        return l.empty() ? Value::undefined("No last item, sequence was empty.") : l.back();
    }
    std::vector<Value> all = ops::iterate(v);
    return all.empty() ? Value::undefined("No last item, sequence was empty.") : all.back();
}

Value fList(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "list", {});
    return Value::list(items(in, v));
}

Value fItems(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "items", {});
    if (v.isUndefined()) {
        return Value::generator({});
    }
    if (!v.isDict()) {
        fail("Can only get item pairs from a mapping.");
    }
    std::vector<Value> out;
    for (const auto& [k, val] : v.asDict().items) {
        out.push_back(Value::list({k, val}, true));
    }
    in.charge(out.size());
    return Value::generator(std::move(out));
}

Value fDictsort(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "dictsort", {"case_sensitive", "by", "reverse"});
    if (!v.isDict()) {
        fail("You can only sort by either \"key\" or \"value\" of a dict");
    }
    const bool caseSensitive = a.has(0) && a.get(0)->truthy();
    const std::string by = a.has(1) ? text(*a.get(1)) : "key";
    if (by != "key" && by != "value") {
        fail("You can only sort by either \"key\" or \"value\"");
    }
    const bool reverse = a.has(2) && a.get(2)->truthy();
    std::vector<Value> pairs;
    for (const auto& [k, val] : v.asDict().items) {
        pairs.push_back(Value::list({k, val}, true));
    }
    in.charge(pairs.size());
    const std::size_t pos = by == "key" ? 0 : 1;
    std::stable_sort(pairs.begin(), pairs.end(), [&](const Value& x, const Value& y) {
        const Value kx = caseKey(x.asList().items[pos], caseSensitive);
        const Value ky = caseKey(y.asList().items[pos], caseSensitive);
        return reverse ? lessThan(ky, kx) : lessThan(kx, ky);
    });
    return Value::list(std::move(pairs));
}

Value fJoin(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "join", {"d", "attribute"});
    const std::string sep = a.has(0) ? text(*a.get(0)) : "";
    std::string out;
    bool first = true;
    for (const Value& item : items(in, v)) {
        const std::string piece =
            text(a.has(1) && !a.get(1)->isNone() ? attribute(item, text(*a.get(1))) : item);
        ops::checkStringSize(out.size() + sep.size() + piece.size(), in.opLimits());
        if (!first) {
            out += sep;
        }
        first = false;
        out += piece;
    }
    return Value::string(std::move(out));
}

Value fMap(Interpreter& in, const Value& v, const CallArgs& args) {
    std::vector<Value> out;
    const std::vector<Value> all = items(in, v);
    const Value* attr = nullptr;
    const Value* fallback = nullptr;
    for (const auto& [name, value] : args.keyword) {
        if (name == "attribute") {
            attr = &value;
        } else if (name == "default") {
            fallback = &value;
        }
    }
    if (attr) {
        for (const Value& item : all) {
            Value r = attr->isInt() ? ops::getItem(item, *attr) : attribute(item, text(*attr));
            out.push_back(r.isUndefined() && fallback ? *fallback : std::move(r));
        }
        return Value::generator(std::move(out));
    }
    if (args.positional.empty()) {
        fail("map requires a filter name or attribute=");
    }
    const std::string filter = text(args.positional[0]);
    CallArgs rest;
    rest.positional.assign(args.positional.begin() + 1, args.positional.end());
    rest.keyword = args.keyword;
    for (const Value& item : all) {
        in.charge(1);
        out.push_back(applyFilter(in, filter, item, rest));
    }
    return Value::generator(std::move(out));
}

/// select / reject / selectattr / rejectattr.
Value selectImpl(Interpreter& in, const Value& v, const CallArgs& args, bool byAttribute,
                 bool keepMatches) {
    std::size_t next = 0;
    std::string attr;
    if (byAttribute) {
        if (args.positional.empty()) {
            fail("selectattr and rejectattr need an attribute name");
        }
        attr = text(args.positional[next++]);
    }
    std::string test;
    if (next < args.positional.size()) {
        test = text(args.positional[next++]);
    }
    CallArgs testArgs;
    testArgs.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(next),
                               args.positional.end());
    testArgs.keyword = args.keyword;
    std::vector<Value> out;
    for (const Value& item : items(in, v)) {
        in.charge(1);
        const Value subject = byAttribute ? attribute(item, attr) : item;
        const bool match = test.empty() ? subject.truthy() : applyTest(in, test, subject, testArgs);
        if (match == keepMatches) {
            out.push_back(item);
        }
    }
    return Value::generator(std::move(out));
}

Value fSelect(Interpreter& in, const Value& v, const CallArgs& args) {
    return selectImpl(in, v, args, false, true);
}
Value fReject(Interpreter& in, const Value& v, const CallArgs& args) {
    return selectImpl(in, v, args, false, false);
}
Value fSelectattr(Interpreter& in, const Value& v, const CallArgs& args) {
    return selectImpl(in, v, args, true, true);
}
Value fRejectattr(Interpreter& in, const Value& v, const CallArgs& args) {
    return selectImpl(in, v, args, true, false);
}

Value fReverse(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "reverse", {});
    if (v.isString()) {
        std::vector<std::string_view> cps = py::codePoints(v.asString());
        std::string out;
        out.reserve(v.asString().size());
        for (auto it = cps.rbegin(); it != cps.rend(); ++it) {
            out += *it;
        }
        return Value::string(std::move(out));
    }
    const bool wasGenerator = v.isGenerator();
    std::vector<Value> all = items(in, v);
    std::reverse(all.begin(), all.end());
    // reversed() of a list is an iterator; a generator cannot be reversed and becomes a list.
    return wasGenerator ? Value::list(std::move(all)) : Value::generator(std::move(all));
}

Value fSort(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "sort", {"reverse", "case_sensitive", "attribute"});
    const bool reverse = a.has(0) && a.get(0)->truthy();
    const bool caseSensitive = a.has(1) && a.get(1)->truthy();
    std::vector<Value> all = items(in, v);
    std::vector<std::pair<Value, std::size_t>> keyed;
    keyed.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        keyed.emplace_back(sortKey(all[i], a.get(2), caseSensitive), i);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return reverse ? lessThan(y.first, x.first) : lessThan(x.first, y.first);
    });
    std::vector<Value> out;
    out.reserve(all.size());
    for (const auto& k : keyed) {
        out.push_back(all[k.second]);
    }
    return Value::list(std::move(out));
}

Value fUnique(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "unique", {"case_sensitive", "attribute"});
    const bool caseSensitive = a.has(0) && a.get(0)->truthy();
    std::unordered_set<std::string> seen;
    std::vector<Value> out;
    for (const Value& item : items(in, v)) {
        const Value key = sortKey(item, a.get(1), caseSensitive);
        std::optional<std::string> h = hashKey(key);
        if (!h) {
            fail("unhashable type: '" + key.typeName() + "'");
        }
        if (seen.insert(std::move(*h)).second) {
            out.push_back(item);
        }
    }
    return Value::generator(std::move(out));
}

/// min and max.
Value extreme(Interpreter& in, const Value& v, const CallArgs& args, bool wantMax) {
    BoundArgs a(args, wantMax ? "max" : "min", {"case_sensitive", "attribute"});
    const bool caseSensitive = a.has(0) && a.get(0)->truthy();
    const std::vector<Value> all = items(in, v);
    if (all.empty()) {
        return Value::undefined("No aggregated item, sequence was empty.");
    }
    std::size_t best = 0;
    Value bestKey = sortKey(all[0], a.get(1), caseSensitive);
    for (std::size_t i = 1; i < all.size(); ++i) {
        Value key = sortKey(all[i], a.get(1), caseSensitive);
        if (wantMax ? lessThan(bestKey, key) : lessThan(key, bestKey)) {
            best = i;
            bestKey = std::move(key);
        }
    }
    return all[best];
}

Value fMax(Interpreter& in, const Value& v, const CallArgs& args) {
    return extreme(in, v, args, true);
}
Value fMin(Interpreter& in, const Value& v, const CallArgs& args) {
    return extreme(in, v, args, false);
}

Value fSum(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "sum", {"attribute", "start"});
    Value total = a.value(1, Value::integer(0));
    for (const Value& item : items(in, v)) {
        const Value x = a.has(0) && !a.get(0)->isNone() ? attribute(item, text(*a.get(0))) : item;
        total = ops::binary("+", total, x, in.opLimits());
    }
    return total;
}

Value fBatch(Interpreter& in, const Value& v, const CallArgs& args) {
    BoundArgs a(args, "batch", {"linecount", "fill_with"});
    const Value count = a.value(0);
    if (!count.isInt() || count.asInt() <= 0) {
        fail("batch size must be a positive integer");
    }
    const auto n = static_cast<std::size_t>(count.asInt());
    std::vector<Value> out;
    std::vector<Value> current;
    for (const Value& item : items(in, v)) {
        current.push_back(item);
        if (current.size() == n) {
            out.push_back(Value::list(std::move(current)));
            current.clear();
        }
    }
    if (!current.empty()) {
        if (a.has(1) && !a.get(1)->isNone()) {
            while (current.size() < n) {
                current.push_back(*a.get(1));
            }
        }
        out.push_back(Value::list(std::move(current)));
    }
    return Value::generator(std::move(out));
}

/// A filter and its name.
struct Entry {
    std::string_view name;
    Fn fn;
};

constexpr Entry kSequenceFilters[] = {
    {"batch", fBatch},
    {"count", fLength},
    {"dictsort", fDictsort},
    {"first", fFirst},
    {"items", fItems},
    {"join", fJoin},
    {"last", fLast},
    {"length", fLength},
    {"list", fList},
    {"map", fMap},
    {"max", fMax},
    {"min", fMin},
    {"reject", fReject},
    {"rejectattr", fRejectattr},
    {"reverse", fReverse},
    {"select", fSelect},
    {"selectattr", fSelectattr},
    {"sort", fSort},
    {"sum", fSum},
    {"unique", fUnique},
};

} // namespace

Fn findSequence(std::string_view name) {
    for (const Entry& e : kSequenceFilters) {
        if (e.name == name) {
            return e.fn;
        }
    }
    return nullptr;
}

} // namespace hearth::chat::filters
