// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/chat/ast.h"
#include "engine/chat/lexer.h"
#include "engine/chat/template_error.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

/// The template parser's internals: a cursor over the tokens and the expression grammar, which
/// the statement parser (parser.cpp) builds on.
namespace hearth::chat::parsing {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
using Names = std::initializer_list<std::string_view>;

/// Each level of nesting passes through a few of the recursive parse functions.
inline constexpr int kMaxParseRecursion = 3 * ast::kMaxExprDepth;

/// How a token is named in messages ("'endfor'", "end of template", ...).
std::string describe(const Token& t);

inline bool contains(Names names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// Jinja's expression grammar over a token stream, with the depth limits.
class ExprParser {
public:
    explicit ExprParser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

protected:
    /// Counts recursion and fails past the limit.
    class Guard {
    public:
        Guard(ExprParser& p, int& counter, int limit) : counter_(counter) {
            if (++counter_ > limit) {
                p.fail("the template nests too deeply");
            }
        }
        ~Guard() { --counter_; }
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

    private:
        int& counter_;
    };

    const Token& cur() const { return t_[i_]; }
    const Token& peek() const { return t_[std::min(i_ + 1, t_.size() - 1)]; }
    const Token& next() {
        const Token& tok = t_[i_];
        if (i_ + 1 < t_.size()) {
            ++i_;
        }
        return tok;
    }
    bool isOp(std::string_view op) const {
        return cur().type == TokenType::Operator && cur().text == op;
    }
    bool isName(std::string_view name) const {
        return cur().type == TokenType::Name && cur().text == name;
    }
    bool skipOp(std::string_view op) {
        if (isOp(op)) {
            next();
            return true;
        }
        return false;
    }
    bool skipName(std::string_view name) {
        if (isName(name)) {
            next();
            return true;
        }
        return false;
    }

    [[noreturn]] void fail(const std::string& message) { fail(message, cur()); }
    [[noreturn]] void fail(const std::string& message, const Token& at) {
        throw TemplateError(message, at.line, at.column);
    }

    void expectOp(std::string_view op) {
        if (!skipOp(op)) {
            fail("expected '" + std::string(op) + "', got " + describe(cur()));
        }
    }
    void expect(TokenType type, const char* what) {
        if (cur().type != type) {
            fail(std::string("expected ") + what + ", got " + describe(cur()));
        }
        next();
    }
    std::string expectName() {
        if (cur().type != TokenType::Name) {
            fail("expected a name, got " + describe(cur()));
        }
        return next().text;
    }

    ExprPtr make(ExprKind kind, const Token& at) {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->line = at.line;
        e->column = at.column;
        return e;
    }

    /// Computes the node's depth from its children and enforces the limit.
    ExprPtr seal(ExprPtr e) {
        int d = 0;
        auto see = [&](const ExprPtr& c) {
            if (c) {
                d = std::max(d, c->depth);
            }
        };
        see(e->a);
        see(e->b);
        see(e->c);
        for (const auto& x : e->items) {
            see(x);
        }
        for (const auto& x : e->compareRhs) {
            see(x);
        }
        for (const auto& x : e->args.positional) {
            see(x);
        }
        for (const auto& kv : e->args.keyword) {
            see(kv.second);
        }
        e->depth = d + 1;
        if (e->depth > ast::kMaxExprDepth) {
            throw TemplateError("expression nested too deeply", e->line, e->column);
        }
        return e;
    }

    bool isTupleEnd(Names extraEnd) const {
        const Token& tok = cur();
        if (tok.type == TokenType::VariableEnd || tok.type == TokenType::BlockEnd ||
            (tok.type == TokenType::Operator && tok.text == ")")) {
            return true;
        }
        return tok.type == TokenType::Name && contains(extraEnd, tok.text);
    }

    /// Expressions, by precedence from lowest to highest (as Jinja's parser).
    ExprPtr parseTuple(bool withCondexpr, Names extraEnd, bool explicitParens);
    ExprPtr parseExpression(bool withCondexpr);
    ExprPtr parseCondexpr();
    ExprPtr parseOr();
    ExprPtr parseAnd();
    ExprPtr parseNot();
    ExprPtr parseCompare();
    ExprPtr binary(const Token& at, std::string op, ExprPtr left, ExprPtr right);
    ExprPtr parseMath1();
    ExprPtr parseConcat();
    ExprPtr parseMath2();
    ExprPtr parsePow();
    ExprPtr parseUnary(bool withFilter);
    ExprPtr parsePrimary();
    ExprPtr parseListOrDict(bool isDict);
    ExprPtr parsePostfix(ExprPtr node);
    ExprPtr parseFilterExpr(ExprPtr node);
    ExprPtr parseSubscript(ExprPtr node);
    ast::Args parseCallArgs();
    ExprPtr parseCall(ExprPtr node);
    std::string parseDottedName();
    ExprPtr parseFilter(ExprPtr node, bool startInline);
    ExprPtr parseTest(ExprPtr node);

    std::vector<Token> t_;
    std::size_t i_ = 0;
    int recursion_ = 0;
    int loopRefs_ = 0; ///< how many times the name `loop` appeared so far
};

} // namespace hearth::chat::parsing
