// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/gguf/writer.h"

#include "engine/core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace hearth::gguf {
namespace {

constexpr uint32_t kMagic = 0x46554747;
constexpr uint32_t kVersion = 3;

/// Collects bytes in memory.
struct MemorySink {
    std::vector<uint8_t> bytes;
    void put(const void* p, std::size_t n) {
        const auto* b = static_cast<const uint8_t*>(p);
        bytes.insert(bytes.end(), b, b + n);
    }
};

/// Streams bytes to a FILE*.
struct FileSink {
    std::FILE* f;
    std::string path;
    void put(const void* p, std::size_t n) {
        if (n > 0 && std::fwrite(p, 1, n, f) != n) {
            throw Error("cannot write " + path + ": " + std::strerror(errno));
        }
    }
};

template <typename Sink, typename T>
void putScalar(Sink& s, T v) {
    s.put(&v, sizeof v);
}

template <typename Sink>
void putString(Sink& s, const std::string& str) {
    putScalar<Sink, uint64_t>(s, str.size());
    s.put(str.data(), str.size());
}

template <typename Sink>
void putValue(Sink& s, const Value& v) {
    switch (v.type()) {
    case ValueType::U8:
        putScalar(s, static_cast<uint8_t>(*v.asUInt()));
        break;
    case ValueType::I8:
        putScalar(s, static_cast<int8_t>(*v.asInt()));
        break;
    case ValueType::U16:
        putScalar(s, static_cast<uint16_t>(*v.asUInt()));
        break;
    case ValueType::I16:
        putScalar(s, static_cast<int16_t>(*v.asInt()));
        break;
    case ValueType::U32:
        putScalar(s, static_cast<uint32_t>(*v.asUInt()));
        break;
    case ValueType::I32:
        putScalar(s, static_cast<int32_t>(*v.asInt()));
        break;
    case ValueType::U64:
        putScalar(s, static_cast<uint64_t>(*v.asUInt()));
        break;
    case ValueType::I64:
        putScalar(s, static_cast<int64_t>(*v.asInt()));
        break;
    case ValueType::F32:
        putScalar(s, static_cast<float>(*v.asFloat()));
        break;
    case ValueType::F64:
        putScalar(s, static_cast<double>(*v.asFloat()));
        break;
    case ValueType::Bool:
        putScalar(s, static_cast<uint8_t>(*v.asBool() ? 1 : 0));
        break;
    case ValueType::String:
        putString(s, *v.asString());
        break;
    case ValueType::Array:
        putScalar(s, static_cast<uint32_t>(v.elementType()));
        putScalar<Sink, uint64_t>(s, v.items().size());
        for (const Value& item : v.items()) {
            putValue(s, item);
        }
        break;
    }
}

uint64_t alignUp(uint64_t x, uint64_t a) {
    return (x + a - 1) / a * a;
}

} // namespace

void Writer::set(const std::string& key, Value value) {
    for (auto& [k, v] : metadata_) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    metadata_.emplace_back(key, std::move(value));
}

void Writer::remove(const std::string& key) {
    std::erase_if(metadata_, [&](const auto& kv) { return kv.first == key; });
}

void Writer::copyMetadata(const File& file) {
    for (const auto& [k, v] : file.metadata()) {
        set(k, v);
    }
}

uint32_t Writer::alignment() const {
    for (const auto& [k, v] : metadata_) {
        if (k == "general.alignment") {
            const auto a = v.asUInt();
            if (a && *a > 0 && (*a & (*a - 1)) == 0) {
                return static_cast<uint32_t>(*a);
            }
            throw Error("general.alignment must be a power of two");
        }
    }
    return kDefaultAlignment;
}

void Writer::addTensor(const std::string& name, TensorType type, std::vector<uint64_t> ne,
                       uint64_t bytes, Producer producer) {
    if (ne.empty() || ne.size() > kMaxDims) {
        throw Error("tensor " + name + ": 1 to 4 dimensions are allowed");
    }
    uint64_t rows = 1;
    for (std::size_t i = 1; i < ne.size(); ++i) {
        rows *= ne[i];
    }
    const auto row = rowBytes(type, ne[0]);
    if (!row || *row * rows != bytes) {
        throw Error("tensor " + name + ": " + std::to_string(bytes) + " bytes do not match a " +
                    std::string(typeName(type)) + " tensor of this shape");
    }
    for (const Tensor& t : tensors_) {
        if (t.name == name) {
            throw Error("duplicate tensor " + name);
        }
    }
    tensors_.push_back({name, type, std::move(ne), bytes, {}, std::move(producer)});
}

void Writer::addTensor(const std::string& name, TensorType type, std::vector<uint64_t> ne,
                       std::vector<uint8_t> data) {
    const uint64_t bytes = data.size();
    addTensor(name, type, std::move(ne), bytes, nullptr);
    tensors_.back().data = std::move(data);
}

void Writer::addTensor(const std::string& name, const std::vector<float>& values,
                       std::vector<uint64_t> ne) {
    std::vector<uint8_t> data(values.size() * sizeof(float));
    std::memcpy(data.data(), values.data(), data.size());
    addTensor(name, TensorType::F32, std::move(ne), std::move(data));
}

template <typename Sink>
void Writer::serialize(Sink& sink) const {
    const uint64_t align = alignment();
    putScalar(sink, kMagic);
    putScalar(sink, kVersion);
    putScalar<Sink, uint64_t>(sink, tensors_.size());
    putScalar<Sink, uint64_t>(sink, metadata_.size());
    uint64_t pos = 24;
    MemorySink header;
    for (const auto& [k, v] : metadata_) {
        putString(header, k);
        putScalar(header, static_cast<uint32_t>(v.type()));
        putValue(header, v);
    }
    uint64_t offset = 0;
    for (const Tensor& t : tensors_) {
        putString(header, t.name);
        putScalar(header, static_cast<uint32_t>(t.ne.size()));
        for (uint64_t d : t.ne) {
            putScalar(header, d);
        }
        putScalar(header, static_cast<uint32_t>(t.type));
        putScalar(header, offset);
        offset = alignUp(offset + t.bytes, align);
    }
    sink.put(header.bytes.data(), header.bytes.size());
    pos += header.bytes.size();
    const std::vector<uint8_t> zeros(align, 0);
    sink.put(zeros.data(), alignUp(pos, align) - pos);

    std::vector<uint8_t> scratch;
    for (const Tensor& t : tensors_) {
        if (t.producer) {
            scratch.assign(t.bytes, 0);
            t.producer(scratch);
            sink.put(scratch.data(), scratch.size());
        } else {
            sink.put(t.data.data(), t.data.size());
        }
        sink.put(zeros.data(), alignUp(t.bytes, align) - t.bytes);
    }
}

std::vector<uint8_t> Writer::toBytes() const {
    MemorySink sink;
    serialize(sink);
    return std::move(sink.bytes);
}

void Writer::write(const std::string& path) const {
    const std::string tmp = path + ".part";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        throw Error("cannot create " + tmp + ": " + std::strerror(errno));
    }
    FileSink sink{f, path};
    try {
        serialize(sink);
    } catch (...) {
        std::fclose(f);
        std::remove(tmp.c_str());
        throw;
    }
    if (std::fflush(f) != 0 || std::fclose(f) != 0) {
        std::remove(tmp.c_str());
        throw Error("cannot write " + path + ": " + std::strerror(errno));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        throw Error("cannot write " + path + ": " + ec.message());
    }
}

} // namespace hearth::gguf
