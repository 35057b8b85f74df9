// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/args.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace hearth::cli {

namespace {

bool looksLikeOption(const std::string& a) {
    if (a.size() < 2 || a[0] != '-') {
        return false;
    }
    // Negative numbers are values, not options.
    return !(std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.');
}

} // namespace

bool Args::flag(std::initializer_list<std::string_view> names) {
    bool found = false;
    for (auto it = args_.begin(); it != args_.end();) {
        if (std::find(names.begin(), names.end(), *it) != names.end()) {
            it = args_.erase(it);
            found = true;
        } else {
            ++it;
        }
    }
    return found;
}

std::optional<std::string> Args::option(std::initializer_list<std::string_view> names) {
    std::optional<std::string> value;
    for (size_t i = 0; i < args_.size();) {
        const std::string& a = args_[i];
        bool matched = false;
        for (std::string_view n : names) {
            if (a == n) {
                if (i + 1 >= args_.size()) {
                    throw UsageError("option " + std::string(n) + " needs a value");
                }
                value = args_[i + 1];
                args_.erase(args_.begin() + static_cast<long>(i),
                            args_.begin() + static_cast<long>(i) + 2);
                matched = true;
                break;
            }
            if (a.size() > n.size() + 1 && a.compare(0, n.size(), n) == 0 && a[n.size()] == '=') {
                value = a.substr(n.size() + 1);
                args_.erase(args_.begin() + static_cast<long>(i));
                matched = true;
                break;
            }
        }
        if (!matched) {
            ++i;
        }
    }
    return value;
}

std::string Args::required(std::initializer_list<std::string_view> names) {
    auto v = option(names);
    if (!v) {
        throw UsageError("missing required option " + std::string(*names.begin()));
    }
    return *v;
}

std::optional<long long> Args::intOption(std::initializer_list<std::string_view> names) {
    const auto v = option(names);
    if (!v) {
        return std::nullopt;
    }
    const auto n = parseInt(*v);
    if (!n) {
        throw UsageError("option " + std::string(*names.begin()) + " expects an integer, not \"" +
                         *v + "\"");
    }
    return n;
}

std::optional<double> Args::numberOption(std::initializer_list<std::string_view> names) {
    const auto v = option(names);
    if (!v) {
        return std::nullopt;
    }
    const auto n = parseNumber(*v);
    if (!n) {
        throw UsageError("option " + std::string(*names.begin()) + " expects a number, not \"" +
                         *v + "\"");
    }
    return n;
}

std::vector<std::string> Args::positionals() {
    std::vector<std::string> out;
    for (const std::string& a : args_) {
        if (!looksLikeOption(a)) {
            out.push_back(a);
        }
    }
    return out;
}

void Args::finish(std::size_t maxPositionals) {
    std::size_t positional = 0;
    for (const std::string& a : args_) {
        if (looksLikeOption(a)) {
            throw UsageError("unknown option " + a);
        }
        ++positional;
    }
    if (positional > maxPositionals) {
        throw UsageError("unexpected argument \"" + args_.back() + "\"");
    }
}

std::optional<long long> parseInt(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    const std::string s(text);
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno != 0 || *end != '\0') {
        return std::nullopt;
    }
    return v;
}

std::optional<double> parseNumber(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    const std::string s(text);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || *end != '\0' || !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

} // namespace hearth::cli
