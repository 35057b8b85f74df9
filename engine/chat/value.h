// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hearth::chat {

class Value;
struct Callable;

/// Lists and dicts may nest at most this deep (a guard against templates that build ever deeper
/// structures in a loop, which would otherwise exhaust the stack when printed or destroyed).
inline constexpr uint32_t kMaxValueDepth = 64;

/// The items of a list or tuple. Immutable once built (templates cannot modify lists).
struct ListData {
    std::vector<Value> items;
    bool tuple = false;
    /// The lazy iterators some filters return (select, map, ...): always true, no len(), no
    /// indexing, printed as a generator object, compared by identity.
    bool generator = false;
    uint32_t depth = 1;
    uint64_t weight = 1; ///< see Value::weight()
};

/// An insertion-ordered dict. Keys are hashable values (none, bool, int, float, str, tuples of
/// those). Small dicts are searched in order; larger ones have `index`, which maps each key's
/// hash key (see hashKey()) to its position.
struct DictData {
    std::vector<std::pair<Value, Value>> items;
    std::unordered_map<std::string, std::size_t> index;
    uint32_t depth = 1;
    uint64_t weight = 1; ///< see Value::weight()

    /// The value for `key`, or nullptr.
    const Value* find(const Value& key) const;
    const Value* find(std::string_view key) const;
};

/// The mutable object `namespace(...)` creates; `{% set ns.attr = ... %}` writes into it. The
/// renderer owns every namespace, so values refer to them without owning them (no cycles).
struct Namespace {
    std::vector<std::pair<std::string, Value>> attrs;

    const Value* find(std::string_view name) const;
    void set(const std::string& name, Value value);
};

/// A value of the template language, with Python's types: undefined, None, bool, int (64-bit),
/// float, str (UTF-8), list, tuple, dict, namespace and callables (macros, built-in functions,
/// bound methods). Copies are cheap: strings, lists and dicts are shared and immutable.
class Value {
public:
    enum class Kind : uint8_t {
        Undefined,
        None,
        Bool,
        Int,
        Float,
        String,
        List,
        Dict,
        Namespace,
        Callable
    };

    /// Undefined, with an optional message for when it is used ("'x' is undefined").
    Value() = default;
    static Value undefined(std::string hint);
    static Value none();
    static Value boolean(bool b);
    static Value integer(int64_t i);
    static Value number(double f);
    static Value string(std::string s);
    /// Throws TemplateError (without position) when nested deeper than kMaxValueDepth.
    static Value list(std::vector<Value> items, bool tuple = false);
    /// A generator over `items` (see ListData::generator).
    static Value generator(std::vector<Value> items);
    /// A dict; a repeated key keeps its first position and its last value. Throws TemplateError
    /// when a key is not hashable or the nesting is too deep.
    static Value dict(std::vector<std::pair<Value, Value>> items);
    /// A dict with string keys (JSON objects, messages).
    static Value object(std::vector<std::pair<std::string, Value>> items);
    static Value ns(Namespace* ns);
    static Value callable(std::shared_ptr<const Callable> fn);

    Kind kind() const { return kind_; }
    bool isUndefined() const { return kind_ == Kind::Undefined; }
    bool isNone() const { return kind_ == Kind::None; }
    bool isBool() const { return kind_ == Kind::Bool; }
    bool isInt() const { return kind_ == Kind::Int; }
    bool isFloat() const { return kind_ == Kind::Float; }
    /// int, float or bool (Python's numbers.Number).
    bool isNumber() const {
        return kind_ == Kind::Int || kind_ == Kind::Float || kind_ == Kind::Bool;
    }
    bool isString() const { return kind_ == Kind::String; }
    /// Lists, tuples and generators.
    bool isList() const { return kind_ == Kind::List; }
    bool isGenerator() const { return kind_ == Kind::List && asList().generator; }
    bool isDict() const { return kind_ == Kind::Dict; }
    bool isNamespace() const { return kind_ == Kind::Namespace; }
    bool isCallable() const { return kind_ == Kind::Callable; }

    bool asBool() const { return b_; }
    /// The integer value of an int or bool.
    int64_t asInt() const { return kind_ == Kind::Bool ? (b_ ? 1 : 0) : i_; }
    /// The value of any number as a double.
    double asDouble() const;
    const std::string& asString() const;
    const ListData& asList() const;
    const DictData& asDict() const;
    Namespace* asNamespace() const { return ns_; }
    const Callable& asCallable() const;
    std::shared_ptr<const Callable> callablePtr() const;
    /// For an undefined value: why it is undefined ("'x' is undefined"), or "".
    std::string undefinedHint() const;

    /// How much there is to compare or print: the bytes of every string inside plus one per
    /// value (namespaces count as one). Kept with each list and dict, so this is O(1).
    uint64_t weight() const;
    /// Nesting depth for the kMaxValueDepth guard: 0 for scalars.
    uint32_t depth() const;
    /// Python truthiness.
    bool truthy() const;
    /// Python's type name: "str", "int", "list", "dict", "NoneType", ...
    std::string typeName() const;

private:
    Kind kind_ = Kind::Undefined;
    union {
        bool b_;
        int64_t i_ = 0;
        double f_;
        Namespace* ns_;
    };
    std::shared_ptr<const void> ptr_; // string, list, dict, callable or undefined hint
};

/// str(value) as Python prints it: None, True, 1.0, [1, 'a'], {'k': 'v'}; undefined is "".
std::string toStr(const Value& v);
/// repr(value): strings quoted.
std::string toRepr(const Value& v);
/// Python ==.
bool equals(const Value& a, const Value& b);
/// Python <; throws TemplateError when the types cannot be ordered.
bool lessThan(const Value& a, const Value& b);
/// A string that is equal for equal hashable values (1, 1.0 and True share one); nullopt for
/// unhashable values (lists, dicts, namespaces).
std::optional<std::string> hashKey(const Value& v);

} // namespace hearth::chat
