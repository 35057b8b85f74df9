// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/callargs.h"

#include "engine/chat/template_error.h"

namespace hearth::chat {

BoundArgs::BoundArgs(const CallArgs& args, std::string_view function,
                     std::initializer_list<std::string_view> params)
    : values_(params.size(), nullptr) {
    const std::string fn(function);
    if (args.positional.size() > params.size()) {
        throw TemplateError(fn + "() takes at most " + std::to_string(params.size()) +
                                " argument(s) (" + std::to_string(args.positional.size()) +
                                " given)",
                            0, 0);
    }
    for (std::size_t i = 0; i < args.positional.size(); ++i) {
        values_[i] = &args.positional[i];
    }
    for (const auto& [name, value] : args.keyword) {
        std::size_t i = 0;
        for (std::string_view p : params) {
            if (p == name) {
                break;
            }
            ++i;
        }
        if (i == params.size()) {
            throw TemplateError(fn + "() got an unexpected keyword argument '" + name + "'", 0, 0);
        }
        if (values_[i]) {
            throw TemplateError(fn + "() got multiple values for argument '" + name + "'", 0, 0);
        }
        values_[i] = &value;
    }
}

} // namespace hearth::chat
