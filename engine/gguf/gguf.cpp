// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/gguf/gguf.h"

#include "engine/core/error.h"
#include "engine/core/utf8.h"

#include <cstring>
#include <limits>

namespace hearth::gguf {
namespace {

constexpr uint32_t kMagic = 0x46554747; // "GGUF" read as a little-endian u32
constexpr uint32_t kMaxNesting = 8;     // arrays of arrays of ... deeper than this are hostile
constexpr uint64_t kMaxTensorName = 256;
constexpr uint32_t kMaxAlignment = 1u << 30;
// Metadata values held in memory at most (every array element counts). Real vocabularies need a
// few million; the cap keeps a hostile file from costing many times its size in memory.
constexpr uint64_t kMaxMetadataValues = 1u << 24;

/// Reads little-endian fields with bounds checks; every failure names what was being read.
class Cursor {
public:
    Cursor(std::span<const uint8_t> bytes, const std::string& file) : b_(bytes), file_(file) {}

    uint64_t pos() const { return pos_; }
    uint64_t remaining() const { return b_.size() - pos_; }

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(file_ + ": " + what + " (at byte " + std::to_string(pos_) + ")");
    }

    template <typename T>
    T read(const char* what) {
        if (remaining() < sizeof(T)) {
            fail(std::string("file ends inside ") + what);
        }
        T v;
        std::memcpy(&v, b_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }

    std::string readString(const std::string& what) {
        const uint64_t len = read<uint64_t>(what.c_str());
        if (len > remaining()) {
            fail(what + " claims " + std::to_string(len) + " bytes but only " +
                 std::to_string(remaining()) + " remain");
        }
        std::string s(reinterpret_cast<const char*>(b_.data() + pos_), len);
        pos_ += len;
        return s;
    }

private:
    std::span<const uint8_t> b_;
    const std::string& file_;
    uint64_t pos_ = 0;
};

/// Smallest encoded size of one value of type `t`, to bound array counts before allocating.
uint64_t minEncodedSize(uint32_t t) {
    switch (static_cast<ValueType>(t)) {
    case ValueType::U8:
    case ValueType::I8:
    case ValueType::Bool:
        return 1;
    case ValueType::U16:
    case ValueType::I16:
        return 2;
    case ValueType::U32:
    case ValueType::I32:
    case ValueType::F32:
        return 4;
    case ValueType::U64:
    case ValueType::I64:
    case ValueType::F64:
    case ValueType::String:
        return 8;
    case ValueType::Array:
        return 12;
    }
    return 0;
}

Value readValue(Cursor& c, uint32_t tag, const std::string& key, uint32_t depth, uint64_t& budget) {
    switch (static_cast<ValueType>(tag)) {
    case ValueType::U8:
        return Value::u8(c.read<uint8_t>("a u8 value"));
    case ValueType::I8:
        return Value::i8(c.read<int8_t>("an i8 value"));
    case ValueType::U16:
        return Value::u16(c.read<uint16_t>("a u16 value"));
    case ValueType::I16:
        return Value::i16(c.read<int16_t>("an i16 value"));
    case ValueType::U32:
        return Value::u32(c.read<uint32_t>("a u32 value"));
    case ValueType::I32:
        return Value::i32(c.read<int32_t>("an i32 value"));
    case ValueType::F32:
        return Value::f32(c.read<float>("an f32 value"));
    case ValueType::U64:
        return Value::u64(c.read<uint64_t>("a u64 value"));
    case ValueType::I64:
        return Value::i64(c.read<int64_t>("an i64 value"));
    case ValueType::F64:
        return Value::f64(c.read<double>("an f64 value"));
    case ValueType::Bool: {
        const uint8_t b = c.read<uint8_t>("a bool value");
        if (b > 1) {
            c.fail("metadata key " + key + ": a bool must be 0 or 1, not " + std::to_string(b));
        }
        return Value::boolean(b != 0);
    }
    case ValueType::String:
        return Value::string(c.readString("the string value of " + key));
    case ValueType::Array: {
        if (depth >= kMaxNesting) {
            c.fail("metadata key " + key + ": arrays nested more than " +
                   std::to_string(kMaxNesting) + " deep");
        }
        const uint32_t elemTag = c.read<uint32_t>("an array element type");
        const uint64_t minSize = minEncodedSize(elemTag);
        if (minSize == 0) {
            c.fail("metadata key " + key + ": unknown array element type " +
                   std::to_string(elemTag));
        }
        const uint64_t count = c.read<uint64_t>("an array length");
        if (count > budget) {
            c.fail("metadata key " + key + ": array of " + std::to_string(count) +
                   " values is larger than any model needs (at most " +
                   std::to_string(kMaxMetadataValues) + " metadata values in all)");
        }
        budget -= count;
        if (count > c.remaining() / minSize) {
            c.fail("metadata key " + key + ": array of " + std::to_string(count) + " " +
                   valueTypeName(elemTag) + " values does not fit in the file");
        }
        std::vector<Value> items;
        items.reserve(count);
        for (uint64_t i = 0; i < count; ++i) {
            items.push_back(readValue(c, elemTag, key, depth + 1, budget));
        }
        return Value::array(static_cast<ValueType>(elemTag), std::move(items));
    }
    }
    c.fail("metadata key " + key + ": unknown value type " + std::to_string(tag));
}

bool mulOverflows(uint64_t a, uint64_t b, uint64_t limit) {
    return a != 0 && b > limit / a;
}

} // namespace

std::string TensorInfo::shapeString() const {
    std::string s = "[";
    for (uint32_t i = 0; i < nDims; ++i) {
        s += (i ? ", " : "") + std::to_string(ne[i]);
    }
    return s + "]";
}

File::File(std::span<const uint8_t> bytes, std::string name, std::unique_ptr<MappedFile> map)
    : map_(std::move(map)), bytes_(bytes), name_(std::move(name)) {}

std::unique_ptr<File> File::open(const std::string& path) {
    auto map = std::make_unique<MappedFile>(path);
    const auto bytes = map->bytes();
    std::unique_ptr<File> f(new File(bytes, path, std::move(map)));
    f->parse();
    return f;
}

std::unique_ptr<File> File::fromMemory(std::span<const uint8_t> bytes, std::string name) {
    std::unique_ptr<File> f(new File(bytes, std::move(name), nullptr));
    f->parse();
    return f;
}

void File::parse() {
    Cursor c(bytes_, name_);
    if (bytes_.size() < 4) {
        throw Error(name_ + ": not a GGUF file (too short)");
    }
    if (c.read<uint32_t>("the magic") != kMagic) {
        throw Error(name_ + ": not a GGUF file (it does not start with \"GGUF\")");
    }
    version_ = c.read<uint32_t>("the version");
    if (version_ == 0) {
        throw Error(name_ + ": invalid GGUF version 0");
    }
    if ((version_ & 0xFFFFu) == 0) {
        throw Error(name_ + ": big-endian GGUF files are not supported");
    }
    if (version_ == 1) {
        throw Error(name_ + ": GGUF version 1 is obsolete; convert the model again");
    }
    if (version_ > 3) {
        throw Error(name_ + ": GGUF version " + std::to_string(version_) +
                    " is newer than this Hearth understands (2 and 3)");
    }
    const uint64_t tensorCount = c.read<uint64_t>("the tensor count");
    const uint64_t kvCount = c.read<uint64_t>("the metadata count");

    // Each key-value pair takes at least 8 (key length) + 1 (key) + 4 (type) + 1 bytes.
    constexpr uint64_t kMinKvBytes = 14;
    if (kvCount > c.remaining() / kMinKvBytes) {
        c.fail("metadata count " + std::to_string(kvCount) + " does not fit in the file");
    }
    metadata_.reserve(kvCount);
    uint64_t budget = kMaxMetadataValues;
    for (uint64_t i = 0; i < kvCount; ++i) {
        std::string key = c.readString("metadata key #" + std::to_string(i));
        if (key.empty()) {
            c.fail("metadata key #" + std::to_string(i) + " is empty");
        }
        if (!isValidUtf8(key)) {
            c.fail("metadata key #" + std::to_string(i) + " is not valid UTF-8");
        }
        if (metadataIndex_.count(key)) {
            c.fail("duplicate metadata key " + key);
        }
        const uint32_t tag = c.read<uint32_t>("a metadata value type");
        Value v = readValue(c, tag, key, 0, budget);
        metadataIndex_.emplace(key, metadata_.size());
        metadata_.emplace_back(std::move(key), std::move(v));
    }

    if (const Value* a = find("general.alignment")) {
        const auto v = a->asUInt();
        if (!a->isInteger() || !v || *v == 0 || *v > kMaxAlignment || (*v & (*v - 1)) != 0) {
            throw Error(name_ + ": general.alignment must be a power of two, not " + a->describe());
        }
        alignment_ = static_cast<uint32_t>(*v);
    }

    // Each tensor info takes at least 8 + 1 + 4 + 8 + 4 + 8 bytes.
    constexpr uint64_t kMinTensorInfoBytes = 33;
    if (tensorCount > c.remaining() / kMinTensorInfoBytes) {
        c.fail("tensor count " + std::to_string(tensorCount) + " does not fit in the file");
    }
    tensors_.reserve(tensorCount);
    constexpr uint64_t kMaxElements = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    for (uint64_t i = 0; i < tensorCount; ++i) {
        TensorInfo t;
        t.name = c.readString("the name of tensor #" + std::to_string(i));
        if (t.name.empty()) {
            c.fail("tensor #" + std::to_string(i) + " has an empty name");
        }
        if (t.name.size() > kMaxTensorName) {
            c.fail("the name of tensor #" + std::to_string(i) + " is " +
                   std::to_string(t.name.size()) + " bytes long (at most " +
                   std::to_string(kMaxTensorName) + ")");
        }
        if (!isValidUtf8(t.name)) {
            c.fail("the name of tensor #" + std::to_string(i) + " is not valid UTF-8");
        }
        if (tensorIndex_.count(t.name)) {
            c.fail("duplicate tensor " + t.name);
        }
        t.nDims = c.read<uint32_t>("a tensor's dimension count");
        if (t.nDims == 0 || t.nDims > kMaxDims) {
            c.fail("tensor " + t.name + " has " + std::to_string(t.nDims) +
                   " dimensions (1 to 4 allowed)");
        }
        t.ne = {1, 1, 1, 1};
        uint64_t elements = 1;
        for (uint32_t d = 0; d < t.nDims; ++d) {
            t.ne[d] = c.read<uint64_t>("a tensor dimension");
            if (t.ne[d] == 0 || mulOverflows(elements, t.ne[d], kMaxElements)) {
                c.fail("tensor " + t.name + " has an invalid shape");
            }
            elements *= t.ne[d];
        }
        const uint32_t typeId = c.read<uint32_t>("a tensor type");
        const auto traits = typeTraits(typeId);
        if (!traits) {
            c.fail("unknown tensor type " + std::to_string(typeId) + " in tensor " + t.name);
        }
        t.type = traits->type;
        const auto row = rowBytes(t.type, t.ne[0]);
        if (!row) {
            c.fail("tensor " + t.name + ": row of " + std::to_string(t.ne[0]) +
                   " elements is not a whole number of " + std::string(traits->name) + " blocks");
        }
        const uint64_t rows = elements / t.ne[0];
        if (mulOverflows(*row, rows, std::numeric_limits<uint64_t>::max())) {
            c.fail("tensor " + t.name + " is impossibly large");
        }
        t.bytes = *row * rows;
        t.offset = c.read<uint64_t>("a tensor offset");
        if (t.offset % alignment_ != 0) {
            c.fail("tensor " + t.name + " is misaligned (offset " + std::to_string(t.offset) +
                   " is not a multiple of " + std::to_string(alignment_) + ")");
        }
        tensorIndex_.emplace(t.name, tensors_.size());
        tensors_.push_back(std::move(t));
    }

    const uint64_t end = c.pos();
    dataOffset_ = (end + alignment_ - 1) / alignment_ * alignment_;
    const uint64_t size = bytes_.size();
    for (const TensorInfo& t : tensors_) {
        if (dataOffset_ > size || t.offset > size - dataOffset_ ||
            t.bytes > size - dataOffset_ - t.offset) {
            throw Error(name_ + ": the data of tensor " + t.name +
                        " lies past the end of the file (the file is truncated or corrupt)");
        }
    }
}

const Value* File::find(std::string_view key) const {
    const auto it = metadataIndex_.find(std::string(key));
    return it == metadataIndex_.end() ? nullptr : &metadata_[it->second].second;
}

namespace {
[[noreturn]] void wrongType(const std::string& file, std::string_view key, const Value& v,
                            const char* expected) {
    throw Error(file + ": metadata key " + std::string(key) + " should be " + expected + ", not " +
                valueTypeName(static_cast<uint32_t>(v.type())));
}
} // namespace

std::optional<std::string> File::getString(std::string_view key) const {
    const Value* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    if (const std::string* s = v->asString()) {
        return *s;
    }
    wrongType(name_, key, *v, "a string");
}

std::optional<uint64_t> File::getUInt(std::string_view key) const {
    const Value* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    const auto u = v->isInteger() ? v->asUInt() : std::nullopt;
    if (!u) {
        wrongType(name_, key, *v, "a non-negative integer");
    }
    return u;
}

std::optional<int64_t> File::getInt(std::string_view key) const {
    const Value* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    const auto i = v->isInteger() ? v->asInt() : std::nullopt;
    if (!i) {
        wrongType(name_, key, *v, "an integer");
    }
    return i;
}

std::optional<double> File::getFloat(std::string_view key) const {
    const Value* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    const auto d = v->asFloat();
    if (!d || v->type() == ValueType::Bool) {
        wrongType(name_, key, *v, "a number");
    }
    return d;
}

std::optional<bool> File::getBool(std::string_view key) const {
    const Value* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    const auto b = v->asBool();
    if (!b) {
        wrongType(name_, key, *v, "a bool");
    }
    return b;
}

const std::vector<Value>* File::getArray(std::string_view key) const {
    const Value* v = find(key);
    if (!v) {
        return nullptr;
    }
    if (!v->isArray()) {
        wrongType(name_, key, *v, "an array");
    }
    return &v->items();
}

const TensorInfo* File::findTensor(std::string_view name) const {
    const auto it = tensorIndex_.find(std::string(name));
    return it == tensorIndex_.end() ? nullptr : &tensors_[it->second];
}

std::span<const uint8_t> File::tensorData(const TensorInfo& t) const {
    return bytes_.subspan(dataOffset_ + t.offset, t.bytes);
}

std::string File::architecture() const {
    return getString("general.architecture").value_or("");
}

} // namespace hearth::gguf
