// SPDX-License-Identifier: GPL-3.0-or-later
// The activation shaders against the CPU reference (engine/cpu/ops.h and plain loops) on seeded
// random inputs with awkward sizes: RMSNorm, RoPE (normal, NeoX, frequency factors, linear and
// YaRN scaling, partial rotation, far positions), the f16 KV cache and attention (GQA, causal
// mask, several tiles of keys, sliding window, soft-capping) in both storage variants,
// SwiGLU/GeGLU, residual and bias adds, soft-capping.

#include "engine/cpu/ops.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/ops.h"
#include "engine/vulkan/rope_setup.h"
#include "engine/vulkan/weight_store.h"
#include "tests/engine/vk_support.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace hearth;

namespace {

constexpr float kEps = std::numeric_limits<float>::epsilon();

/// Fails with the first index where |got − want| > tol(i).
template <class Tol>
void expectClose(const std::vector<float>& got, const std::vector<float>& want, Tol tol,
                 const char* what) {
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        if (!(std::fabs(double(got[i]) - want[i]) <= tol(i))) {
            QFAIL(qPrintable(QStringLiteral("%1[%2]: GPU %3, CPU %4 (tolerance %5)")
                                 .arg(what)
                                 .arg(i)
                                 .arg(double(got[i]), 0, 'g', 9)
                                 .arg(double(want[i]), 0, 'g', 9)
                                 .arg(tol(i))));
        }
    }
}

float roundToHalf(float v) {
    return quant::fp16ToFp32(quant::fp32ToFp16(v));
}

} // namespace

class TestVkOps : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        gpu_ = std::make_unique<vktest::Gpu>();
        const vk::DeviceInfo& info = gpu_->device->info();
        vk::KernelConfig tiles = vk::chooseKernelConfig(info);
        tiles.rowKernels = tiles.attentionRows = false;
        fast_ = std::make_unique<vk::Kernels>(*gpu_->device, tiles);
        vk::KernelConfig rows = vk::chooseKernelConfig(info);
        QVERIFY2(rows.attentionRows, "the test device should run attention_rows.comp");
        rows_ = std::make_unique<vk::Kernels>(*gpu_->device, rows);
        portable_ = std::make_unique<vk::Kernels>(*gpu_->device, vk::portableKernelConfig());
        vk::KernelConfig blocks = tiles;
        blocks.attentionTileMinTokens = 1;
        blocks_ = std::make_unique<vk::Kernels>(*gpu_->device, blocks);
        vk::KernelConfig blocks32 = vk::portableKernelConfig();
        blocks32.attentionTileMinTokens = 1;
        blocks32_ = std::make_unique<vk::Kernels>(*gpu_->device, blocks32);
    }

    void rmsnorm_data() {
        QTest::addColumn<uint>("width");
        QTest::addColumn<uint>("tokens");
        QTest::addColumn<bool>("inPlace");
        for (const uint w : {1u, 7u, 33u, 127u, 4097u}) {
            QTest::addRow("%u x3", w) << w << 3u << false;
            QTest::addRow("%u x1 in place", w) << w << 1u << true;
        }
    }

    void rmsnorm() {
        QFETCH(uint, width);
        QFETCH(uint, tokens);
        QFETCH(bool, inPlace);
        vk::Device& dev = *gpu_->device;
        const uint stride = width + 3;
        const std::vector<float> x = vktest::randomFloats(size_t(tokens) * stride, width, 3.0f);
        std::vector<float> w = vktest::randomFloats(width, width + 1);
        vk::WeightStore store(dev);
        const std::size_t hw = store.addFloats("w", w);
        store.upload();
        vk::Buffer xb = vktest::floatBuffer(dev, x);
        vk::Buffer yb = vktest::floatBuffer(dev, std::vector<float>(x.size(), 0.0f));
        const vk::Buffer& out = inPlace ? xb : yb;
        vk::RmsNormOp op(*fast_, xb.binding(), store.tensor(hw), out.binding());
        vk::Recorder rec(dev);
        const float eps = 1e-5f;
        op.record(rec, tokens, vk::RmsNormParams{width, eps, 0, stride, 0, stride});
        rec.submitAndWait();
        std::vector<float> want = inPlace ? x : std::vector<float>(x.size(), 0.0f);
        for (uint t = 0; t < tokens; ++t) {
            cpu::rmsnorm(want.data() + size_t(t) * stride, x.data() + size_t(t) * stride, w.data(),
                         width, eps);
        }
        // The GPU sums squares in float32 (the CPU in float64) and inversesqrt has 2 ulp:
        // relative error about (2 + sqrt(width))·eps.
        expectClose(
            vktest::readFloats(out, x.size()), want,
            [&](size_t i) {
                return 4.0 * (2.0 + std::sqrt(double(width))) * kEps * std::fabs(want[i]);
            },
            "rmsnorm");
    }

    void rope_data() {
        QTest::addColumn<int>("order");
        QTest::addColumn<int>("scaling");
        QTest::addColumn<uint>("headDim");
        QTest::addColumn<uint>("nRot");
        QTest::addColumn<bool>("factors");
        QTest::addColumn<uint>("pos");
        QTest::addColumn<uint>("tokens");
        const int normal = int(RopeOrder::Normal), neox = int(RopeOrder::NeoX);
        const int none = int(RopeScaling::None), linear = int(RopeScaling::Linear),
                  yarn = int(RopeScaling::Yarn);
        QTest::newRow("normal pos 0") << normal << none << 16u << 16u << false << 0u << 1u;
        QTest::newRow("normal batch") << normal << none << 64u << 64u << false << 3u << 7u;
        QTest::newRow("neox batch") << neox << none << 64u << 64u << false << 5u << 7u;
        QTest::newRow("neox partial") << neox << none << 96u << 32u << false << 11u << 3u;
        QTest::newRow("factors") << normal << none << 128u << 128u << true << 100u << 2u;
        QTest::newRow("linear") << neox << linear << 32u << 32u << false << 4097u << 3u;
        QTest::newRow("yarn") << neox << yarn << 64u << 64u << false << 1000u << 5u;
        QTest::newRow("far position") << normal << none << 128u << 128u << false << 30000u << 2u;
    }

    void rope() {
        QFETCH(int, order);
        QFETCH(int, scaling);
        QFETCH(uint, headDim);
        QFETCH(uint, nRot);
        QFETCH(bool, factors);
        QFETCH(uint, pos);
        QFETCH(uint, tokens);
        ModelConfig c;
        c.ropeOrder = RopeOrder(order);
        c.ropeScaling = RopeScaling(scaling);
        c.nRot = nRot;
        c.headDim = headDim;
        c.ropeFreqBase = 10000.0f;
        c.ropeScaleFactor = c.ropeScaling == RopeScaling::None ? 1.0f : 4.0f;
        c.ropeOrigCtx = 2048;
        std::vector<float> f;
        if (factors) {
            f = vktest::randomFloats(nRot / 2, 7, 1.0f);
            for (float& v : f) {
                v = 1.0f + 40.0f * std::fabs(v); // llama3-style divisors 1..41
            }
        }
        const uint heads = 3;
        const uint stride = heads * headDim + 5;
        const std::vector<float> x = vktest::randomFloats(size_t(tokens) * stride, nRot, 2.0f);

        vk::Device& dev = *gpu_->device;
        const vk::RopeSetup setup = vk::makeRopeSetup(c, f);
        vk::WeightStore store(dev);
        const std::size_t ht = store.addFloats("theta", setup.theta);
        store.upload();
        vk::Buffer xb = vktest::floatBuffer(dev, x);
        const vk::StepBuffer step(dev); // position 0: the push constants give the position
        vk::RopeOp op(*fast_, xb.binding(), store.tensor(ht), step);
        vk::Recorder rec(dev);
        op.record(rec, setup.params(tokens, heads, headDim, pos, 0, stride));
        rec.submitAndWait();

        std::vector<float> want = x;
        const cpu::Rope ref(c, f);
        for (uint t = 0; t < tokens; ++t) {
            ref.apply(want.data() + size_t(t) * stride, heads, headDim, pos + t);
        }
        // Both compute the same float32 angle; the GPU reduces it by 2π with an error of at most
        // 4e-6 rad for angles below 2·10^5 (see shaders/common/trig.glsl) and then calls the
        // driver's cos/sin (error around 1e-6 on [−π, π]): 2e-5 of the pair's magnitude covers
        // both with margin (a wrong angle or pairing gives errors of order 1).
        expectClose(
            vktest::readFloats(xb, x.size()), want, [&](size_t) { return 2e-5 * 2.0 * 2.0; },
            "rope");
    }

    void attention_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<uint>("heads");
        QTest::addColumn<uint>("kvHeads");
        QTest::addColumn<uint>("headDim");
        QTest::addColumn<uint>("headDimV");
        QTest::addColumn<uint>("pos");
        QTest::addColumn<uint>("tokens");
        QTest::addColumn<uint>("window");
        QTest::addColumn<float>("softcap");
        // s16: attention.comp with the 16-bit cache; portable: with 32-bit words only; rows:
        // attention_rows.comp (one subgroup per head and token) with 16-byte aligned rows;
        // blocks, blocks32: attention_tiles.comp (blocks of 16 tokens) for every batch whose heads
        // it takes (up to 128 wide), with the 16-bit cache and with 32-bit words.
        for (const char* v : {"s16", "portable", "rows", "blocks", "blocks32"}) {
            QTest::addRow("%s first token", v)
                << v << 4u << 2u << 16u << 16u << 0u << 1u << 0u << 0.0f;
            QTest::addRow("%s causal batch", v)
                << v << 4u << 2u << 64u << 64u << 0u << 7u << 0u << 0.0f;
            QTest::addRow("%s tiles", v) << v << 8u << 8u << 8u << 8u << 130u << 3u << 0u << 0.0f;
            QTest::addRow("%s window softcap", v)
                << v << 4u << 1u << 128u << 128u << 200u << 2u << 16u << 5.0f;
            QTest::addRow("%s wide heads", v)
                << v << 2u << 2u << 256u << 256u << 61u << 5u << 0u << 50.0f;
            QTest::addRow("%s v narrower", v)
                << v << 6u << 3u << 32u << 16u << 9u << 4u << 5u << 0.0f;
            QTest::addRow("%s long context", v)
                << v << 2u << 1u << 16u << 16u << 4097u << 1u << 0u << 0.0f;
            QTest::addRow("%s heads not a multiple of 8", v)
                << v << 4u << 2u << 12u << 12u << 20u << 3u << 0u << 0.0f;
            QTest::addRow("%s prompt of 37", v)
                << v << 4u << 2u << 64u << 64u << 3u << 37u << 0u << 0.0f;
            QTest::addRow("%s prompt window softcap", v)
                << v << 2u << 1u << 32u << 32u << 20u << 33u << 16u << 5.0f;
            QTest::addRow("%s prompt v narrower", v)
                << v << 3u << 3u << 128u << 96u << 0u << 18u << 0u << 0.0f;
        }
    }

    // Keys and values go through kv_store into the f16 cache; the reference uses the same values
    // rounded to f16 and computes softmax(q·k·scale) v in float64.
    void attention() {
        QFETCH(QString, variant);
        QFETCH(uint, heads);
        QFETCH(uint, kvHeads);
        QFETCH(uint, headDim);
        QFETCH(uint, headDimV);
        QFETCH(uint, pos);
        QFETCH(uint, tokens);
        QFETCH(uint, window);
        QFETCH(float, softcap);
        vk::Device& dev = *gpu_->device;
        vk::Kernels& k = variant == "rows"       ? *rows_
                         : variant == "s16"      ? *fast_
                         : variant == "blocks"   ? *blocks_
                         : variant == "blocks32" ? *blocks32_
                                                 : *portable_;
        const uint positions = pos + tokens;
        const uint kWidth = kvHeads * headDim;
        const uint vWidth = kvHeads * headDimV;
        const uint qStride = heads * headDim + (variant == "rows" ? 0 : 2);
        const uint outStride = heads * headDimV + 1;
        const float scale = 1.0f / std::sqrt(float(headDim));
        const uint32_t seed = heads * 1000 + headDim + pos;
        const std::vector<float> q = vktest::randomFloats(size_t(tokens) * qStride, seed, 2.0f);
        const std::vector<float> keys =
            vktest::randomFloats(size_t(positions) * kWidth, seed + 1, 2.0f);
        const std::vector<float> values =
            vktest::randomFloats(size_t(positions) * vWidth, seed + 2);

        vk::Buffer qb = vktest::floatBuffer(dev, q);
        vk::Buffer kb = vktest::floatBuffer(dev, keys);
        vk::Buffer vb = vktest::floatBuffer(dev, values);
        vk::Buffer kc(dev, size_t(positions) * kWidth * 2, vk::MemoryKind::DeviceLocal);
        vk::Buffer vc(dev, size_t(positions) * vWidth * 2, vk::MemoryKind::DeviceLocal);
        vk::Buffer out =
            vktest::floatBuffer(dev, std::vector<float>(size_t(tokens) * outStride, 0.0f));
        const vk::StepBuffer step(dev); // position 0: the push constants give the positions
        vk::KvStoreOp storeK(k, kb.binding(), kc.binding(), step);
        vk::KvStoreOp storeV(k, vb.binding(), vc.binding(), step);
        vk::AttentionOp att(k, qb.binding(), kc.binding(), vc.binding(), out.binding(), step,
                            headDim, headDimV);
        vk::Recorder rec(dev);
        // The cache is filled in two steps, as a prompt and then a batch would.
        storeK.record(rec, vk::KvStoreParams{pos, kWidth, 0, 0, kWidth});
        storeV.record(rec, vk::KvStoreParams{pos, vWidth, 0, 0, vWidth});
        storeK.record(rec, vk::KvStoreParams{tokens, kWidth, pos, pos * kWidth, kWidth});
        storeV.record(rec, vk::KvStoreParams{tokens, vWidth, pos, pos * vWidth, vWidth});
        rec.barrier();
        vk::AttentionParams p{tokens, pos,    headDim, headDimV,  heads / kvHeads, 0,     qStride,
                              kWidth, vWidth, 0,       outStride, window,          scale, softcap};
        att.record(rec, heads, p);
        rec.submitAndWait();

        std::vector<float> want(size_t(tokens) * outStride, 0.0f);
        double vMax = 0.0;
        for (float v : values) {
            vMax = std::max(vMax, std::fabs(double(v)));
        }
        for (uint t = 0; t < tokens; ++t) {
            const uint last = pos + t;
            const uint first = window > 0 && last + 1 > window ? last + 1 - window : 0;
            for (uint h = 0; h < heads; ++h) {
                const uint kvh = h / (heads / kvHeads);
                std::vector<double> s;
                for (uint key = first; key <= last; ++key) {
                    double d = 0.0;
                    for (uint i = 0; i < headDim; ++i) {
                        d += double(q[size_t(t) * qStride + h * headDim + i]) *
                             roundToHalf(keys[size_t(key) * kWidth + kvh * headDim + i]);
                    }
                    d *= scale;
                    if (softcap > 0.0f) {
                        d = softcap * std::tanh(d / softcap);
                    }
                    s.push_back(d);
                }
                const double m = *std::max_element(s.begin(), s.end());
                double sum = 0.0;
                for (double& v : s) {
                    v = std::exp(v - m);
                    sum += v;
                }
                for (uint i = 0; i < headDimV; ++i) {
                    double o = 0.0;
                    for (uint key = first; key <= last; ++key) {
                        o += s[key - first] / sum *
                             roundToHalf(values[size_t(key) * vWidth + kvh * headDimV + i]);
                    }
                    want[size_t(t) * outStride + h * headDimV + i] = float(o);
                }
            }
        }
        // With the same f16 rounding of K and V on both sides the difference is float32
        // arithmetic (scores, exp, sums over up to 4098 keys): about 1e-5 of max|v|. A driver
        // may round float→half differently (ties): one half-ulp on some keys and values moves
        // the output by up to 2^-11·max|v| and the scores by |q||k|·scale·2^-11, so allow 2e-3.
        expectClose(
            vktest::readFloats(out, want.size()), want, [&](size_t) { return 2e-3 * vMax; },
            "attention");
    }

    void glu_data() {
        QTest::addColumn<uint>("width");
        QTest::addColumn<uint>("tokens");
        QTest::addColumn<bool>("gelu");
        for (const uint w : {1u, 7u, 4097u}) {
            QTest::addRow("silu %u", w) << w << 5u << false;
            QTest::addRow("gelu %u", w) << w << 3u << true;
        }
    }

    // Gate and up interleaved per token as Phi-3's fused matrix writes them.
    void glu() {
        QFETCH(uint, width);
        QFETCH(uint, tokens);
        QFETCH(bool, gelu);
        vk::Device& dev = *gpu_->device;
        const std::vector<float> in =
            vktest::randomFloats(size_t(tokens) * 2 * width, width, 12.0f);
        vk::Buffer ib = vktest::floatBuffer(dev, in);
        vk::Buffer ob = vktest::floatBuffer(dev, std::vector<float>(size_t(tokens) * width, 0.0f));
        vk::GluOp op(*fast_, ib.binding(), ob.binding());
        vk::Recorder rec(dev);
        op.record(rec, vk::GluParams{tokens, width, 0, width, 2 * width, 0, width, gelu ? 1u : 0u});
        rec.submitAndWait();
        std::vector<float> want(size_t(tokens) * width);
        for (uint t = 0; t < tokens; ++t) {
            for (uint i = 0; i < width; ++i) {
                const float g = in[size_t(t) * 2 * width + i];
                const float u = in[size_t(t) * 2 * width + width + i];
                want[size_t(t) * width + i] = (gelu ? cpu::geluTanh(g) : cpu::silu(g)) * u;
            }
        }
        // exp has 3 + 2|x| ulp on the GPU; tanh through exp loses ~1e-7 absolute near 0.
        expectClose(
            vktest::readFloats(ob, want.size()), want,
            [&](size_t i) { return 1e-5 * std::fabs(want[i]) + 1e-5; }, "glu");
    }

    void addAndSoftcap() {
        vk::Device& dev = *gpu_->device;
        const uint tokens = 3, width = 33;
        const std::vector<float> y = vktest::randomFloats(size_t(tokens) * width, 1, 40.0f);
        const std::vector<float> a = vktest::randomFloats(size_t(tokens) * width, 2);
        const std::vector<float> bias = vktest::randomFloats(width, 3);
        vk::WeightStore store(dev);
        const std::size_t hb = store.addFloats("bias", bias);
        store.upload();
        vk::Buffer yb = vktest::floatBuffer(dev, y);
        vk::Buffer ab = vktest::floatBuffer(dev, a);
        vk::AddOp residual(*fast_, yb.binding(), ab.binding());
        vk::AddOp addBias(*fast_, yb.binding(), vk::singleChunk(store.tensor(hb)));
        vk::SoftcapOp cap(*fast_, yb.binding());
        vk::Recorder rec(dev);
        residual.record(rec, vk::AddParams{tokens, width, 0, width, 0, width});
        rec.barrier();
        addBias.record(rec, vk::AddParams{tokens, width, 0, width, 0, 0});
        rec.barrier();
        cap.record(rec, vk::SoftcapParams{tokens * width - 1, 1, 15.0f});
        rec.submitAndWait();
        std::vector<float> want(y.size());
        for (size_t i = 0; i < y.size(); ++i) {
            want[i] = y[i] + a[i] + bias[i % width];
            if (i > 0) {
                want[i] = 15.0f * std::tanh(want[i] / 15.0f);
            }
        }
        // Adds are exact in the same order; tanh through exp: a few ulp of the cap.
        expectClose(
            vktest::readFloats(yb, y.size()), want, [&](size_t) { return 16.0 * kEps * 15.0; },
            "add+softcap");
    }

    void cleanupTestCase() {
        fast_.reset();
        portable_.reset();
        rows_.reset();
        blocks_.reset();
        blocks32_.reset();
        gpu_.reset();
    }

private:
    std::unique_ptr<vktest::Gpu> gpu_;
    std::unique_ptr<vk::Kernels> fast_;
    std::unique_ptr<vk::Kernels> portable_;
    std::unique_ptr<vk::Kernels> rows_;
    std::unique_ptr<vk::Kernels> blocks_;   ///< attention_tiles.comp for every batch, 16-bit
    std::unique_ptr<vk::Kernels> blocks32_; ///< the same with 32-bit words only
};

QTEST_GUILESS_MAIN(TestVkOps)
#include "test_vk_ops.moc"
