// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace hearth {

/// The one exception type the engine throws. Its message is written for the user: it says what
/// went wrong and, where it helps, what to do (e.g. "tensor blk.0.attn_q.weight: offset past the
/// end of the file"). Callers at the engine's boundary catch it and show what().
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace hearth
