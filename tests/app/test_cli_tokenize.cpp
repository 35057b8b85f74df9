// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli tokenize as a user runs it: ids on one line, BOS as the vocabulary says, special
// tokens on request, text from a file, and one-line errors.

#include "tests/common/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::binaryPath;
using hearth::test::runProgram;
using hearth::test::testDataPath;

namespace {

QString vocab(const QString& name) {
    return testDataPath(QStringLiteral("vocab/ggml-vocab-%1.gguf").arg(name));
}

// The reference ids of `text` in a vocabulary's test vectors (with a leading space per id).
QByteArray referenceIds(const QString& name, const QByteArray& text) {
    QFile inp(vocab(name) + ".inp");
    QFile out(vocab(name) + ".out");
    if (!inp.open(QIODevice::ReadOnly) || !out.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QList<QByteArray> texts = inp.readAll().split('\n');
    const QList<QByteArray> lines = out.readAll().split('\n');
    // Single-line texts only: each is followed by the separator line.
    qsizetype index = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (texts[i] == "__ggml_vocab_test__") {
            if (i > 0 && texts[i - 1] == text &&
                (i == 1 || texts[i - 2] == "__ggml_vocab_test__")) {
                return lines.value(index);
            }
            ++index;
        }
    }
    return {};
}

hearth::test::ProcessResult tokenize(const QStringList& args) {
    return runProgram(binaryPath("hearth-cli"), QStringList{"tokenize"} + args);
}

} // namespace

class TestCliTokenize : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { HEARTH_REQUIRE_TESTDATA(); }

    void matchesReferenceWithBos() {
        const QByteArray ref = referenceIds("llama-spm", "Hello world");
        QVERIFY(!ref.isEmpty());
        const auto r = tokenize({"-m", vocab("llama-spm"), "--text", "Hello world"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, "1" + ref + "\n"); // BOS first: add_bos_token is true
        QVERIFY(r.err.isEmpty());
        const auto noBos =
            tokenize({"-m", vocab("llama-spm"), "--no-bos", "--text", "Hello world"});
        QCOMPARE(noBos.out, ref.mid(1) + "\n");
    }

    void bosOnlyWhenTheVocabularyAsks() {
        const QByteArray ref = referenceIds("gpt-2", "Hello world");
        QVERIFY(!ref.isEmpty());
        const auto r = tokenize({"--model", vocab("gpt-2"), "--text", "Hello world"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, ref.mid(1) + "\n");
        const auto l3 = tokenize({"-m", vocab("llama3"), "--text=Hello world"});
        QCOMPARE(l3.out, "128000" + referenceIds("llama3", "Hello world") + "\n");
    }

    void specialTokens() {
        const auto parsed = tokenize({"-m", vocab("llama3"), "--special", "--text", "<|eot_id|>"});
        QCOMPARE(parsed.out, QByteArray("128000 128009\n"));
        const auto plain = tokenize({"-m", vocab("llama3"), "--no-bos", "--text", "<|eot_id|>"});
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(!plain.out.contains("128009"));
        QVERIFY(plain.out.trimmed().split(' ').size() > 1);
    }

    void fromFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("text.txt");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Hello world");
        f.close();
        const auto a = tokenize({"-m", vocab("qwen3"), "--file", path});
        const auto b = tokenize({"-m", vocab("qwen3"), "--text", "Hello world"});
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(a.out, b.out);
        QCOMPARE(a.out, referenceIds("qwen3", "Hello world").mid(1) + "\n");
    }

    void emptyText() {
        QCOMPARE(tokenize({"-m", vocab("llama-spm"), "--text", ""}).out, QByteArray("1\n"));
        QCOMPARE(tokenize({"-m", vocab("gpt-2"), "--text", ""}).out, QByteArray("\n"));
    }

    void realModel() {
        const auto r = tokenize(
            {"-m", testDataPath("models/stories260K-F32.gguf"), "--text", "Once upon a time"});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> ids = r.out.trimmed().split(' ');
        QVERIFY(ids.size() >= 2);
        QCOMPARE(ids.front(), QByteArray("1"));
    }

    void errors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString m = vocab("gpt-2");
        QTest::newRow("no model") << QStringList{"--text", "x"} << "missing required option -m";
        QTest::newRow("no text") << QStringList{"-m", m} << "exactly one of --text or --file";
        QTest::newRow("both") << QStringList{"-m", m, "--text", "x", "--file", "y"}
                              << "exactly one of --text or --file";
        QTest::newRow("unknown option")
            << QStringList{"-m", m, "--text", "x", "--bogus"} << "unknown option --bogus";
        QTest::newRow("missing file") << QStringList{"-m", m, "--file", "/nonexistent/t.txt"}
                                      << "cannot read /nonexistent/t.txt";
        QTest::newRow("missing model")
            << QStringList{"-m", "/nonexistent/m.gguf", "--text", "x"} << "/nonexistent/m.gguf";
        QTest::newRow("not a gguf")
            << QStringList{"-m", vocab("gpt-2") + ".inp", "--text", "x"} << "gpt-2.gguf.inp";
    }

    void errors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = tokenize(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!r.crashed);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliTokenize)
#include "test_cli_tokenize.moc"
