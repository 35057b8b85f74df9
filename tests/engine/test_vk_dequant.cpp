// SPDX-License-Identifier: GPL-3.0-or-later
// GPU dequantization (dequant.comp, both storage variants) of every tensor of every quantized
// tiny-llama256 file reproduces ../shared/testdata/models/arch/dequant-checksums.json: sum, sum
// of |x|, sum of x² and the first four values, as the reference dequantizer computes them.

#include "engine/gguf/gguf.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/ops.h"
#include "engine/vulkan/weight_store.h"
#include "tests/common/testsupport.h"
#include "tests/engine/vk_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace hearth;

class TestVkDequant : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        HEARTH_REQUIRE_TESTDATA();
        QFile f(test::testDataPath("models/arch/dequant-checksums.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        checksums_ = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY(!checksums_.isEmpty());
        gpu_ = std::make_unique<vktest::Gpu>();
    }

    void checksums_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("s16");
        for (const QString& key : checksums_.keys()) {
            QTest::addRow("%s s16", qPrintable(key)) << key << true;
            QTest::addRow("%s portable", qPrintable(key)) << key << false;
        }
    }

    void checksums() {
        QFETCH(QString, file);
        QFETCH(bool, s16);
        const auto gguf = gguf::File::open(
            test::testDataPath("models/arch/tiny-llama256-" + file + ".gguf").toStdString());
        vk::Device& dev = *gpu_->device;
        vk::Kernels kernels(dev,
                            s16 ? vk::chooseKernelConfig(dev.info()) : vk::portableKernelConfig());
        const QJsonObject expected = checksums_.value(file).toObject();
        QCOMPARE(size_t(expected.size()), gguf->tensors().size());

        // Every tensor of the file, uploaded once, dequantized in one command buffer.
        vk::WeightStore store(dev);
        struct Job {
            const gguf::TensorInfo* info;
            std::size_t handle;
            uint64_t offset; // in floats, in the output buffer
        };
        std::vector<Job> jobs;
        uint64_t total = 0;
        const uint64_t align =
            std::max<uint64_t>(1, dev.info().minStorageBufferOffsetAlignment / sizeof(float));
        for (const gguf::TensorInfo& t : gguf->tensors()) {
            total = (total + align - 1) / align * align; // binding offsets must be aligned
            const uint64_t rows = t.elements() / t.ne[0];
            jobs.push_back(
                {&t, store.add(t.name, t.type, rows, t.ne[0], gguf->tensorData(t).data()), total});
            total += t.elements();
        }
        store.upload();
        vk::Buffer out(dev, total * sizeof(float), vk::MemoryKind::DeviceLocal);
        vk::Recorder rec(dev);
        std::vector<vk::DequantOp> ops;
        for (const Job& j : jobs) {
            const uint64_t bytes = j.info->elements() * sizeof(float);
            ops.emplace_back(kernels, store.tensor(j.handle),
                             vk::BufferBinding{out.handle(), j.offset * sizeof(float), bytes});
            ops.back().record(rec);
        }
        rec.submitAndWait();
        const std::vector<float> values = vktest::readFloats(out, total);

        for (const Job& j : jobs) {
            const QString name = QString::fromStdString(j.info->name);
            const QJsonObject e = expected.value(name).toObject();
            QVERIFY2(!e.isEmpty(), qPrintable(name));
            double sum = 0.0, sumAbs = 0.0, sumSq = 0.0;
            const float* v = values.data() + j.offset;
            for (uint64_t i = 0; i < j.info->elements(); ++i) {
                sum += v[i];
                sumAbs += std::fabs(v[i]);
                sumSq += double(v[i]) * v[i];
            }
            // Exact dequantization: the sums differ from the reference's only by float64
            // summation order (~1e-16 relative per term). The signed sum can cancel, so it is
            // compared against the scale of sum |x|.
            const auto near = [](double got, double want, double scale) {
                return std::fabs(got - want) <= 1e-9 * scale;
            };
            QVERIFY2(near(sum, e["sum"].toDouble(), e["sum_abs"].toDouble()),
                     qPrintable(QStringLiteral("%1 sum %2 vs %3")
                                    .arg(name)
                                    .arg(sum, 0, 'g', 17)
                                    .arg(e["sum"].toDouble(), 0, 'g', 17)));
            QVERIFY2(near(sumAbs, e["sum_abs"].toDouble(), e["sum_abs"].toDouble()),
                     qPrintable(name + " sum_abs"));
            QVERIFY2(near(sumSq, e["sum_sq"].toDouble(), e["sum_sq"].toDouble()),
                     qPrintable(name + " sum_sq"));
            const QJsonArray first = e["first4"].toArray();
            for (int i = 0; i < first.size(); ++i) {
                QCOMPARE(double(v[i]), first[i].toDouble());
            }
        }
    }

    void cleanupTestCase() { gpu_.reset(); }

private:
    QJsonObject checksums_;
    std::unique_ptr<vktest::Gpu> gpu_;
};

QTEST_GUILESS_MAIN(TestVkDequant)
#include "test_vk_dequant.moc"
