// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hearth::gguf {

/// GGUF metadata value types (the u32 type tag in the file).
enum class ValueType : uint32_t {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12,
};

/// "u32", "string", "array", ... for messages; "type N" for unknown tags.
std::string valueTypeName(uint32_t tag);

/// One metadata value: a scalar, a string, or an array of values (arrays may nest). The GGUF
/// type is kept so that a value read from a file is written back identically.
class Value {
public:
    Value() = default;
    static Value u8(uint8_t v) { return Value(ValueType::U8, uint64_t{v}); }
    static Value i8(int8_t v) { return Value(ValueType::I8, int64_t{v}); }
    static Value u16(uint16_t v) { return Value(ValueType::U16, uint64_t{v}); }
    static Value i16(int16_t v) { return Value(ValueType::I16, int64_t{v}); }
    static Value u32(uint32_t v) { return Value(ValueType::U32, uint64_t{v}); }
    static Value i32(int32_t v) { return Value(ValueType::I32, int64_t{v}); }
    static Value u64(uint64_t v) { return Value(ValueType::U64, v); }
    static Value i64(int64_t v) { return Value(ValueType::I64, v); }
    static Value f32(float v) { return Value(ValueType::F32, double{v}); }
    static Value f64(double v) { return Value(ValueType::F64, v); }
    static Value boolean(bool v) { return Value(ValueType::Bool, v); }
    static Value string(std::string v) { return Value(ValueType::String, std::move(v)); }
    /// An array whose elements all have type `elementType`.
    static Value array(ValueType elementType, std::vector<Value> items);
    static Value stringArray(const std::vector<std::string>& items);
    static Value f32Array(const std::vector<float>& items);
    static Value i32Array(const std::vector<int32_t>& items);

    ValueType type() const { return type_; }
    bool isInteger() const;
    bool isArray() const { return type_ == ValueType::Array; }

    /// Integers of any width (and bools as 0/1); nullopt for other types or out of range.
    std::optional<int64_t> asInt() const;
    std::optional<uint64_t> asUInt() const;
    /// Floats of either width, and integers converted.
    std::optional<double> asFloat() const;
    std::optional<bool> asBool() const;
    /// Only for strings.
    const std::string* asString() const;

    /// Array contents; empty for non-arrays.
    ValueType elementType() const { return elementType_; }
    const std::vector<Value>& items() const;

    /// A short human-readable rendering ("[32000 strings]" for long arrays).
    std::string describe(std::size_t maxItems = 8) const;

private:
    using Storage = std::variant<std::monostate, uint64_t, int64_t, double, bool, std::string,
                                 std::vector<Value>>;
    Value(ValueType type, Storage v) : type_(type), v_(std::move(v)) {}

    ValueType type_ = ValueType::U8;
    ValueType elementType_ = ValueType::U8;
    Storage v_;
};

} // namespace hearth::gguf
