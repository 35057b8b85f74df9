// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/parser.h"

#include "engine/chat/lexer.h"
#include "engine/chat/template_error.h"

#include <algorithm>
#include <initializer_list>

namespace hearth::chat {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Stmt;
using ast::StmtKind;
using ast::StmtPtr;
using Names = std::initializer_list<std::string_view>;

/// Each level of nesting passes through a few of the recursive parse functions.
constexpr int kMaxParseRecursion = 3 * ast::kMaxExprDepth;

std::string describe(const Token& t) {
    switch (t.type) {
    case TokenType::Name:
    case TokenType::Operator:
        return "'" + t.text + "'";
    case TokenType::String:
        return "string";
    case TokenType::Integer:
        return "integer";
    case TokenType::Float:
        return "float";
    case TokenType::Data:
        return "template data";
    case TokenType::VariableBegin:
        return "'{{'";
    case TokenType::VariableEnd:
        return "end of print statement";
    case TokenType::BlockBegin:
        return "'{%'";
    case TokenType::BlockEnd:
        return "end of statement block";
    case TokenType::Eof:
        return "end of template";
    }
    return "token";
}

bool contains(Names names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

    ast::Template parse() {
        ast::Template tpl;
        std::string end;
        tpl.body = subparse({}, end);
        return tpl;
    }

private:
    /// Counts recursion and fails past the limit.
    class Guard {
    public:
        Guard(Parser& p, int& counter, int limit) : counter_(counter) {
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

    // ---- statements ----

    ast::Body subparse(Names endTags, std::string& foundEnd) {
        ast::Body body;
        for (;;) {
            const Token& tok = cur();
            switch (tok.type) {
            case TokenType::Data: {
                auto s = std::make_unique<Stmt>();
                s->kind = StmtKind::Text;
                s->line = tok.line;
                s->column = tok.column;
                s->text = tok.text;
                body.push_back(std::move(s));
                next();
                break;
            }
            case TokenType::VariableBegin: {
                next();
                auto s = std::make_unique<Stmt>();
                s->kind = StmtKind::Print;
                s->line = cur().line;
                s->column = cur().column;
                s->expr = parseTuple(true, {}, false);
                expect(TokenType::VariableEnd, "'}}'");
                body.push_back(std::move(s));
                break;
            }
            case TokenType::BlockBegin: {
                next();
                if (cur().type == TokenType::Name && contains(endTags, cur().text)) {
                    foundEnd = cur().text;
                    return body;
                }
                body.push_back(parseStatement());
                expect(TokenType::BlockEnd, "'%}'");
                break;
            }
            case TokenType::Eof:
                if (endTags.size() > 0) {
                    fail("unexpected end of template; expected '" + std::string(*endTags.begin()) +
                         "'");
                }
                return body;
            default:
                fail("unexpected " + describe(tok));
            }
        }
    }

    /// The body of a block statement: "%}" then statements up to one of `endTags`, whose name
    /// is left as the current token.
    ast::Body parseBody(Names endTags, std::string& foundEnd) {
        skipOp(":");
        expect(TokenType::BlockEnd, "'%}'");
        return subparse(endTags, foundEnd);
    }

    StmtPtr newStmt(StmtKind kind, const Token& at) {
        auto s = std::make_unique<Stmt>();
        s->kind = kind;
        s->line = at.line;
        s->column = at.column;
        return s;
    }

    StmtPtr parseStatement() {
        const Token& tok = cur();
        if (tok.type != TokenType::Name) {
            fail("tag name expected, got " + describe(tok));
        }
        Guard guard(*this, blockDepth_, ast::kMaxBlockDepth);
        const std::string& name = tok.text;
        if (name == "if") {
            return parseIf();
        }
        if (name == "for") {
            return parseFor();
        }
        if (name == "set") {
            return parseSet();
        }
        if (name == "macro") {
            return parseMacro();
        }
        if (name == "filter") {
            return parseFilterBlock();
        }
        if (name == "with" || name == "generation") {
            return parseScope();
        }
        if (name == "break" || name == "continue") {
            if (loopDepth_ == 0) {
                fail("'" + name + "' outside of a loop");
            }
            auto s = newStmt(name == "break" ? StmtKind::Break : StmtKind::Continue, tok);
            next();
            return s;
        }
        if (name == "include" || name == "import" || name == "from" || name == "extends" ||
            name == "block" || name == "call" || name == "autoescape" || name == "do") {
            fail("the '" + name + "' tag is not supported in chat templates");
        }
        if (name.rfind("end", 0) == 0 || name == "else" || name == "elif") {
            fail("unexpected '" + name + "'");
        }
        fail("unknown tag '" + name + "'");
    }

    StmtPtr parseIf() {
        auto s = newStmt(StmtKind::If, next());
        for (;;) {
            ast::IfBranch branch;
            branch.test = parseTuple(false, {}, false);
            std::string end;
            branch.body = parseBody({"elif", "else", "endif"}, end);
            s->branches.push_back(std::move(branch));
            next();
            if (end == "elif") {
                continue;
            }
            if (end == "else") {
                s->elseBody = parseBody({"endif"}, end);
                next();
            }
            return s;
        }
    }

    StmtPtr parseFor() {
        auto s = newStmt(StmtKind::For, next());
        s->target = parseAssignTarget({"in"}, false);
        if (!skipName("in")) {
            fail("expected 'in', got " + describe(cur()));
        }
        s->expr = parseTuple(false, {"recursive"}, false);
        if (skipName("if")) {
            s->filter = parseExpression(true);
        }
        if (isName("recursive")) {
            fail("recursive loops are not supported");
        }
        std::string end;
        ++loopDepth_;
        const int loopRefsBefore = loopRefs_;
        s->body = parseBody({"endfor", "else"}, end);
        s->usesLoop = loopRefs_ != loopRefsBefore;
        --loopDepth_;
        next();
        if (end == "else") {
            s->elseBody = parseBody({"endfor"}, end);
            next();
        }
        return s;
    }

    StmtPtr parseSet() {
        const Token& at = next();
        ast::Target target = parseAssignTarget({}, true);
        if (skipOp("=")) {
            auto s = newStmt(StmtKind::Set, at);
            s->target = std::move(target);
            s->expr = parseTuple(true, {}, false);
            return s;
        }
        auto s = newStmt(StmtKind::SetBlock, at);
        s->target = std::move(target);
        if (isOp("|")) {
            s->expr = parseFilter(nullptr, false);
        }
        std::string end;
        s->body = parseBody({"endset"}, end);
        next();
        return s;
    }

    StmtPtr parseMacro() {
        const Token& at = next();
        auto m = newStmt(StmtKind::Macro, at);
        m->macroName = expectName();
        expectOp("(");
        while (!isOp(")")) {
            if (!m->params.empty()) {
                expectOp(",");
                if (isOp(")")) {
                    break;
                }
            }
            ast::MacroParam p;
            p.name = expectName();
            if (skipOp("=")) {
                p.defaultValue = parseExpression(true);
            } else if (!m->params.empty() && m->params.back().defaultValue) {
                fail("non-default argument follows default argument");
            }
            m->params.push_back(std::move(p));
        }
        expectOp(")");
        const int savedLoops = loopDepth_;
        loopDepth_ = 0;
        std::string end;
        m->body = parseBody({"endmacro"}, end);
        loopDepth_ = savedLoops;
        next();
        return m;
    }

    StmtPtr parseFilterBlock() {
        auto s = newStmt(StmtKind::FilterBlock, next());
        s->expr = parseFilter(nullptr, true);
        std::string end;
        s->body = parseBody({"endfilter"}, end);
        next();
        return s;
    }

    StmtPtr parseScope() {
        const Token& at = next();
        auto s = newStmt(StmtKind::Scope, at);
        const bool isWith = at.text == "with";
        while (isWith && cur().type != TokenType::BlockEnd) {
            if (!s->assignments.empty()) {
                expectOp(",");
            }
            ast::Target target = parseAssignTarget({}, false);
            expectOp("=");
            s->assignments.emplace_back(std::move(target), parseExpression(true));
        }
        std::string end;
        s->body = parseBody({isWith ? "endwith" : "endgeneration"}, end);
        next();
        return s;
    }

    // ---- assignment targets ----

    ast::Target parseTargetItem(bool withNamespace) {
        const Token& tok = cur();
        ast::Target t;
        t.line = tok.line;
        t.column = tok.column;
        if (tok.type == TokenType::Name) {
            static constexpr Names kConstants = {"true", "false", "True", "False", "none", "None"};
            if (contains(kConstants, tok.text)) {
                fail("can't assign to a constant");
            }
            t.name = next().text;
            if (withNamespace && skipOp(".")) {
                t.attr = expectName();
            }
            return t;
        }
        if (skipOp("(")) {
            t = parseAssignTarget({}, withNamespace);
            expectOp(")");
            return t;
        }
        fail("can't assign to " + describe(tok));
    }

    bool isTupleEnd(Names extraEnd) const {
        const Token& tok = cur();
        if (tok.type == TokenType::VariableEnd || tok.type == TokenType::BlockEnd ||
            (tok.type == TokenType::Operator && tok.text == ")")) {
            return true;
        }
        return tok.type == TokenType::Name && contains(extraEnd, tok.text);
    }

    ast::Target parseAssignTarget(Names extraEnd, bool withNamespace) {
        ast::Target tuple;
        tuple.line = cur().line;
        tuple.column = cur().column;
        tuple.isTuple = false;
        for (;;) {
            if (!tuple.items.empty()) {
                expectOp(",");
            }
            if (isTupleEnd(extraEnd)) {
                break;
            }
            tuple.items.push_back(parseTargetItem(withNamespace));
            if (isOp(",")) {
                tuple.isTuple = true;
            } else {
                break;
            }
        }
        if (!tuple.isTuple) {
            if (tuple.items.empty()) {
                fail("expected an assignment target, got " + describe(cur()));
            }
            return std::move(tuple.items[0]);
        }
        return tuple;
    }

    // ---- expressions ----

    ExprPtr parseTuple(bool withCondexpr, Names extraEnd, bool explicitParens) {
        const Token& at = cur();
        std::vector<ExprPtr> items;
        bool isTuple = false;
        for (;;) {
            if (!items.empty()) {
                expectOp(",");
            }
            if (isTupleEnd(extraEnd)) {
                break;
            }
            items.push_back(parseExpression(withCondexpr));
            if (isOp(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (!items.empty()) {
                return std::move(items[0]);
            }
            if (!explicitParens) {
                fail("expected an expression, got " + describe(cur()));
            }
        }
        auto e = make(ExprKind::List, at);
        e->isTuple = true;
        e->items = std::move(items);
        return seal(std::move(e));
    }

    ExprPtr parseExpression(bool withCondexpr) {
        Guard guard(*this, recursion_, kMaxParseRecursion);
        return withCondexpr ? parseCondexpr() : parseOr();
    }

    ExprPtr parseCondexpr() {
        Guard guard(*this, recursion_, kMaxParseRecursion);
        ExprPtr expr = parseOr();
        while (isName("if")) {
            const Token& at = next();
            auto e = make(ExprKind::CondExpr, at);
            e->a = parseOr();
            e->b = std::move(expr);
            if (skipName("else")) {
                e->c = parseCondexpr();
            }
            expr = seal(std::move(e));
        }
        return expr;
    }

    ExprPtr parseOr() {
        ExprPtr left = parseAnd();
        while (isName("or")) {
            auto e = make(ExprKind::Or, next());
            e->a = std::move(left);
            e->b = parseAnd();
            left = seal(std::move(e));
        }
        return left;
    }

    ExprPtr parseAnd() {
        ExprPtr left = parseNot();
        while (isName("and")) {
            auto e = make(ExprKind::And, next());
            e->a = std::move(left);
            e->b = parseNot();
            left = seal(std::move(e));
        }
        return left;
    }

    ExprPtr parseNot() {
        Guard guard(*this, recursion_, kMaxParseRecursion);
        if (isName("not")) {
            auto e = make(ExprKind::Not, next());
            e->a = parseNot();
            return seal(std::move(e));
        }
        return parseCompare();
    }

    ExprPtr parseCompare() {
        const Token& at = cur();
        ExprPtr expr = parseMath1();
        std::vector<std::string> ops;
        std::vector<ExprPtr> rhs;
        for (;;) {
            static constexpr Names kCompareOps = {"==", "!=", "<", "<=", ">", ">="};
            if (cur().type == TokenType::Operator && contains(kCompareOps, cur().text)) {
                ops.push_back(next().text);
            } else if (isName("in")) {
                next();
                ops.emplace_back("in");
            } else if (isName("not") && peek().type == TokenType::Name && peek().text == "in") {
                next();
                next();
                ops.emplace_back("notin");
            } else {
                break;
            }
            rhs.push_back(parseMath1());
        }
        if (ops.empty()) {
            return expr;
        }
        auto e = make(ExprKind::Compare, at);
        e->a = std::move(expr);
        e->compareOps = std::move(ops);
        e->compareRhs = std::move(rhs);
        return seal(std::move(e));
    }

    ExprPtr binary(const Token& at, std::string op, ExprPtr left, ExprPtr right) {
        auto e = make(ExprKind::Binary, at);
        e->name = std::move(op);
        e->a = std::move(left);
        e->b = std::move(right);
        return seal(std::move(e));
    }

    ExprPtr parseMath1() {
        ExprPtr left = parseConcat();
        while (isOp("+") || isOp("-")) {
            const Token& at = next();
            left = binary(at, at.text, std::move(left), parseConcat());
        }
        return left;
    }

    ExprPtr parseConcat() {
        const Token& at = cur();
        std::vector<ExprPtr> items;
        items.push_back(parseMath2());
        while (skipOp("~")) {
            items.push_back(parseMath2());
        }
        if (items.size() == 1) {
            return std::move(items[0]);
        }
        auto e = make(ExprKind::Concat, at);
        e->items = std::move(items);
        return seal(std::move(e));
    }

    ExprPtr parseMath2() {
        ExprPtr left = parsePow();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            const Token& at = next();
            left = binary(at, at.text, std::move(left), parsePow());
        }
        return left;
    }

    ExprPtr parsePow() {
        ExprPtr left = parseUnary(true);
        while (isOp("**")) {
            const Token& at = next();
            left = binary(at, at.text, std::move(left), parseUnary(true));
        }
        return left;
    }

    ExprPtr parseUnary(bool withFilter) {
        Guard guard(*this, recursion_, kMaxParseRecursion);
        ExprPtr node;
        if (isOp("-") || isOp("+")) {
            const Token& at = next();
            node = make(at.text == "-" ? ExprKind::Neg : ExprKind::Pos, at);
            node->a = parseUnary(false);
            node = seal(std::move(node));
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(std::move(node));
        if (withFilter) {
            node = parseFilterExpr(std::move(node));
        }
        return node;
    }

    ExprPtr parsePrimary() {
        const Token& tok = cur();
        switch (tok.type) {
        case TokenType::Name: {
            next();
            auto e = make(ExprKind::Const, tok);
            if (tok.text == "true" || tok.text == "True") {
                e->value = Value::boolean(true);
            } else if (tok.text == "false" || tok.text == "False") {
                e->value = Value::boolean(false);
            } else if (tok.text == "none" || tok.text == "None") {
                e->value = Value::none();
            } else {
                e->kind = ExprKind::Name;
                e->name = tok.text;
                if (tok.text == "loop") {
                    ++loopRefs_;
                }
            }
            return seal(std::move(e));
        }
        case TokenType::String: {
            auto e = make(ExprKind::Const, tok);
            std::string s;
            while (cur().type == TokenType::String) {
                s += next().text;
            }
            e->value = Value::string(std::move(s));
            return seal(std::move(e));
        }
        case TokenType::Integer:
        case TokenType::Float: {
            next();
            auto e = make(ExprKind::Const, tok);
            e->value = tok.type == TokenType::Integer ? Value::integer(tok.intValue)
                                                      : Value::number(tok.floatValue);
            return seal(std::move(e));
        }
        case TokenType::Operator:
            if (tok.text == "(") {
                next();
                ExprPtr e = parseTuple(true, {}, true);
                expectOp(")");
                return e;
            }
            if (tok.text == "[" || tok.text == "{") {
                return parseListOrDict(tok.text == "{");
            }
            break;
        default:
            break;
        }
        fail("unexpected " + describe(tok));
    }

    ExprPtr parseListOrDict(bool isDict) {
        const Token& at = next();
        const std::string_view close = isDict ? "}" : "]";
        auto e = make(isDict ? ExprKind::Dict : ExprKind::List, at);
        std::size_t entries = 0;
        while (!isOp(close)) {
            if (entries > 0) {
                expectOp(",");
                if (isOp(close)) {
                    break;
                }
            }
            e->items.push_back(parseExpression(true));
            if (isDict) {
                expectOp(":");
                e->items.push_back(parseExpression(true));
            }
            ++entries;
        }
        expectOp(close);
        return seal(std::move(e));
    }

    ExprPtr parsePostfix(ExprPtr node) {
        for (;;) {
            if (isOp(".") || isOp("[")) {
                node = parseSubscript(std::move(node));
            } else if (isOp("(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    ExprPtr parseFilterExpr(ExprPtr node) {
        for (;;) {
            if (isOp("|")) {
                node = parseFilter(std::move(node), false);
            } else if (isName("is")) {
                node = parseTest(std::move(node));
            } else if (isOp("(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    ExprPtr parseSubscript(ExprPtr node) {
        const Token& at = next();
        if (at.text == ".") {
            const Token& attr = cur();
            if (attr.type == TokenType::Name) {
                next();
                auto e = make(ExprKind::Getattr, at);
                e->a = std::move(node);
                e->name = attr.text;
                return seal(std::move(e));
            }
            if (attr.type != TokenType::Integer) {
                fail("expected name or number after '.'");
            }
            next();
            auto e = make(ExprKind::Getitem, at);
            e->a = std::move(node);
            e->b = make(ExprKind::Const, attr);
            e->b->value = Value::integer(attr.intValue);
            return seal(std::move(e));
        }
        auto e = make(ExprKind::Getitem, at);
        e->a = std::move(node);
        // a[x], a[x:y:z]; a[x, y] indexes with a tuple (which no value here supports).
        std::vector<ExprPtr> parts;
        bool slice = false;
        ExprPtr start;
        ExprPtr stop;
        ExprPtr step;
        if (!isOp(":")) {
            start = parseExpression(true);
        }
        if (skipOp(":")) {
            slice = true;
            if (!isOp("]") && !isOp(":")) {
                stop = parseExpression(true);
            }
            if (skipOp(":") && !isOp("]")) {
                step = parseExpression(true);
            }
        }
        if (!slice && isOp(",")) {
            auto tuple = make(ExprKind::List, at);
            tuple->isTuple = true;
            tuple->items.push_back(std::move(start));
            while (skipOp(",") && !isOp("]")) {
                tuple->items.push_back(parseExpression(true));
            }
            start = seal(std::move(tuple));
        }
        expectOp("]");
        e->isSlice = slice;
        e->b = std::move(start);
        if (slice) {
            e->c = std::move(stop);
            e->items.push_back(std::move(step));
        }
        return seal(std::move(e));
    }

    ast::Args parseCallArgs() {
        const Token& open = cur();
        expectOp("(");
        ast::Args args;
        bool requireComma = false;
        while (!isOp(")")) {
            if (requireComma) {
                expectOp(",");
                if (isOp(")")) {
                    break;
                }
            }
            if (isOp("*") || isOp("**")) {
                fail("*args and **kwargs in calls are not supported");
            }
            if (cur().type == TokenType::Name && peek().type == TokenType::Operator &&
                peek().text == "=") {
                std::string key = next().text;
                next();
                args.keyword.emplace_back(std::move(key), parseExpression(true));
            } else {
                if (!args.keyword.empty()) {
                    fail("invalid syntax for function call expression", open);
                }
                args.positional.push_back(parseExpression(true));
            }
            requireComma = true;
        }
        expectOp(")");
        return args;
    }

    ExprPtr parseCall(ExprPtr node) {
        auto e = make(ExprKind::Call, cur());
        e->args = parseCallArgs();
        e->a = std::move(node);
        return seal(std::move(e));
    }

    std::string parseDottedName() {
        std::string name = expectName();
        while (skipOp(".")) {
            name += "." + expectName();
        }
        return name;
    }

    ExprPtr parseFilter(ExprPtr node, bool startInline) {
        while (isOp("|") || startInline) {
            if (!startInline) {
                next();
            }
            startInline = false;
            auto e = make(ExprKind::Filter, cur());
            e->name = parseDottedName();
            if (isOp("(")) {
                e->args = parseCallArgs();
            }
            e->a = std::move(node);
            node = seal(std::move(e));
        }
        return node;
    }

    ExprPtr parseTest(ExprPtr node) {
        const Token& at = next();
        const bool negated = skipName("not");
        auto e = make(ExprKind::Test, at);
        e->name = parseDottedName();
        if (isOp("(")) {
            e->args = parseCallArgs();
        } else {
            const TokenType t = cur().type;
            const bool startsArg = t == TokenType::Name || t == TokenType::String ||
                                   t == TokenType::Integer || t == TokenType::Float || isOp("(") ||
                                   isOp("[") || isOp("{");
            if (startsArg && !isName("else") && !isName("or") && !isName("and")) {
                if (isName("is")) {
                    fail("you cannot chain multiple tests with 'is'");
                }
                e->args.positional.push_back(parsePostfix(parsePrimary()));
            }
        }
        e->a = std::move(node);
        ExprPtr test = seal(std::move(e));
        if (!negated) {
            return test;
        }
        auto n = make(ExprKind::Not, at);
        n->a = std::move(test);
        return seal(std::move(n));
    }

    std::vector<Token> t_;
    std::size_t i_ = 0;
    int recursion_ = 0;
    int blockDepth_ = 0;
    int loopDepth_ = 0;
    int loopRefs_ = 0; ///< how many times the name `loop` appeared so far
};

} // namespace

ast::Template parseTemplate(std::string_view source) {
    return Parser(tokenize(source)).parse();
}

} // namespace hearth::chat
