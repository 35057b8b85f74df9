// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/parser.h"

#include "engine/chat/parser_internal.h"

namespace hearth::chat {
namespace {

using ast::Stmt;
using ast::StmtKind;
using ast::StmtPtr;
using parsing::contains;
using parsing::describe;
using parsing::Names;

/// The statement grammar: text, {{ }}, and the block tags, on top of the expression parser.
class Parser : public parsing::ExprParser {
public:
    using ExprParser::ExprParser;

    ast::Template parse() {
        ast::Template tpl;
        std::string end;
        tpl.body = subparse({}, end);
        return tpl;
    }

private:
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

    int blockDepth_ = 0;
    int loopDepth_ = 0;
};

} // namespace

ast::Template parseTemplate(std::string_view source) {
    return Parser(tokenize(source)).parse();
}

} // namespace hearth::chat
