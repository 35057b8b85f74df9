// SPDX-License-Identifier: GPL-3.0-or-later
// The weight-reading shaders against the CPU reference, for every weight type, in both storage
// variants (16-bit storage and 32-bit words only) and every decode variant (8-bit storage, half
// dequantization, integer dot products): matvec and matmul (y = W·x over a batch, with
// offsets and strides), the embedding lookup, and dequantization, on awkward sizes and on
// tensors split across several bindings.

#include "engine/core/error.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/ops.h"
#include "engine/vulkan/profiler.h"
#include "engine/vulkan/self_test.h"
#include "engine/vulkan/shader_registry.h"
#include "engine/vulkan/weight_store.h"
#include "tests/engine/vk_support.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <map>

using namespace hearth;

Q_DECLARE_METATYPE(hearth::TensorType)

namespace {

constexpr TensorType kTypes[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16,
                                 TensorType::Q8_0, TensorType::Q4_0, TensorType::Q4_1,
                                 TensorType::Q5_0, TensorType::Q5_1, TensorType::Q4_K,
                                 TensorType::Q5_K, TensorType::Q6_K};

constexpr float kEps = std::numeric_limits<float>::epsilon();

/// Adds one data row per weight type, storage variant and size. For float types the widths are
/// awkward numbers of values (1, 7, 33, 127, 4097); quantized rows are whole blocks, so their
/// widths are 1, 3, 4 and 33 blocks. Rows and tokens are awkward in every case.
void addSizes() {
    QTest::addColumn<TensorType>("type");
    QTest::addColumn<bool>("s16");
    QTest::addColumn<uint>("rows");
    QTest::addColumn<uint>("cols");
    QTest::addColumn<uint>("tokens");
    struct Size {
        uint rows, width, tokens;
    };
    const Size floatSizes[] = {{1, 1, 1}, {7, 7, 2}, {33, 33, 7}, {127, 127, 17}, {5, 4097, 3}};
    const Size blockSizes[] = {{1, 1, 1}, {7, 3, 2}, {33, 4, 17}, {127, 1, 7}, {5, 33, 3}};
    for (const TensorType t : kTypes) {
        const uint block = typeTraits(t).blockSize;
        for (const bool s16 : {true, false}) {
            for (const Size& s : block == 1 ? std::span<const Size>(floatSizes)
                                            : std::span<const Size>(blockSizes)) {
                const uint cols = s.width * block;
                QTest::addRow("%s%s %ux%u t%u", std::string(typeName(t)).c_str(), s16 ? " s16" : "",
                              s.rows, cols, s.tokens)
                    << t << s16 << s.rows << cols << s.tokens;
            }
        }
    }
}

} // namespace

class TestVkMatmul : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        gpu_ = std::make_unique<vktest::Gpu>();
        qInfo("Vulkan device: %s", gpu_->device->info().name.c_str());
        QVERIFY2(gpu_->device->info().storage16Bit,
                 "the test device should have 16-bit storage so both variants are exercised");
        QVERIFY2(gpu_->device->info().subgroupArithmetic,
                 "the test device should have subgroup arithmetic so the _sg variants run");
    }

    void registryHasEveryVariant() {
        for (const bool s16 : {true, false}) {
            vk::KernelConfig c;
            c.storage16 = s16;
            for (const TensorType t : kTypes) {
                for (const vk::Kernel k : {vk::Kernel::Matvec, vk::Kernel::Matmul,
                                           vk::Kernel::GetRows, vk::Kernel::Dequant}) {
                    const std::string name = vk::shaderName(k, t, c);
                    const vk::ShaderBlob* blob = vk::findShader(name);
                    QVERIFY2(blob, name.c_str());
                    QCOMPARE(blob->code[0], 0x07230203u); // SPIR-V magic
                }
            }
        }
        QVERIFY(!vk::findShader("no_such_shader"));
        QVERIFY_THROWS_EXCEPTION(
            Error, vk::shaderName(vk::Kernel::Matvec, TensorType::IQ2_XS, vk::KernelConfig{}));
    }

    // The variant choice follows the device's features: 16-bit storage where it exists (lavapipe,
    // most GPUs), the portable 32-bit variants elsewhere.
    void kernelChoice() {
        vk::DeviceInfo d;
        d.storage16Bit = true;
        d.maxComputeWorkGroupInvocations = 1024;
        vk::KernelConfig c = vk::chooseKernelConfig(d);
        QVERIFY(c.storage16);
        QCOMPARE(vk::shaderName(vk::Kernel::Matvec, TensorType::Q4_K, c),
                 std::string("matvec_q4_k_s16"));
        QCOMPARE(vk::shaderName(vk::Kernel::RmsNorm, TensorType::Q4_K, c), std::string("rmsnorm"));
        QCOMPARE(vk::shaderName(vk::Kernel::Attention, TensorType::F32, c),
                 std::string("attention_s16"));
        d.storage16Bit = false;
        c = vk::chooseKernelConfig(d);
        QVERIFY(!c.storage16);
        QCOMPARE(vk::shaderName(vk::Kernel::GetRows, TensorType::BF16, c),
                 std::string("get_rows_bf16"));
        QCOMPARE(vk::shaderName(vk::Kernel::KvStore, TensorType::F32, c), std::string("kv_store"));
        QVERIFY(!vk::portableKernelConfig().storage16);
        QVERIFY(!vk::portableKernelConfig().rowKernels);

        // Row kernels where invocations are the SIMD lanes of a CPU, tiles on GPUs.
        d.storage16Bit = true;
        d.type = vk::DeviceType::Cpu;
        c = vk::chooseKernelConfig(d);
        QVERIFY(c.rowKernels);
        QCOMPARE(vk::shaderName(vk::Kernel::MatmulRows, TensorType::Q4_K, c),
                 std::string("matmul_rows_q4_k")); // 32-bit loads only
        QCOMPARE(vk::shaderName(vk::Kernel::MatvecRowsUnaligned, TensorType::Q8_0, c),
                 std::string("matmul_rows_q8_0"));
        for (const vk::DeviceType gpu :
             {vk::DeviceType::Discrete, vk::DeviceType::Integrated, vk::DeviceType::Virtual}) {
            d.type = gpu;
            QVERIFY(!vk::chooseKernelConfig(d).rowKernels);
        }
        QVERIFY(c.workgroupSize > 0 && (c.workgroupSize & (c.workgroupSize - 1)) == 0);
    }

    void matmul_data() { addSizes(); }

    // y[t][r] = W[r]·x[t] against a float64 sum over the CPU-dequantized weights, through both
    // the matvec and the matmul kernel, writing into a strided output.
    void matmul() {
        QFETCH(TensorType, type);
        QFETCH(bool, s16);
        QFETCH(uint, rows);
        QFETCH(uint, cols);
        QFETCH(uint, tokens);
        vk::Device& dev = *gpu_->device;
        const uint32_t seed = rows * 7919u + cols * 31u + tokens + uint32_t(type) * 131u;
        const std::vector<uint8_t> wBytes = vktest::randomWeights(type, rows, cols, seed);
        const std::vector<float> w = vktest::dequantizeRows(type, wBytes, rows, cols);
        // Awkward layouts: inputs and outputs start at an offset with padding between tokens.
        const vk::View xv{2, cols + 1};
        const vk::View yv{3, rows + 5};
        const std::vector<float> x = vktest::randomFloats(xv.offset + tokens * xv.stride, seed + 1);

        vk::WeightStore store(dev);
        const std::size_t h = store.add("w", type, rows, cols, wBytes.data());
        store.upload();
        vk::Buffer xb = vktest::floatBuffer(dev, x);
        const size_t yCount = yv.offset + size_t(tokens) * yv.stride;

        // The tiled kernels (matvec and matmul), then the row kernels with these awkward views
        // (scalar reads of x) and with views on 16-byte boundaries (vec4 reads).
        const vk::View xAligned{4, (cols + 3) / 4 * 4 + 4};
        const std::vector<float> xa =
            vktest::randomFloats(xAligned.offset + tokens * xAligned.stride, seed + 2);
        vk::Buffer xab = vktest::floatBuffer(dev, xa);
        struct Run {
            const char* name;
            vk::Kernels* kernels;
            vk::View x;
        };
        std::vector<Run> runs = {{"matvec", &kernels(s16, false), xv},
                                 {"matmul", &kernels(s16, true), xv},
                                 {"matmul wide tiles", &tileKernels(s16, 32, 32, 1), xv},
                                 {"matmul blocked", &tileKernels(s16, 64, 16, 4), xv},
                                 {"matmul blocked wide", &tileKernels(s16, 64, 32, 4), xv},
                                 {"matmul blocked 2", &tileKernels(s16, 32, 16, 2), xv},
                                 {"matvec subgroup", &subgroupKernels(s16), xv},
                                 {"rows", &rowKernels(), xv},
                                 {"rows aligned", &rowKernels(), xAligned}};
        if (s16) {
            // The decode variants for devices with more features: each forced on this device.
            runs.push_back({"matvec s8", &featureKernels("s8", false), xv});
            runs.push_back({"matvec f16", &featureKernels("f16", false), xv});
            runs.push_back({"matvec f16 s8 subgroup", &featureKernels("f16,s8", true), xv});
            runs.push_back({"matmul f16", &featureKernels("f16", false, true), xv});
            if (vk::integerDotShadersBuilt()) {
                runs.push_back({"matvec dp4", &featureKernels("dp4", false), xv});
                runs.push_back({"matvec dp4 subgroup", &featureKernels("dp4,f16", true), xv});
            }
        }
        for (const Run& run : runs) {
            const bool aligned = run.x.offset == xAligned.offset;
            const std::vector<float>& xs = aligned ? xa : x;
            vk::Buffer yb = vktest::floatBuffer(dev, std::vector<float>(yCount, 0.0f));
            vk::MatmulOp op(*run.kernels, store.tensor(h), (aligned ? xab : xb).binding(),
                            yb.binding());
            vk::Recorder rec(dev);
            op.record(rec, tokens, run.x, yv);
            rec.submitAndWait();
            const std::vector<float> y = vktest::readFloats(yb, yCount);
            const vk::KernelConfig& config = run.kernels->config();
            const vk::MatvecPrecision precision = vk::productPrecision(config, type, tokens);
            for (uint t = 0; t < tokens; ++t) {
                const std::span<const float> xt(xs.data() + run.x.offset + size_t(t) * run.x.stride,
                                                cols);
                for (uint r = 0; r < rows; ++r) {
                    const std::span<const float> wr(w.data() + size_t(r) * cols, cols);
                    double ref = 0.0;
                    double magnitude = 0.0;
                    for (uint c = 0; c < cols; ++c) {
                        const double p = double(wr[c]) * xt[c];
                        ref += p;
                        magnitude += std::fabs(p);
                    }
                    // The GPU sums `cols` float32 products in another order than this float64
                    // sum: rounding errors grow like eps·sqrt(cols)·Σ|w·x| (random walk); 8x
                    // that is still well below one wrong weight (about Σ|w·x| / cols). Half
                    // dequantization and 8-bit activations add their own bounded error.
                    const double tol = 8.0 * kEps * std::sqrt(double(cols)) * magnitude +
                                       vk::matvecExtraError(precision, wr, xt) + 1e-30;
                    const float got = y[yv.offset + size_t(t) * yv.stride + r];
                    if (!(std::fabs(got - ref) <= tol)) {
                        QFAIL(qPrintable(QStringLiteral("%1 token %2 row %3: GPU %4, CPU %5 "
                                                        "(tolerance %6)")
                                             .arg(run.name)
                                             .arg(t)
                                             .arg(r)
                                             .arg(double(got), 0, 'g', 9)
                                             .arg(ref, 0, 'g', 9)
                                             .arg(tol)));
                    }
                }
            }
            // Padding between outputs is untouched.
            QCOMPARE(y[0], 0.0f);
            QCOMPARE(y[yv.offset + rows], 0.0f);
        }
    }

    // Ops that read the same input share its 8-bit quantization: within one stretch between
    // barriers it is quantized once; after the input changes (a barrier between), again.
    void integerDotInputIsShared() {
        if (!vk::integerDotShadersBuilt()) {
            QSKIP("this build's shader compiler cannot emit integer dot products");
        }
        vk::Device& dev = *gpu_->device;
        if (!vk::Profiler::supported(dev)) {
            QSKIP("the device writes no timestamps");
        }
        vk::KernelConfig c = vk::chooseKernelConfig(dev.info());
        c.rowKernels = false;
        vk::applyKernelOverrides(c, "dp4");
        vk::Kernels k(dev, c);
        const uint32_t rows = 40;
        const uint32_t cols = 96;
        const std::vector<uint8_t> wa = vktest::randomWeights(TensorType::Q4_0, rows, cols, 5);
        const std::vector<uint8_t> wb = vktest::randomWeights(TensorType::Q8_0, rows, cols, 6);
        vk::WeightStore store(dev);
        const std::size_t ha = store.add("a", TensorType::Q4_0, rows, cols, wa.data());
        const std::size_t hb = store.add("b", TensorType::Q8_0, rows, cols, wb.data());
        store.upload();
        const std::vector<float> x1 = vktest::randomFloats(cols, 7);
        const std::vector<float> x2 = vktest::randomFloats(cols, 8);
        vk::Buffer xb = vktest::floatBuffer(dev, x1);
        vk::Buffer x2b = vktest::floatBuffer(dev, x2);
        vk::Buffer yb = vktest::floatBuffer(dev, std::vector<float>(4 * rows, 0.0f));
        const auto shared = vk::MatmulOp::makeQ8Input(k, xb.binding(), cols);
        QVERIFY(shared);
        const vk::MatmulOp a(k, store.tensor(ha), xb.binding(), yb.binding(), shared);
        const vk::MatmulOp b(k, store.tensor(hb), xb.binding(), yb.binding(), shared);
        vk::Profiler profiler(dev);
        vk::Recorder rec(dev);
        rec.setProfiler(&profiler);
        a.record(rec, 1, {0, cols}, {0, rows});
        b.record(rec, 1, {0, cols}, {rows, rows});
        rec.barrier();
        rec.copy(x2b, xb, cols * sizeof(float)); // the input changes
        rec.barrier();
        a.record(rec, 1, {0, cols}, {2 * rows, rows});
        b.record(rec, 1, {0, cols}, {3 * rows, rows});
        rec.submitAndWait();
        uint64_t quantizations = 0;
        for (const vk::ProfileEntry& e : profiler.entries()) {
            if (e.label == "quantize_q8") {
                quantizations = e.calls;
            }
        }
        QCOMPARE(quantizations, uint64_t(2));
        const std::vector<float> y = vktest::readFloats(yb, 4 * rows);
        const std::vector<float> fa = vktest::dequantizeRows(TensorType::Q4_0, wa, rows, cols);
        const std::vector<float> fb = vktest::dequantizeRows(TensorType::Q8_0, wb, rows, cols);
        const std::vector<float>* ws[] = {&fa, &fb, &fa, &fb};
        const std::vector<float>* xs[] = {&x1, &x1, &x2, &x2};
        for (uint32_t part = 0; part < 4; ++part) {
            for (uint32_t r = 0; r < rows; ++r) {
                const std::span<const float> wr(ws[part]->data() + size_t(r) * cols, cols);
                double ref = 0.0;
                for (uint32_t i = 0; i < cols; ++i) {
                    ref += double(wr[i]) * (*xs[part])[i];
                }
                const double tol =
                    vk::matvecExtraError(vk::MatvecPrecision::IntegerDot, wr, *xs[part]) + 1e-4;
                QVERIFY2(std::fabs(y[part * rows + r] - ref) <= tol,
                         qPrintable(QStringLiteral("part %1 row %2: %3 vs %4")
                                        .arg(part)
                                        .arg(r)
                                        .arg(y[part * rows + r])
                                        .arg(ref)));
            }
        }
    }

    void getRowsAndDequant_data() { addSizes(); }

    // The embedding lookup and the whole-tensor dequantization equal the CPU's dequantization:
    // both compute d·q (+ m) per value in float32, like the reference, so they may differ only
    // where the GPU fuses a multiply-add (one rounding instead of two): 2 ulp.
    void getRowsAndDequant() {
        QFETCH(TensorType, type);
        QFETCH(bool, s16);
        QFETCH(uint, rows);
        QFETCH(uint, cols);
        QFETCH(uint, tokens);
        vk::Device& dev = *gpu_->device;
        const uint32_t seed = rows * 131u + cols + uint32_t(type);
        const std::vector<uint8_t> wBytes = vktest::randomWeights(type, rows, cols, seed);
        const std::vector<float> w = vktest::dequantizeRows(type, wBytes, rows, cols);
        vk::Kernels& k = kernels(s16, false);

        // Split the table into chunks of a few rows.
        const uint64_t rowBytes = *hearth::rowBytes(type, cols);
        const uint64_t maxBinding = 3 * rowBytes + 8;
        vk::WeightStore store(dev, maxBinding);
        const std::size_t h = store.add("table", type, rows, cols, wBytes.data());
        store.upload();
        uint32_t next = 0;
        for (const vk::WeightChunk& c : store.tensor(h).chunks) {
            QCOMPARE(c.firstRow, next);
            QVERIFY(c.rows >= 1 && c.binding.range <= maxBinding);
            next += c.rows;
        }
        QCOMPARE(next, rows);
        QVERIFY(rows < 7 || store.tensor(h).chunks.size() >= 2);

        std::vector<int32_t> ids(tokens);
        std::mt19937 rng(seed);
        for (int32_t& id : ids) {
            id = int32_t(rng() % rows);
        }
        ids.back() = int32_t(rows - 1);
        vk::Buffer idb(dev, ids.size() * sizeof(int32_t), vk::MemoryKind::DeviceLocal);
        idb.upload(ids.data(), ids.size() * sizeof(int32_t));
        const float scale = 1.5f;
        vk::Buffer yb(dev, size_t(tokens) * cols * sizeof(float), vk::MemoryKind::DeviceLocal);
        vk::Buffer all(dev, size_t(rows) * cols * sizeof(float), vk::MemoryKind::DeviceLocal);
        vk::GetRowsOp getRows(k, store.tensor(h), idb.binding(), yb.binding());
        vk::DequantOp dequant(k, store.tensor(h), all.binding());
        vk::Recorder rec(dev);
        getRows.record(rec, tokens, {0, cols}, scale);
        dequant.record(rec);
        rec.submitAndWait();

        const auto close = [](float a, float b) {
            return std::fabs(a - b) <= 2.0f * kEps * std::fabs(b) + 1e-37f;
        };
        const std::vector<float> y = vktest::readFloats(yb, size_t(tokens) * cols);
        for (uint t = 0; t < tokens; ++t) {
            for (uint c = 0; c < cols; ++c) {
                const float ref = scale * w[size_t(ids[t]) * cols + c];
                QVERIFY2(close(y[size_t(t) * cols + c], ref),
                         qPrintable(QStringLiteral("get_rows token %1 col %2: %3 vs %4")
                                        .arg(t)
                                        .arg(c)
                                        .arg(y[size_t(t) * cols + c])
                                        .arg(ref)));
            }
        }
        const std::vector<float> d = vktest::readFloats(all, size_t(rows) * cols);
        for (size_t i = 0; i < d.size(); ++i) {
            QVERIFY2(close(d[i], w[i]),
                     qPrintable(QStringLiteral("dequant %1: %2 vs %3").arg(i).arg(d[i]).arg(w[i])));
        }
    }

    // A matrix split across bindings gives the same product as in one piece.
    void splitMatrix() {
        vk::Device& dev = *gpu_->device;
        const TensorType type = TensorType::Q4_K;
        const uint rows = 37, cols = 512, tokens = 5;
        const std::vector<uint8_t> wBytes = vktest::randomWeights(type, rows, cols, 99);
        const std::vector<float> x = vktest::randomFloats(size_t(tokens) * cols, 98);
        const uint64_t rowBytes = *hearth::rowBytes(type, cols);
        vk::Buffer xb = vktest::floatBuffer(dev, x);
        std::map<bool, std::vector<float>> results;
        for (const bool split : {false, true}) {
            vk::WeightStore store(dev,
                                  split ? std::optional<uint64_t>(5 * rowBytes + 8) : std::nullopt);
            const std::size_t h = store.add("w", type, rows, cols, wBytes.data());
            store.upload();
            QCOMPARE(store.tensor(h).chunks.size(), split ? size_t(8) : size_t(1));
            for (const bool useMatmul : {false, true}) {
                vk::Buffer yb(dev, size_t(tokens) * rows * sizeof(float),
                              vk::MemoryKind::DeviceLocal);
                vk::MatmulOp op(kernels(true, useMatmul), store.tensor(h), xb.binding(),
                                yb.binding());
                vk::Recorder rec(dev);
                op.record(rec, tokens, {0, cols}, {0, rows});
                rec.submitAndWait();
                const std::vector<float> y = vktest::readFloats(yb, size_t(tokens) * rows);
                auto& ref = results[useMatmul];
                if (ref.empty()) {
                    ref = y;
                } else {
                    QCOMPARE(y, ref); // same kernels, same order of operations: identical
                }
            }
        }
    }

    // Uploading through a staging buffer gives the same bytes as writing mapped memory.
    void stagingUpload() {
        vk::Device& dev = *gpu_->device;
        const uint rows = 9, cols = 64;
        const std::vector<uint8_t> bytes = vktest::randomWeights(TensorType::Q8_0, rows, cols, 5);
        vk::WeightStore store(dev, std::nullopt, true);
        const std::size_t h = store.add("w", TensorType::Q8_0, rows, cols, bytes.data());
        std::vector<std::pair<uint64_t, uint64_t>> progress;
        store.upload([&](uint64_t done, uint64_t total) { progress.emplace_back(done, total); });
        QVERIFY(progress.size() >= 2);
        QCOMPARE(progress.front().first, uint64_t(0));
        QCOMPARE(progress.back().first, uint64_t(bytes.size()));
        QCOMPARE(progress.back().second, uint64_t(bytes.size()));
        vk::Buffer all(dev, size_t(rows) * cols * sizeof(float), vk::MemoryKind::DeviceLocal);
        vk::DequantOp dequant(kernels(true, false), store.tensor(h), all.binding());
        vk::Recorder rec(dev);
        dequant.record(rec);
        rec.submitAndWait();
        QCOMPARE(vktest::readFloats(all, size_t(rows) * cols),
                 vktest::dequantizeRows(TensorType::Q8_0, bytes, rows, cols));
    }

    void cleanupTestCase() {
        kernels_.clear();
        rows_.reset();
        subgroup_.clear();
        features_.clear();
        tiles_.clear();
        gpu_.reset();
    }

private:
    /// Tiled kernels with or without 16-bit storage that always use matmul, or always matvec.
    vk::Kernels& kernels(bool s16, bool matmul) {
        auto& slot = kernels_[{s16, matmul}];
        if (!slot) {
            vk::KernelConfig c =
                s16 ? vk::chooseKernelConfig(gpu_->device->info()) : vk::portableKernelConfig();
            c.rowKernels = false;
            c.matmulMinTokens = matmul ? 1 : std::numeric_limits<uint32_t>::max();
            slot = std::make_unique<vk::Kernels>(*gpu_->device, c);
        }
        return *slot;
    }

    /// Tiled kernels whose matvec reduces with subgroup additions (falling back to shared memory
    /// for rows narrower than a subgroup's invocations).
    vk::Kernels& subgroupKernels(bool s16) {
        auto& slot = subgroup_[s16];
        if (!slot) {
            const vk::DeviceInfo& info = gpu_->device->info();
            vk::KernelConfig c = s16 ? vk::chooseKernelConfig(info) : vk::portableKernelConfig();
            c.rowKernels = false;
            c.subgroupReduce = true;
            c.maxSubgroupSize = std::max(info.subgroupSize, info.maxSubgroupSize);
            c.matvecRows = 3; // segments end inside the matrix
            c.matmulMinTokens = std::numeric_limits<uint32_t>::max();
            slot = std::make_unique<vk::Kernels>(*gpu_->device, c);
        }
        return *slot;
    }

    /// Tiled kernels that always use matmul, with tiles of `rows` x `tokens` and `perInvocation`
    /// rows per invocation (the register-blocked tiles GPUs get: 64 x 16 or 64 x 32, 4 rows).
    vk::Kernels& tileKernels(bool s16, uint32_t rows, uint32_t tokens, uint32_t perInvocation) {
        auto& slot = tiles_[{s16, rows * 10000 + tokens * 10 + perInvocation}];
        if (!slot) {
            vk::KernelConfig c =
                s16 ? vk::chooseKernelConfig(gpu_->device->info()) : vk::portableKernelConfig();
            c.rowKernels = false;
            c.matmulRows = rows;
            c.matmulTokens = tokens;
            c.matmulRowsPerInvocation = perInvocation;
            c.matmulMinTokens = 1;
            slot = std::make_unique<vk::Kernels>(*gpu_->device, c);
        }
        return *slot;
    }

    /// Tiled kernels with feature variants forced on (applyKernelOverrides: "f16", "s8", "dp4"),
    /// always matvec (or always matmul), with or without subgroup reductions.
    vk::Kernels& featureKernels(const std::string& features, bool subgroups, bool matmul = false) {
        auto& slot = features_[{features + (matmul ? ",matmul" : ""), subgroups}];
        if (!slot) {
            const vk::DeviceInfo& info = gpu_->device->info();
            vk::KernelConfig c = vk::chooseKernelConfig(info);
            c.rowKernels = false;
            c.storage8 = c.fp16 = c.integerDot = false;
            vk::applyKernelOverrides(c, features);
            c.subgroupReduce = subgroups;
            c.maxSubgroupSize = std::max(info.subgroupSize, info.maxSubgroupSize);
            c.matvecRows = subgroups ? 3 : 2;
            c.matmulMinTokens = matmul ? 1 : std::numeric_limits<uint32_t>::max();
            slot = std::make_unique<vk::Kernels>(*gpu_->device, c);
        }
        return *slot;
    }

    /// The row kernels (one invocation per row), with an awkward number of tokens per
    /// invocation so that batches end in partial steps.
    vk::Kernels& rowKernels() {
        if (!rows_) {
            vk::KernelConfig c = vk::chooseKernelConfig(gpu_->device->info());
            c.rowKernels = true;
            c.rowTokens = 3;
            rows_ = std::make_unique<vk::Kernels>(*gpu_->device, c);
        }
        return *rows_;
    }

    std::unique_ptr<vktest::Gpu> gpu_;
    std::map<std::pair<bool, bool>, std::unique_ptr<vk::Kernels>> kernels_;
    std::unique_ptr<vk::Kernels> rows_;
    std::map<bool, std::unique_ptr<vk::Kernels>> subgroup_;
    std::map<std::pair<std::string, bool>, std::unique_ptr<vk::Kernels>> features_;
    std::map<std::pair<bool, uint32_t>, std::unique_ptr<vk::Kernels>> tiles_;
};

QTEST_GUILESS_MAIN(TestVkMatmul)
#include "test_vk_matmul.moc"
