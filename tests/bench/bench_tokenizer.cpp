// SPDX-License-Identifier: GPL-3.0-or-later
// Tokenizer throughput on one core: encoding and decoding English text with every reference
// vocabulary, and a long text without spaces (the worst case for merging).
//
// Usage: hearth_bench_tokenizer [--vocab-dir DIR] [TEXT_FILE...]
// DIR defaults to $HEARTH_TESTDATA_DIR/vocab or ../shared/testdata/vocab; without text files
// the English documents in ../shared/docs are used. Run it from the repository root.

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/tokenizer/tokenizer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using hearth::tok::Tokenizer;

namespace {

constexpr const char* kVocabs[] = {"llama-spm", "phi-3", "gpt-2", "llama3", "qwen3"};
constexpr double kMinSeconds = 1.0; // repeat each measurement at least this long
constexpr double kMega = 1e6;
constexpr std::size_t kNoSpaceBytes = 1 << 20;

double cpuSeconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `f` until kMinSeconds of CPU time have passed; returns seconds per run.
template <typename F>
double measure(F&& f) {
    int runs = 0;
    const double start = cpuSeconds();
    double elapsed = 0;
    do {
        f();
        ++runs;
        elapsed = cpuSeconds() - start;
    } while (elapsed < kMinSeconds);
    return elapsed / runs;
}

} // namespace

int main(int argc, char** argv) {
    fs::path vocabDir;
    std::vector<fs::path> textFiles;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--vocab-dir" && i + 1 < argc) {
            vocabDir = argv[++i];
        } else {
            textFiles.emplace_back(a);
        }
    }
    const char* env = std::getenv("HEARTH_TESTDATA_DIR");
    const fs::path testdata = env ? fs::path(env) : fs::path("../shared/testdata");
    if (vocabDir.empty()) {
        vocabDir = testdata / "vocab";
    }
    if (textFiles.empty() && fs::is_directory(testdata / ".." / "docs")) {
        for (const auto& e : fs::directory_iterator(testdata / ".." / "docs")) {
            if (e.path().extension() == ".md") {
                textFiles.push_back(e.path());
            }
        }
        std::sort(textFiles.begin(), textFiles.end());
    }
    std::string text;
    for (const fs::path& p : textFiles) {
        text += readFile(p);
    }
    if (text.empty()) {
        std::fprintf(stderr, "no text: give text files or run from the repository root\n");
        return 1;
    }
    std::string noSpaces(kNoSpaceBytes, 'a');
    for (std::size_t i = 0; i < noSpaces.size(); ++i) {
        noSpaces[i] = "abcdefghijklmnopqrstuvwxyz"[(i * 7 + i / 13) % 26];
    }

    std::printf("text: %zu bytes from %zu files; CPU time of one thread\n", text.size(),
                textFiles.size());
    std::printf("%-10s %8s %14s %14s %18s\n", "vocab", "model", "encode MB/s", "decode MB/s",
                "1 MiB no spaces s");
    try {
        for (const char* name : kVocabs) {
            const auto file = hearth::gguf::File::open(
                (vocabDir / ("ggml-vocab-" + std::string(name) + ".gguf")).string());
            const auto tok = Tokenizer::fromGguf(*file);
            std::vector<int32_t> ids;
            const double enc = measure([&] { ids = tok->encode(text, false, false); });
            std::string back;
            const double dec = measure([&] { back = tok->decode(ids); });
            const double start = cpuSeconds();
            const std::size_t longIds = tok->encode(noSpaces, false, false).size();
            const double longSeconds = cpuSeconds() - start;
            std::printf(
                "%-10s %8s %14.1f %14.1f %18.2f  (%zu tokens, %zu)\n", name,
                std::string(tok->model()).c_str(), static_cast<double>(text.size()) / enc / kMega,
                static_cast<double>(back.size()) / dec / kMega, longSeconds, ids.size(), longIds);
        }
    } catch (const hearth::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
