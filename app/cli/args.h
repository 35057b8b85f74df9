// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::cli {

/// A mistake in the command line; main prints "hearth-cli: <message>" and exits with 1.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

/// The arguments of one subcommand. Options are consumed as they are asked for; finish() then
/// rejects anything left that looks like an option. Accepts "--name value" and "--name=value".
class Args {
public:
    explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

    /// True (and consumed) if any of `names` is present as a flag.
    bool flag(std::initializer_list<std::string_view> names);
    /// The value of the first of `names` present, consumed with its value.
    std::optional<std::string> option(std::initializer_list<std::string_view> names);
    /// Like option(), but the option must be there.
    std::string required(std::initializer_list<std::string_view> names);
    /// Typed helpers: throw UsageError naming the option when the value does not parse.
    std::optional<long long> intOption(std::initializer_list<std::string_view> names);
    std::optional<double> numberOption(std::initializer_list<std::string_view> names);
    /// All remaining arguments that are not options. Call after consuming every option.
    std::vector<std::string> positionals();
    /// Throws UsageError when an unknown option is left, or more than `maxPositionals` remain.
    void finish(std::size_t maxPositionals = 0);

private:
    std::vector<std::string> args_;
};

/// Parses a whole string as a number; nullopt if it is not one.
std::optional<long long> parseInt(std::string_view text);
std::optional<double> parseNumber(std::string_view text);

} // namespace hearth::cli
