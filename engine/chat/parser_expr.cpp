// SPDX-License-Identifier: GPL-3.0-or-later
// The expression grammar of the template parser.

#include "engine/chat/parser_internal.h"

namespace hearth::chat::parsing {

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

ExprPtr ExprParser::parseTuple(bool withCondexpr, Names extraEnd, bool explicitParens) {
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

ExprPtr ExprParser::parseExpression(bool withCondexpr) {
    Guard guard(*this, recursion_, kMaxParseRecursion);
    return withCondexpr ? parseCondexpr() : parseOr();
}

ExprPtr ExprParser::parseCondexpr() {
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

ExprPtr ExprParser::parseOr() {
    ExprPtr left = parseAnd();
    while (isName("or")) {
        auto e = make(ExprKind::Or, next());
        e->a = std::move(left);
        e->b = parseAnd();
        left = seal(std::move(e));
    }
    return left;
}

ExprPtr ExprParser::parseAnd() {
    ExprPtr left = parseNot();
    while (isName("and")) {
        auto e = make(ExprKind::And, next());
        e->a = std::move(left);
        e->b = parseNot();
        left = seal(std::move(e));
    }
    return left;
}

ExprPtr ExprParser::parseNot() {
    Guard guard(*this, recursion_, kMaxParseRecursion);
    if (isName("not")) {
        auto e = make(ExprKind::Not, next());
        e->a = parseNot();
        return seal(std::move(e));
    }
    return parseCompare();
}

ExprPtr ExprParser::parseCompare() {
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

ExprPtr ExprParser::binary(const Token& at, std::string op, ExprPtr left, ExprPtr right) {
    auto e = make(ExprKind::Binary, at);
    e->name = std::move(op);
    e->a = std::move(left);
    e->b = std::move(right);
    return seal(std::move(e));
}

ExprPtr ExprParser::parseMath1() {
    ExprPtr left = parseConcat();
    while (isOp("+") || isOp("-")) {
        const Token& at = next();
        left = binary(at, at.text, std::move(left), parseConcat());
    }
    return left;
}

ExprPtr ExprParser::parseConcat() {
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

ExprPtr ExprParser::parseMath2() {
    ExprPtr left = parsePow();
    while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
        const Token& at = next();
        left = binary(at, at.text, std::move(left), parsePow());
    }
    return left;
}

ExprPtr ExprParser::parsePow() {
    ExprPtr left = parseUnary(true);
    while (isOp("**")) {
        const Token& at = next();
        left = binary(at, at.text, std::move(left), parseUnary(true));
    }
    return left;
}

ExprPtr ExprParser::parseUnary(bool withFilter) {
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

ExprPtr ExprParser::parsePrimary() {
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

ExprPtr ExprParser::parseListOrDict(bool isDict) {
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

ExprPtr ExprParser::parsePostfix(ExprPtr node) {
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

ExprPtr ExprParser::parseFilterExpr(ExprPtr node) {
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

ExprPtr ExprParser::parseSubscript(ExprPtr node) {
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

ast::Args ExprParser::parseCallArgs() {
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

ExprPtr ExprParser::parseCall(ExprPtr node) {
    auto e = make(ExprKind::Call, cur());
    e->args = parseCallArgs();
    e->a = std::move(node);
    return seal(std::move(e));
}

std::string ExprParser::parseDottedName() {
    std::string name = expectName();
    while (skipOp(".")) {
        name += "." + expectName();
    }
    return name;
}

ExprPtr ExprParser::parseFilter(ExprPtr node, bool startInline) {
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

ExprPtr ExprParser::parseTest(ExprPtr node) {
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

} // namespace hearth::chat::parsing
