// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/value.h"

#include "engine/chat/callable.h"
#include "engine/chat/pytext.h"
#include "engine/chat/template_error.h"

#include <algorithm>
#include <cmath>

namespace hearth::chat {
namespace {

/// Printing and comparing recurse through values; namespaces can make cycles.
constexpr int kMaxRecursion = 2 * static_cast<int>(kMaxValueDepth);
/// str() and repr() of lists and dicts stop with an error past this size.
constexpr std::size_t kMaxPrintedBytes = std::size_t{16} << 20;
/// Dicts with more entries than this get a hash index.
constexpr std::size_t kIndexedDictSize = 8;

const std::string& emptyString() {
    static const std::string empty;
    return empty;
}

void checkRecursion(int depth) {
    if (depth > kMaxRecursion) {
        throw TemplateError("value nested too deeply (or containing itself)", 0, 0);
    }
}

/// Appends repr(v) to `out`, refusing to print more than kMaxPrintedBytes.
void reprInto(std::string& out, const Value& v, int depth);

void append(std::string& out, std::string_view piece) {
    if (piece.size() > kMaxPrintedBytes - std::min(out.size(), kMaxPrintedBytes)) {
        throw TemplateError("value too large to print (more than " +
                                std::to_string(kMaxPrintedBytes >> 20) + " MiB)",
                            0, 0);
    }
    out.append(piece);
}

void reprInto(std::string& out, const Value& v, int depth) {
    checkRecursion(depth);
    switch (v.kind()) {
    case Value::Kind::Undefined:
        append(out, "Undefined");
        break;
    case Value::Kind::None:
        append(out, "None");
        break;
    case Value::Kind::Bool:
        append(out, v.asBool() ? "True" : "False");
        break;
    case Value::Kind::Int:
        append(out, std::to_string(v.asInt()));
        break;
    case Value::Kind::Float:
        append(out, py::floatRepr(v.asDouble()));
        break;
    case Value::Kind::String:
        if (v.asString().size() > kMaxPrintedBytes - std::min(out.size(), kMaxPrintedBytes)) {
            append(out, v.asString()); // fails: a repr is never shorter than the string
        }
        append(out, py::strRepr(v.asString()));
        break;
    case Value::Kind::List: {
        const ListData& l = v.asList();
        if (l.generator) {
            append(out, "<generator object>");
            break;
        }
        append(out, l.tuple ? "(" : "[");
        for (std::size_t i = 0; i < l.items.size(); ++i) {
            if (i > 0) {
                append(out, ", ");
            }
            reprInto(out, l.items[i], depth + 1);
        }
        if (l.tuple && l.items.size() == 1) {
            append(out, ",");
        }
        append(out, l.tuple ? ")" : "]");
        break;
    }
    case Value::Kind::Dict: {
        append(out, "{");
        bool first = true;
        for (const auto& [k, val] : v.asDict().items) {
            if (!first) {
                append(out, ", ");
            }
            first = false;
            reprInto(out, k, depth + 1);
            append(out, ": ");
            reprInto(out, val, depth + 1);
        }
        append(out, "}");
        break;
    }
    case Value::Kind::Namespace: {
        append(out, "<Namespace {");
        bool first = true;
        for (const auto& [k, val] : v.asNamespace()->attrs) {
            if (!first) {
                append(out, ", ");
            }
            first = false;
            append(out, py::strRepr(k));
            append(out, ": ");
            reprInto(out, val, depth + 1);
        }
        append(out, "}>");
        break;
    }
    case Value::Kind::Callable:
        append(out, "<function " + v.asCallable().name + ">");
        break;
    }
}

bool equalsImpl(const Value& a, const Value& b, int depth) {
    checkRecursion(depth);
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat()) {
            return a.asDouble() == b.asDouble();
        }
        return a.asInt() == b.asInt();
    }
    if (a.kind() != b.kind()) {
        return false;
    }
    switch (a.kind()) {
    case Value::Kind::Undefined:
    case Value::Kind::None:
        return true;
    case Value::Kind::String:
        return a.asString() == b.asString();
    case Value::Kind::List: {
        const ListData& x = a.asList();
        const ListData& y = b.asList();
        if (x.generator || y.generator) {
            return &x == &y;
        }
        if (x.tuple != y.tuple || x.items.size() != y.items.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.items.size(); ++i) {
            if (!equalsImpl(x.items[i], y.items[i], depth + 1)) {
                return false;
            }
        }
        return true;
    }
    case Value::Kind::Dict: {
        const DictData& x = a.asDict();
        const DictData& y = b.asDict();
        if (x.items.size() != y.items.size()) {
            return false;
        }
        for (const auto& [k, val] : x.items) {
            const Value* other = y.find(k);
            if (!other || !equalsImpl(val, *other, depth + 1)) {
                return false;
            }
        }
        return true;
    }
    case Value::Kind::Namespace:
        return a.asNamespace() == b.asNamespace();
    case Value::Kind::Callable:
        return a.callablePtr() == b.callablePtr();
    default:
        return false;
    }
}

bool lessImpl(const Value& a, const Value& b, int depth) {
    checkRecursion(depth);
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat()) {
            return a.asDouble() < b.asDouble();
        }
        return a.asInt() < b.asInt();
    }
    if (a.isString() && b.isString()) {
        return a.asString() < b.asString();
    }
    if (a.isList() && b.isList() && a.asList().tuple == b.asList().tuple && !a.isGenerator() &&
        !b.isGenerator()) {
        const auto& x = a.asList().items;
        const auto& y = b.asList().items;
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (!equalsImpl(x[i], y[i], depth + 1)) {
                return lessImpl(x[i], y[i], depth + 1);
            }
        }
        return x.size() < y.size();
    }
    if (a.isUndefined() || b.isUndefined()) {
        const Value& u = a.isUndefined() ? a : b;
        throw TemplateError(
            u.undefinedHint().empty() ? "undefined value compared" : u.undefinedHint(), 0, 0);
    }
    throw TemplateError("'<' not supported between instances of '" + a.typeName() + "' and '" +
                            b.typeName() + "'",
                        0, 0);
}

uint32_t childDepth(const Value& v) {
    return v.depth();
}

/// Dict keys match when both are hashable and equal (1, 1.0 and True are one key).
bool sameKey(const Value& a, const Value& b) {
    if (a.isString() || b.isString()) {
        return a.isString() && b.isString() && a.asString() == b.asString();
    }
    return equalsImpl(a, b, 0);
}

void checkDepth(uint32_t depth) {
    if (depth > kMaxValueDepth) {
        throw TemplateError(
            "lists or dicts nested more than " + std::to_string(kMaxValueDepth) + " deep", 0, 0);
    }
}

} // namespace

const Value* DictData::find(const Value& key) const {
    if (index.empty()) {
        if (!hashKey(key)) {
            return nullptr;
        }
        for (const auto& [k, v] : items) {
            if (sameKey(k, key)) {
                return &v;
            }
        }
        return nullptr;
    }
    const std::optional<std::string> h = hashKey(key);
    if (!h) {
        return nullptr;
    }
    const auto it = index.find(*h);
    return it == index.end() ? nullptr : &items[it->second].second;
}

const Value* DictData::find(std::string_view key) const {
    if (index.empty()) {
        for (const auto& [k, v] : items) {
            if (k.isString() && k.asString() == key) {
                return &v;
            }
        }
        return nullptr;
    }
    std::string h = "s";
    h += key;
    const auto it = index.find(h);
    return it == index.end() ? nullptr : &items[it->second].second;
}

const Value* Namespace::find(std::string_view name) const {
    for (const auto& [k, v] : attrs) {
        if (k == name) {
            return &v;
        }
    }
    return nullptr;
}

void Namespace::set(const std::string& name, Value value) {
    for (auto& [k, v] : attrs) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    attrs.emplace_back(name, std::move(value));
}

Value Value::undefined(std::string hint) {
    Value v;
    if (!hint.empty()) {
        v.ptr_ = std::make_shared<const std::string>(std::move(hint));
    }
    return v;
}

Value Value::none() {
    Value v;
    v.kind_ = Kind::None;
    return v;
}

Value Value::boolean(bool b) {
    Value v;
    v.kind_ = Kind::Bool;
    v.b_ = b;
    return v;
}

Value Value::integer(int64_t i) {
    Value v;
    v.kind_ = Kind::Int;
    v.i_ = i;
    return v;
}

Value Value::number(double f) {
    Value v;
    v.kind_ = Kind::Float;
    v.f_ = f;
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.kind_ = Kind::String;
    v.ptr_ = std::make_shared<const std::string>(std::move(s));
    return v;
}

Value Value::list(std::vector<Value> items, bool tuple) {
    auto data = std::make_shared<ListData>();
    uint32_t depth = 1;
    uint64_t weight = 1;
    for (const Value& item : items) {
        depth = std::max(depth, childDepth(item) + 1);
        weight += item.weight();
    }
    data->weight = weight;
    checkDepth(depth);
    data->items = std::move(items);
    data->tuple = tuple;
    data->depth = depth;
    Value v;
    v.kind_ = Kind::List;
    v.ptr_ = std::move(data);
    return v;
}

Value Value::generator(std::vector<Value> items) {
    Value v = list(std::move(items));
    std::const_pointer_cast<ListData>(std::static_pointer_cast<const ListData>(v.ptr_))->generator =
        true;
    return v;
}

Value Value::dict(std::vector<std::pair<Value, Value>> items) {
    auto data = std::make_shared<DictData>();
    uint32_t depth = 1;
    data->items.reserve(items.size());
    const bool indexed = items.size() > kIndexedDictSize;
    for (auto& [k, val] : items) {
        std::optional<std::string> h = hashKey(k);
        if (!h) {
            throw TemplateError("unhashable type: '" + k.typeName() + "'", 0, 0);
        }
        depth = std::max({depth, childDepth(k) + 1, childDepth(val) + 1});
        data->weight += k.weight() + val.weight();
        Value* existing = nullptr;
        if (indexed) {
            const auto it = data->index.find(*h);
            if (it != data->index.end()) {
                existing = &data->items[it->second].second;
            } else {
                data->index.emplace(std::move(*h), data->items.size());
            }
        } else {
            for (auto& kv : data->items) {
                if (sameKey(kv.first, k)) {
                    existing = &kv.second;
                    break;
                }
            }
        }
        if (existing) {
            *existing = std::move(val);
        } else {
            data->items.emplace_back(std::move(k), std::move(val));
        }
    }
    checkDepth(depth);
    data->depth = depth;
    Value v;
    v.kind_ = Kind::Dict;
    v.ptr_ = std::move(data);
    return v;
}

Value Value::object(std::vector<std::pair<std::string, Value>> items) {
    std::vector<std::pair<Value, Value>> pairs;
    pairs.reserve(items.size());
    for (auto& [k, val] : items) {
        pairs.emplace_back(Value::string(std::move(k)), std::move(val));
    }
    return dict(std::move(pairs));
}

Value Value::ns(Namespace* ns) {
    Value v;
    v.kind_ = Kind::Namespace;
    v.ns_ = ns;
    return v;
}

Value Value::callable(std::shared_ptr<const Callable> fn) {
    Value v;
    v.kind_ = Kind::Callable;
    v.ptr_ = std::move(fn);
    return v;
}

double Value::asDouble() const {
    switch (kind_) {
    case Kind::Float:
        return f_;
    case Kind::Int:
        return static_cast<double>(i_);
    case Kind::Bool:
        return b_ ? 1.0 : 0.0;
    default:
        return 0.0;
    }
}

const std::string& Value::asString() const {
    if (kind_ != Kind::String) {
        return emptyString();
    }
    return *static_cast<const std::string*>(ptr_.get());
}

const ListData& Value::asList() const {
    return *static_cast<const ListData*>(ptr_.get());
}

const DictData& Value::asDict() const {
    return *static_cast<const DictData*>(ptr_.get());
}

const Callable& Value::asCallable() const {
    return *static_cast<const Callable*>(ptr_.get());
}

std::shared_ptr<const Callable> Value::callablePtr() const {
    if (kind_ != Kind::Callable) {
        return nullptr;
    }
    return std::static_pointer_cast<const Callable>(ptr_);
}

std::string Value::undefinedHint() const {
    if (kind_ != Kind::Undefined || !ptr_) {
        return {};
    }
    return *static_cast<const std::string*>(ptr_.get());
}

uint64_t Value::weight() const {
    switch (kind_) {
    case Kind::String:
        return 1 + asString().size();
    case Kind::List:
        return asList().weight;
    case Kind::Dict:
        return asDict().weight;
    default:
        return 1;
    }
}

uint32_t Value::depth() const {
    if (kind_ == Kind::List) {
        return asList().depth;
    }
    if (kind_ == Kind::Dict) {
        return asDict().depth;
    }
    return 0;
}

bool Value::truthy() const {
    switch (kind_) {
    case Kind::Undefined:
    case Kind::None:
        return false;
    case Kind::Bool:
        return b_;
    case Kind::Int:
        return i_ != 0;
    case Kind::Float:
        return f_ != 0.0;
    case Kind::String:
        return !asString().empty();
    case Kind::List:
        return asList().generator || !asList().items.empty();
    case Kind::Dict:
        return !asDict().items.empty();
    case Kind::Namespace:
    case Kind::Callable:
        return true;
    }
    return false;
}

std::string Value::typeName() const {
    switch (kind_) {
    case Kind::Undefined:
        return "Undefined";
    case Kind::None:
        return "NoneType";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return "int";
    case Kind::Float:
        return "float";
    case Kind::String:
        return "str";
    case Kind::List:
        return asList().generator ? "generator" : asList().tuple ? "tuple" : "list";
    case Kind::Dict:
        return "dict";
    case Kind::Namespace:
        return "Namespace";
    case Kind::Callable:
        return "function";
    }
    return "object";
}

std::string toStr(const Value& v) {
    if (v.isUndefined()) {
        return {};
    }
    if (v.isString()) {
        return v.asString();
    }
    return toRepr(v);
}

std::string toRepr(const Value& v) {
    std::string out;
    reprInto(out, v, 0);
    return out;
}

bool equals(const Value& a, const Value& b) {
    return equalsImpl(a, b, 0);
}

bool lessThan(const Value& a, const Value& b) {
    return lessImpl(a, b, 0);
}

std::optional<std::string> hashKey(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::None:
        return std::string("n");
    case Value::Kind::Bool:
    case Value::Kind::Int:
        return "i" + std::to_string(v.asInt());
    case Value::Kind::Float: {
        const double f = v.asDouble();
        constexpr double kTwoTo63 = 9223372036854775808.0;
        if (std::isfinite(f) && f == std::floor(f) && f >= -kTwoTo63 && f < kTwoTo63) {
            return "i" + std::to_string(static_cast<int64_t>(f));
        }
        return "f" + py::floatRepr(f);
    }
    case Value::Kind::String:
        return "s" + v.asString();
    case Value::Kind::List: {
        if (!v.asList().tuple || v.asList().generator) {
            return std::nullopt;
        }
        std::string key = "t" + std::to_string(v.asList().items.size()) + "(";
        for (const Value& item : v.asList().items) {
            const std::optional<std::string> h = hashKey(item);
            if (!h) {
                return std::nullopt;
            }
            key += std::to_string(h->size()) + ":" + *h;
        }
        return key + ")";
    }
    default:
        return std::nullopt;
    }
}

} // namespace hearth::chat
