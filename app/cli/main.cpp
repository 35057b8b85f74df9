// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli: the engine, the model library and the chat history for scripts and benchmarks.
// All code lives in app/cli/cli.cpp and the command files next to it.

#include "app/cli/cli.h"

int main(int argc, char* argv[]) {
    return hearth::cli::run(argc, argv);
}
