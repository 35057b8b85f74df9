// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/args.h"

namespace hearth::cli {

/// One subcommand of hearth-cli. Each is implemented in its own cmd_<name>.cpp and listed in the
/// table in cli.cpp. A command prints its result on stdout, diagnostics on stderr, and returns an
/// ExitCode; it throws UsageError for bad arguments and hearth::Error for bad files.
struct Command {
    const char* name;
    const char* synopsis; ///< usage lines shown by --help, indented by the caller
    const char* summary;  ///< one line
    int (*run)(Args& args);
};

int cmdBench(Args& args);
int cmdChat(Args& args);
int cmdDevices(Args& args);
int cmdGenerate(Args& args);
int cmdHistory(Args& args);
int cmdInfo(Args& args);
int cmdModels(Args& args);
int cmdPerplexity(Args& args);
int cmdQuantize(Args& args);
int cmdTemplate(Args& args);
int cmdTokenize(Args& args);

} // namespace hearth::cli
