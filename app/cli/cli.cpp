// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/cli.h"

#include "app/cli/commands.h"
#include "engine/core/error.h"
#include "hearth_version.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace hearth::cli {
namespace {

// The command table. Keep it in the order of the README.
const Command kCommands[] = {
    {"devices", "devices [--json]", "list the Vulkan devices and the features Hearth uses",
     &cmdDevices},
    {"info", "info MODEL.gguf [--json]", "architecture, parameters, tensor types, context", &cmdInfo},
    {"quantize", "quantize IN.gguf OUT.gguf (f16|q8_0|q4_0|q4_1|q5_0|q5_1|q4_k_m|q5_k_m|q6_k)",
     "write a model in another weight format", &cmdQuantize},
    {"models", "models list [--json] | download (CATALOG_ID | URL | HF_REPO/FILE) | import FILE.gguf [--link] | remove ID",
     "the app's model library: list, download (resumable, verified), import, remove", &cmdModels},
    {"generate",
     "generate -m MODEL -p PROMPT [-n 64] [--temp T] [--top-k K] [--top-p P] [--min-p P]\n"
     "                    [--repeat-penalty R] [--seed S] [--ctx N] [--backend vulkan|cpu]\n"
     "                    [--device N] [--ignore-eos] [--ids]",
     "raw completion of a prompt (text on stdout, timings on stderr)", &cmdGenerate},
    {"chat", "chat -m MODEL [--system S] [sampling and backend options as for generate]",
     "interactive chat using the model's template", &cmdChat},
    {"perplexity", "perplexity -m MODEL -f TEXT [-c 512] [--backend vulkan|cpu]",
     "perplexity of a text (llama-perplexity's method)", &cmdPerplexity},
    {"bench", "bench (-m MODEL | --synthetic 0.5b|1.1b [--type T]) [-p 128] [-n 64] [-r 3] [--backend vulkan|cpu] [--ctx N] [--device N] [--threads N] [--profile] [--peak-bandwidth GBPS] [--json]",
     "prefill and decode tokens/s, bytes per token and achieved memory bandwidth", &cmdBench},
    {"template",
     "template (-m MODEL | --template FILE.jinja) --messages CONV.json "
     "[--no-generation-prompt] [--bos S --eos S]",
     "render a conversation with a model's chat template", &cmdTemplate},
    {"tokenize", "tokenize -m MODEL [--no-bos] [--special] (--text T | --file F)",
     "token ids of a text, space-separated on one line", &cmdTokenize},
    {"history",
     "history list | search QUERY | export [--conversation ID] --format md|json|html|txt "
     "--out PATH | import FILE.json",
     "the app's conversations: list, search, export, import", &cmdHistory},
};

void printHelp(std::FILE* out) {
    std::fprintf(out,
                 "hearth-cli %s: Hearth's engine, models and chat history from the command line\n"
                 "\n"
                 "Usage: hearth-cli COMMAND [OPTIONS]\n"
                 "       hearth-cli --version | --help\n"
                 "\n"
                 "Commands:\n",
                 HEARTH_VERSION);
    for (const Command& c : kCommands) {
        std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
    }
    std::fprintf(out, "\nSynopsis:\n");
    for (const Command& c : kCommands) {
        std::fprintf(out, "  hearth-cli %s\n", c.synopsis);
    }
    std::fprintf(out, "\nEnvironment:\n"
                      "  HEARTH_DATA_DIR   data folder shared with the app (or --data-dir)\n"
                      "  HEARTH_VK_DEVICE  Vulkan device number to use (or --device)\n");
}

const Command* findCommand(const std::string& name) {
    for (const Command& c : kCommands) {
        if (name == c.name) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace

int run(int argc, char* argv[]) {
    QCoreApplication::setOrganizationName(QStringLiteral("Hearth"));
    QCoreApplication::setApplicationName(QStringLiteral("Hearth"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION));
    QCoreApplication app(argc, argv);

    if (argc < 2) {
        printHelp(stderr);
        return kExitError;
    }
    const std::string first = argv[1];
    if (first == "--help" || first == "-h" || first == "help") {
        printHelp(stdout);
        return kExitOk;
    }
    if (first == "--version" || first == "-V") {
        std::printf("hearth-cli %s\n", HEARTH_VERSION);
        return kExitOk;
    }
    const Command* command = findCommand(first);
    if (!command) {
        std::fprintf(stderr, "hearth-cli: unknown command \"%s\" (see hearth-cli --help)\n",
                     first.c_str());
        return kExitError;
    }
    std::vector<std::string> rest(argv + 2, argv + argc);
    for (const std::string& a : rest) {
        if (a == "--help" || a == "-h") {
            std::printf("Usage: hearth-cli %s\n%s\n", command->synopsis, command->summary);
            return kExitOk;
        }
    }
    Args args(std::move(rest));
    try {
        return command->run(args);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "hearth-cli %s: %s (see hearth-cli %s --help)\n", command->name,
                     e.what(), command->name);
    } catch (const Error& e) {
        std::fprintf(stderr, "hearth-cli %s: %s\n", command->name, e.what());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "hearth-cli %s: out of memory\n", command->name);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hearth-cli %s: %s\n", command->name, e.what());
    }
    return kExitError;
}

} // namespace hearth::cli
