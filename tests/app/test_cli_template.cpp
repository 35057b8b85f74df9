// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli template as a user runs it: a template file or a model's template, the exact prompt
// on stdout (no newline added), the built-in fallback with a warning, and one-line errors.

#include "engine/gguf/value.h"
#include "engine/gguf/writer.h"
#include "tests/common/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::binaryPath;
using hearth::test::runProgram;
using hearth::test::testDataPath;

namespace {

const QByteArray kConversation =
    R"([{"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "2+2 = 4."},
        {"role": "user", "content": "And 3+3?"}])";

const char* const kTinyTemplate =
    "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{{ eos_token }}"
    "{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}";

} // namespace

class TestCliTemplate : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(dir_.isValid()); }

    void rendersATemplateFileExactly() {
        HEARTH_REQUIRE_TESTDATA();
        const auto r =
            run({"--template", testDataPath("templates/google-gemma-3-it.jinja"), "--messages",
                 write("conv.json", kConversation), "--bos", "<bos>", "--eos", "<eos>"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("<bos><start_of_turn>user\nYou are a helpful assistant.\n\n"
                                   "What is 2+2?<end_of_turn>\n<start_of_turn>model\n2+2 = 4."
                                   "<end_of_turn>\n<start_of_turn>user\nAnd 3+3?<end_of_turn>\n"
                                   "<start_of_turn>model\n"));
        QVERIFY(r.err.isEmpty());
    }

    void noGenerationPrompt() {
        HEARTH_REQUIRE_TESTDATA();
        const auto r =
            run({"--template", testDataPath("templates/microsoft-Phi-3.5-mini-instruct.jinja"),
                 "--messages", write("c.json", R"([{"role":"user","content":"Say hi"}])"),
                 "--no-generation-prompt", "--eos", "<|endoftext|>"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("<|user|>\nSay hi<|end|>\n<|endoftext|>"));
    }

    void templateRejectsTheConversation() {
        HEARTH_REQUIRE_TESTDATA();
        const auto r = run({"--template", testDataPath("templates/google-gemma-2-2b-it.jinja"),
                            "--messages", write("conv.json", kConversation)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("System role not supported"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void messagesKeepTheirOtherFields() {
        const auto r = run({"--template",
                            write("t.jinja", "{{ messages[0].tool_calls[0].arguments | tojson }}"),
                            "--messages", write("c.json", R"([{"role": "assistant", "content": null,
                               "tool_calls": [{"arguments": {"z": 1, "a": "é"}}]}])")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out), QString::fromUtf8(R"({"z": 1, "a": "é"})"));
    }

    void modelTemplateAndTokens() {
        hearth::gguf::Writer w;
        w.set("general.architecture", hearth::gguf::Value::string("llama"));
        w.set("tokenizer.ggml.tokens",
              hearth::gguf::Value::stringArray({"<unk>", "<BOS>", "<EOS>", "hello"}));
        w.set("tokenizer.ggml.bos_token_id", hearth::gguf::Value::u32(1));
        w.set("tokenizer.ggml.eos_token_id", hearth::gguf::Value::u32(2));
        w.set("tokenizer.chat_template", hearth::gguf::Value::string(kTinyTemplate));
        const QString model = dir_.filePath("model.gguf");
        w.write(model.toStdString());
        const QString conv = write("c.json", R"([{"role":"user","content":"hi"}])");

        auto r = run({"-m", model, "--messages", conv});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("<BOS><user>hi<EOS><assistant>"));
        QVERIFY(r.err.isEmpty());

        r = run({"-m", model, "--messages", conv, "--no-generation-prompt", "--bos", "[", "--eos",
                 "]"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("[<user>hi]"));
    }

    void modelWithoutTemplateUsesTheBuiltIn() {
        HEARTH_REQUIRE_TESTDATA();
        const auto r = run({"-m", testDataPath("models/stories260K-F32.gguf"), "--messages",
                            write("c.json", R"([{"role":"user","content":"Once upon a time"}])")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("<s>[INST] Once upon a time [/INST]"));
        QVERIFY2(r.err.contains("warning") && r.err.contains("llama2"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void errors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad json") << QStringList{"--template", "T", "--messages", "BADJSON"}
                                  << "invalid JSON at line 1";
        QTest::newRow("not a list")
            << QStringList{"--template", "T", "--messages", "OBJECT"} << "expected a JSON array";
        QTest::newRow("no role") << QStringList{"--template", "T", "--messages", "NOROLE"}
                                 << "message 0 is not an object";
        QTest::newRow("missing messages")
            << QStringList{"--template", "T", "--messages", "/nonexistent/c.json"}
            << "cannot read /nonexistent/c.json";
        QTest::newRow("missing template")
            << QStringList{"--template", "/nonexistent/t.jinja", "--messages", "CONV"}
            << "cannot read /nonexistent/t.jinja";
        QTest::newRow("missing model")
            << QStringList{"-m", "/nonexistent/m.gguf", "--messages", "CONV"}
            << "/nonexistent/m.gguf";
        QTest::newRow("syntax error") << QStringList{"--template", "BROKEN", "--messages", "CONV"}
                                      << "line 2, column 4: unexpected 'endfro'";
        QTest::newRow("render error")
            << QStringList{"--template", "UNDEF", "--messages", "CONV"} << "'nothing' is undefined";
        QTest::newRow("neither source") << QStringList{"--messages", "CONV"} << "exactly one of";
        QTest::newRow("both sources")
            << QStringList{"-m", "M", "--template", "T", "--messages", "CONV"} << "exactly one of";
        QTest::newRow("no messages") << QStringList{"--template", "T"} << "--messages";
        QTest::newRow("unknown option")
            << QStringList{"--template", "T", "--messages", "CONV", "--bogus"} << "--bogus";
    }

    void errors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QMap<QString, QString> files = {
            {"T", write("t.jinja", "{{ messages | length }}")},
            {"BROKEN", write("broken.jinja", "{% for m in messages %}\n{% endfro %}")},
            {"UNDEF", write("undef.jinja", "{{ nothing.at_all }}")},
            {"CONV", write("conv.json", kConversation)},
            {"BADJSON", write("bad.json", "[{\"role\": \"user\",]")},
            {"OBJECT", write("object.json", "{\"role\": \"user\"}")},
            {"NOROLE", write("norole.json", "[{\"content\": \"x\"}]")},
            {"M", write("m.gguf", "")},
        };
        QStringList resolved;
        for (const QString& a : args) {
            resolved << files.value(a, a);
        }
        const auto r = run(resolved);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

private:
    hearth::test::ProcessResult run(const QStringList& args) {
        return runProgram(binaryPath("hearth-cli"), QStringList{"template"} + args);
    }

    QString write(const QString& name, const QByteArray& content) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(content);
        }
        return path;
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestCliTemplate)
#include "test_cli_template.moc"
