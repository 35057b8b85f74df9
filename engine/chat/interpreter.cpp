// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/interpreter.h"

#include "engine/chat/builtins.h"
#include "engine/chat/callable.h"
#include "engine/chat/template_error.h"

#include <utility>

namespace hearth::chat {
namespace {

/// Bytes of string (and items of lists) that count as one unit of work.
constexpr uint64_t kBytesPerWorkUnit = 16;
constexpr uint64_t kItemsPerWorkUnit = 4;
/// Work counted for each turn of a loop (a new scope and its variables).
constexpr uint64_t kLoopTurnCost = 4;
/// Scopes with more variables than this get a hash index.
constexpr std::size_t kIndexedScopeSize = 16;

/// Whether an expression of this kind builds a new string or list (which counts as work), rather
/// than passing on a value that already exists (a variable, an attribute, a branch).
bool createsValues(const ast::Expr& e) {
    switch (e.kind) {
    case ast::ExprKind::List:
    case ast::ExprKind::Dict:
    case ast::ExprKind::Call:
    case ast::ExprKind::Filter:
    case ast::ExprKind::Binary:
    case ast::ExprKind::Concat:
        return true;
    case ast::ExprKind::Getitem:
        return e.isSlice;
    default:
        return false;
    }
}

/// Whether a filter may look at everything inside a list or dict (printing, comparing or
/// serialising it), so that its cost grows with the whole value rather than its length.
bool looksInside(std::string_view filter) {
    static constexpr std::string_view kShallow[] = {
        "attr",   "batch", "count", "d",      "default",    "first",   "items",  "last",
        "length", "list",  "map",   "reject", "rejectattr", "reverse", "select", "selectattr",
    };
    for (std::string_view f : kShallow) {
        if (f == filter) {
            return false;
        }
    }
    return true;
}

[[noreturn]] void rethrowAt(const TemplateError& e, const ast::Node& at) {
    if (dynamic_cast<const TemplateRaised*>(&e) != nullptr) {
        throw TemplateRaised(e.detail(), at.line, at.column);
    }
    throw TemplateError(e.detail(), at.line, at.column);
}

/// Makes `next` the current scope until destroyed.
class ScopeSwap {
public:
    ScopeSwap(std::shared_ptr<Frame>& slot, std::shared_ptr<Frame> next)
        : slot_(slot), saved_(std::exchange(slot, std::move(next))) {}
    ~ScopeSwap() { slot_ = std::move(saved_); }
    ScopeSwap(const ScopeSwap&) = delete;
    ScopeSwap& operator=(const ScopeSwap&) = delete;

private:
    std::shared_ptr<Frame>& slot_;
    std::shared_ptr<Frame> saved_;
};

std::shared_ptr<Frame> childOf(const std::shared_ptr<Frame>& parent) {
    return std::make_shared<Frame>(parent);
}

Value makeLoop(std::size_t i, const std::vector<Value>& items) {
    const auto n = static_cast<int64_t>(items.size());
    const auto idx = static_cast<int64_t>(i);
    std::vector<std::pair<std::string, Value>> fields = {
        {"index", Value::integer(idx + 1)},    {"index0", Value::integer(idx)},
        {"revindex", Value::integer(n - idx)}, {"revindex0", Value::integer(n - idx - 1)},
        {"first", Value::boolean(idx == 0)},   {"last", Value::boolean(idx == n - 1)},
        {"length", Value::integer(n)},         {"depth", Value::integer(1)},
        {"depth0", Value::integer(0)},
    };
    if (i > 0) {
        fields.emplace_back("previtem", items[i - 1]);
    }
    if (i + 1 < items.size()) {
        fields.emplace_back("nextitem", items[i + 1]);
    }
    auto cycle = std::make_shared<Callable>();
    cycle->kind = Callable::Kind::LoopCycle;
    cycle->name = "cycle";
    cycle->self = Value::integer(idx);
    fields.emplace_back("cycle", Value::callable(std::move(cycle)));
    return Value::object(std::move(fields));
}

} // namespace

const Value* Frame::findHere(const std::string& name) const {
    if (!index_.empty()) {
        const auto it = index_.find(name);
        return it == index_.end() ? nullptr : &vars_[it->second].second;
    }
    for (const auto& [k, v] : vars_) {
        if (k == name) {
            return &v;
        }
    }
    return nullptr;
}

const Value* Frame::find(const std::string& name) const {
    for (const Frame* f = this; f != nullptr; f = f->parent_.get()) {
        if (const Value* v = f->findHere(name)) {
            return v;
        }
    }
    return nullptr;
}

void Frame::set(const std::string& name, Value value) {
    if (const Value* v = findHere(name)) {
        *const_cast<Value*>(v) = std::move(value);
        return;
    }
    vars_.emplace_back(name, std::move(value));
    if (!index_.empty()) {
        index_.emplace(name, vars_.size() - 1);
    } else if (vars_.size() > kIndexedScopeSize) {
        for (std::size_t i = 0; i < vars_.size(); ++i) {
            index_.emplace(vars_[i].first, i);
        }
    }
}

void Frame::clear() {
    vars_.clear();
    index_.clear();
}

/// Counts nested evaluation; throws past RenderLimits::maxDepth.
class Interpreter::DepthGuard {
public:
    explicit DepthGuard(Interpreter& in) : in_(in) {
        if (++in_.depth_ > in_.limits_.maxDepth) {
            --in_.depth_;
            throw TemplateError("the template nests or recurses too deeply", 0, 0);
        }
    }
    ~DepthGuard() { --in_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

private:
    Interpreter& in_;
};

Interpreter::Interpreter(const ast::Template& tpl, RenderLimits limits, std::time_t now)
    : tpl_(tpl), limits_(limits), opLimits_{limits.maxStringBytes, limits.maxListItems}, now_(now) {
}

Interpreter::~Interpreter() {
    // Macros hold the scope they were defined in, and scopes hold the macros: break the cycles.
    for (const auto& f : macroScopes_) {
        f->clear();
    }
    if (frame_) {
        frame_->clear();
    }
    for (const auto& ns : namespaces_) {
        ns->attrs.clear();
    }
}

std::string Interpreter::render(const std::vector<std::pair<std::string, Value>>& variables) {
    frame_ = std::make_shared<Frame>();
    for (const auto& [name, value] : variables) {
        frame_->set(name, value);
    }
    std::string out;
    out_ = &out;
    execBody(tpl_.body);
    out_ = nullptr;
    return out;
}

void Interpreter::charge(uint64_t units) {
    work_ += units;
    if (work_ > limits_.maxWork) {
        throw TemplateError("the template does too much work (more than " +
                                std::to_string(limits_.maxWork) + " steps)",
                            0, 0);
    }
}

void Interpreter::chargeDeep(const Value& v) {
    charge(v.weight() / kBytesPerWorkUnit);
}

void Interpreter::chargeValue(const Value& v) {
    if (v.isString()) {
        charge(v.asString().size() / kBytesPerWorkUnit);
    } else if (v.isList()) {
        charge(v.asList().items.size() / kItemsPerWorkUnit);
    } else if (v.isDict()) {
        charge(v.asDict().items.size() / kItemsPerWorkUnit);
    }
}

Namespace* Interpreter::newNamespace() {
    if (namespaces_.size() >= limits_.maxNamespaces) {
        throw TemplateError("too many namespaces", 0, 0);
    }
    namespaces_.push_back(std::make_unique<Namespace>());
    return namespaces_.back().get();
}

void Interpreter::output(std::string_view text) {
    if (text.size() > limits_.maxOutputBytes - out_->size()) {
        throw TemplateError("the rendered text is larger than " +
                                std::to_string(limits_.maxOutputBytes >> 20) + " MiB",
                            0, 0);
    }
    charge(text.size() / kBytesPerWorkUnit);
    out_->append(text);
}

std::string Interpreter::capture(const ast::Body& body) {
    std::string buffer;
    std::string* saved = std::exchange(out_, &buffer);
    try {
        execBody(body);
    } catch (...) {
        out_ = saved;
        throw;
    }
    out_ = saved;
    return buffer;
}

// ---- statements ----

Interpreter::Flow Interpreter::execBody(const ast::Body& body) {
    for (const auto& s : body) {
        const Flow f = exec(*s);
        if (f != Flow::Normal) {
            return f;
        }
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const ast::Stmt& s) {
    try {
        DepthGuard guard(*this);
        charge(1);
        switch (s.kind) {
        case ast::StmtKind::Text:
            output(s.text);
            break;
        case ast::StmtKind::Print: {
            const Value v = eval(*s.expr);
            if (v.isString()) {
                output(v.asString());
            } else {
                output(toStr(v));
            }
            break;
        }
        case ast::StmtKind::If:
            return execIf(s);
        case ast::StmtKind::For:
            return execFor(s);
        case ast::StmtKind::Set:
            assign(*frame_, s.target, eval(*s.expr));
            break;
        case ast::StmtKind::SetBlock: {
            Value v = Value::string(capture(s.body));
            if (s.expr) {
                v = applyFilterChain(*s.expr, std::move(v));
            }
            assign(*frame_, s.target, v);
            break;
        }
        case ast::StmtKind::Macro:
            execMacro(s);
            break;
        case ast::StmtKind::FilterBlock:
            output(toStr(applyFilterChain(*s.expr, Value::string(capture(s.body)))));
            break;
        case ast::StmtKind::Scope: {
            auto scope = childOf(frame_);
            for (const auto& [target, expr] : s.assignments) {
                assign(*scope, target, eval(*expr));
            }
            ScopeSwap swap(frame_, std::move(scope));
            return execBody(s.body);
        }
        case ast::StmtKind::Break:
            return Flow::Break;
        case ast::StmtKind::Continue:
            return Flow::Continue;
        }
    } catch (const TemplateError& err) {
        if (err.line() > 0) {
            throw;
        }
        rethrowAt(err, s);
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::execIf(const ast::Stmt& s) {
    for (const auto& branch : s.branches) {
        if (eval(*branch.test).truthy()) {
            return execBody(branch.body);
        }
    }
    return execBody(s.elseBody);
}

Interpreter::Flow Interpreter::execFor(const ast::Stmt& s) {
    std::vector<Value> items = ops::iterate(eval(*s.expr));
    charge(items.size());
    const std::shared_ptr<Frame> outer = frame_;
    if (s.filter) {
        std::vector<Value> kept;
        for (Value& item : items) {
            auto scope = childOf(outer);
            assign(*scope, s.target, item);
            ScopeSwap swap(frame_, std::move(scope));
            if (eval(*s.filter).truthy()) {
                kept.push_back(std::move(item));
            }
        }
        items = std::move(kept);
    }
    // As in Jinja, the else block runs unless some turn of the loop reached the end of the body
    // (so also when every turn ended in continue, or the first one in break).
    bool runElse = true;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto scope = childOf(outer);
        assign(*scope, s.target, items[i]);
        if (s.usesLoop) {
            scope->set("loop", makeLoop(i, items));
        }
        charge(kLoopTurnCost);
        ScopeSwap swap(frame_, std::move(scope));
        const Flow flow = execBody(s.body);
        if (flow == Flow::Break) {
            break;
        }
        if (flow == Flow::Normal) {
            runElse = false;
        }
    }
    return runElse ? execBody(s.elseBody) : Flow::Normal;
}

void Interpreter::execMacro(const ast::Stmt& s) {
    const ast::Stmt& m = s;
    auto c = std::make_shared<Callable>();
    c->kind = Callable::Kind::Macro;
    c->name = m.macroName;
    c->macro = &m;
    c->closure = frame_;
    frame_->set(m.macroName, Value::callable(std::move(c)));
    if (macroScopes_.empty() || macroScopes_.back() != frame_) {
        macroScopes_.push_back(frame_);
    }
}

void Interpreter::assign(Frame& frame, const ast::Target& target, const Value& value) {
    if (target.isTuple) {
        const std::vector<Value> parts = ops::iterate(value);
        const std::size_t n = target.items.size();
        if (parts.size() < n) {
            throw TemplateError("not enough values to unpack (expected " + std::to_string(n) +
                                    ", got " + std::to_string(parts.size()) + ")",
                                target.line, target.column);
        }
        if (parts.size() > n) {
            throw TemplateError("too many values to unpack (expected " + std::to_string(n) + ")",
                                target.line, target.column);
        }
        for (std::size_t i = 0; i < n; ++i) {
            assign(frame, target.items[i], parts[i]);
        }
        return;
    }
    if (!target.attr.empty()) {
        const Value* ns = frame.find(target.name);
        if (ns == nullptr || !ns->isNamespace()) {
            throw TemplateError("cannot assign attribute on non-namespace object '" + target.name +
                                    "'",
                                target.line, target.column);
        }
        ns->asNamespace()->set(target.attr, value);
        return;
    }
    frame.set(target.name, value);
}

// ---- expressions ----

Value Interpreter::eval(const ast::Expr& e) {
    try {
        DepthGuard guard(*this);
        charge(1);
        Value v = evalInner(e);
        if (createsValues(e)) {
            chargeValue(v);
        }
        return v;
    } catch (const TemplateError& err) {
        if (err.line() > 0) {
            throw;
        }
        rethrowAt(err, e);
    }
}

Value Interpreter::lookup(const std::string& name) const {
    if (const Value* v = frame_->find(name)) {
        return *v;
    }
    if (const Value* g = findGlobal(name)) {
        return *g;
    }
    return Value::undefined("'" + name + "' is undefined");
}

Value Interpreter::evalInner(const ast::Expr& e) {
    switch (e.kind) {
    case ast::ExprKind::Const:
        return e.value;
    case ast::ExprKind::Name:
        return lookup(e.name);
    case ast::ExprKind::List: {
        std::vector<Value> items;
        items.reserve(e.items.size());
        for (const auto& item : e.items) {
            items.push_back(eval(*item));
        }
        return Value::list(std::move(items), e.isTuple);
    }
    case ast::ExprKind::Dict: {
        std::vector<std::pair<Value, Value>> pairs;
        for (std::size_t i = 0; i + 1 < e.items.size(); i += 2) {
            Value k = eval(*e.items[i]);
            pairs.emplace_back(std::move(k), eval(*e.items[i + 1]));
        }
        return Value::dict(std::move(pairs));
    }
    case ast::ExprKind::Getattr:
        return ops::getAttr(eval(*e.a), e.name);
    case ast::ExprKind::Getitem:
        return evalItem(e);
    case ast::ExprKind::Call:
        return evalCall(e);
    case ast::ExprKind::Filter: {
        const Value input = eval(*e.a);
        if (looksInside(e.name)) {
            chargeDeep(input);
        } else {
            chargeValue(input);
        }
        return applyFilter(*this, e.name, input, evalArgs(e.args));
    }
    case ast::ExprKind::Test: {
        const Value value = eval(*e.a);
        if (!e.args.positional.empty() || e.name == "lower" || e.name == "upper") {
            chargeDeep(value); // comparisons and text tests look at the whole value
        }
        return Value::boolean(applyTest(*this, e.name, value, evalArgs(e.args)));
    }
    case ast::ExprKind::Not:
        return Value::boolean(!eval(*e.a).truthy());
    case ast::ExprKind::Neg:
        return ops::negate(eval(*e.a));
    case ast::ExprKind::Pos:
        return ops::positive(eval(*e.a));
    case ast::ExprKind::Binary: {
        const Value a = eval(*e.a);
        const Value b = eval(*e.b);
        return ops::binary(e.name, a, b, opLimits_);
    }
    case ast::ExprKind::And: {
        Value a = eval(*e.a);
        return a.truthy() ? eval(*e.b) : a;
    }
    case ast::ExprKind::Or: {
        Value a = eval(*e.a);
        return a.truthy() ? a : eval(*e.b);
    }
    case ast::ExprKind::Concat: {
        std::string s;
        for (const auto& item : e.items) {
            const Value v = eval(*item);
            const std::string piece = toStr(v);
            ops::checkStringSize(s.size() + piece.size(), opLimits_);
            s += piece;
        }
        return Value::string(std::move(s));
    }
    case ast::ExprKind::Compare:
        return Value::boolean(evalCompare(e));
    case ast::ExprKind::CondExpr:
        if (eval(*e.a).truthy()) {
            return eval(*e.b);
        }
        if (e.c) {
            return eval(*e.c);
        }
        return Value::undefined("the inline if-expression evaluated to false and has no else");
    }
    return {};
}

Value Interpreter::evalItem(const ast::Expr& e) {
    const Value obj = eval(*e.a);
    if (obj.isString()) {
        chargeValue(obj); // indexing counts code points
    }
    if (!e.isSlice) {
        const Value key = eval(*e.b);
        chargeValue(key);
        return ops::getItem(obj, key);
    }
    const Value start = e.b ? eval(*e.b) : Value();
    const Value stop = e.c ? eval(*e.c) : Value();
    const Value step = e.items[0] ? eval(*e.items[0]) : Value();
    return ops::slice(obj, start, stop, step);
}

CallArgs Interpreter::evalArgs(const ast::Args& args) {
    CallArgs out;
    out.positional.reserve(args.positional.size());
    for (const auto& a : args.positional) {
        out.positional.push_back(eval(*a));
    }
    for (const auto& [name, expr] : args.keyword) {
        out.keyword.emplace_back(name, eval(*expr));
    }
    return out;
}

Value Interpreter::evalCall(const ast::Expr& e) {
    const ast::Expr& callee = *e.a;
    if (callee.kind == ast::ExprKind::Getattr) {
        const Value self = eval(*callee.a);
        if (hasMethod(self, callee.name)) {
            return callMethod(*this, self, callee.name, evalArgs(e.args));
        }
        const Value fn = ops::getAttr(self, callee.name);
        return call(fn, evalArgs(e.args));
    }
    const Value fn = eval(callee);
    return call(fn, evalArgs(e.args));
}

Value Interpreter::call(const Value& callee, const CallArgs& args) {
    if (callee.isUndefined()) {
        ops::undefinedError(callee);
    }
    if (!callee.isCallable()) {
        throw TemplateError("'" + callee.typeName() + "' object is not callable", 0, 0);
    }
    const Callable& c = callee.asCallable();
    switch (c.kind) {
    case Callable::Kind::Global:
        return callGlobal(*this, c.name, args);
    case Callable::Kind::Method:
        return callMethod(*this, c.self, c.name, args);
    case Callable::Kind::Macro:
        return callMacro(c, args);
    case Callable::Kind::LoopCycle:
        if (args.positional.empty()) {
            throw TemplateError("no items for cycling given", 0, 0);
        }
        return args.positional[static_cast<std::size_t>(c.self.asInt()) % args.positional.size()];
    }
    return {};
}

Value Interpreter::callMacro(const Callable& c, const CallArgs& args) {
    const ast::Stmt& m = *c.macro;
    const std::size_t n = m.params.size();
    if (args.positional.size() > n) {
        throw TemplateError("macro '" + m.macroName + "' takes not more than " + std::to_string(n) +
                                " argument(s)",
                            0, 0);
    }
    auto scope = childOf(c.closure);
    std::vector<bool> bound(n, false);
    for (std::size_t i = 0; i < args.positional.size(); ++i) {
        scope->set(m.params[i].name, args.positional[i]);
        bound[i] = true;
    }
    for (const auto& [name, value] : args.keyword) {
        std::size_t i = 0;
        while (i < n && m.params[i].name != name) {
            ++i;
        }
        if (i == n) {
            throw TemplateError(
                "macro '" + m.macroName + "' takes no keyword argument '" + name + "'", 0, 0);
        }
        if (bound[i]) {
            throw TemplateError("macro '" + m.macroName + "' got multiple values for argument '" +
                                    name + "'",
                                0, 0);
        }
        scope->set(name, value);
        bound[i] = true;
    }
    ScopeSwap swap(frame_, scope);
    for (std::size_t i = 0; i < n; ++i) {
        if (bound[i]) {
            continue;
        }
        const ast::MacroParam& p = m.params[i];
        scope->set(p.name, p.defaultValue
                               ? eval(*p.defaultValue)
                               : Value::undefined("parameter '" + p.name + "' was not provided"));
    }
    return Value::string(capture(m.body));
}

bool Interpreter::evalCompare(const ast::Expr& e) {
    Value left = eval(*e.a);
    chargeDeep(left);
    for (std::size_t i = 0; i < e.compareOps.size(); ++i) {
        Value right = eval(*e.compareRhs[i]);
        chargeDeep(right);
        if (!ops::compare(e.compareOps[i], left, right)) {
            return false;
        }
        left = std::move(right);
    }
    return true;
}

Value Interpreter::applyFilterChain(const ast::Expr& filter, Value input) {
    Value v = filter.a ? applyFilterChain(*filter.a, std::move(input)) : std::move(input);
    return applyFilter(*this, filter.name, v, evalArgs(filter.args));
}

} // namespace hearth::chat
