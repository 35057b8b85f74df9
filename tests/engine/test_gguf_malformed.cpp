// SPDX-License-Identifier: GPL-3.0-or-later
// Malformed GGUF files: a valid file written by the Writer, then truncated or corrupted field
// by field. Every one must give a hearth::Error that says what is wrong, never a crash.

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/writer.h"

#include <QtTest>

#include <cstring>
#include <string>
#include <vector>

using namespace hearth;

namespace {

/// Offsets inside a file: the header is 4 (magic) + 4 (version) + 8 (tensors) + 8 (keys).
constexpr std::size_t kVersionAt = 4, kTensorCountAt = 8, kKeyCountAt = 16, kFirstKeyAt = 24;

/// A small valid file whose last tensor ends exactly at the end (no trailing padding), so
/// that every strict prefix is truncated somewhere that matters.
std::vector<uint8_t> validFile() {
    gguf::Writer w;
    w.set("general.architecture", gguf::Value::string("llama"));
    w.set("general.name", gguf::Value::string("tiny"));
    w.set("test.flag", gguf::Value::boolean(true));
    w.set("test.count", gguf::Value::u32(7));
    w.set("test.list", gguf::Value::i32Array({1, 2, 3}));
    w.set("test.words", gguf::Value::stringArray({"ab", "cd"}));
    w.set("test.pi", gguf::Value::f64(3.25));
    w.addTensor("alpha", std::vector<float>(8, 1.5f), {8});
    w.addTensor("beta", TensorType::Q8_0, {32, 2}, std::vector<uint8_t>(68, 1));
    w.addTensor("gamma", std::vector<float>(8, -2.0f), {8, 1});
    return w.toBytes();
}

/// The error parsing `bytes` gives, or "" when it parses.
std::string errorOf(const std::vector<uint8_t>& bytes) {
    try {
        gguf::File::fromMemory(bytes, "bad.gguf");
        return "";
    } catch (const Error& e) {
        return e.what();
    }
}

std::size_t find(const std::vector<uint8_t>& bytes, const std::string& text) {
    const auto it = std::search(bytes.begin(), bytes.end(), text.begin(), text.end());
    return it == bytes.end() ? SIZE_MAX : static_cast<std::size_t>(it - bytes.begin());
}

template <typename T>
void put(std::vector<uint8_t>& bytes, std::size_t at, T value) {
    std::memcpy(bytes.data() + at, &value, sizeof value);
}

/// Where the fields of a tensor's info start, from the position of its name.
struct TensorFields {
    std::size_t nameLength, nDims, ne, type, offset;
};

TensorFields tensorFields(const std::vector<uint8_t>& bytes, const std::string& name,
                          uint32_t dims) {
    const std::size_t at = find(bytes, name);
    TensorFields f{};
    f.nameLength = at - 8;
    f.nDims = at + name.size();
    f.ne = f.nDims + 4;
    f.type = f.ne + 8 * dims;
    f.offset = f.type + 4;
    return f;
}

#define EXPECT_ERROR(bytes, text)                                                                  \
    do {                                                                                           \
        const std::string error_ = errorOf(bytes);                                                 \
        QVERIFY2(error_.find(text) != std::string::npos,                                           \
                 qPrintable(QString("expected \"%1\", got \"%2\"").arg(text, error_.c_str())));    \
        QVERIFY(error_.rfind("bad.gguf: ", 0) == 0);                                               \
    } while (false)

} // namespace

class TestGgufMalformed : public QObject {
    Q_OBJECT

private slots:
    void theBaseFileIsValid() {
        const std::vector<uint8_t> bytes = validFile();
        const auto f = gguf::File::fromMemory(bytes);
        QCOMPARE(f->tensors().size(), 3u);
        const gguf::TensorInfo& last = f->tensors().back();
        QCOMPARE(f->dataOffset() + last.offset + last.bytes, uint64_t(bytes.size()));
    }

    void truncatedAtEveryByte() {
        const std::vector<uint8_t> bytes = validFile();
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(n));
            const std::string e = errorOf(prefix);
            QVERIFY2(!e.empty(), qPrintable(QString("prefix of %1 bytes parsed").arg(n)));
            const bool explained = e.find("not a GGUF file") != std::string::npos ||
                                   e.find("file ends inside") != std::string::npos ||
                                   e.find("remain") != std::string::npos ||
                                   e.find("does not fit in the file") != std::string::npos ||
                                   e.find("past the end of the file") != std::string::npos;
            QVERIFY2(explained, e.c_str());
        }
        // Some cuts, exactly.
        const auto cut = [&](std::size_t n) {
            return errorOf(
                std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<long>(n)));
        };
        QCOMPARE(cut(2), std::string("bad.gguf: not a GGUF file (too short)"));
        QCOMPARE(cut(6), std::string("bad.gguf: file ends inside the version (at byte 4)"));
        QCOMPARE(cut(20),
                 std::string("bad.gguf: file ends inside the metadata count (at byte 16)"));
        QCOMPARE(
            cut(bytes.size() - 1),
            std::string("bad.gguf: the data of tensor gamma lies past the end of the file (the "
                        "file is truncated or corrupt)"));
    }

    void notGguf() {
        std::vector<uint8_t> bytes = validFile();
        bytes[0] = 'g';
        EXPECT_ERROR(bytes, "not a GGUF file (it does not start with \"GGUF\")");
    }

    void versions() {
        std::vector<uint8_t> bytes = validFile();
        put<uint32_t>(bytes, kVersionAt, 1);
        EXPECT_ERROR(bytes, "GGUF version 1 is obsolete");
        put<uint32_t>(bytes, kVersionAt, 4);
        EXPECT_ERROR(bytes, "GGUF version 4 is newer than this Hearth understands (2 and 3)");
        put<uint32_t>(bytes, kVersionAt, 0);
        EXPECT_ERROR(bytes, "invalid GGUF version 0");
        put<uint32_t>(bytes, kVersionAt, 0x03000000); // version 3 written big-endian
        EXPECT_ERROR(bytes, "big-endian GGUF files are not supported");
        put<uint32_t>(bytes, kVersionAt, 2);
        QVERIFY(errorOf(bytes).empty());
    }

    void absurdCounts() {
        std::vector<uint8_t> bytes = validFile();
        put<uint64_t>(bytes, kKeyCountAt, uint64_t(1) << 60);
        EXPECT_ERROR(bytes, "metadata count 1152921504606846976 does not fit in the file");
        bytes = validFile();
        put<uint64_t>(bytes, kTensorCountAt, ~uint64_t(0));
        EXPECT_ERROR(bytes, "tensor count 18446744073709551615 does not fit in the file");
        bytes = validFile();
        put<uint64_t>(bytes, kTensorCountAt, 4); // one more than there is: reads the padding
        EXPECT_ERROR(bytes, "tensor #3 has an empty name");
    }

    void absurdLengths() {
        std::vector<uint8_t> bytes = validFile();
        put<uint64_t>(bytes, kFirstKeyAt, uint64_t(1) << 62);
        EXPECT_ERROR(bytes, "metadata key #0 claims 4611686018427387904 bytes but only");
        bytes = validFile();
        const std::size_t value = find(bytes, "tiny") - 8; // general.name's value length
        put<uint64_t>(bytes, value, 1000000);
        EXPECT_ERROR(bytes, "the string value of general.name claims 1000000 bytes");
        bytes = validFile();
        const std::size_t list = find(bytes, "test.list") + 9 + 4 + 4; // key, type, element type
        put<uint64_t>(bytes, list, uint64_t(1) << 40);
        EXPECT_ERROR(bytes, "metadata key test.list: array of 1099511627776 values is larger than "
                            "any model needs");
        put<uint64_t>(bytes, list, 100000);
        EXPECT_ERROR(bytes,
                     "metadata key test.list: array of 100000 i32 values does not fit in the file");
        bytes = validFile();
        const TensorFields beta = tensorFields(bytes, "beta", 2);
        put<uint64_t>(bytes, beta.nameLength, ~uint64_t(0) - 3);
        EXPECT_ERROR(bytes, "the name of tensor #1 claims");
        gguf::Writer longName;
        longName.addTensor(std::string(300, 'x'), std::vector<float>(8, 0.0f), {8});
        EXPECT_ERROR(longName.toBytes(), "the name of tensor #0 is 300 bytes long (at most 256)");
    }

    void offsetsPastTheEnd() {
        std::vector<uint8_t> bytes = validFile();
        const TensorFields beta = tensorFields(bytes, "beta", 2);
        put<uint64_t>(bytes, beta.offset, 1 << 20);
        EXPECT_ERROR(bytes, "the data of tensor beta lies past the end of the file");
        put<uint64_t>(bytes, beta.offset, ~uint64_t(0) - 31); // aligned, and overflows when added
        EXPECT_ERROR(bytes, "the data of tensor beta lies past the end of the file");
        bytes = validFile();
        put<uint64_t>(bytes, beta.ne + 8, uint64_t(1) << 40); // rows
        EXPECT_ERROR(bytes, "the data of tensor beta lies past the end of the file");
        put<uint64_t>(bytes, beta.ne, uint64_t(1) << 40); // and columns: too many elements
        EXPECT_ERROR(bytes, "tensor beta has an invalid shape");
    }

    void misalignedData() {
        std::vector<uint8_t> bytes = validFile();
        const TensorFields beta = tensorFields(bytes, "beta", 2);
        put<uint64_t>(bytes, beta.offset, 36);
        EXPECT_ERROR(bytes, "tensor beta is misaligned (offset 36 is not a multiple of 32)");
    }

    void badUtf8Names() {
        std::vector<uint8_t> bytes = validFile();
        bytes[find(bytes, "test.flag") + 5] = 0xC0; // an overlong lead byte
        EXPECT_ERROR(bytes, "metadata key #2 is not valid UTF-8");
        bytes = validFile();
        bytes[find(bytes, "gamma")] = 0xFF;
        EXPECT_ERROR(bytes, "the name of tensor #2 is not valid UTF-8");
        bytes = validFile();
        put<uint64_t>(bytes, kFirstKeyAt, 0);
        EXPECT_ERROR(bytes, "metadata key #0 is empty");
    }

    void duplicates() {
        // "test.list" and "test.flag" have the same length: spell the later one like the other.
        std::vector<uint8_t> bytes = validFile();
        std::memcpy(bytes.data() + find(bytes, "test.list"), "test.flag", 9);
        EXPECT_ERROR(bytes, "duplicate metadata key test.flag");
        bytes = validFile();
        std::memcpy(bytes.data() + find(bytes, "gamma"), "alpha", 5);
        EXPECT_ERROR(bytes, "duplicate tensor alpha");
    }

    void unknownValueTypes() {
        std::vector<uint8_t> bytes = validFile();
        const std::size_t type = find(bytes, "test.count") + 10;
        put<uint32_t>(bytes, type, 13);
        EXPECT_ERROR(bytes, "metadata key test.count: unknown value type 13");
        put<uint32_t>(bytes, type, 0xFFFFFFFF);
        EXPECT_ERROR(bytes, "metadata key test.count: unknown value type 4294967295");
        bytes = validFile();
        const std::size_t element = find(bytes, "test.list") + 9 + 4;
        put<uint32_t>(bytes, element, 42);
        EXPECT_ERROR(bytes, "metadata key test.list: unknown array element type 42");
        bytes = validFile();
        bytes[find(bytes, "test.flag") + 9 + 4] = 2;
        EXPECT_ERROR(bytes, "metadata key test.flag: a bool must be 0 or 1, not 2");
    }

    void nestedArrays() {
        // Arrays of arrays are read (a few levels), but not without limit.
        gguf::Value v = gguf::Value::i32Array({1});
        for (int depth = 1; depth < 8; ++depth) {
            v = gguf::Value::array(gguf::ValueType::Array, {v});
        }
        gguf::Writer ok;
        ok.set("test.nested", v);
        const auto f = gguf::File::fromMemory(ok.toBytes());
        QCOMPARE(f->find("test.nested")->items().size(), 1u);
        v = gguf::Value::array(gguf::ValueType::Array, {v});
        gguf::Writer deep;
        deep.set("test.nested", v);
        EXPECT_ERROR(deep.toBytes(), "metadata key test.nested: arrays nested more than 8 deep");
    }

    void dimensions() {
        std::vector<uint8_t> bytes = validFile();
        const TensorFields alpha = tensorFields(bytes, "alpha", 1);
        put<uint32_t>(bytes, alpha.nDims, 0);
        EXPECT_ERROR(bytes, "tensor alpha has 0 dimensions (1 to 4 allowed)");
        put<uint32_t>(bytes, alpha.nDims, 5);
        EXPECT_ERROR(bytes, "tensor alpha has 5 dimensions (1 to 4 allowed)");
        bytes = validFile();
        put<uint64_t>(bytes, alpha.ne, 0);
        EXPECT_ERROR(bytes, "tensor alpha has an invalid shape");
        bytes = validFile();
        const TensorFields beta = tensorFields(bytes, "beta", 2);
        put<uint64_t>(bytes, beta.ne, 33);
        EXPECT_ERROR(bytes, "tensor beta: row of 33 elements is not a whole number of Q8_0 blocks");
    }

    void tensorTypes() {
        std::vector<uint8_t> bytes = validFile();
        const TensorFields beta = tensorFields(bytes, "beta", 2);
        put<uint32_t>(bytes, beta.type, 99);
        EXPECT_ERROR(bytes, "unknown tensor type 99 in tensor beta");
        put<uint32_t>(bytes, beta.type, 31); // a withdrawn type id
        EXPECT_ERROR(bytes, "unknown tensor type 31 in tensor beta");
        // A type Hearth cannot compute with still parses (the loader rejects it by name).
        put<uint32_t>(bytes, beta.type, static_cast<uint32_t>(TensorType::IQ4_NL));
        put<uint64_t>(bytes, beta.ne + 8, 1);
        const auto f = gguf::File::fromMemory(bytes);
        QCOMPARE(f->findTensor("beta")->type, TensorType::IQ4_NL);
    }

    void alignmentKey() {
        // The only key: general.alignment, with a value that is not a power of two.
        const auto fileWith = [](uint32_t type, const std::vector<uint8_t>& value) {
            std::vector<uint8_t> raw(kFirstKeyAt);
            const std::string key = "general.alignment";
            put<uint32_t>(raw, 0, 0x46554747);
            put<uint32_t>(raw, kVersionAt, 3);
            put<uint64_t>(raw, kTensorCountAt, 0);
            put<uint64_t>(raw, kKeyCountAt, 1);
            raw.resize(raw.size() + 8);
            put<uint64_t>(raw, kFirstKeyAt, key.size());
            raw.insert(raw.end(), key.begin(), key.end());
            raw.resize(raw.size() + 4);
            put<uint32_t>(raw, raw.size() - 4, type);
            raw.insert(raw.end(), value.begin(), value.end());
            return raw;
        };
        const auto u32 = [](uint32_t v) {
            std::vector<uint8_t> b(4);
            std::memcpy(b.data(), &v, 4);
            return b;
        };
        constexpr auto kU32 = static_cast<uint32_t>(gguf::ValueType::U32);
        constexpr auto kI32 = static_cast<uint32_t>(gguf::ValueType::I32);
        constexpr auto kString = static_cast<uint32_t>(gguf::ValueType::String);
        QVERIFY(errorOf(fileWith(kU32, u32(64))).empty());
        EXPECT_ERROR(fileWith(kU32, u32(48)), "general.alignment must be a power of two, not 48");
        EXPECT_ERROR(fileWith(kU32, u32(0)), "general.alignment must be a power of two, not 0");
        EXPECT_ERROR(fileWith(kI32, u32(0xFFFFFFE0)),
                     "general.alignment must be a power of two, not -32");
        std::vector<uint8_t> text = {2, 0, 0, 0, 0, 0, 0, 0, '3', '2'};
        EXPECT_ERROR(fileWith(kString, text),
                     "general.alignment must be a power of two, not \"32\"");
    }

    void tooManyMetadataValues() {
        std::vector<uint8_t> bytes = validFile();
        const std::size_t list = find(bytes, "test.list") + 9 + 4 + 4;
        put<uint64_t>(bytes, list, (uint64_t(1) << 24) + 1);
        EXPECT_ERROR(bytes, "array of 16777217 values is larger than any model needs (at most "
                            "16777216 metadata values in all)");
    }
};

QTEST_GUILESS_MAIN(TestGgufMalformed)
#include "test_gguf_malformed.moc"
