// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/value.h"

#include <memory>
#include <string>

namespace hearth::chat {

namespace ast {
struct Stmt;
}
class Frame;

/// Something a template can call: a global function (range, namespace, raise_exception, ...), a
/// method bound to its receiver ("a b".split), a macro with the scope it was defined in, or the
/// cycle() of a loop.
struct Callable {
    enum class Kind : uint8_t { Global, Method, Macro, LoopCycle };

    Kind kind = Kind::Global;
    std::string name;
    Value self;                       ///< the receiver of a method; the loop index for cycle
    const ast::Stmt* macro = nullptr; ///< for macros: the definition in the template
    std::shared_ptr<Frame> closure;   ///< for macros: the scope they were defined in
};

} // namespace hearth::chat
