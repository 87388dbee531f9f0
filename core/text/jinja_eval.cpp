#include "core/text/jinja_eval.h"

#include <cmath>

#include "core/text/jinja_lexer.h"
#include "core/text/text_util.h"

namespace bitdelta::jinja {
namespace {

[[noreturn]] void fail_expr(const Expr& e, const std::string& what) {
    fail_at_pos(e.line, e.col, what);
}

bool contains(const Value& container, const Value& item) {
    if (container.is_string()) {
        if (!item.is_string())
            throw Error("'in <string>' requires a string on the left, got " +
                        std::string(item.type_name()));
        return container.s.find(item.s) != std::string::npos;
    }
    if (container.is_list()) {
        for (const auto& x : *container.list)
            if (equal(x, item)) return true;
        return false;
    }
    if (container.is_dict()) return item.is_string() && container.dict->find(item.s) != nullptr;
    if (container.is_undefined()) throw Error("'" + container.s + "' is undefined");
    throw Error(std::string("argument of type '") + container.type_name() + "' is not iterable");
}

int compare(const Value& a, const Value& b, const std::string& op) {
    if (a.is_number() || a.type == Value::Type::Bool) {
        if (b.is_number() || b.type == Value::Type::Bool) {
            const double x = a.type == Value::Type::Bool ? a.b : a.as_double();
            const double y = b.type == Value::Type::Bool ? b.b : b.as_double();
            return x < y ? -1 : x > y ? 1 : 0;
        }
    }
    if (a.is_string() && b.is_string()) return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
    throw Error("'" + op + "' not supported between '" + a.type_name() + "' and '" + b.type_name() +
                "'");
}

Value arithmetic(const std::string& op, const Value& a, const Value& b) {
    if (op == "~") return Value::string(a.str() + b.str());
    if (op == "+") {
        if (a.is_string() && b.is_string()) return Value::string(a.s + b.s);
        if (a.is_list() && b.is_list()) {
            List l = *a.list;
            l.insert(l.end(), b.list->begin(), b.list->end());
            return Value::make_list(std::move(l));
        }
    }
    if (op == "*" && a.is_string() && b.type == Value::Type::Int) {
        std::string s;
        for (int64_t k = 0; k < b.i; ++k)
            s += a.s;
        return Value::string(s);
    }
    if (op == "*" && a.is_list() && b.type == Value::Type::Int) {
        List l;
        for (int64_t k = 0; k < b.i; ++k)
            l.insert(l.end(), a.list->begin(), a.list->end());
        return Value::make_list(std::move(l));
    }
    auto num = [](const Value& v) { return v.is_number() || v.type == Value::Type::Bool; };
    if (!num(a) || !num(b)) {
        if (a.is_undefined() || b.is_undefined())
            throw Error("'" + (a.is_undefined() ? a.s : b.s) + "' is undefined");
        throw Error("unsupported operand types for " + op + ": '" + a.type_name() + "' and '" +
                    b.type_name() + "'");
    }
    const bool ints = (a.type != Value::Type::Float) && (b.type != Value::Type::Float);
    const int64_t x = a.type == Value::Type::Bool ? a.b : a.i,
                  y = b.type == Value::Type::Bool ? b.b : b.i;
    const double fx = a.type == Value::Type::Float ? a.f : static_cast<double>(x);
    const double fy = b.type == Value::Type::Float ? b.f : static_cast<double>(y);
    if (op == "+") return ints ? Value::integer(x + y) : Value::number(fx + fy);
    if (op == "-") return ints ? Value::integer(x - y) : Value::number(fx - fy);
    if (op == "*") return ints ? Value::integer(x * y) : Value::number(fx * fy);
    if (op == "/") {
        if (fy == 0.0) throw Error("division by zero");
        return Value::number(fx / fy);
    }
    if (op == "//" || op == "%") {
        if (fy == 0.0) throw Error(op == "%" ? "modulo by zero" : "integer division by zero");
        if (ints) {
            int64_t q = x / y, r = x % y;
            if (r != 0 && ((r < 0) != (y < 0))) --q, r += y;  // Python floors
            return Value::integer(op == "//" ? q : r);
        }
        const double q = std::floor(fx / fy);
        return Value::number(op == "//" ? q : fx - q * fy);
    }
    if (op == "**") {
        if (ints && y >= 0) {
            int64_t r = 1;
            for (int64_t k = 0; k < y; ++k)
                r *= x;
            return Value::integer(r);
        }
        return Value::number(std::pow(fx, fy));
    }
    throw Error("unknown operator " + op);
}

// Python slice semantics on a sequence of `n` elements.
std::vector<size_t> slice_indices(int64_t n, const Value& start, const Value& stop,
                                  const Value& step) {
    const int64_t st = step.is_none() || step.is_undefined() ? 1 : step.i;
    if (st == 0) throw Error("slice step cannot be zero");
    auto norm = [&](const Value& v, int64_t def) -> int64_t {
        if (v.is_none() || v.is_undefined()) return def;
        int64_t k = v.i;
        if (k < 0) k += n;
        if (st > 0) return std::max<int64_t>(0, std::min(k, n));
        return std::max<int64_t>(-1, std::min(k, n - 1));
    };
    std::vector<size_t> idx;
    if (st > 0) {
        for (int64_t k = norm(start, 0), e = norm(stop, n); k < e; k += st)
            idx.push_back(static_cast<size_t>(k));
    } else {
        for (int64_t k = norm(start, n - 1), e = norm(stop, -1); k > e; k += st)
            idx.push_back(static_cast<size_t>(k));
    }
    return idx;
}

std::vector<std::string> code_points(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        uint32_t cp = 0;
        const size_t n = text::utf8_next(s, i, &cp);
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace

Interpreter::Interpreter(Dict globals) {
    add_globals(globals);
    frames_.push_back(std::move(globals));
}

std::string Interpreter::render(const Body& body) {
    std::string out;
    exec(body, out);
    return out;
}

Value Interpreter::lookup(const std::string& name) const {
    for (auto it = frames_.rbegin(); it != frames_.rend(); ++it)
        if (const Value* v = it->find(name)) return *v;
    return Value::undefined(name);
}

void Interpreter::assign(const std::string& name, Value v) {
    frames_.back().set(name, std::move(v));
}

Value Interpreter::eval(const Expr& e) {
    switch (e.kind) {
        case Expr::Kind::Literal:
            return e.value;
        case Expr::Kind::Name:
            return lookup(e.name);
        case Expr::Kind::Attr: {
            const Value obj = eval(*e.args[0]);
            if (obj.is_undefined()) fail_expr(e, "'" + obj.s + "' is undefined");
            return get_attr(obj, e.name);
        }
        case Expr::Kind::Subscript: {
            const Value obj = eval(*e.args[0]);
            if (obj.is_undefined()) fail_expr(e, "'" + obj.s + "' is undefined");
            return get_item(obj, eval(*e.args[1]));
        }
        case Expr::Kind::Slice: {
            const Value obj = eval(*e.args[0]);
            Value parts[3];
            for (int k = 0; k < 3; ++k)
                parts[k] = e.args[static_cast<size_t>(k + 1)]
                               ? eval(*e.args[static_cast<size_t>(k + 1)])
                               : Value::none();
            for (const auto& p : parts)
                if (!p.is_none() && p.type != Value::Type::Int)
                    fail_expr(e, "slice indices must be integers");
            if (obj.is_list()) {
                List out;
                for (size_t k : slice_indices(static_cast<int64_t>(obj.list->size()), parts[0],
                                              parts[1], parts[2]))
                    out.push_back((*obj.list)[k]);
                return Value::make_list(std::move(out));
            }
            if (obj.is_string()) {
                const auto cps = code_points(obj.s);
                std::string out;
                for (size_t k :
                     slice_indices(static_cast<int64_t>(cps.size()), parts[0], parts[1], parts[2]))
                    out += cps[k];
                return Value::string(out);
            }
            fail_expr(e, std::string("cannot slice a value of type ") + obj.type_name());
        }
        case Expr::Kind::Call: {
            const Value callee = eval(*e.args[0]);
            if (callee.type != Value::Type::Function) {
                if (callee.is_undefined()) fail_expr(e, "'" + callee.s + "' is undefined");
                fail_expr(
                    e, std::string("a value of type ") + callee.type_name() + " is not callable");
            }
            std::vector<Value> args;
            for (size_t k = 1; k < e.args.size(); ++k)
                args.push_back(eval(*e.args[k]));
            KwArgs kw;
            for (const auto& [k, v] : e.kwargs)
                kw.emplace_back(k, eval(*v));
            return (*callee.fn)(args, kw);
        }
        case Expr::Kind::Filter:
        case Expr::Kind::Test: {
            const Value target = eval(*e.args[0]);
            std::vector<Value> args;
            for (size_t k = 1; k < e.args.size(); ++k)
                args.push_back(eval(*e.args[k]));
            if (e.kind == Expr::Kind::Test)
                return Value::boolean(apply_test(e.name, target, args) != e.negated);
            KwArgs kw;
            for (const auto& [k, v] : e.kwargs)
                kw.emplace_back(k, eval(*v));
            return apply_filter(e.name, target, args, kw);
        }
        case Expr::Kind::Binary: {
            const std::string& op = e.name;
            const Value a = eval(*e.args[0]);
            if (op == "and") return a.truthy() ? eval(*e.args[1]) : a;
            if (op == "or") return a.truthy() ? a : eval(*e.args[1]);
            const Value b = eval(*e.args[1]);
            if (op == "==") return Value::boolean(equal(a, b));
            if (op == "!=") return Value::boolean(!equal(a, b));
            if (op == "in") return Value::boolean(contains(b, a));
            if (op == "not in") return Value::boolean(!contains(b, a));
            if (op == "<") return Value::boolean(compare(a, b, op) < 0);
            if (op == ">") return Value::boolean(compare(a, b, op) > 0);
            if (op == "<=") return Value::boolean(compare(a, b, op) <= 0);
            if (op == ">=") return Value::boolean(compare(a, b, op) >= 0);
            return arithmetic(op, a, b);
        }
        case Expr::Kind::Unary: {
            const Value a = eval(*e.args[0]);
            if (e.name == "not") return Value::boolean(!a.truthy());
            if (a.type == Value::Type::Int) return Value::integer(e.name == "-" ? -a.i : a.i);
            if (a.type == Value::Type::Float) return Value::number(e.name == "-" ? -a.f : a.f);
            fail_expr(e, std::string("bad operand type for unary ") + e.name + ": '" +
                             a.type_name() + "'");
        }
        case Expr::Kind::Cond: {
            if (eval(*e.args[1]).truthy()) return eval(*e.args[0]);
            return e.args[2] ? eval(*e.args[2]) : Value::undefined();
        }
        case Expr::Kind::ListLit: {
            List l;
            for (const auto& a : e.args)
                l.push_back(eval(*a));
            return Value::make_list(std::move(l));
        }
        case Expr::Kind::DictLit: {
            Value d = Value::make_dict();
            for (size_t k = 0; k + 1 < e.args.size(); k += 2) {
                const Value key = eval(*e.args[k]);
                if (!key.is_string()) fail_expr(e, "dict keys must be strings");
                d.dict->set(key.s, eval(*e.args[k + 1]));
            }
            return d;
        }
    }
    fail_expr(e, "unknown expression");
}

Interpreter::Flow Interpreter::exec(const Body& body, std::string& out) {
    for (const auto& n : body) {
        const Flow f = exec_node(*n, out);
        if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec_node(const Node& n, std::string& out) {
    try {
        switch (n.kind) {
            case Node::Kind::Text:
                out += n.text;
                break;
            case Node::Kind::Print:
                out += eval(*n.expr).str();
                break;
            case Node::Kind::If:
                for (const auto& [cond, body] : n.branches)
                    if (!cond || eval(*cond).truthy()) return exec(body, out);
                break;
            case Node::Kind::For:
                exec_for(n, out);
                break;
            case Node::Kind::Set: {
                Value v = eval(*n.expr);
                if (n.attr.empty()) {
                    assign(n.text, std::move(v));
                } else {
                    Value ns = lookup(n.text);
                    if (!ns.is_dict() || !ns.dict->is_namespace)
                        fail_at_pos(
                            n.line, n.col,
                            "cannot assign attribute on non-namespace object '" + n.text + "'");
                    ns.dict->set(n.attr, std::move(v));
                }
                break;
            }
            case Node::Kind::SetBlock: {
                std::string captured;
                exec(n.body, captured);
                assign(n.text, Value::string(captured));
                break;
            }
            case Node::Kind::Macro:
                assign(n.text, make_macro(n));
                break;
            case Node::Kind::Break:
                return Flow::Break;
            case Node::Kind::Continue:
                return Flow::Continue;
        }
    } catch (const TemplateRaised&) {
        throw;
    } catch (const Error& e) {
        const std::string msg = e.what();
        if (msg.rfind("chat template line", 0) == 0) throw;
        fail_at_pos(n.line, n.col, msg);
    }
    return Flow::Normal;
}

void Interpreter::exec_for(const Node& n, std::string& out) {
    const Value iterable = eval(*n.expr);
    if (iterable.is_none() || iterable.is_number() || iterable.type == Value::Type::Bool)
        fail_at_pos(n.line, n.col,
                    std::string("'") + iterable.type_name() + "' object is not iterable");
    const List all = iterate(iterable);
    frames_.emplace_back();
    auto bind = [&](const Value& item) {
        if (n.targets.size() == 1) {
            assign(n.targets[0], item);
            return;
        }
        const List parts = iterate(item);
        if (parts.size() != n.targets.size())
            fail_at_pos(n.line, n.col,
                        "cannot unpack " + std::to_string(parts.size()) + " values into " +
                            std::to_string(n.targets.size()) + " loop variables");
        for (size_t k = 0; k < parts.size(); ++k)
            assign(n.targets[k], parts[k]);
    };
    List items;
    if (n.cond) {
        for (const auto& it : all) {
            bind(it);
            if (eval(*n.cond).truthy()) items.push_back(it);
        }
    } else {
        items = all;
    }
    const int64_t len = static_cast<int64_t>(items.size());
    for (int64_t k = 0; k < len; ++k) {
        bind(items[static_cast<size_t>(k)]);
        Value loop = Value::make_dict();
        Dict& d = *loop.dict;
        d.set("index", Value::integer(k + 1));
        d.set("index0", Value::integer(k));
        d.set("revindex", Value::integer(len - k));
        d.set("revindex0", Value::integer(len - k - 1));
        d.set("first", Value::boolean(k == 0));
        d.set("last", Value::boolean(k == len - 1));
        d.set("length", Value::integer(len));
        d.set("previtem",
              k > 0 ? items[static_cast<size_t>(k - 1)] : Value::undefined("loop.previtem"));
        d.set("nextitem",
              k + 1 < len ? items[static_cast<size_t>(k + 1)] : Value::undefined("loop.nextitem"));
        d.set("cycle", Value::function([k](const std::vector<Value>& args, const KwArgs&) {
                  if (args.empty()) throw Error("loop.cycle needs at least one argument");
                  return args[static_cast<size_t>(k) % args.size()];
              }));
        assign("loop", loop);
        const Flow f = exec(n.body, out);
        if (f == Flow::Break) break;
    }
    frames_.pop_back();
    if (items.empty()) exec(n.else_body, out);
}

Value Interpreter::make_macro(const Node& n) {
    const Node* node = &n;
    return Value::function([this, node](const std::vector<Value>& args, const KwArgs& kwargs) {
        if (args.size() > node->targets.size())
            throw Error("macro '" + node->text + "' takes " + std::to_string(node->targets.size()) +
                        " arguments");
        Dict params;
        for (size_t k = 0; k < node->targets.size(); ++k) {
            Value v;
            if (k < args.size()) {
                v = args[k];
            } else {
                bool found = false;
                for (const auto& [key, val] : kwargs)
                    if (key == node->targets[k]) v = val, found = true;
                if (!found)
                    v = node->defaults[k] ? eval(*node->defaults[k])
                                          : Value::undefined(node->targets[k]);
            }
            params.set(node->targets[k], v);
        }
        // Macros see the template's top-level names and their own parameters, not the caller's
        // locals.
        std::vector<Dict> saved;
        saved.swap(frames_);
        frames_.push_back(saved.front());
        frames_.push_back(std::move(params));
        std::string out;
        try {
            exec(node->body, out);
        } catch (...) {
            frames_.swap(saved);
            throw;
        }
        saved.front() = frames_.front();
        frames_.swap(saved);
        return Value::string(out);
    });
}

}  // namespace bitdelta::jinja
