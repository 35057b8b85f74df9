// SPDX-License-Identifier: GPL-3.0-or-later
// The compiled-pipeline cache on disk: written after the first start, used by the second (same
// results), and a damaged, truncated or foreign file — or a folder that cannot be written — never
// stops the backend: it starts with an empty cache and replaces the file.

#include "engine/gguf/gguf.h"
#include "engine/model/config.h"
#include "engine/model/weights.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/pipeline_cache.h"
#include "engine/vulkan/vulkan_backend.h"
#include "tests/common/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <vector>

using namespace hearth;

namespace {

/// The header Hearth puts before the driver's data (magic, version, reserved, size, checksum).
constexpr qint64 kHeaderBytes = 32;

struct Loaded {
    std::shared_ptr<gguf::File> file;
    ModelConfig config;
    ModelWeights weights;
};

Loaded load() {
    Loaded l;
    l.file = std::shared_ptr<gguf::File>(gguf::File::open(
        hearth::test::testDataPath("models/arch/tiny-llama256-q4_0.gguf").toStdString()));
    l.config = readModelConfig(*l.file);
    l.weights = loadWeights(*l.file, l.config);
    return l;
}

} // namespace

class TestVkPipelineCache : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        HEARTH_REQUIRE_TESTDATA();
        QVERIFY(dir_.isValid());
        model_ = load();
    }

    void secondStartUsesTheFile() {
        const Start first = start(dir_.path());
        QCOMPARE(first.loaded, std::size_t(0));
        QVERIFY(QFile::exists(file_));
        QVERIFY(QFileInfo(file_).size() > kHeaderBytes);
        QVERIFY(file_.startsWith(dir_.path()));
        const Start second = start(dir_.path());
        QVERIFY(second.loaded > 0);
        QCOMPARE(second.logits, first.logits);
    }

    void damagedFilesAreIgnoredAndReplaced_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("flipped byte") << "flip";
        QTest::newRow("truncated") << "truncate";
        QTest::newRow("not a cache") << "garbage";
        QTest::newRow("empty") << "empty";
    }

    void damagedFilesAreIgnoredAndReplaced() {
        QFETCH(QString, damage);
        const Start good = start(dir_.path()); // makes sure a good file exists
        QFile f(file_);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        if (damage == "flip") {
            bytes[bytes.size() - 7] = char(bytes[bytes.size() - 7] ^ 0x5a);
        } else if (damage == "truncate") {
            bytes.chop(bytes.size() / 3);
        } else if (damage == "garbage") {
            bytes = QByteArray(4096, 'x');
        } else {
            bytes.clear();
        }
        f.resize(0);
        f.seek(0);
        f.write(bytes);
        f.close();
        const Start damaged = start(dir_.path());
        QCOMPARE(damaged.loaded, std::size_t(0)); // ignored: nothing taken from it
        QCOMPARE(damaged.logits, good.logits);    // and the backend works
        QVERIFY(start(dir_.path()).loaded > 0);   // the file was replaced by a good one
    }

    void unwritableFolderStillWorks() {
        QTemporaryDir blocker;
        // A plain file where the cache folder should be: the folder cannot be created.
        const QString notADir = blocker.filePath("file");
        QFile f(notADir);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const Start s = start(notADir + "/sub");
        QCOMPARE(s.loaded, std::size_t(0));
        QVERIFY(!s.logits.empty());
        QVERIFY(!QFile::exists(file_));
    }

    void noCacheFolder() {
        VulkanOptions o;
        o.contextSize = 16;
        o.pipelineCacheDir = std::string();
        VulkanBackend b(model_.config, model_.weights, model_.file, o);
        QVERIFY(b.pipelineCacheFile().empty());
        QCOMPARE(b.pipelineCacheLoadedBytes(), std::size_t(0));
    }

    // Another device or driver names another file.
    void fileNameFollowsTheDevice() {
        vk::DeviceInfo a;
        a.name = "GPU A";
        a.driverInfo = "1.0";
        vk::DeviceInfo b = a;
        b.driverInfo = "1.1";
        vk::DeviceInfo c = a;
        c.name = "GPU B";
        const std::string pa = vk::pipelineCachePath("/x", a);
        QCOMPARE(pa, vk::pipelineCachePath("/x", a));
        QVERIFY(pa != vk::pipelineCachePath("/x", b));
        QVERIFY(pa != vk::pipelineCachePath("/x", c));
        QVERIFY(pa.starts_with("/x/pipelines-"));
    }

private:
    /// What one start did.
    struct Start {
        std::vector<float> logits; ///< of a short prompt
        std::size_t loaded = 0;    ///< bytes taken from the cache file
    };

    /// Starts a backend with its cache in `dir`.
    Start start(const QString& dir) {
        VulkanOptions o;
        o.contextSize = 16;
        o.pipelineCacheDir = dir.toStdString();
        VulkanBackend b(model_.config, model_.weights, model_.file, o);
        file_ = QString::fromStdString(b.pipelineCacheFile());
        Start s;
        s.loaded = b.pipelineCacheLoadedBytes();
        const std::vector<int32_t> prompt = {1, 17, 42, 99, 3};
        b.forward(prompt, 0, false, s.logits);
        return s;
    }

    QTemporaryDir dir_;
    Loaded model_;
    QString file_;
};

QTEST_GUILESS_MAIN(TestVkPipelineCache)
#include "test_vk_pipeline_cache.moc"
