// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/ast.h"
#include "engine/chat/callargs.h"
#include "engine/chat/operators.h"
#include "engine/chat/value.h"

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hearth::chat {

/// A scope: the variables set in it and the scope around it. Loop iterations, macro calls and
/// {% with %} open one; {% if %} does not (as in Jinja).
class Frame {
public:
    explicit Frame(std::shared_ptr<Frame> parent = nullptr) : parent_(std::move(parent)) {}

    /// The variable in this scope or an enclosing one, or nullptr.
    const Value* find(const std::string& name) const;
    /// Sets a variable of this scope.
    void set(const std::string& name, Value value);
    /// Forgets every variable (to break reference cycles between macros and scopes).
    void clear();

private:
    const Value* findHere(const std::string& name) const;

    /// Most scopes hold a few variables: a vector, indexed once it grows.
    std::vector<std::pair<std::string, Value>> vars_;
    std::unordered_map<std::string, std::size_t> index_;
    std::shared_ptr<Frame> parent_;
};

/// Bounds that keep a hostile template from hanging, crashing or exhausting memory.
struct RenderLimits {
    std::size_t maxOutputBytes = std::size_t{8} << 20; ///< the rendered text and captured blocks
    std::size_t maxStringBytes = std::size_t{8} << 20; ///< any string a template builds
    std::size_t maxListItems = std::size_t{1} << 20;   ///< any list a template builds
    uint64_t maxWork = 4'000'000; ///< steps (expressions, loop turns, bytes/16)
    int maxDepth = 200;           ///< nested evaluation, macro recursion included
    std::size_t maxNamespaces = 10'000;
};

/// Renders one parsed template. One instance per render: it owns the namespaces and scopes the
/// render creates, and counts the work done against RenderLimits.
class Interpreter {
public:
    Interpreter(const ast::Template& tpl, RenderLimits limits, std::time_t now);
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// Renders with the given global variables. Throws TemplateError (TemplateRaised for
    /// raise_exception) with the position of the failing expression.
    std::string render(const std::vector<std::pair<std::string, Value>>& variables);

    // For the built-in filters, tests, methods and functions.
    const ops::Limits& opLimits() const { return opLimits_; }
    /// Counts `units` of work; throws when the budget is spent.
    void charge(uint64_t units);
    Namespace* newNamespace();
    std::time_t now() const { return now_; }
    /// Calls any callable value (a macro, method or global function).
    Value call(const Value& callee, const CallArgs& args);

private:
    enum class Flow : uint8_t { Normal, Break, Continue };

    class DepthGuard;

    Flow execBody(const ast::Body& body);
    Flow exec(const ast::Stmt& s);
    Flow execIf(const ast::Stmt& s);
    Flow execFor(const ast::Stmt& s);
    void execMacro(const ast::Stmt& s);
    void execScope(const ast::Stmt& s);
    std::string capture(const ast::Body& body);
    void output(std::string_view text);
    void assign(Frame& frame, const ast::Target& target, const Value& value);

    Value eval(const ast::Expr& e);
    Value evalInner(const ast::Expr& e);
    Value lookup(const std::string& name) const;
    Value evalItem(const ast::Expr& e);
    Value evalCall(const ast::Expr& e);
    bool evalCompare(const ast::Expr& e);
    CallArgs evalArgs(const ast::Args& args);
    /// Applies a filter expression (a chain whose innermost input is null) to `input`.
    Value applyFilterChain(const ast::Expr& filter, Value input);
    Value callMacro(const Callable& macro, const CallArgs& args);
    /// Counts the work of handling a value's top level (string bytes, list items).
    void chargeValue(const Value& v);
    /// Counts the work of looking at all of a value (comparing, printing, serialising).
    void chargeDeep(const Value& v);

    const ast::Template& tpl_;
    RenderLimits limits_;
    ops::Limits opLimits_;
    std::time_t now_;
    std::shared_ptr<Frame> frame_;
    std::string* out_ = nullptr;
    uint64_t work_ = 0;
    int depth_ = 0;
    std::vector<std::unique_ptr<Namespace>> namespaces_;
    std::vector<std::shared_ptr<Frame>> macroScopes_; ///< cleared at the end to break cycles
};

} // namespace hearth::chat
