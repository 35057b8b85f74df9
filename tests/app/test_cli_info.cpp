// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli info as a user runs it: text and JSON summaries of real files, and one-line errors
// for missing and foreign files.

#include "tests/common/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::binaryPath;
using hearth::test::runProgram;
using hearth::test::testDataPath;

namespace {

hearth::test::ProcessResult info(const QStringList& args) {
    return runProgram(binaryPath("hearth-cli"), QStringList{"info"} + args);
}

QString line(const QByteArray& out, const QString& label) {
    for (const QByteArray& l : out.split('\n')) {
        if (l.startsWith(label.toUtf8() + ':')) {
            return QString::fromUtf8(l.mid(label.size() + 1)).trimmed();
        }
    }
    return {};
}

} // namespace

class TestCliInfo : public QObject {
    Q_OBJECT

private slots:
    void summarisesAQuantizedModel() {
        HEARTH_REQUIRE_TESTDATA();
        const auto r = info({testDataPath("models/stories260K-Q4_0.gguf")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.err.isEmpty());
        QCOMPARE(line(r.out, "architecture"), QString("llama"));
        QVERIFY(line(r.out, "parameters").startsWith("292.8K (292800 in 48 tensors)"));
        QCOMPARE(line(r.out, "quantization"), QString("Q4_0"));
        const QString types = line(r.out, "tensor types");
        QVERIFY2(types.startsWith("Q4_0: 31 ("), qPrintable(types));
        QVERIFY(types.contains("F16: 5 (") && types.contains("Q8_0: 1 (") &&
                types.contains("F32: 11 ("));
        QCOMPARE(line(r.out, "context length"), QString("2048"));
        QCOMPARE(line(r.out, "embedding"), QString("64"));
        QCOMPARE(line(r.out, "layers"), QString("5"));
        QCOMPARE(line(r.out, "heads"), QString("8 (4 key/value)"));
        QCOMPARE(line(r.out, "feed-forward"), QString("172"));
        QCOMPARE(line(r.out, "vocabulary"), QString("llama, 512 tokens, pre-tokenizer default"));
        QCOMPARE(line(r.out, "chat template"), QString("no"));
        QVERIFY(line(r.out, "file").endsWith("(270.5 KiB, GGUF v3)"));
    }

    void inferredQuantizationAndTemplates() {
        HEARTH_REQUIRE_TESTDATA();
        // No general.file_type: the label comes from the tensors.
        const auto f32 = info({testDataPath("models/stories260K-F32.gguf")});
        QCOMPARE(f32.exitCode, 0);
        QCOMPARE(line(f32.out, "quantization"), QString("F32 (inferred from the tensor types)"));
        // A vocabulary-only file with a chat template and a BPE pre-tokenizer.
        const auto vocab = info({testDataPath("vocab/ggml-vocab-llama3.gguf")});
        QCOMPARE(vocab.exitCode, 0);
        QCOMPARE(line(vocab.out, "vocabulary"),
                 QString("gpt2, 128256 tokens, pre-tokenizer llama-bpe"));
        QCOMPARE(line(vocab.out, "chat template"), QString("yes"));
        QCOMPARE(line(vocab.out, "tensor types"), QString("none"));
    }

    void json() {
        HEARTH_REQUIRE_TESTDATA();
        const auto r = info({testDataPath("models/arch/tiny-llama256-q4_k_m.gguf"), "--json"});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o["architecture"].toString(), QString("llama"));
        QCOMPARE(o["name"].toString(), QString("tiny-llama256"));
        QCOMPARE(o["quantization"].toString(), QString("Q4_K_M"));
        QCOMPARE(o["quantization_inferred"].toBool(), false);
        QCOMPARE(o["parameters"].toInteger(), 1705216);
        QCOMPARE(o["tensor_count"].toInt(), 21);
        QCOMPARE(o["file_size"].toInteger(), 1096864);
        QCOMPARE(o["context_length"].toInt(), 256);
        QCOMPARE(o["embedding_length"].toInt(), 256);
        QCOMPARE(o["block_count"].toInt(), 2);
        QCOMPARE(o["head_count"].toInt(), 4);
        QCOMPARE(o["head_count_kv"].toInt(), 2);
        QCOMPARE(o["vocabulary"].toObject()["model"].toString(), QString("llama"));
        QCOMPARE(o["vocabulary"].toObject()["size"].toInt(), 1024);
        QCOMPARE(o["chat_template"].toBool(), false);
        QVERIFY(o["unsupported_types"].toArray().isEmpty());
        const QJsonArray types = o["tensor_types"].toArray();
        QCOMPARE(types.size(), 3);
        QCOMPARE(types[0].toObject()["type"].toString(), QString("Q4_K"));
        QCOMPARE(types[0].toObject()["tensors"].toInt(), 13);
        QCOMPARE(types[1].toObject()["type"].toString(), QString("Q6_K"));
        QCOMPARE(types[1].toObject()["tensors"].toInt(), 3);
        QCOMPARE(types[2].toObject()["type"].toString(), QString("F32"));
        qint64 bytes = 0;
        for (const QJsonValue& t : types) {
            bytes += t.toObject()["bytes"].toInteger();
        }
        QCOMPARE(bytes, o["tensor_bytes"].toInteger());
    }

    void missingFileIsAOneLineError() {
        const auto r = info({"/nonexistent/model.gguf"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.startsWith("hearth-cli info: cannot open /nonexistent/model.gguf"),
                 r.err.constData());
    }

    void foreignFilesAreOneLineErrors() {
        QTemporaryDir dir;
        const QString text = dir.filePath("notes.gguf");
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("This is a text file, not a model.\n");
        f.close();
        auto r = info({text});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("not a GGUF file"), r.err.constData());

        const QString empty = dir.filePath("empty.gguf");
        QFile e(empty);
        QVERIFY(e.open(QIODevice::WriteOnly));
        e.close();
        r = info({empty});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("not a GGUF file"), r.err.constData());

        r = info({dir.path()});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(!r.crashed);
    }

    void truncatedModelIsAOneLineError() {
        HEARTH_REQUIRE_TESTDATA();
        QFile src(testDataPath("models/stories260K-Q8_0.gguf"));
        QVERIFY(src.open(QIODevice::ReadOnly));
        QTemporaryDir dir;
        QFile cut(dir.filePath("cut.gguf"));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(src.read(src.size() / 2));
        cut.close();
        const auto r = info({cut.fileName()});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("past the end of the file"), r.err.constData());
    }

    void usageErrors() {
        auto r = info({});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("expected MODEL.gguf"));
        r = info({"a.gguf", "b.gguf"});
        QCOMPARE(r.exitCode, 1);
        r = info({"a.gguf", "--bogus"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("unknown option --bogus"));
    }
};

QTEST_GUILESS_MAIN(TestCliInfo)
#include "test_cli_info.moc"
