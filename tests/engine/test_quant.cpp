// SPDX-License-Identifier: GPL-3.0-or-later
// Weight formats: exact dequantization against the reference checksums, byte-identical
// quantization against files written by the reference quantizer, round-trip error bounds,
// half/bfloat16 conversion edge cases and dotRow against dot(dequantize).

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/quant/blocks.h"
#include "engine/quant/quant.h"
#include "tests/common/testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace hearth;

namespace {

const std::vector<TensorType> kBlockTypes = {TensorType::Q8_0, TensorType::Q4_0, TensorType::Q4_1,
                                             TensorType::Q5_0, TensorType::Q5_1, TensorType::Q4_K,
                                             TensorType::Q5_K, TensorType::Q6_K};
const std::vector<TensorType> kAllTypes = {TensorType::F32,  TensorType::F16,  TensorType::BF16,
                                           TensorType::Q8_0, TensorType::Q4_0, TensorType::Q4_1,
                                           TensorType::Q5_0, TensorType::Q5_1, TensorType::Q4_K,
                                           TensorType::Q5_K, TensorType::Q6_K};

std::vector<float> gaussian(std::size_t n, uint32_t seed, float sigma = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> v(n);
    for (float& f : v) {
        f = dist(rng);
    }
    return v;
}

std::vector<float> dequantized(TensorType t, std::span<const uint8_t> bytes, std::size_t n) {
    std::vector<float> out(n);
    quant::dequantize(t, bytes.data(), out.data(), n);
    return out;
}

std::vector<uint8_t> quantized(TensorType t, const std::vector<float>& v) {
    std::vector<uint8_t> out(*rowBytes(t, v.size()));
    quant::quantize(t, v.data(), out.data(), v.size());
    return out;
}

/// The value of half `h` computed the slow, obvious way.
double halfValue(uint16_t h) {
    const int sign = (h >> 15) ? -1 : 1;
    const int exponent = (h >> 10) & 0x1F;
    const int mantissa = h & 0x3FF;
    if (exponent == 0) {
        return sign * std::ldexp(mantissa, -24);
    }
    if (exponent == 0x1F) {
        return mantissa ? std::numeric_limits<double>::quiet_NaN()
                        : sign * std::numeric_limits<double>::infinity();
    }
    return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

} // namespace

class TestQuant : public QObject {
    Q_OBJECT

private slots:
    void dequantizationMatchesReferenceChecksums() {
        HEARTH_REQUIRE_TESTDATA();
        QFile f(test::testDataPath("models/arch/dequant-checksums.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject all = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY(all.size() >= 8);
        int checked = 0;
        for (auto file = all.begin(); file != all.end(); ++file) {
            const QString path =
                test::testDataPath("models/arch/tiny-llama256-" + file.key() + ".gguf");
            const auto model = gguf::File::open(path.toStdString());
            const QJsonObject tensors = file.value().toObject();
            QCOMPARE(tensors.size(), qsizetype(model->tensors().size()));
            for (auto it = tensors.begin(); it != tensors.end(); ++it) {
                const QJsonObject expect = it.value().toObject();
                const gguf::TensorInfo* t = model->findTensor(it.key().toStdString());
                QVERIFY2(t, qPrintable(it.key()));
                QCOMPARE(QString::fromLatin1(typeName(t->type)), expect["type"].toString());
                QCOMPARE(double(t->bytes), expect["nbytes"].toDouble());
                const std::vector<float> v =
                    dequantized(t->type, model->tensorData(*t), t->elements());
                double sum = 0, sumAbs = 0, sumSq = 0;
                for (float x : v) {
                    sum += x;
                    sumAbs += std::fabs(x);
                    sumSq += double(x) * x;
                }
                const QString what = file.key() + " " + it.key();
                const auto close = [](double got, double want) {
                    return std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want));
                };
                QVERIFY2(close(sum, expect["sum"].toDouble()), qPrintable(what + " sum"));
                QVERIFY2(close(sumAbs, expect["sum_abs"].toDouble()),
                         qPrintable(what + " sum_abs"));
                QVERIFY2(close(sumSq, expect["sum_sq"].toDouble()), qPrintable(what + " sum_sq"));
                const QJsonArray first = expect["first4"].toArray();
                for (int i = 0; i < 4; ++i) {
                    QCOMPARE(double(v[i]), first[i].toDouble());
                }
                ++checked;
            }
        }
        QCOMPARE(checked, 8 * 21);
    }

    void quantizationIsByteIdenticalToTheReference_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("reference");
        QTest::newRow("stories q8_0") << "models/stories260K-F32.gguf"
                                      << "models/stories260K-Q8_0.gguf";
        QTest::newRow("stories q4_0") << "models/stories260K-F32.gguf"
                                      << "models/stories260K-Q4_0.gguf";
        QTest::newRow("stories q4_k_m") << "models/stories260K-F32.gguf"
                                        << "models/stories260K-Q4_K_M.gguf";
        QTest::newRow("stories f16") << "models/stories260K-F32.gguf"
                                     << "models/stories260K-F16.gguf";
        for (const char* q : {"q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_k_m", "q5_k_m", "q6_k"}) {
            QTest::newRow(q) << "models/arch/tiny-llama256-f32.gguf"
                             << QString("models/arch/tiny-llama256-%1.gguf").arg(q);
        }
    }

    void quantizationIsByteIdenticalToTheReference() {
        HEARTH_REQUIRE_TESTDATA();
        QFETCH(QString, source);
        QFETCH(QString, reference);
        const auto src = gguf::File::open(test::testDataPath(source).toStdString());
        const auto ref = gguf::File::open(test::testDataPath(reference).toStdString());
        int compared = 0;
        for (const gguf::TensorInfo& t : ref->tensors()) {
            const gguf::TensorInfo* s = src->findTensor(t.name);
            QVERIFY(s && s->type == TensorType::F32);
            if (t.type == TensorType::F32) {
                continue;
            }
            std::vector<float> values(s->elements());
            std::memcpy(values.data(), src->tensorData(*s).data(), values.size() * sizeof(float));
            const std::vector<uint8_t> ours = quantized(t.type, values);
            const auto theirs = ref->tensorData(t);
            QVERIFY2(ours.size() == theirs.size() &&
                         std::memcmp(ours.data(), theirs.data(), ours.size()) == 0,
                     qPrintable(QString::fromStdString(t.name)));
            ++compared;
        }
        QVERIFY(compared >= 16);
    }

    void roundTripErrorIsBounded_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("maxRelRmse");
        // RMS error relative to the RMS of Gaussian data; the formats' known quality, with margin.
        QTest::newRow("F32") << int(TensorType::F32) << 0.0;
        QTest::newRow("F16") << int(TensorType::F16) << 3e-4;
        QTest::newRow("BF16") << int(TensorType::BF16) << 3e-3;
        QTest::newRow("Q8_0") << int(TensorType::Q8_0) << 0.006;
        QTest::newRow("Q6_K") << int(TensorType::Q6_K) << 0.024;
        QTest::newRow("Q5_1") << int(TensorType::Q5_1) << 0.043;
        QTest::newRow("Q5_0") << int(TensorType::Q5_0) << 0.048;
        QTest::newRow("Q5_K") << int(TensorType::Q5_K) << 0.041;
        QTest::newRow("Q4_1") << int(TensorType::Q4_1) << 0.09;
        QTest::newRow("Q4_0") << int(TensorType::Q4_0) << 0.098;
        QTest::newRow("Q4_K") << int(TensorType::Q4_K) << 0.082;
    }

    void roundTripErrorIsBounded() {
        QFETCH(int, type);
        QFETCH(double, maxRelRmse);
        const auto t = static_cast<TensorType>(type);
        constexpr std::size_t kN = 256 * 64;
        for (const float sigma : {1.0f, 1e-3f, 40.0f}) {
            const std::vector<float> v = gaussian(kN, 7, sigma);
            const std::vector<float> back = dequantized(t, quantized(t, v), kN);
            double err = 0, ref = 0, maxErr = 0;
            for (std::size_t i = 0; i < kN; ++i) {
                const double e = double(back[i]) - v[i];
                err += e * e;
                ref += double(v[i]) * v[i];
                maxErr = std::max(maxErr, std::fabs(e));
            }
            const double rel = std::sqrt(err / ref);
            QVERIFY2(rel <= maxRelRmse, qPrintable(QString("relative RMSE %1").arg(rel)));
            // No single value is off by more than a fraction of the data's spread.
            QVERIFY2(maxErr <= (maxRelRmse * 8 + 1e-7) * sigma,
                     qPrintable(QString::number(maxErr)));
        }
        // Zeros and constant blocks survive exactly (or, with a min, nearly).
        const std::vector<float> zeros(512, 0.0f);
        for (float x : dequantized(t, quantized(t, zeros), zeros.size())) {
            QCOMPARE(x, 0.0f);
        }
    }

    void quantizeRejectsNonFiniteValuesForBlockFormats() {
        std::vector<float> v = gaussian(256, 3);
        v[17] = std::numeric_limits<float>::quiet_NaN();
        for (TensorType t : kBlockTypes) {
            std::vector<uint8_t> out(*rowBytes(t, v.size()));
            QVERIFY_THROWS_EXCEPTION(Error, quant::quantize(t, v.data(), out.data(), v.size()));
        }
        v[17] = std::numeric_limits<float>::infinity();
        std::vector<uint8_t> half(v.size() * 2);
        quant::quantize(TensorType::F16, v.data(), half.data(), v.size());
        QCOMPARE(quant::fp16ToFp32(quant::detail::loadU16(half.data() + 34)), v[17]);
    }

    void unsupportedTypesAndSizesAreErrors() {
        std::vector<float> v(512);
        std::vector<uint8_t> bytes(4096);
        for (TensorType t :
             {TensorType::Q2_K, TensorType::IQ2_XS, TensorType::Q8_K, TensorType::I32}) {
            QVERIFY(!quant::canDequantize(t));
            QVERIFY(!quant::canQuantize(t));
            QVERIFY_THROWS_EXCEPTION(Error, quant::dequantize(t, bytes.data(), v.data(), 256));
            QVERIFY_THROWS_EXCEPTION(Error, quant::quantize(t, v.data(), bytes.data(), 256));
            QVERIFY_THROWS_EXCEPTION(Error, quant::dotRow(t, bytes.data(), v.data(), 256));
        }
        for (TensorType t : kAllTypes) {
            QVERIFY(quant::canDequantize(t) && quant::canQuantize(t));
        }
        QVERIFY_THROWS_EXCEPTION(Error,
                                 quant::dequantize(TensorType::Q4_0, bytes.data(), v.data(), 48));
        QVERIFY_THROWS_EXCEPTION(Error,
                                 quant::dotRow(TensorType::Q6_K, bytes.data(), v.data(), 128));
        QVERIFY_THROWS_EXCEPTION(Error,
                                 quant::quantize(TensorType::Q5_K, v.data(), bytes.data(), 300));

        gguf::TensorInfo info;
        info.name = "blk.3.ffn_down.weight";
        info.type = TensorType::IQ2_XS;
        try {
            quant::requireSupported(info);
            QFAIL("IQ2_XS was accepted");
        } catch (const Error& e) {
            QCOMPARE(QString(e.what()),
                     QString("unsupported tensor type IQ2_XS in tensor blk.3.ffn_down.weight"));
        }
        info.type = TensorType::Q5_K;
        quant::requireSupported(info);
    }

    void halfToFloatIsExactForEveryHalf() {
        for (uint32_t h = 0; h <= 0xFFFF; ++h) {
            const float f = quant::fp16ToFp32(static_cast<uint16_t>(h));
            const double want = halfValue(static_cast<uint16_t>(h));
            if (std::isnan(want)) {
                QVERIFY(std::isnan(f));
                // The payload and sign survive; a signalling NaN comes back quiet.
                constexpr uint32_t kQuiet = 0x200;
                QCOMPARE(std::bit_cast<uint32_t>(f) >> 13,
                         (0x3FC00u | (h & 0x3FF) | kQuiet) | ((h & 0x8000u) << 3));
            } else {
                QCOMPARE(double(f), want);
                QCOMPARE(std::signbit(f), (h & 0x8000) != 0);
            }
        }
    }

    void dequantizeHalvesMatchesTheScalarConversion() {
        // The vectorised F16/BF16 paths agree bit for bit with the scalar conversions.
        std::vector<uint8_t> all(2 * 65536);
        for (uint32_t h = 0; h <= 0xFFFF; ++h) {
            quant::detail::storeU16(all.data() + 2 * h, static_cast<uint16_t>(h));
        }
        std::vector<float> out(65536);
        quant::dequantize(TensorType::F16, all.data(), out.data(), out.size());
        for (uint32_t h = 0; h <= 0xFFFF; ++h) {
            QCOMPARE(std::bit_cast<uint32_t>(out[h]),
                     std::bit_cast<uint32_t>(quant::fp16ToFp32(static_cast<uint16_t>(h))));
        }
        quant::dequantize(TensorType::BF16, all.data(), out.data(), out.size());
        for (uint32_t h = 0; h <= 0xFFFF; ++h) {
            QCOMPARE(std::bit_cast<uint32_t>(out[h]), h << 16);
        }
    }

    void floatToHalfRoundsToNearestEven() {
        // Every half round-trips.
        for (uint32_t h = 0; h <= 0xFFFF; ++h) {
            const float f = quant::fp16ToFp32(static_cast<uint16_t>(h));
            if (!std::isnan(f)) {
                QCOMPARE(quant::fp32ToFp16(f), uint16_t(h));
            }
        }
        // Midpoints between neighbouring halves go to the even one; a float ulp either side goes
        // to the nearer one. This covers subnormals, the normal/subnormal boundary and the top.
        for (uint32_t h = 0; h < 0x7BFF; ++h) {
            for (const uint32_t sign : {0u, 0x8000u}) {
                const uint16_t a = static_cast<uint16_t>(h | sign);
                const uint16_t b = static_cast<uint16_t>((h + 1) | sign);
                const float mid = (quant::fp16ToFp32(a) + quant::fp16ToFp32(b)) / 2;
                QCOMPARE(quant::fp32ToFp16(mid), (h & 1) ? b : a);
                QCOMPARE(quant::fp32ToFp16(std::nextafter(mid, 0.0f)), a);
                QCOMPARE(quant::fp32ToFp16(std::nextafter(mid, sign ? -INFINITY : INFINITY)), b);
            }
        }
        QCOMPARE(quant::fp32ToFp16(65504.0f), uint16_t(0x7BFF));
        QCOMPARE(quant::fp32ToFp16(std::nextafter(65520.0f, 0.0f)), uint16_t(0x7BFF));
        QCOMPARE(quant::fp32ToFp16(65520.0f), uint16_t(0x7C00));
        QCOMPARE(quant::fp32ToFp16(-1e10f), uint16_t(0xFC00));
        QCOMPARE(quant::fp32ToFp16(FLT_MAX), uint16_t(0x7C00));
        QCOMPARE(quant::fp32ToFp16(INFINITY), uint16_t(0x7C00));
        QCOMPARE(quant::fp32ToFp16(-INFINITY), uint16_t(0xFC00));
        QCOMPARE(quant::fp32ToFp16(std::numeric_limits<float>::quiet_NaN()), uint16_t(0x7E00));
        QCOMPARE(quant::fp32ToFp16(-std::numeric_limits<float>::quiet_NaN()), uint16_t(0xFE00));
        QCOMPARE(quant::fp32ToFp16(std::bit_cast<float>(0x7F800001u)), uint16_t(0x7E00));
        QCOMPARE(quant::fp32ToFp16(-0.0f), uint16_t(0x8000));
        QCOMPARE(quant::fp32ToFp16(0x1.0p-25f), uint16_t(0x0000)); // tie between 0 and 1 → 0
        QCOMPARE(quant::fp32ToFp16(std::nextafter(0x1.0p-25f, 1.0f)), uint16_t(0x0001));
        QCOMPARE(quant::fp32ToFp16(0x1.8p-24f), uint16_t(0x0002)); // tie between 1 and 2 → 2
        QCOMPARE(quant::fp32ToFp16(FLT_TRUE_MIN), uint16_t(0x0000));
        QCOMPARE(quant::fp32ToFp16(-FLT_MIN), uint16_t(0x8000));
    }

    void bfloat16Conversions() {
        for (uint32_t h = 0; h <= 0xFFFF; ++h) {
            const float f = quant::bf16ToFp32(static_cast<uint16_t>(h));
            QCOMPARE(std::bit_cast<uint32_t>(f), h << 16);
            if (!std::isnan(f)) {
                QCOMPARE(quant::fp32ToBf16(f), uint16_t(h));
            }
        }
        QCOMPARE(quant::fp32ToBf16(std::bit_cast<float>(0x3F808000u)),
                 uint16_t(0x3F80)); // tie → even
        QCOMPARE(quant::fp32ToBf16(std::bit_cast<float>(0x3F818000u)),
                 uint16_t(0x3F82)); // tie → even
        QCOMPARE(quant::fp32ToBf16(std::bit_cast<float>(0x3F808001u)), uint16_t(0x3F81));
        QCOMPARE(quant::fp32ToBf16(std::bit_cast<float>(0x3F807FFFu)), uint16_t(0x3F80));
        QCOMPARE(quant::fp32ToBf16(FLT_MAX), uint16_t(0x7F80)); // rounds up to infinity
        QCOMPARE(quant::fp32ToBf16(-INFINITY), uint16_t(0xFF80));
        QCOMPARE(quant::fp32ToBf16(std::bit_cast<float>(0x7F800001u)), uint16_t(0x7FC0)); // quieted
        QCOMPARE(quant::fp32ToBf16(std::bit_cast<float>(0xFFC12345u)), uint16_t(0xFFC1));
        QCOMPARE(quant::fp32ToBf16(std::bit_cast<float>(0x00018000u)),
                 uint16_t(0x0002)); // subnormal kept
        QCOMPARE(quant::fp32ToBf16(-0.0f), uint16_t(0x8000));
    }

    void dotRowMatchesDotOfDequantized_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("n");
        for (TensorType t : kAllTypes) {
            const uint32_t block = typeTraits(t).blockSize;
            std::vector<int> sizes;
            if (block == 1) {
                sizes = {1, 7, 31, 32, 33, 100, 257, 1000, 4099};
            } else {
                sizes = {int(block), int(2 * block), int(3 * block), int(block) * 37};
            }
            for (int n : sizes) {
                QTest::addRow("%s/%d", typeName(t).data(), n) << int(t) << n;
            }
        }
    }

    void dotRowMatchesDotOfDequantized() {
        QFETCH(int, type);
        QFETCH(int, n);
        const auto t = static_cast<TensorType>(type);
        const std::vector<float> w = gaussian(n, 11 + n);
        const std::vector<float> x = gaussian(n, 5 + n);
        const std::vector<uint8_t> q = quantized(t, w);
        const std::vector<float> back = dequantized(t, q, n);
        double want = 0, scale = 0;
        for (int i = 0; i < n; ++i) {
            want += double(back[i]) * x[i];
            scale += std::fabs(double(back[i]) * x[i]);
        }
        const double tolerance = 2e-6 * scale + 1e-30;
        // Rows may start at any byte.
        std::vector<uint8_t> shifted(q.size() + 1);
        std::memcpy(shifted.data() + 1, q.data(), q.size());
        for (const auto isa : {quant::detail::DotIsa::Baseline, quant::detail::DotIsa::Avx2Fma}) {
            if (!quant::detail::dotIsaAvailable(isa)) {
                continue;
            }
            const float got = quant::detail::dotRowWith(isa, t, q.data(), x.data(), n);
            QVERIFY2(std::fabs(got - want) <= tolerance,
                     qPrintable(QString("%1 vs %2 (isa %3)").arg(got).arg(want).arg(int(isa))));
            QCOMPARE(quant::detail::dotRowWith(isa, t, shifted.data() + 1, x.data(), n), got);
        }
        QVERIFY(std::fabs(quant::dotRow(t, q.data(), x.data(), n) - want) <= tolerance);
    }

    void typeTableMatchesGguf() {
        // (id, name, values per block, bytes per block) as ggml-common.h defines the blocks.
        const struct {
            uint32_t id;
            const char* name;
            uint32_t block, bytes;
        } kTypes[] = {
            {0, "F32", 1, 4},         {1, "F16", 1, 2},         {2, "Q4_0", 32, 18},
            {3, "Q4_1", 32, 20},      {6, "Q5_0", 32, 22},      {7, "Q5_1", 32, 24},
            {8, "Q8_0", 32, 34},      {9, "Q8_1", 32, 36},      {10, "Q2_K", 256, 84},
            {11, "Q3_K", 256, 110},   {12, "Q4_K", 256, 144},   {13, "Q5_K", 256, 176},
            {14, "Q6_K", 256, 210},   {15, "Q8_K", 256, 292},   {16, "IQ2_XXS", 256, 66},
            {17, "IQ2_XS", 256, 74},  {18, "IQ3_XXS", 256, 98}, {19, "IQ1_S", 256, 50},
            {20, "IQ4_NL", 32, 18},   {21, "IQ3_S", 256, 110},  {22, "IQ2_S", 256, 82},
            {23, "IQ4_XS", 256, 136}, {24, "I8", 1, 1},         {25, "I16", 1, 2},
            {26, "I32", 1, 4},        {27, "I64", 1, 8},        {28, "F64", 1, 8},
            {29, "IQ1_M", 256, 56},   {30, "BF16", 1, 2},       {34, "TQ1_0", 256, 54},
            {35, "TQ2_0", 256, 66},   {39, "MXFP4", 32, 17},    {40, "NVFP4", 64, 36},
        };
        for (const auto& t : kTypes) {
            const auto traits = typeTraits(t.id);
            QVERIFY2(traits, t.name);
            QCOMPARE(QString::fromLatin1(traits->name.data(), traits->name.size()),
                     QString(t.name));
            QCOMPARE(traits->blockSize, t.block);
            QCOMPARE(traits->blockBytes, t.bytes);
            QCOMPARE(typeFromName(t.name), traits->type);
        }
        for (uint32_t removed : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 1000u}) {
            QVERIFY(!typeTraits(removed));
        }
        QCOMPARE(rowBytes(TensorType::Q4_K, 512).value(), 288u);
        QVERIFY(!rowBytes(TensorType::Q4_K, 300));
        QVERIFY(!rowBytes(TensorType::Q8_0, ~uint64_t(0) / 32 * 32)); // overflows
    }

    void unalignedDequantize() {
        for (TensorType t : kAllTypes) {
            const std::size_t n = 512;
            const std::vector<float> v = gaussian(n, 2);
            const std::vector<uint8_t> q = quantized(t, v);
            std::vector<uint8_t> shifted(q.size() + 3);
            std::memcpy(shifted.data() + 3, q.data(), q.size());
            std::vector<float> a(n), b(n);
            quant::dequantize(t, q.data(), a.data(), n);
            quant::dequantize(t, shifted.data() + 3, b.data(), n);
            QVERIFY(a == b);
            std::vector<uint8_t> out(q.size() + 1);
            quant::quantize(t, v.data(), out.data() + 1, n);
            QVERIFY(std::memcmp(out.data() + 1, q.data(), q.size()) == 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestQuant)
#include "test_quant.moc"
