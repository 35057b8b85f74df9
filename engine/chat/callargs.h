// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/value.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::chat {

/// The evaluated arguments of a call, filter or test.
struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keyword;
};

/// Binds CallArgs to a Python-style parameter list: positional arguments fill the parameters in
/// order, keyword arguments by name. Throws TemplateError (without position) for too many
/// arguments, an unknown keyword, or a parameter given twice.
class BoundArgs {
public:
    BoundArgs(const CallArgs& args, std::string_view function,
              std::initializer_list<std::string_view> params);

    /// The argument for parameter `i`, or nullptr when it was not given.
    const Value* get(std::size_t i) const { return i < values_.size() ? values_[i] : nullptr; }
    bool has(std::size_t i) const { return get(i) != nullptr; }
    /// The argument, or `fallback` when it was not given.
    Value value(std::size_t i, Value fallback = {}) const {
        const Value* v = get(i);
        return v ? *v : std::move(fallback);
    }

private:
    std::vector<const Value*> values_;
};

} // namespace hearth::chat
