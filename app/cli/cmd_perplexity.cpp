// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli perplexity: llama-perplexity's method (see engine/perplexity.h); progress on
// stderr, the last line of stdout is "perplexity: X.XXXX".

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/cli/engine_options.h"
#include "engine/core/error.h"
#include "engine/model/model.h"
#include "engine/perplexity.h"
#include "engine/tokenizer/tokenizer.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace hearth::cli {

namespace {
constexpr uint32_t kDefaultChunk = 512;
} // namespace

int cmdPerplexity(Args& args) {
    EngineOptions engine = parseEngineOptions(args, /*contextFlagC=*/true);
    const std::string path = args.required({"-f", "--file"});
    args.finish();

    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("cannot read " + path);
    }
    std::stringstream text;
    text << in.rdbuf();

    const auto model = loadModel(engine);
    const uint32_t chunk = engine.contextSize.value_or(kDefaultChunk);
    const auto backend = createBackend(engine, model, chunk);
    const tok::Tokenizer& tokenizer = model->tokenizer();
    const std::vector<int32_t> tokens = tokenizer.encode(text.str(), true, false);
    std::fprintf(stderr, "%zu tokens, chunks of %u on %s\n", tokens.size(), chunk,
                 backend->name().c_str());
    const PerplexityResult r =
        computePerplexity(*backend, tokens, tokenizer.bos() >= 0 ? tokenizer.bos() : tokens.front(),
                          chunk, [](uint32_t c, uint32_t total, double ppl) {
                              std::fprintf(stderr, "[%u/%u] %.4f\n", c, total, ppl);
                              return true;
                          });
    std::printf("perplexity: %.4f\n", r.perplexity);
    return kExitOk;
}

} // namespace hearth::cli
