// SPDX-License-Identifier: GPL-3.0-or-later
// Tokenizer vocabularies built by hand: loading checks and their error messages, the merge
// order of both algorithms, flags, the default pre-tokenizer.

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/writer.h"
#include "engine/tokenizer/bpe.h"
#include "engine/tokenizer/tokenizer.h"

#include <QtTest>

#include <memory>
#include <string>
#include <vector>

using namespace hearth;
using gguf::Value;
using tok::Tokenizer;

namespace {

constexpr std::string_view kSpace = "\xE2\x96\x81";

// A GGUF image kept alive together with the File that reads it.
struct Image {
    std::vector<uint8_t> bytes;
    std::unique_ptr<gguf::File> file;
};

Image makeImage(const gguf::Writer& w) {
    Image img;
    img.bytes = w.toBytes();
    img.file = gguf::File::fromMemory(img.bytes, "vocab.gguf");
    return img;
}

std::string sp(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ') {
            out += kSpace;
        } else {
            out += c;
        }
    }
    return out;
}

// A small SentencePiece vocabulary: <unk> <s> </s>, all 256 byte tokens, then `pieces` with
// their scores.
gguf::Writer spmWriter(const std::vector<std::pair<std::string, float>>& pieces) {
    std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
    std::vector<float> scores = {0, 0, 0};
    std::vector<int32_t> types = {2, 3, 3};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        tokens.emplace_back(name);
        scores.push_back(0);
        types.push_back(6);
    }
    for (const auto& [text, score] : pieces) {
        tokens.push_back(sp(text));
        scores.push_back(score);
        types.push_back(1);
    }
    gguf::Writer w;
    w.set("tokenizer.ggml.model", Value::string("llama"));
    w.set("tokenizer.ggml.tokens", Value::stringArray(tokens));
    w.set("tokenizer.ggml.scores", Value::f32Array(scores));
    w.set("tokenizer.ggml.token_type", Value::i32Array(types));
    return w;
}

// A small byte-level BPE vocabulary: every byte's character, then the merge results.
gguf::Writer bpeWriter(const std::vector<std::string>& merges, const std::string& pre,
                       const std::vector<std::string>& extra = {}) {
    std::vector<std::string> tokens = extra;
    for (int b = 0; b < 256; ++b) {
        std::string s;
        const char32_t cp = tok::byteToUnicode(static_cast<uint8_t>(b));
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
        tokens.push_back(s);
    }
    for (const std::string& m : merges) {
        std::string joined = m;
        joined.erase(joined.find(' '), 1);
        tokens.push_back(joined);
    }
    tokens.emplace_back("<|endoftext|>");
    std::vector<int32_t> types(tokens.size(), 1);
    types.back() = 3;
    gguf::Writer w;
    w.set("tokenizer.ggml.model", Value::string("gpt2"));
    if (!pre.empty()) {
        w.set("tokenizer.ggml.pre", Value::string(pre));
    }
    w.set("tokenizer.ggml.tokens", Value::stringArray(tokens));
    w.set("tokenizer.ggml.token_type", Value::i32Array(types));
    w.set("tokenizer.ggml.merges", Value::stringArray(merges));
    w.set("tokenizer.ggml.eos_token_id", Value::u32(static_cast<uint32_t>(tokens.size() - 1)));
    return w;
}

std::vector<std::string> texts(const Tokenizer& t, const std::vector<int32_t>& ids) {
    std::vector<std::string> out;
    for (int32_t id : ids) {
        out.emplace_back(t.tokenText(id));
    }
    return out;
}

QString errorOf(const gguf::Writer& w) {
    try {
        const Image img = makeImage(w);
        Tokenizer::fromGguf(*img.file);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestTokenizerVocab : public QObject {
    Q_OBJECT

private slots:
    void spmMergesByScore() {
        // "ab" scores better than "bc": "abc" -> "ab" "c".
        const Image img = makeImage(spmWriter({{"a", -1},
                                               {"b", -1},
                                               {"c", -1},
                                               {"ab", -2},
                                               {"bc", -3},
                                               {" ", -1},
                                               {" ab", -1.5f},
                                               {" a", -4}}));
        const auto t = Tokenizer::fromGguf(*img.file);
        QCOMPARE(texts(*t, t->encode("abc", false, false)),
                 (std::vector<std::string>{sp(" ab"), "c"}));
        // Without the space prefix.
        QCOMPARE(texts(*t, t->encode("bc abc", false, false)),
                 (std::vector<std::string>{sp(" "), "bc", sp(" ab"), "c"}));
        // Unknown characters fall back to bytes.
        QCOMPARE(texts(*t, t->encode("\xC3\xA9", false, false)),
                 (std::vector<std::string>{sp(" "), "<0xC3>", "<0xA9>"}));
    }

    void spmTiesGoLeft() {
        // "aa" everywhere: pairs with equal scores merge from the left.
        auto w = spmWriter({{"a", -1}, {"aa", -1}, {" ", -1}});
        w.set("tokenizer.ggml.add_space_prefix", Value::boolean(false));
        const Image noPrefix = makeImage(w);
        const auto t = Tokenizer::fromGguf(*noPrefix.file);
        QCOMPARE(texts(*t, t->encode("aaa", false, false)), (std::vector<std::string>{"aa", "a"}));
        QVERIFY(!t->stripsLeadingSpace());
        QCOMPARE(t->decode(t->encode(" a", false, false)), std::string(" a"));
    }

    void spmDefaults() {
        const Image img = makeImage(spmWriter({{"a", -1}, {" ", -1}}));
        const auto t = Tokenizer::fromGguf(*img.file);
        QCOMPARE(t->bos(), 1);
        QCOMPARE(t->eos(), 2);
        QVERIFY(t->addBos());
        QVERIFY(!t->addEos());
        QCOMPARE(t->encode("a", true, false),
                 (std::vector<int32_t>{1, *t->find(sp(" ")), *t->find("a")}));
        auto w = spmWriter({{"a", -1}, {" ", -1}});
        w.set("tokenizer.ggml.add_bos_token", Value::boolean(false));
        w.set("tokenizer.ggml.add_eos_token", Value::boolean(true));
        const Image img2 = makeImage(w);
        const auto t2 = Tokenizer::fromGguf(*img2.file);
        std::vector<int32_t> want = t2->encode("a", false, false);
        want.push_back(2);
        QCOMPARE(t2->encode("a", true, false), want);
        QCOMPARE(t2->decode(want), std::string("a"));
        QCOMPARE(t2->decode(want, true), std::string("a</s>"));
    }

    void bpeMergesByRank() {
        // Ranks: "b c" before "a b", so "abc" -> "a" "bc".
        const Image img = makeImage(bpeWriter({"b c", "a b", "a bc"}, "gpt-2"));
        const auto t = Tokenizer::fromGguf(*img.file);
        QCOMPARE(texts(*t, t->encode("abc", false, false)), (std::vector<std::string>{"abc"}));
        QCOMPARE(texts(*t, t->encode("abd", false, false)), (std::vector<std::string>{"ab", "d"}));
        const Image img2 = makeImage(bpeWriter({"b c", "a b"}, "gpt-2"));
        const auto t2 = Tokenizer::fromGguf(*img2.file);
        QCOMPARE(texts(*t2, t2->encode("abc", false, false)),
                 (std::vector<std::string>{"a", "bc"}));
        // Equal pairs: leftmost first ("aaa" -> "aa" "a").
        const Image img3 = makeImage(bpeWriter({"a a"}, "gpt-2"));
        const auto t3 = Tokenizer::fromGguf(*img3.file);
        QCOMPARE(texts(*t3, t3->encode("aaa", false, false)),
                 (std::vector<std::string>{"aa", "a"}));
        // Spaces are byte-level characters: " a" is "Ġa".
        QCOMPARE(t3->encode(" a", false, false).size(), std::size_t{2});
        QCOMPARE(t3->decode(t3->encode(" a\xFF", false, false)), std::string(" a\xFF"));
    }

    void bpeIgnoreMerges() {
        // Llama 3 takes a word that is a token whole, even when merges would not reach it.
        const std::vector<std::string> merges = {"a b", "b c"};
        const Image img = makeImage(bpeWriter(merges, "llama-bpe", {"xyz"}));
        const auto t = Tokenizer::fromGguf(*img.file);
        QVERIFY(!t->addBos()); // no BOS token in this vocabulary
        QCOMPARE(texts(*t, t->encode("abc", false, false)), (std::vector<std::string>{"ab", "c"}));
        QCOMPARE(texts(*t, t->encode("xyz", false, false)), (std::vector<std::string>{"xyz"}));
        const Image g2 = makeImage(bpeWriter(merges, "gpt-2", {"xyz"}));
        const auto t2 = Tokenizer::fromGguf(*g2.file);
        QCOMPARE(texts(*t2, t2->encode("xyz", false, false)),
                 (std::vector<std::string>{"x", "y", "z"}));
    }

    void defaultPreTokenizer() {
        // "default" splits punctuation runs, then GPT-2 words, digit runs, and ASCII digit
        // triples: "12345" is "123" + "45", so the merge "3 4" can never apply.
        const std::vector<std::string> merges = {"3 4", "1 2", "12 3", "4 5"};
        const Image def = makeImage(bpeWriter(merges, "default"));
        const auto t = Tokenizer::fromGguf(*def.file);
        QCOMPARE(texts(*t, t->encode("12345", false, false)),
                 (std::vector<std::string>{"123", "45"}));
        const Image g2 = makeImage(bpeWriter(merges, "gpt-2"));
        const auto t2 = Tokenizer::fromGguf(*g2.file);
        QCOMPARE(texts(*t2, t2->encode("12345", false, false)),
                 (std::vector<std::string>{"12", "34", "5"}));
        // Punctuation runs stand alone even after a space.
        const Image emptyPre = makeImage(bpeWriter({"Ġ !"}, ""));
        const auto t3 = Tokenizer::fromGguf(*emptyPre.file);
        QCOMPARE(t3->pre(), std::string_view(""));
        QCOMPARE(t3->encode(" !", false, false).size(), std::size_t{2});
    }

    void errors_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        QTest::newRow("no model") << "tokenizer.ggml.model"
                                  << "tokenizer.ggml.model is missing";
        QTest::newRow("unknown model") << "model=bert"
                                       << "unsupported tokenizer model 'bert'";
        QTest::newRow("no tokens") << "tokenizer.ggml.tokens"
                                   << "tokenizer.ggml.tokens";
        QTest::newRow("scores") << "scores"
                                << "tokenizer.ggml.scores has 3 entries";
        QTest::newRow("types") << "types"
                               << "tokenizer.ggml.token_type has 2 entries";
        QTest::newRow("bos") << "bos"
                             << "bos_token_id = 999 is outside the vocabulary";
        QTest::newRow("eos negative") << "eos"
                                      << "eos_token_id = -1 is outside";
        QTest::newRow("not strings") << "tokens=ints"
                                     << "entry 0 is not a string";
    }

    void errors() {
        QFETCH(QString, key);
        QFETCH(QString, message);
        gguf::Writer w = spmWriter({{"a", -1}});
        if (key == "model=bert") {
            w.set("tokenizer.ggml.model", Value::string("bert"));
        } else if (key == "scores") {
            w.set("tokenizer.ggml.scores", Value::f32Array({1, 2, 3}));
        } else if (key == "types") {
            w.set("tokenizer.ggml.token_type", Value::i32Array({1, 1}));
        } else if (key == "bos") {
            w.set("tokenizer.ggml.bos_token_id", Value::u32(999));
        } else if (key == "eos") {
            w.set("tokenizer.ggml.eos_token_id", Value::i32(-1));
        } else if (key == "tokens=ints") {
            w.set("tokenizer.ggml.tokens", Value::i32Array({1, 2, 3}));
        } else {
            w.remove(key.toStdString());
        }
        const QString error = errorOf(w);
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(error.startsWith("vocab.gguf: "));
    }

    void bpeErrors() {
        auto noMerges = bpeWriter({"a b"}, "gpt-2");
        noMerges.remove("tokenizer.ggml.merges");
        QVERIFY(errorOf(noMerges).contains("needs merges"));
        auto badMerge = bpeWriter({"a b"}, "gpt-2");
        badMerge.set("tokenizer.ggml.merges", Value::stringArray({"ab"}));
        QVERIFY(errorOf(badMerge).contains("not two pieces separated by a space"));
        const QString pre = errorOf(bpeWriter({"a b"}, "tekken-9"));
        QVERIFY2(pre.contains("unsupported pre-tokenizer 'tekken-9'"), qPrintable(pre));
        auto pad = bpeWriter({"a b"}, "gpt-2");
        pad.set("tokenizer.ggml.padding_token_id", Value::u32(1u << 20));
        QVERIFY(errorOf(pad).isEmpty()); // an unusable padding id is ignored
    }
};

QTEST_GUILESS_MAIN(TestTokenizerVocab)
#include "test_tokenizer_vocab.moc"
