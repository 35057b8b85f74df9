// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli tokenize -m MODEL [--no-bos] [--special] (--text T | --file F): the token ids of a
// text, space-separated on one line.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/tokenizer/tokenizer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace hearth::cli {
namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("cannot read " + path + ": " + std::strerror(errno));
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw Error("cannot read " + path + ": " + std::strerror(errno));
    }
    return text;
}

} // namespace

int cmdTokenize(Args& args) {
    const std::string model = args.required({"-m", "--model"});
    const bool noBos = args.flag({"--no-bos"});
    const bool special = args.flag({"--special"});
    const auto text = args.option({"--text", "-t"});
    const auto file = args.option({"--file", "-f"});
    args.finish();
    if (text.has_value() == file.has_value()) {
        throw UsageError("give the text with exactly one of --text or --file");
    }

    const std::string input = text ? *text : readFile(*file);
    const auto gguf = gguf::File::open(model);
    const auto tokenizer = tok::Tokenizer::fromGguf(*gguf);
    const std::vector<int32_t> ids = tokenizer->encode(input, !noBos, special);

    std::string line;
    line.reserve(ids.size() * sizeof(int32_t));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            line += ' ';
        }
        line += std::to_string(ids[i]);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    return kExitOk;
}

} // namespace hearth::cli
