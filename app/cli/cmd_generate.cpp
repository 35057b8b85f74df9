// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli generate: a raw completion of a prompt (no chat template). Only the generated text
// (or, with --ids, the generated token ids) goes to stdout; timings go to stderr.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/cli/engine_options.h"
#include "engine/model/model.h"
#include "engine/session.h"
#include "engine/tokenizer/tokenizer.h"

#include <cstdio>

namespace hearth::cli {

namespace {
constexpr uint32_t kDefaultContext = 4096;
constexpr long long kDefaultTokens = 64;
} // namespace

static void printStats(const GenerationStats& s, const std::string& backend) {
    std::fprintf(stderr,
                 "\n[%s] prompt %u tokens (%u reused) %.1f tok/s · generated %u tokens %.1f tok/s "
                 "· first token %.0f ms · stop: %s\n",
                 backend.c_str(), s.promptTokens, s.reusedTokens, s.prefillTokensPerSecond(),
                 s.generatedTokens, s.decodeTokensPerSecond(), s.timeToFirstToken * 1000.0,
                 stopReasonName(s.stopReason));
}

int cmdGenerate(Args& args) {
    const EngineOptions engine = parseEngineOptions(args);
    const std::string prompt = args.required({"-p", "--prompt"});
    GenerationParams params;
    params.sampling = parseSamplingOptions(args);
    const long long n = args.intOption({"-n", "--n-predict"}).value_or(kDefaultTokens);
    if (n < -1) {
        throw UsageError("-n must be -1 (until the context is full) or a token count");
    }
    params.maxTokens = static_cast<int32_t>(n);
    params.ignoreEos = args.flag({"--ignore-eos"});
    const bool ids = args.flag({"--ids"});
    args.finish();

    const auto model = loadModel(engine);
    const uint32_t ctx = chooseContextSize(engine, *model, kDefaultContext);
    Session session(model, createBackend(engine, model, ctx));
    const std::vector<int32_t> tokens = model->tokenizer().encode(prompt, true, true);

    bool first = true;
    const GenerationResult r = session.generate(tokens, params, [&](const TokenEvent& e) {
        if (ids) {
            if (e.token >= 0) {
                std::printf(first ? "%d" : " %d", e.token);
                first = false;
            }
        } else {
            std::fwrite(e.text.data(), 1, e.text.size(), stdout);
        }
        std::fflush(stdout);
        return true;
    });
    if (ids) {
        std::printf("\n");
    }
    std::fflush(stdout);
    printStats(r.stats, session.backend().name());
    return kExitOk;
}

} // namespace hearth::cli
