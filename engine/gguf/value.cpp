// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/gguf/value.h"

#include <cstdio>
#include <limits>

namespace hearth::gguf {

std::string valueTypeName(uint32_t tag) {
    static const char* const names[] = {"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                        "bool", "string", "array", "u64", "i64", "f64"};
    if (tag < std::size(names)) {
        return names[tag];
    }
    return "type " + std::to_string(tag);
}

Value Value::array(ValueType elementType, std::vector<Value> items) {
    Value v(ValueType::Array, std::move(items));
    v.elementType_ = elementType;
    return v;
}

Value Value::stringArray(const std::vector<std::string>& items) {
    std::vector<Value> values;
    values.reserve(items.size());
    for (const auto& s : items) {
        values.push_back(string(s));
    }
    return array(ValueType::String, std::move(values));
}

Value Value::f32Array(const std::vector<float>& items) {
    std::vector<Value> values;
    values.reserve(items.size());
    for (float f : items) {
        values.push_back(f32(f));
    }
    return array(ValueType::F32, std::move(values));
}

Value Value::i32Array(const std::vector<int32_t>& items) {
    std::vector<Value> values;
    values.reserve(items.size());
    for (int32_t i : items) {
        values.push_back(i32(i));
    }
    return array(ValueType::I32, std::move(values));
}

bool Value::isInteger() const {
    return std::holds_alternative<uint64_t>(v_) || std::holds_alternative<int64_t>(v_);
}

std::optional<int64_t> Value::asInt() const {
    if (const auto* u = std::get_if<uint64_t>(&v_)) {
        if (*u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<int64_t>(*u);
    }
    if (const auto* i = std::get_if<int64_t>(&v_)) {
        return *i;
    }
    if (const auto* b = std::get_if<bool>(&v_)) {
        return *b ? 1 : 0;
    }
    return std::nullopt;
}

std::optional<uint64_t> Value::asUInt() const {
    if (const auto* u = std::get_if<uint64_t>(&v_)) {
        return *u;
    }
    if (const auto* i = std::get_if<int64_t>(&v_)) {
        if (*i < 0) {
            return std::nullopt;
        }
        return static_cast<uint64_t>(*i);
    }
    if (const auto* b = std::get_if<bool>(&v_)) {
        return *b ? 1 : 0;
    }
    return std::nullopt;
}

std::optional<double> Value::asFloat() const {
    if (const auto* d = std::get_if<double>(&v_)) {
        return *d;
    }
    if (const auto* u = std::get_if<uint64_t>(&v_)) {
        return static_cast<double>(*u);
    }
    if (const auto* i = std::get_if<int64_t>(&v_)) {
        return static_cast<double>(*i);
    }
    return std::nullopt;
}

std::optional<bool> Value::asBool() const {
    if (const auto* b = std::get_if<bool>(&v_)) {
        return *b;
    }
    if (isInteger()) {
        return asInt().value_or(0) != 0;
    }
    return std::nullopt;
}

const std::string* Value::asString() const {
    return std::get_if<std::string>(&v_);
}

const std::vector<Value>& Value::items() const {
    static const std::vector<Value> empty;
    const auto* a = std::get_if<std::vector<Value>>(&v_);
    return a ? *a : empty;
}

std::string Value::describe(std::size_t maxItems) const {
    if (const auto* s = asString()) {
        constexpr std::size_t kMaxChars = 60;
        std::string out = "\"";
        for (char c : s->substr(0, kMaxChars)) {
            out += (c == '\n') ? std::string("\\n") : std::string(1, c);
        }
        return out + (s->size() > kMaxChars ? "…\"" : "\"");
    }
    if (isArray()) {
        const auto& a = items();
        if (a.size() > maxItems) {
            return "[" + std::to_string(a.size()) + " " + valueTypeName(uint32_t(elementType_)) +
                   " values]";
        }
        std::string out = "[";
        for (std::size_t i = 0; i < a.size(); ++i) {
            out += (i ? ", " : "") + a[i].describe(maxItems);
        }
        return out + "]";
    }
    if (const auto* b = std::get_if<bool>(&v_)) {
        return *b ? "true" : "false";
    }
    if (const auto* d = std::get_if<double>(&v_)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", *d);
        return buf;
    }
    if (const auto* u = std::get_if<uint64_t>(&v_)) {
        return std::to_string(*u);
    }
    if (const auto* i = std::get_if<int64_t>(&v_)) {
        return std::to_string(*i);
    }
    return "?";
}

} // namespace hearth::gguf
