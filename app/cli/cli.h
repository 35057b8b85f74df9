// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace hearth::cli {

/// Exit codes shared by every command.
enum ExitCode : int {
    kExitOk = 0,
    kExitError = 1,    ///< bad arguments, unreadable or invalid files, failed operations
    kExitNoDevice = 2, ///< no Vulkan loader, driver or device where one is required
};

/// Runs hearth-cli with the process arguments; returns the exit code.
int run(int argc, char* argv[]);

} // namespace hearth::cli
