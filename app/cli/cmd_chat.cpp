// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli chat: an interactive conversation with the model's chat template. Each line read
// from stdin is a user message; the answer streams to stdout. "/reset" starts over, "/exit" or
// end of input quits.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/cli/engine_options.h"
#include "engine/model/model.h"
#include "engine/session.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>

namespace hearth::cli {

namespace {
constexpr uint32_t kDefaultContext = 4096;
constexpr int32_t kMaxAnswerTokens = 2048;
} // namespace

int cmdChat(Args& args) {
    const EngineOptions engine = parseEngineOptions(args);
    const std::optional<std::string> system = args.option({"--system", "-s"});
    GenerationParams params;
    params.sampling = parseSamplingOptions(args);
    params.maxTokens = static_cast<int32_t>(args.intOption({"-n"}).value_or(kMaxAnswerTokens));
    args.finish();

    const auto model = loadModel(engine);
    const uint32_t ctx = chooseContextSize(engine, *model, kDefaultContext);
    Session session(model, createBackend(engine, model, ctx));
    const bool interactive = isatty(STDIN_FILENO);

    std::vector<chat::Message> conversation;
    if (system && !system->empty()) {
        conversation.push_back({"system", *system});
    }
    std::string line;
    for (;;) {
        if (interactive) {
            std::fprintf(stderr, "> ");
        }
        if (!std::getline(std::cin, line) || line == "/exit" || line == "/quit") {
            break;
        }
        if (line == "/reset") {
            conversation.resize(system && !system->empty() ? 1 : 0);
            session.reset();
            continue;
        }
        if (line.empty()) {
            continue;
        }
        conversation.push_back({"user", line});
        const GenerationResult r = session.chat(conversation, params, [](const TokenEvent& e) {
            std::fwrite(e.text.data(), 1, e.text.size(), stdout);
            std::fflush(stdout);
            return true;
        });
        std::printf("\n");
        std::fflush(stdout);
        conversation.push_back({"assistant", r.text});
        if (interactive) {
            std::fprintf(stderr, "[%u tokens, %.1f tok/s]\n", r.stats.generatedTokens,
                         r.stats.decodeTokensPerSecond());
        }
    }
    return kExitOk;
}

} // namespace hearth::cli
