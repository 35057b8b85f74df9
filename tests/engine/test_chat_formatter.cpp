// SPDX-License-Identifier: GPL-3.0-or-later
// ChatFormatter without a model template: the built-in format of every family renders the forms
// of llama.cpp's built-in templates, the family is chosen from the architecture and tokens, a
// warning says so, and stop strings, BOS stripping and the system fold behave.

#include "engine/chat/chat_formatter.h"

#include <QtTest>

using namespace hearth::chat;

namespace {

const std::vector<Message>& conversation() {
    static const std::vector<Message> messages = {
        {"system", "Sys"}, {"user", "Hi"}, {"assistant", "Hello"}, {"user", "Bye"}};
    return messages;
}

std::string renderBuiltin(ChatFamily family, const std::string& bos, bool generationPrompt) {
    RenderOptions o;
    o.bosToken = bos;
    o.addGenerationPrompt = generationPrompt;
    return Template(builtinTemplate(family)).render(conversation(), o);
}

} // namespace

class TestChatFormatter : public QObject {
    Q_OBJECT

private slots:
    void builtinForms_data() {
        QTest::addColumn<int>("family");
        QTest::addColumn<QString>("bos");
        QTest::addColumn<QString>("expected");
        QTest::newRow("chatml")
            << int(ChatFamily::ChatML) << ""
            << "<|im_start|>system\nSys<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
               "<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>user\nBye"
               "<|im_end|>\n<|im_start|>assistant\n";
        QTest::newRow("llama3")
            << int(ChatFamily::Llama3) << "<|begin_of_text|>"
            << "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nSys<|eot_id|>"
               "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
               "<|start_header_id|>assistant<|end_header_id|>\n\nHello<|eot_id|>"
               "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
               "<|start_header_id|>assistant<|end_header_id|>\n\n";
        QTest::newRow("phi3") << int(ChatFamily::Phi3) << "<s>"
                              << "<|system|>\nSys<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello"
                                 "<|end|>\n<|user|>\nBye<|end|>\n<|assistant|>\n";
        QTest::newRow("gemma") << int(ChatFamily::Gemma) << "<bos>"
                               << "<bos><start_of_turn>user\nSys\n\nHi<end_of_turn>\n"
                                  "<start_of_turn>model\nHello<end_of_turn>\n"
                                  "<start_of_turn>user\nBye<end_of_turn>\n<start_of_turn>model\n";
        QTest::newRow("mistral-v1") << int(ChatFamily::MistralV1) << "<s>"
                                    << "<s> [INST] Sys\n\nHi [/INST] Hello</s> [INST] Bye [/INST]";
        QTest::newRow("mistral-v3") << int(ChatFamily::MistralV3) << "<s>"
                                    << "<s>[INST] Sys\n\nHi[/INST] Hello</s>[INST] Bye[/INST]";
        QTest::newRow("mistral-v3-tekken") << int(ChatFamily::MistralV3Tekken) << "<s>"
                                           << "<s>[INST]Sys\n\nHi[/INST]Hello</s>[INST]Bye[/INST]";
        QTest::newRow("mistral-v7") << int(ChatFamily::MistralV7) << "<s>"
                                    << "<s>[SYSTEM_PROMPT] Sys[/SYSTEM_PROMPT][INST] Hi[/INST] "
                                       "Hello</s>[INST] Bye[/INST]";
        QTest::newRow("llama2") << int(ChatFamily::Llama2) << "<s>"
                                << "<s>[INST] <<SYS>>\nSys\n<</SYS>>\n\nHi [/INST]Hello</s>[INST] "
                                   "Bye [/INST]";
        QTest::newRow("deepseek") << int(ChatFamily::DeepSeek) << ""
                                  << "Sys\n\n<｜User｜>Hi<｜Assistant｜>Hello<｜end▁of▁sentence｜>"
                                     "<｜User｜>Bye<｜Assistant｜>";
    }

    void builtinForms() {
        QFETCH(int, family);
        QFETCH(QString, bos);
        QFETCH(QString, expected);
        const auto f = static_cast<ChatFamily>(family);
        QCOMPARE(QString::fromStdString(renderBuiltin(f, bos.toStdString(), true)), expected);
        // The built-in template is recognised as its own family.
        QCOMPARE(detectFamily(builtinTemplate(f)), f);
    }

    void generationPromptIsOptional() {
        const std::string with = renderBuiltin(ChatFamily::ChatML, "", true);
        const std::string without = renderBuiltin(ChatFamily::ChatML, "", false);
        QCOMPARE(with, without + "<|im_start|>assistant\n");
    }

    void fallbackByArchitecture_data() {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<QString>("bos");
        QTest::addColumn<QString>("eos");
        QTest::addColumn<QString>("family");
        QTest::newRow("qwen2") << "qwen2"
                               << ""
                               << "<|im_end|>"
                               << "chatml";
        QTest::newRow("qwen3") << "qwen3"
                               << ""
                               << "<|im_end|>"
                               << "chatml";
        QTest::newRow("llama 3") << "llama"
                                 << "<|begin_of_text|>"
                                 << "<|eot_id|>"
                                 << "llama3";
        QTest::newRow("llama 2") << "llama"
                                 << "<s>"
                                 << "</s>"
                                 << "llama2";
        QTest::newRow("phi3") << "phi3"
                              << "<s>"
                              << "<|endoftext|>"
                              << "phi3";
        QTest::newRow("gemma") << "gemma"
                               << "<bos>"
                               << "<eos>"
                               << "gemma";
        QTest::newRow("gemma2") << "gemma2"
                                << "<bos>"
                                << "<eos>"
                                << "gemma";
        QTest::newRow("unknown") << "mamba"
                                 << ""
                                 << ""
                                 << "chatml";
    }

    void fallbackByArchitecture() {
        QFETCH(QString, architecture);
        QFETCH(QString, bos);
        QFETCH(QString, eos);
        QFETCH(QString, family);
        const ChatFormatter f("", architecture.toStdString(), bos.toStdString(), eos.toStdString());
        QVERIFY(f.usingBuiltin());
        QCOMPARE(QString::fromStdString(f.builtinName()), family);
        QVERIFY(QString::fromStdString(f.warning()).contains("no chat template"));
        QVERIFY(QString::fromStdString(f.warning()).contains(family));
        QVERIFY(!f.format({{"user", "x"}}, true, false).empty());
    }

    void brokenTemplateFallsBack() {
        const ChatFormatter f("{{ '<|im_start|>' + }}", "llama", "<s>", "</s>");
        QVERIFY(f.usingBuiltin());
        QCOMPARE(f.builtinName(), std::string("chatml"));
        QVERIFY(QString::fromStdString(f.warning()).contains("cannot be used"));
        QCOMPARE(f.format({{"user", "x"}}, false, false),
                 std::string("<|im_start|>user\nx<|im_end|>\n"));
    }

    void modelTemplateIsUsed() {
        const ChatFormatter f("{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}"
                              "{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}",
                              "llama", "<s>", "</s>");
        QVERIFY(!f.usingBuiltin());
        QVERIFY(f.warning().empty());
        QCOMPARE(f.family(), ChatFamily::Unknown);
        QCOMPARE(f.format({{"user", "a"}}, true, false), std::string("<s><user>a<assistant>"));
        QCOMPARE(f.format({{"user", "a"}}, false, true), std::string("<user>a"));
        QCOMPARE(f.stopStrings(), std::vector<std::string>{"</s>"});
    }

    void stopStrings() {
        QCOMPARE(ChatFormatter("", "qwen2", "", "<|im_end|>").stopStrings(),
                 std::vector<std::string>{"<|im_end|>"});
        QCOMPARE(ChatFormatter("", "llama", "<|begin_of_text|>", "<|end_of_text|>").stopStrings(),
                 (std::vector<std::string>{"<|eot_id|>", "<|eom_id|>", "<|end_of_text|>"}));
        QCOMPARE(ChatFormatter("", "phi3", "<s>", "<|endoftext|>").stopStrings(),
                 (std::vector<std::string>{"<|end|>", "<|endoftext|>"}));
    }

    void systemFold() {
        QCOMPARE(foldSystemIntoFirstUser(conversation()).front().content, std::string("Sys\n\nHi"));
        QCOMPARE(foldSystemIntoFirstUser(conversation()).size(), std::size_t{3});
        const auto onlySystem = foldSystemIntoFirstUser({{"system", "S"}});
        QCOMPARE(onlySystem.size(), std::size_t{1});
        QCOMPARE(onlySystem[0].role, std::string("user"));
        QCOMPARE(onlySystem[0].content, std::string("S"));
        const auto noSystem = foldSystemIntoFirstUser({{"user", "U"}});
        QCOMPARE(noSystem[0].content, std::string("U"));
    }

    void foldsOnlyWhenTheTemplateRaises() {
        const std::string strict =
            "{% if messages[0].role == 'system' %}{{ raise_exception('System role not supported') "
            "}}{% endif %}{% for m in messages %}[{{ m.role }}:{{ m.content }}]{% endfor %}";
        const ChatFormatter f(strict, "gemma", "", "");
        QCOMPARE(f.format({{"system", "S"}, {"user", "U"}}, true, false),
                 std::string("[user:S\n\nU]"));
        QCOMPARE(f.format({{"user", "U"}}, true, false), std::string("[user:U]"));
    }
};

QTEST_GUILESS_MAIN(TestChatFormatter)
#include "test_chat_formatter.moc"
