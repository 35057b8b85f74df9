// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace hearth::app {

/// Runs the desktop app: parses the command line (--data-dir), creates the QML engine and shows
/// the main window. Returns the process exit code.
int runApplication(int argc, char* argv[]);

} // namespace hearth::app
