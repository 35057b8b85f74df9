// SPDX-License-Identifier: GPL-3.0-or-later
// GGUF reading and writing: real files from the shared test data, and write/read round trips.

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/writer.h"
#include "tests/common/testsupport.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace hearth;

class TestGguf : public QObject {
    Q_OBJECT

private slots:
    void readsEveryTestFile() {
        HEARTH_REQUIRE_TESTDATA();
        int files = 0;
        QDirIterator it(hearth::test::testDataPath("."), {"*.gguf"}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const auto f = gguf::File::open(path.toStdString());
            QVERIFY2(f->version() == 2 || f->version() == 3, qPrintable(path));
            QVERIFY(f->has("general.architecture") || f->has("tokenizer.ggml.model"));
            for (const auto& t : f->tensors()) {
                QCOMPARE(f->tensorData(t).size(), t.bytes);
            }
            ++files;
        }
        QVERIFY(files >= 10);
    }

    void stories260kFacts() {
        HEARTH_REQUIRE_TESTDATA();
        const auto f = gguf::File::open(
            hearth::test::testDataPath("models/stories260K-F32.gguf").toStdString());
        QCOMPARE(f->architecture(), std::string("llama"));
        QCOMPARE(f->getUInt("llama.embedding_length").value(), 64u);
        QCOMPARE(f->getUInt("llama.block_count").value(), 5u);
        QCOMPARE(f->getArray("tokenizer.ggml.tokens")->size(), 512u);
        const gguf::TensorInfo* emb = f->findTensor("token_embd.weight");
        QVERIFY(emb);
        QCOMPARE(emb->ne[0], 64u);
        QCOMPARE(emb->ne[1], 512u);
        QCOMPARE(emb->type, TensorType::F32);
        QVERIFY_THROWS_EXCEPTION(Error, f->getString("llama.block_count"));
    }

    void roundTrip() {
        gguf::Writer w;
        w.set("general.architecture", gguf::Value::string("llama"));
        w.set("test.u8", gguf::Value::u8(200));
        w.set("test.i64", gguf::Value::i64(-5));
        w.set("test.f64", gguf::Value::f64(0.125));
        w.set("test.bool", gguf::Value::boolean(true));
        w.set("test.strings", gguf::Value::stringArray({"a", "", "한국어"}));
        w.set("test.nested",
              gguf::Value::array(gguf::ValueType::Array,
                                 {gguf::Value::i32Array({1, 2}), gguf::Value::i32Array({})}));
        w.addTensor("a", std::vector<float>{1, 2, 3, 4, 5, 6}, {3, 2});
        w.addTensor("b", TensorType::Q8_0, {32}, std::vector<uint8_t>(34, 7));
        const std::vector<uint8_t> bytes = w.toBytes();
        const auto f = gguf::File::fromMemory(bytes);
        QCOMPARE(f->version(), 3u);
        QCOMPARE(f->metadata().size(), 7u);
        QCOMPARE(f->getUInt("test.u8").value(), 200u);
        QCOMPARE(f->getInt("test.i64").value(), -5);
        QCOMPARE(f->getFloat("test.f64").value(), 0.125);
        QCOMPARE(f->getBool("test.bool").value(), true);
        QCOMPARE(*f->getArray("test.strings")->at(2).asString(), std::string("한국어"));
        QCOMPARE(f->getArray("test.nested")->at(0).items().at(1).asInt().value(), 2);
        const auto* a = f->findTensor("a");
        QCOMPARE(a->ne[0], 3u);
        QCOMPARE(a->ne[1], 2u);
        float got[6];
        std::memcpy(got, f->tensorData(*a).data(), sizeof got);
        QCOMPARE(got[5], 6.0f);
        QCOMPARE(f->findTensor("b")->offset % 32, 0u);
        QCOMPARE(f->tensorData(*f->findTensor("b"))[33], uint8_t{7});

        // Writing what was read gives the same bytes.
        gguf::Writer w2;
        w2.copyMetadata(*f);
        for (const auto& t : f->tensors()) {
            const auto d = f->tensorData(t);
            w2.addTensor(t.name, t.type, {t.ne.begin(), t.ne.begin() + t.nDims},
                         std::vector<uint8_t>(d.begin(), d.end()));
        }
        QCOMPARE(w2.toBytes(), bytes);
    }

    void realFileRoundTripIsByteExact() {
        HEARTH_REQUIRE_TESTDATA();
        const QString path = hearth::test::testDataPath("models/stories260K-Q4_K_M.gguf");
        const auto f = gguf::File::open(path.toStdString());
        gguf::Writer w;
        w.copyMetadata(*f);
        for (const auto& t : f->tensors()) {
            const auto d = f->tensorData(t);
            w.addTensor(t.name, t.type, {t.ne.begin(), t.ne.begin() + t.nDims},
                        std::vector<uint8_t>(d.begin(), d.end()));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray original = file.readAll();
        const std::vector<uint8_t> written = w.toBytes();
        QCOMPARE(written.size(), size_t(original.size()));
        QVERIFY(std::memcmp(written.data(), original.constData(), written.size()) == 0);
    }

    void writesAtomically() {
        QTemporaryDir dir;
        gguf::Writer w;
        w.set("general.architecture", gguf::Value::string("llama"));
        const std::string path = dir.filePath("x.gguf").toStdString();
        w.write(path);
        QVERIFY(QFile::exists(QString::fromStdString(path)));
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".part")));
        QCOMPARE(gguf::File::open(path)->architecture(), std::string("llama"));
    }
};

QTEST_GUILESS_MAIN(TestGguf)
#include "test_gguf.moc"
