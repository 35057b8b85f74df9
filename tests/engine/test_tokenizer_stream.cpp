// SPDX-License-Identifier: GPL-3.0-or-later
// StreamDecoder: text from tokens one at a time, only whole UTF-8 characters, matching decode().

#include "engine/core/utf8.h"
#include "engine/gguf/gguf.h"
#include "engine/tokenizer/tokenizer.h"
#include "tests/common/testsupport.h"

#include <QtTest>

#include <memory>
#include <string>
#include <vector>

using namespace hearth;
using tok::StreamDecoder;
using tok::Tokenizer;

namespace {

std::unique_ptr<gguf::File> openVocab(const char* name) {
    return gguf::File::open(
        hearth::test::testDataPath(QStringLiteral("vocab/ggml-vocab-%1.gguf").arg(name))
            .toStdString());
}

const char* const kTexts[] = {
    "Hello world",
    ("\xF0\x9F\xA6\x99 llamas \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91"
     "\xA7 and \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"),
    ("\xE1\x9E\x80\xE1\x9E\xB6\xE1\x9E\x93\xE1\x9F\x8B\xE1\x9E\x8F\xE1\x9F\x82 \xE4\xB8\xAD\xE6\x96"
     "\x87 cafe\xCC\x81"),
    "  two leading spaces\nand a newline",
};

} // namespace

class TestTokenizerStream : public QObject {
    Q_OBJECT

    std::unique_ptr<gguf::File> spmFile_;
    std::unique_ptr<gguf::File> bpeFile_;
    std::unique_ptr<Tokenizer> spm_;
    std::unique_ptr<Tokenizer> bpe_;

private slots:
    void initTestCase() {
        HEARTH_REQUIRE_TESTDATA();
        spmFile_ = openVocab("llama-spm");
        bpeFile_ = openVocab("qwen3");
        spm_ = Tokenizer::fromGguf(*spmFile_);
        bpe_ = Tokenizer::fromGguf(*bpeFile_);
    }

    void matchesDecode() {
        for (const Tokenizer* t : {spm_.get(), bpe_.get()}) {
            for (const char* text : kTexts) {
                for (bool bos : {false, true}) {
                    const std::vector<int32_t> ids = t->encode(text, bos, false);
                    StreamDecoder d(*t);
                    std::string streamed;
                    for (int32_t id : ids) {
                        const std::string part = d.push(id);
                        QVERIFY2(isValidUtf8(part), text);
                        streamed += part;
                    }
                    streamed += d.finish();
                    QCOMPARE(QByteArray::fromStdString(streamed), QByteArray(text));
                    QCOMPARE(streamed, t->decode(ids));
                }
            }
        }
    }

    void holdsBackSplitCharacters() {
        // The llama emoji is four byte tokens in the SPM vocabulary.
        const Tokenizer& t = *spm_;
        const std::vector<int32_t> ids = t.encode("\xF0\x9F\xA6\x99!", false, false);
        QCOMPARE(ids.size(), std::size_t{6}); // space, 4 bytes, "!"
        StreamDecoder d(t);
        QCOMPARE(d.push(ids[0]), std::string()); // the leading space is dropped
        QCOMPARE(d.push(ids[1]), std::string());
        QCOMPARE(d.push(ids[2]), std::string());
        QCOMPARE(d.push(ids[3]), std::string());
        QCOMPARE(d.push(ids[4]), std::string("\xF0\x9F\xA6\x99"));
        QCOMPARE(d.push(ids[5]), std::string("!"));
        QCOMPARE(d.finish(), std::string());
    }

    void invalidBytesBecomeReplacement() {
        const Tokenizer& t = *spm_;
        const int32_t ff = *t.find("<0xFF>");
        const int32_t e2 = *t.find("<0xE2>");
        const int32_t a = *t.find("a");
        StreamDecoder d(t);
        QCOMPARE(d.push(ff), std::string("\xEF\xBF\xBD"));
        QCOMPARE(d.push(e2), std::string());
        // A byte that cannot continue the sequence: the lead byte is replaced, "a" passes.
        QCOMPARE(d.push(a), std::string("\xEF\xBF\xBD"
                                        "a"));
        QCOMPARE(d.push(e2), std::string());
        QCOMPARE(d.finish(), std::string("\xEF\xBF\xBD"));
    }

    void leadingSpaceRuleAndReset() {
        const Tokenizer& t = *spm_;
        const std::vector<int32_t> ids = t.encode("Hello world", true, false);
        StreamDecoder d(t);
        QCOMPARE(d.push(ids[0]), std::string()); // BOS renders as nothing
        QCOMPARE(d.push(ids[1]), std::string("Hello"));
        QCOMPARE(d.push(ids[2]), std::string(" world"));
        d.reset();
        QCOMPARE(d.push(ids[2]), std::string("world"));
        StreamDecoder special(t, true);
        QCOMPARE(special.push(ids[0]), std::string("<s>"));
        QCOMPARE(special.push(ids[1]), std::string(" Hello"));
        // BPE vocabularies have no such rule.
        StreamDecoder b(*bpe_);
        const std::vector<int32_t> bids = bpe_->encode(" x", false, false);
        std::string out;
        for (int32_t id : bids) {
            out += b.push(id);
        }
        QCOMPARE(out, std::string(" x"));
    }
};

QTEST_GUILESS_MAIN(TestTokenizerStream)
#include "test_tokenizer_stream.moc"
