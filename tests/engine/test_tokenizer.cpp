// SPDX-License-Identifier: GPL-3.0-or-later
// Tokenizers on the reference vocabularies: every test vector token for token, round trips,
// Unicode, special tokens, BOS/EOS and end-of-generation tokens, detokenization rules.

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/tokenizer/tokenizer.h"
#include "tests/common/testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace hearth;
using tok::Tokenizer;

namespace {

const char* const kVocabs[] = {"llama-spm", "phi-3", "gpt-2", "llama3", "qwen3"};
constexpr std::string_view kSeparator = "\n__ggml_vocab_test__\n";

std::string vocabPath(const std::string& name) {
    return hearth::test::testDataPath(QString::fromStdString("vocab/ggml-vocab-" + name + ".gguf"))
        .toStdString();
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return f.readAll().toStdString();
}

// The texts of a .inp file and the expected ids of the .out file.
struct Vectors {
    std::vector<std::string> texts;
    std::vector<std::vector<int32_t>> ids;
};

Vectors readVectors(const std::string& name) {
    Vectors v;
    const std::string inp = readAll(vocabPath(name) + ".inp");
    for (std::size_t pos = 0;;) {
        const std::size_t hit = inp.find(kSeparator, pos);
        if (hit == std::string::npos) {
            break;
        }
        v.texts.push_back(inp.substr(pos, hit - pos));
        pos = hit + kSeparator.size();
    }
    const QList<QByteArray> lines =
        QByteArray::fromStdString(readAll(vocabPath(name) + ".out")).split('\n');
    for (qsizetype i = 0; i < lines.size() && v.ids.size() < v.texts.size(); ++i) {
        std::vector<int32_t> ids;
        for (const QByteArray& n : lines[i].split(' ')) {
            if (!n.isEmpty()) {
                ids.push_back(n.toInt());
            }
        }
        v.ids.push_back(ids);
    }
    return v;
}

QByteArray show(const std::vector<int32_t>& ids) {
    QByteArray s;
    for (int32_t id : ids) {
        s += ' ' + QByteArray::number(id);
    }
    return s;
}

std::vector<std::string> pieces(const Tokenizer& t, const std::vector<int32_t>& ids) {
    std::vector<std::string> out;
    for (int32_t id : ids) {
        out.push_back(t.tokenToPiece(id, true));
    }
    return out;
}

// Texts every tokenizer must give back exactly (no " ," or " '" that BPE clean-up removes).
const char* const kRoundTripTexts[] = {
    "Hello world",
    " leading space and trailing space ",
    "   many   spaces\t\ttabs\n\n\nnewlines\r\n",
    "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xED\x85\x8D\xEC\x8A\xA4\xED\x8A\xB8",        // Hangul
    "family: \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", // ZWJ emoji
    ("cafe\xCC\x81 na\xCC\x88ive Z\xCC\xB6\xCC\x8D\xCD\x84"
     "a\xCC\xB7lgo"), // combining
    "\xD0\xBD\xD0\xB5\xD1\x89\xD0\xBE \xE0\xB8\x81\xE0\xB8\xB2\xE0\xB8\xA3 "
    "\xE4\xB8\xAD\xE6\x96\x87",
    "12345678901234567890 3.14159 1,000,000",
    "code: if (x <= 10) { return y->z[0]; } // done",
    "\xF0\x9F\xA6\x99\xF0\x9F\xA6\x99\xF0\x9F\xA6\x99 \xE2\x9C\x85",
};

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

    std::map<std::string, std::unique_ptr<gguf::File>> files_;
    std::map<std::string, std::unique_ptr<Tokenizer>> toks_;

    const Tokenizer& tok(const std::string& name) { return *toks_.at(name); }

private slots:
    void initTestCase() {
        HEARTH_REQUIRE_TESTDATA();
        for (const char* name : kVocabs) {
            files_[name] = gguf::File::open(vocabPath(name));
            toks_[name] = Tokenizer::fromGguf(*files_[name]);
        }
    }

    void vectors_data() {
        QTest::addColumn<QString>("vocab");
        for (const char* name : kVocabs) {
            QTest::newRow(name) << QString::fromLatin1(name);
        }
    }

    void vectors() {
        QFETCH(QString, vocab);
        const std::string name = vocab.toStdString();
        const Vectors v = readVectors(name);
        QVERIFY(v.texts.size() >= 40);
        QCOMPARE(v.ids.size(), v.texts.size());
        int failures = 0;
        for (std::size_t i = 0; i < v.texts.size(); ++i) {
            const std::vector<int32_t> got = tok(name).encode(v.texts[i], false, false);
            if (got != v.ids[i]) {
                ++failures;
                qWarning("%s #%zu \"%s\"\n  got:     %s\n  expected:%s", name.c_str(), i,
                         v.texts[i].c_str(), show(got).constData(), show(v.ids[i]).constData());
            }
        }
        QCOMPARE(failures, 0);
    }

    void roundTrip_data() { vectors_data(); }

    void roundTrip() {
        QFETCH(QString, vocab);
        const Tokenizer& t = tok(vocab.toStdString());
        for (const char* text : kRoundTripTexts) {
            for (bool addSpecial : {false, true}) {
                const std::vector<int32_t> ids = t.encode(text, addSpecial, false);
                for (int32_t id : ids) {
                    QVERIFY(id >= 0 && static_cast<std::size_t>(id) < t.size());
                }
                QCOMPARE(QByteArray::fromStdString(t.decode(ids)), QByteArray(text));
            }
        }
        // Every test vector except those the BPE clean-up changes on purpose.
        for (const std::string& text : readVectors(vocab.toStdString()).texts) {
            const std::string back = t.decode(t.encode(text, false, false));
            if (t.vocab().cleanSpaces && back != text) {
                continue;
            }
            QCOMPARE(QByteArray::fromStdString(back), QByteArray::fromStdString(text));
        }
    }

    void invalidUtf8_data() { vectors_data(); }

    void invalidUtf8() {
        QFETCH(QString, vocab);
        const Tokenizer& t = tok(vocab.toStdString());
        const std::string bad[] = {
            std::string("\xFF\xFE", 2),         std::string("ab\xC3", 3),
            std::string("\xE2\x82", 2),         std::string("x\xED\xA0\x80y", 5),
            std::string("\xF4\x90\x80\x80", 4), std::string("\xC0\xAF ok \x80\x80", 8),
            std::string("nul\0byte", 8),
        };
        for (const std::string& text : bad) {
            const std::vector<int32_t> ids = t.encode(text, false, false);
            QVERIFY(!ids.empty());
            // Byte fallback (SPM) and byte-level BPE both keep every byte.
            QCOMPARE(QByteArray::fromStdString(t.decode(ids)), QByteArray::fromStdString(text));
        }
    }

    void spmByteFallback() {
        const Tokenizer& t = tok("llama-spm");
        // U+1F999 is not in the vocabulary: four byte tokens after the space prefix.
        const std::vector<int32_t> ids = t.encode("\xF0\x9F\xA6\x99", false, false);
        const std::vector<std::string> want = {"<0xF0>", "<0x9F>", "<0xA6>", "<0x99>"};
        QCOMPARE(ids.size(), want.size() + 1);
        QCOMPARE(t.tokenText(ids[0]), std::string_view("\xE2\x96\x81"));
        for (std::size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(t.tokenText(ids[i + 1]), std::string_view(want[i]));
        }
        QCOMPARE(t.tokenToPiece(*t.find("<0x0A>")), std::string("\n"));
        QCOMPARE(t.tokenToPiece(*t.find("\xE2\x96\x81Hello")), std::string(" Hello"));
    }

    void spmSpacePrefix() {
        const Tokenizer& t = tok("llama-spm");
        QVERIFY(t.stripsLeadingSpace());
        const std::vector<int32_t> ids = t.encode("Hello", false, false);
        QCOMPARE(ids, std::vector<int32_t>{*t.find("\xE2\x96\x81Hello")});
        QCOMPARE(t.decode(ids), std::string("Hello"));
        // The space prefix is also added after a special token.
        const std::vector<int32_t> s = t.encode("<s>Hello", false, true);
        QCOMPARE(s, (std::vector<int32_t>{1, *t.find("\xE2\x96\x81Hello")}));
    }

    void bpePreTokenizers() {
        // \s+(?!\S): a run of spaces gives its last space to the next word.
        const Tokenizer& l3 = tok("llama3");
        QCOMPARE(pieces(l3, l3.encode("a   b", false, false)),
                 (std::vector<std::string>{"a", "  ", " b"}));
        // Llama 3 groups up to three digits, Qwen2 takes them one by one.
        QCOMPARE(pieces(l3, l3.encode("1234567", false, false)),
                 (std::vector<std::string>{"123", "456", "7"}));
        const Tokenizer& qw = tok("qwen3");
        QCOMPARE(pieces(qw, qw.encode("2024", false, false)),
                 (std::vector<std::string>{"2", "0", "2", "4"}));
        // Contractions: case-insensitive for Llama 3, lower case only for GPT-2.
        const std::vector<std::string> l3Caps = pieces(l3, l3.encode("I'M", false, false));
        QCOMPARE(l3Caps.back(), std::string("'M"));
        const Tokenizer& g2 = tok("gpt-2");
        QCOMPARE(pieces(g2, g2.encode("it's", false, false)),
                 (std::vector<std::string>{"it", "'s"}));
        QVERIFY(pieces(g2, g2.encode("IT'S", false, false)).back() != "'S");
    }

    void specialTokensOnlyWhenAsked() {
        const Tokenizer& t = tok("llama3");
        const int32_t eot = *t.find("<|eot_id|>");
        QCOMPARE(t.encode("<|eot_id|>", false, true), std::vector<int32_t>{eot});
        const std::vector<int32_t> plain = t.encode("<|eot_id|>", false, false);
        QVERIFY(plain.size() > 1);
        QVERIFY(std::find(plain.begin(), plain.end(), eot) == plain.end());
        QCOMPARE(t.decode(plain), std::string("<|eot_id|>"));
        const std::vector<int32_t> mixed = t.encode("Hi<|eot_id|> there", false, true);
        QCOMPARE(mixed[1], eot);
        QCOMPARE(t.decode(mixed), std::string("Hi there"));
        QCOMPARE(t.decode(mixed, true), std::string("Hi<|eot_id|> there"));
    }

    void userDefinedTokensAlwaysSplit() {
        // Qwen's <think> is user-defined: recognised even in plain text; <|im_end|> is control.
        const Tokenizer& t = tok("qwen3");
        const int32_t think = *t.find("<think>");
        QCOMPARE(t.encode("<think>", false, false), std::vector<int32_t>{think});
        QCOMPARE(t.tokenToPiece(think), std::string("<think>"));
        QVERIFY(t.encode("<|im_end|>", false, false).size() > 1);
        // The fill-in-the-middle tokens count as control tokens.
        QVERIFY(t.isControl(*t.find("<|fim_prefix|>")));
        QVERIFY(t.encode("<|fim_prefix|>", false, false).size() > 1);
    }

    void phi3StripsAfterSpecialTokens() {
        const Tokenizer& t = tok("phi-3");
        const int32_t user = *t.find("<|user|>");
        const std::vector<int32_t> a = t.encode("<|user|>\n  Hi", false, true);
        QCOMPARE(a, t.encode("<|user|>Hi", false, true));
        QCOMPARE(a.front(), user);
        // </s> is user-defined in this vocabulary: split out even without parsing specials,
        // and it strips the whitespace after it too.
        const int32_t eosText = *t.find("</s>");
        QCOMPARE(t.encode("a</s>   b", false, false),
                 (std::vector<int32_t>{t.encode("a", false, false)[0], eosText,
                                       t.encode("b", false, false)[0]}));
        // <|endoftext|> keeps the space after it.
        QVERIFY(t.encode("<|endoftext|> b", false, true) !=
                t.encode("<|endoftext|>b", false, true));
    }

    void bosEos() {
        QVERIFY(tok("llama-spm").addBos());
        QCOMPARE(tok("llama-spm").encode("Hi", true, false).front(), 1);
        QCOMPARE(tok("llama-spm").encode("", true, false), std::vector<int32_t>{1});
        QVERIFY(tok("llama-spm").encode("", false, false).empty());
        QVERIFY(!tok("gpt-2").addBos());
        QCOMPARE(tok("gpt-2").encode("Hi", true, false), tok("gpt-2").encode("Hi", false, false));
        QVERIFY(tok("llama3").addBos());
        QCOMPARE(tok("llama3").encode("Hi", true, false).front(), 128000);
        QVERIFY(!tok("qwen3").addBos());
        QCOMPARE(tok("qwen3").bos(), 151643);
        for (const char* name : kVocabs) {
            QVERIFY(!tok(name).addEos());
            const auto ids = tok(name).encode("Hi", true, false);
            QVERIFY(ids.back() != tok(name).eos());
        }
    }

    void endOfGeneration() {
        const Tokenizer& l3 = tok("llama3");
        QCOMPARE(l3.eos(), 128009);
        QCOMPARE(l3.eot().value(), 128009);
        QVERIFY(l3.isEndOfGeneration(128009));
        QVERIFY(l3.isEndOfGeneration(*l3.find("<|end_of_text|>")));
        QVERIFY(!l3.find("<|eom_id|>").has_value()); // Llama 3.0 has no end-of-message token
        QVERIFY(!l3.isEndOfGeneration(128000));
        QVERIFY(!l3.isEndOfGeneration(*l3.find("Hello")));
        const Tokenizer& qw = tok("qwen3");
        QCOMPARE(qw.eot().value(), *qw.find("<|im_end|>"));
        QVERIFY(qw.isEndOfGeneration(*qw.find("<|endoftext|>")));
        QVERIFY(qw.isEndOfGeneration(*qw.find("<|im_end|>")));
        const Tokenizer& phi = tok("phi-3");
        QCOMPARE(phi.eot().value(), *phi.find("<|end|>"));
        QVERIFY(phi.isEndOfGeneration(32000));
        QVERIFY(phi.isControl(*phi.find("<|end|>")));
        QVERIFY(!tok("llama-spm").eot().has_value());
        QVERIFY(tok("llama-spm").isEndOfGeneration(2));
        QCOMPARE(tok("gpt-2").eot().value(), 50256);
    }

    void tokenPieces() {
        const Tokenizer& g2 = tok("gpt-2");
        QCOMPARE(g2.tokenToPiece(*g2.find("\xC4\xA0world")), std::string(" world"));
        QCOMPARE(g2.tokenToPiece(50256), std::string());
        QCOMPARE(g2.tokenToPiece(50256, true), std::string("<|endoftext|>"));
        QCOMPARE(g2.tokenText(50256), std::string_view("<|endoftext|>"));
        QCOMPARE(g2.tokenText(-1), std::string_view());
        QVERIFY_THROWS_EXCEPTION(Error, g2.tokenToPiece(-1));
        QVERIFY_THROWS_EXCEPTION(Error, g2.tokenToPiece(static_cast<int32_t>(g2.size())));
        const std::vector<int32_t> bad = {1, 2, 1 << 30};
        QVERIFY_THROWS_EXCEPTION(Error, g2.decode(bad));
        QCOMPARE(g2.model(), std::string_view("gpt2"));
        QCOMPARE(g2.pre(), std::string_view("gpt-2"));
        QCOMPARE(tok("llama-spm").model(), std::string_view("llama"));
        QCOMPARE(tok("llama3").size(), std::size_t{128256});
    }

    void bpeCleanUp() {
        const Tokenizer& g2 = tok("gpt-2");
        const std::string text = "Hello , world ! Is it ? Yes . I 'm sure he 's ok ' quoted ' ";
        QCOMPARE(g2.decode(g2.encode(text, false, false)),
                 std::string("Hello, world! Is it? Yes. I'm sure he's ok'quoted'"));
        // Qwen2 does not clean up.
        const Tokenizer& qw = tok("qwen3");
        QCOMPARE(qw.decode(qw.encode(text, false, false)), text);
    }

    void longInputs_data() { vectors_data(); }

    void longInputs() {
        QFETCH(QString, vocab);
        const Tokenizer& t = tok(vocab.toStdString());
        // No spaces at all: one huge word. Must be fast (n log n), not quadratic.
        constexpr std::size_t kLength = 200000;
        std::string word(kLength, 'a');
        for (std::size_t i = 0; i < kLength; ++i) {
            word[i] = "abcdefghij"[(i * 7) % 10];
        }
        QElapsedTimer timer;
        timer.start();
        const std::vector<int32_t> ids = t.encode(word, false, false);
        QVERIFY(!ids.empty());
        QCOMPARE(t.decode(ids), word);
        // A long run of one character and a long run of spaces.
        const std::string same(kLength, 'x');
        QCOMPARE(t.decode(t.encode(same, false, false)), same);
        const std::string spaces = "a" + std::string(kLength, ' ') + "b";
        QCOMPARE(t.decode(t.encode(spaces, false, false)), spaces);
        qInfo("%s: %lld ms", qPrintable(vocab), static_cast<long long>(timer.elapsed()));
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
