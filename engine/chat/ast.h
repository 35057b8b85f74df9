// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/value.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

/// The syntax tree of a template. Expressions and statements carry their position for messages.
namespace hearth::chat::ast {

/// Expressions may nest at most this deep (also bounds the recursion that evaluates them).
inline constexpr int kMaxExprDepth = 96;
/// Blocks ({% if %}, {% for %}, ...) may nest at most this deep.
inline constexpr int kMaxBlockDepth = 48;

/// What every node has: its position in the template (1-based).
struct Node {
    int line = 0;
    int column = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// Arguments of a call, filter or test.
struct Args {
    std::vector<ExprPtr> positional;
    std::vector<std::pair<std::string, ExprPtr>> keyword;
};

enum class ExprKind : uint8_t {
    Const,    ///< value
    Name,     ///< name
    List,     ///< items (tuple when isTuple)
    Dict,     ///< items as key, value, key, value, ...
    Getattr,  ///< a.name
    Getitem,  ///< a[b] or a[b:c:d] (isSlice; absent bounds are null)
    Call,     ///< a(args)
    Filter,   ///< a | name(args); a is null for {% filter %} blocks
    Test,     ///< a is name(args)
    Not,      ///< not a
    Neg,      ///< -a
    Pos,      ///< +a
    Binary,   ///< a op b: + - * / // % **
    And,      ///< a and b
    Or,       ///< a or b
    Concat,   ///< items joined with ~
    Compare,  ///< a op1 b op2 c ...
    CondExpr, ///< b if a else c (c may be null)
};

/// An expression; which fields are used depends on `kind` (see ExprKind).
struct Expr : Node {
    ExprKind kind = ExprKind::Const;
    int depth = 1;              ///< nesting depth of this subtree
    Value value;                ///< Const
    std::string name;           ///< Name, Getattr, Filter, Test; operator for Binary
    std::vector<ExprPtr> items; ///< List, Dict, Concat
    ExprPtr a, b, c;            ///< operands (see ExprKind)
    bool isTuple = false;       ///< List
    bool isSlice = false;       ///< Getitem: a[b:c:d]
    Args args;                  ///< Call, Filter, Test
    std::vector<std::string>
        compareOps;                  ///< Compare: "==", "!=", "<", "<=", ">", ">=", "in", "notin"
    std::vector<ExprPtr> compareRhs; ///< Compare: the operands after `a`
};

/// Where {% set %} and {% for %} store values: a name, ns.attr, or a tuple of targets.
struct Target : Node {
    std::string name;
    std::string attr; ///< non-empty for ns.attr
    bool isTuple = false;
    std::vector<Target> items;
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

enum class StmtKind : uint8_t {
    Text,        ///< literal output
    Print,       ///< {{ expr }}
    If,          ///< branches; elseBody
    For,         ///< target in expr [if filter]; body; elseBody
    Set,         ///< target = expr
    SetBlock,    ///< {% set target | filter %}body{% endset %}
    Macro,       ///< {% macro %}
    FilterBlock, ///< {% filter f %}body{% endfilter %}
    Scope,       ///< {% with a = 1 %}body{% endwith %} and {% generation %}
    Break,
    Continue,
};

/// One `if` or `elif` test and the statements it guards.
struct IfBranch {
    std::unique_ptr<Expr> test;
    Body body;
};

/// A macro parameter and its default value.
struct MacroParam {
    std::string name;
    ExprPtr defaultValue; ///< may be null
};

/// A statement; which fields are used depends on `kind` (see StmtKind).
struct Stmt : Node {
    StmtKind kind = StmtKind::Text;
    std::string text;               ///< Text
    ExprPtr expr;                   ///< Print, Set, For (iterable), FilterBlock / SetBlock (filter)
    ExprPtr filter;                 ///< For: the loop filter
    Target target;                  ///< Set, SetBlock, For
    std::vector<IfBranch> branches; ///< If
    Body body;
    Body elseBody;                                       ///< If, For
    std::vector<std::pair<Target, ExprPtr>> assignments; ///< Scope (with)
    bool usesLoop = false;                               ///< For: the body mentions `loop`
    std::string macroName;                               ///< Macro
    std::vector<MacroParam> params;                      ///< Macro
};

/// A parsed template.
struct Template {
    Body body;
};

} // namespace hearth::chat::ast
