// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes both tokenizers: the reference vocabularies (when the shared test data is there) and
// small hand-built ones, with every flag. The first input byte picks the vocabulary and flags,
// the rest is the text. Invariants: ids in range, decoding never throws, streaming gives valid
// UTF-8 equal to decode() where no clean-up applies, and plain text round-trips where the
// vocabulary promises it.

#include "engine/core/error.h"
#include "engine/core/utf8.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/writer.h"
#include "engine/tokenizer/bpe.h"
#include "engine/tokenizer/tokenizer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using hearth::gguf::Value;
using hearth::tok::StreamDecoder;
using hearth::tok::Tokenizer;
using hearth::tok::TokenType;

namespace {

constexpr uint8_t kAddSpecial = 0x10;
constexpr uint8_t kParseSpecial = 0x20;
constexpr uint8_t kRenderSpecial = 0x40;
constexpr int kByteCount = 256;
constexpr std::string_view kSpmSpace = "\xE2\x96\x81";

struct Loaded {
    std::vector<uint8_t> bytes; // for vocabularies built in memory
    std::unique_ptr<hearth::gguf::File> file;
    std::unique_ptr<Tokenizer> tok;
};

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "invariant broken: %s (%s)\n", what, detail.c_str());
    std::abort();
}

std::string testDataDir() {
    if (const char* env = std::getenv("HEARTH_TESTDATA_DIR")) {
        return env;
    }
#ifdef HEARTH_FUZZ_TESTDATA_DIR
    return HEARTH_FUZZ_TESTDATA_DIR;
#else
    return "../shared/testdata";
#endif
}

std::string utf8(char32_t cp) {
    std::string s;
    hearth::appendUtf8(s, cp);
    return s;
}

// A byte-level BPE vocabulary with a few merges and a user-defined token.
hearth::gguf::Writer smallBpe(const std::string& pre) {
    std::vector<std::string> tokens;
    for (int b = 0; b < kByteCount; ++b) {
        tokens.push_back(utf8(hearth::tok::byteToUnicode(static_cast<uint8_t>(b))));
    }
    const std::vector<std::string> merges = {"Ġ t", "h e", "Ġt he", "1 2", "12 3", "a a", "aa a"};
    for (const std::string& m : merges) {
        std::string joined = m;
        joined.erase(joined.find(' '), 1);
        tokens.push_back(joined);
    }
    std::vector<int32_t> types(tokens.size(), 1);
    tokens.emplace_back("<|endoftext|>");
    types.push_back(3);
    tokens.emplace_back("<tag>");
    types.push_back(4);
    hearth::gguf::Writer w;
    w.set("tokenizer.ggml.model", Value::string("gpt2"));
    w.set("tokenizer.ggml.pre", Value::string(pre));
    w.set("tokenizer.ggml.tokens", Value::stringArray(tokens));
    w.set("tokenizer.ggml.token_type", Value::i32Array(types));
    w.set("tokenizer.ggml.merges", Value::stringArray(merges));
    w.set("tokenizer.ggml.eos_token_id", Value::u32(static_cast<uint32_t>(tokens.size() - 2)));
    return w;
}

// A SentencePiece vocabulary without the space prefix, with BOS and EOS added.
hearth::gguf::Writer smallSpm() {
    std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
    std::vector<float> scores = {0, 0, 0};
    std::vector<int32_t> types = {2, 3, 3};
    for (int b = 0; b < kByteCount; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        tokens.emplace_back(name);
        scores.push_back(0);
        types.push_back(6);
    }
    const char* pieces[] = {"a", "b", "ab", "ba", "aba", "\xE2\x96\x81", "\xE2\x96\x81\x61"};
    float score = -1;
    for (const char* p : pieces) {
        tokens.emplace_back(p);
        scores.push_back(score);
        score -= 1;
        types.push_back(1);
    }
    hearth::gguf::Writer w;
    w.set("tokenizer.ggml.model", Value::string("llama"));
    w.set("tokenizer.ggml.tokens", Value::stringArray(tokens));
    w.set("tokenizer.ggml.scores", Value::f32Array(scores));
    w.set("tokenizer.ggml.token_type", Value::i32Array(types));
    w.set("tokenizer.ggml.add_space_prefix", Value::boolean(false));
    w.set("tokenizer.ggml.add_eos_token", Value::boolean(true));
    return w;
}

std::vector<Loaded> load() {
    std::vector<Loaded> all;
    // The larger BPE vocabularies take long to load with sanitizers; their pre-tokenizers are
    // covered by the small vocabularies built below.
    for (const char* name : {"llama-spm", "phi-3", "gpt-2"}) {
        const std::string path = testDataDir() + "/vocab/ggml-vocab-" + name + ".gguf";
        try {
            Loaded l;
            l.file = hearth::gguf::File::open(path);
            l.tok = Tokenizer::fromGguf(*l.file);
            all.push_back(std::move(l));
        } catch (const hearth::Error& e) {
            std::fprintf(stderr, "fuzz_tokenizer: skipping %s: %s\n", name, e.what());
        }
    }
    for (const hearth::gguf::Writer& w :
         {smallBpe("default"), smallBpe("llama-bpe"), smallBpe("qwen2"), smallSpm()}) {
        Loaded l;
        l.bytes = w.toBytes();
        l.file = hearth::gguf::File::fromMemory(l.bytes, "built-in");
        l.tok = Tokenizer::fromGguf(*l.file);
        all.push_back(std::move(l));
    }
    return all;
}

// Whether plain-text tokenization of `text` must give `text` back.
bool roundTrips(const Tokenizer& t, std::string_view text) {
    const hearth::tok::Vocab& v = t.vocab();
    if (v.cleanSpaces) {
        return false;
    }
    if (v.model == hearth::tok::VocabModel::Spm && text.find(kSpmSpace) != std::string_view::npos) {
        return false; // U+2581 is SentencePiece's space
    }
    for (int32_t id : v.specials) {
        if (v.types[static_cast<std::size_t>(id)] == TokenType::UserDefined &&
            text.find(v.texts[static_cast<std::size_t>(id)]) != std::string_view::npos) {
            return false; // recognised even in plain text, may strip whitespace
        }
    }
    return true;
}

std::vector<Loaded>& vocabularies() {
    static std::vector<Loaded> vocabs;
    return vocabs;
}

} // namespace

// Loading happens once, before the first input (and outside the per-input time limit).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    vocabularies() = load();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<Loaded>& vocabs = vocabularies();
    if (size == 0 || vocabs.empty()) {
        return 0;
    }
    const uint8_t mode = data[0];
    const Tokenizer& t = *vocabs[mode % vocabs.size()].tok;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    const bool addSpecial = mode & kAddSpecial;
    const bool parseSpecial = mode & kParseSpecial;
    const bool render = mode & kRenderSpecial;

    const std::vector<int32_t> ids = t.encode(text, addSpecial, parseSpecial);
    for (int32_t id : ids) {
        if (id < 0 || static_cast<std::size_t>(id) >= t.size()) {
            fail("id in range", std::to_string(id));
        }
        (void)t.tokenToPiece(id, render);
    }
    const std::string decoded = t.decode(ids, render);

    StreamDecoder stream(t, render);
    std::string streamed;
    for (int32_t id : ids) {
        streamed += stream.push(id);
    }
    streamed += stream.finish();
    if (!hearth::isValidUtf8(streamed)) {
        fail("stream gives valid UTF-8", streamed);
    }
    if (!t.vocab().cleanSpaces && hearth::isValidUtf8(decoded) && streamed != decoded) {
        fail("stream equals decode", decoded + " | " + streamed);
    }
    if (!parseSpecial && !render && roundTrips(t, text) && decoded != text) {
        fail("plain text round-trips", text + " | " + decoded);
    }
    return 0;
}
