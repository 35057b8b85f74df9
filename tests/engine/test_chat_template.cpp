// SPDX-License-Identifier: GPL-3.0-or-later
// Chat templates against the real ones: every template in the shared test data must render every
// conversation of its .expected.json exactly as Hugging Face's renderer did, or raise the same
// error. Also the ChatFormatter on top of them: family detection, stop strings, the Gemma fold of
// a system message, BOS stripping, and the built-in fallbacks.

#include "engine/chat/chat_formatter.h"
#include "engine/chat/template.h"
#include "tests/common/testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cstdlib>
#include <ctime>

using namespace hearth::chat;

namespace {

/// The expected renderings were made on 2026-11-28; noon UTC is that day in the test's TZ=UTC.
constexpr std::time_t kRenderDay = 1795867200;
/// Every real template listed in the test data's README.
constexpr int kTemplateCount = 11;

std::string readFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return f.readAll().toStdString();
}

QString templatesDir() {
    return hearth::test::testDataPath("templates");
}

std::vector<Message> toMessages(const QJsonArray& array) {
    std::vector<Message> out;
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        out.push_back({o.value("role").toString().toStdString(),
                       o.value("content").toString().toStdString()});
    }
    return out;
}

} // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        qputenv("TZ", "UTC");
        tzset();
    }

    void realTemplates_data() {
        QTest::addColumn<QString>("templateFile");
        QTest::addColumn<QString>("caseName");
        if (!hearth::test::testDataAvailable()) {
            return;
        }
        const QStringList files = QDir(templatesDir()).entryList({"*.jinja"}, QDir::Files);
        for (const QString& file : files) {
            const QString expected =
                templatesDir() + "/" + QString(file).replace(".jinja", ".expected.json");
            const QJsonArray cases =
                QJsonDocument::fromJson(QByteArray::fromStdString(readFile(expected))).array();
            for (const QJsonValue& c : cases) {
                const QString name = c.toObject().value("case").toString();
                QTest::newRow(qPrintable(file + ":" + name)) << file << name;
            }
        }
    }

    void realTemplates() {
        HEARTH_REQUIRE_TESTDATA();
        QFETCH(QString, templateFile);
        QFETCH(QString, caseName);
        const QString path = templatesDir() + "/" + templateFile;
        const std::string source = readFile(path);
        QVERIFY2(!source.empty(), qPrintable(path));
        const QJsonArray cases =
            QJsonDocument::fromJson(QByteArray::fromStdString(readFile(
                                        QString(path).replace(".jinja", ".expected.json"))))
                .array();
        QJsonObject c;
        for (const QJsonValue& v : cases) {
            if (v.toObject().value("case").toString() == caseName) {
                c = v.toObject();
            }
        }
        QVERIFY(!c.isEmpty());

        RenderOptions options;
        options.addGenerationPrompt = c.value("add_generation_prompt").toBool();
        options.bosToken = c.value("bos_token").toString().toStdString();
        options.eosToken = c.value("eos_token").toString().toStdString();
        options.now = kRenderDay;
        const Template tpl(source);
        const std::vector<Message> messages = toMessages(c.value("messages").toArray());

        if (!c.value("error").isNull()) {
            const std::string expectedError = c.value("error").toString().toStdString();
            try {
                tpl.render(messages, options);
                QFAIL("the template should have raised an error");
            } catch (const TemplateRaised& e) {
                QCOMPARE(e.detail(), expectedError);
                QVERIFY(e.line() > 0);
            }
            return;
        }
        const std::string rendered = tpl.render(messages, options);
        const std::string expected = c.value("expected").toString().toStdString();
        if (rendered != expected) {
            qWarning("got:      %s", rendered.c_str());
            qWarning("expected: %s", expected.c_str());
        }
        QCOMPARE(QString::fromStdString(rendered), QString::fromStdString(expected));
    }

    void everyTemplateIsCovered() {
        HEARTH_REQUIRE_TESTDATA();
        const QStringList files = QDir(templatesDir()).entryList({"*.jinja"}, QDir::Files);
        QCOMPARE(files.size(), kTemplateCount);
        for (const QString& f : files) {
            QVERIFY2(QFile::exists(templatesDir() + "/" +
                                   QString(f).replace(".jinja", ".expected.json")),
                     qPrintable(f));
        }
    }

    void familiesOfRealTemplates_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("family");
        QTest::newRow("llama3") << "meta-llama-Meta-Llama-3-8B-Instruct.jinja"
                                << "llama3";
        QTest::newRow("llama3.1") << "meta-llama-Llama-3.1-8B-Instruct.jinja"
                                  << "llama3";
        QTest::newRow("qwen2.5") << "Qwen-Qwen2.5-7B-Instruct.jinja"
                                 << "chatml";
        QTest::newRow("qwen3") << "Qwen-Qwen3-0.6B.jinja"
                               << "chatml";
        QTest::newRow("smollm3") << "HuggingFaceTB-SmolLM3-3B.jinja"
                                 << "chatml";
        QTest::newRow("gemma2") << "google-gemma-2-2b-it.jinja"
                                << "gemma";
        QTest::newRow("gemma3") << "google-gemma-3-it.jinja"
                                << "gemma";
        QTest::newRow("phi3.5") << "microsoft-Phi-3.5-mini-instruct.jinja"
                                << "phi3";
        QTest::newRow("nemo") << "mistralai-Mistral-Nemo-Instruct-2407.jinja"
                              << "mistral-v3-tekken";
        QTest::newRow("deepseek") << "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja"
                                  << "deepseek";
    }

    void familiesOfRealTemplates() {
        HEARTH_REQUIRE_TESTDATA();
        QFETCH(QString, file);
        QFETCH(QString, family);
        const std::string source = readFile(templatesDir() + "/" + file);
        QVERIFY(!source.empty());
        QCOMPARE(QString::fromUtf8(familyName(detectFamily(source)).data()), family);
        const ChatFormatter f(source, "llama", "<s>", "</s>");
        QVERIFY(!f.usingBuiltin());
        QVERIFY(f.warning().empty());
        QVERIFY(f.builtinName().empty());
        QVERIFY(!f.stopStrings().empty());
    }

    void gemmaSystemMessageIsFolded() {
        HEARTH_REQUIRE_TESTDATA();
        const std::string gemma2 = readFile(templatesDir() + "/google-gemma-2-2b-it.jinja");
        ChatFormatter f(gemma2, "gemma2", "<bos>", "<eos>");
        const std::vector<Message> conversation = {{"system", "You are a helpful assistant."},
                                                   {"user", "What is 2+2?"},
                                                   {"assistant", "2+2 = 4."},
                                                   {"user", "And 3+3?"}};
        // The template alone rejects the system role...
        QVERIFY_THROWS_EXCEPTION(TemplateRaised,
                                 f.activeTemplate().render(conversation, f.renderOptions(true)));
        // ...the formatter folds it into the first user turn, as Gemma 3's own template does.
        const std::string folded = f.format(conversation, true, false);
        QCOMPARE(QString::fromStdString(folded),
                 QString("<bos><start_of_turn>user\nYou are a helpful assistant.\n\nWhat is 2+2?"
                         "<end_of_turn>\n<start_of_turn>model\n2+2 = 4.<end_of_turn>\n"
                         "<start_of_turn>user\nAnd 3+3?<end_of_turn>\n<start_of_turn>model\n"));
        const std::string gemma3 = readFile(templatesDir() + "/google-gemma-3-it.jinja");
        QCOMPARE(folded, Template(gemma3).render(conversation, f.renderOptions(true)));
        // The tokenizer adds BOS itself: the text must not start with a second one.
        QVERIFY(f.format(conversation, true, true).rfind("<start_of_turn>user\n", 0) == 0);
        QCOMPARE(f.stopStrings(), (std::vector<std::string>{"<end_of_turn>", "<eos>"}));
    }

    void otherRaisesAreNotFolded() {
        HEARTH_REQUIRE_TESTDATA();
        const std::string gemma2 = readFile(templatesDir() + "/google-gemma-2-2b-it.jinja");
        const ChatFormatter f(gemma2, "gemma2", "<bos>", "<eos>");
        try {
            f.format({{"user", "a"}, {"user", "b"}}, true, false);
            QFAIL("roles that do not alternate must be rejected");
        } catch (const TemplateRaised& e) {
            QVERIFY(e.detail().find("must alternate") != std::string::npos);
        }
    }

    void llama32UsesTheInjectedDate() {
        HEARTH_REQUIRE_TESTDATA();
        ChatFormatter f(readFile(templatesDir() + "/meta-llama-Llama-3.2-3B-Instruct.jinja"),
                        "llama", "<|begin_of_text|>", "<|eot_id|>");
        f.setNow(kRenderDay);
        const std::string text = f.format({{"user", "Hi"}}, true, true);
        QVERIFY(text.find("Today Date: 28 Nov 2026\n") != std::string::npos);
        QVERIFY(text.rfind("<|start_header_id|>system", 0) == 0); // BOS stripped
    }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"
