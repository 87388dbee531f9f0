#include "core/text/jinja_ast.h"
#include "core/text/jinja_lexer.h"

namespace bitdelta::jinja {
namespace {

using T = Token::Type;

class Parser {
  public:
    explicit Parser(std::vector<Token> toks) : t_(std::move(toks)) {}

    Body parse_all() {
        Body body = parse_body({});
        if (peek().type != T::End) fail("unexpected '" + describe(peek()) + "'");
        return body;
    }

  private:
    const Token& peek(size_t ahead = 0) const { return t_[std::min(p_ + ahead, t_.size() - 1)]; }
    const Token& next() { return t_[p_ < t_.size() - 1 ? p_++ : p_]; }
    [[noreturn]] void fail(const std::string& what, const Token* at = nullptr) const {
        const Token& tok = at ? *at : peek();
        fail_at_pos(tok.line, tok.col, what);
    }
    static std::string describe(const Token& t) {
        switch (t.type) {
            case T::End:
                return "end of template";
            case T::VarClose:
                return "}}";
            case T::BlockClose:
                return "%}";
            case T::VarOpen:
                return "{{";
            case T::BlockOpen:
                return "{%";
            default:
                return t.text;
        }
    }
    bool is_op(const char* op, size_t ahead = 0) const {
        const Token& t = peek(ahead);
        return t.type == T::Op && t.text == op;
    }
    bool is_name(const char* name, size_t ahead = 0) const {
        const Token& t = peek(ahead);
        return t.type == T::Name && t.text == name;
    }
    void expect_op(const char* op) {
        if (!is_op(op)) fail(std::string("expected '") + op + "', got '" + describe(peek()) + "'");
        next();
    }
    void expect_block_close() {
        if (peek().type != T::BlockClose) fail("expected '%}', got '" + describe(peek()) + "'");
        next();
    }
    std::string expect_name() {
        if (peek().type != T::Name) fail("expected a name, got '" + describe(peek()) + "'");
        return next().text;
    }
    ExprP make(Expr::Kind k, const Token& at) {
        auto e = std::make_shared<Expr>();
        e->kind = k;
        e->line = at.line;
        e->col = at.col;
        return e;
    }

    // Parses nodes until a block tag whose keyword is in `ends` (left unconsumed, after "{%").
    // `opener` is the keyword of the block being parsed (null at the top level); the last entry of
    // `ends` is the tag that closes it.
    Body parse_body(const std::vector<std::string>& ends, const Token* opener = nullptr) {
        Body body;
        for (;;) {
            const Token& tok = peek();
            if (tok.type == T::End) {
                if (opener)
                    fail("unclosed '{% " + opener->text + " %}' opened at line " +
                         std::to_string(opener->line) + " column " + std::to_string(opener->col) +
                         ": missing '{% " + ends.back() + " %}'");
                return body;
            }
            if (tok.type == T::Text) {
                auto n = std::make_shared<Node>();
                n->kind = Node::Kind::Text;
                n->text = tok.text;
                body.push_back(n);
                next();
                continue;
            }
            if (tok.type == T::VarOpen) {
                next();
                auto n = std::make_shared<Node>();
                n->kind = Node::Kind::Print;
                n->line = tok.line;
                n->col = tok.col;
                n->expr = parse_expression();
                if (peek().type != T::VarClose)
                    fail("expected '}}', got '" + describe(peek()) + "'");
                next();
                body.push_back(n);
                continue;
            }
            if (tok.type != T::BlockOpen) fail("unexpected '" + describe(tok) + "'");
            const Token& kw = peek(1);
            if (kw.type != T::Name) fail("expected a statement keyword", &kw);
            for (const auto& e : ends)
                if (kw.text == e) return body;
            next();
            next();
            body.push_back(parse_statement(kw));
        }
    }

    NodeP parse_statement(const Token& kw) {
        auto n = std::make_shared<Node>();
        n->line = kw.line;
        n->col = kw.col;
        const std::string& k = kw.text;
        if (k == "if") {
            n->kind = Node::Kind::If;
            ExprP cond = parse_expression();
            expect_block_close();
            for (;;) {
                Body b = parse_body({"elif", "else", "endif"}, &kw);
                n->branches.emplace_back(cond, std::move(b));
                next();  // {%
                const std::string which = next().text;
                if (which == "elif") {
                    cond = parse_expression();
                    expect_block_close();
                } else if (which == "else") {
                    expect_block_close();
                    Body eb = parse_body({"endif"}, &kw);
                    n->branches.emplace_back(nullptr, std::move(eb));
                    next();
                    next();
                    expect_block_close();
                    break;
                } else {
                    expect_block_close();
                    break;
                }
            }
        } else if (k == "for") {
            n->kind = Node::Kind::For;
            n->targets.push_back(expect_name());
            while (is_op(",")) {
                next();
                n->targets.push_back(expect_name());
            }
            if (!is_name("in")) fail("expected 'in' in for loop");
            next();
            n->expr = parse_condexpr(false);
            if (is_name("if")) {
                next();
                n->cond = parse_or();
            }
            if (is_name("recursive")) fail("recursive for loops are not supported");
            expect_block_close();
            n->body = parse_body({"else", "endfor"}, &kw);
            next();
            if (next().text == "else") {
                expect_block_close();
                n->else_body = parse_body({"endfor"}, &kw);
                next();
                next();
            }
            expect_block_close();
        } else if (k == "set") {
            const std::string name = expect_name();
            n->text = name;
            if (is_op(".")) {
                next();
                n->attr = expect_name();
            }
            if (is_op("=")) {
                next();
                n->kind = Node::Kind::Set;
                n->expr = parse_tuple_or_expression();
                expect_block_close();
            } else {
                if (!n->attr.empty()) fail("block set cannot assign an attribute");
                n->kind = Node::Kind::SetBlock;
                expect_block_close();
                n->body = parse_body({"endset"}, &kw);
                next();
                next();
                expect_block_close();
            }
        } else if (k == "macro") {
            n->kind = Node::Kind::Macro;
            n->text = expect_name();
            expect_op("(");
            while (!is_op(")")) {
                n->targets.push_back(expect_name());
                ExprP def;
                if (is_op("=")) {
                    next();
                    def = parse_expression();
                }
                n->defaults.push_back(def);
                if (!is_op(",")) break;
                next();
            }
            expect_op(")");
            expect_block_close();
            n->body = parse_body({"endmacro"}, &kw);
            next();
            next();
            expect_block_close();
        } else if (k == "break" || k == "continue") {
            n->kind = k == "break" ? Node::Kind::Break : Node::Kind::Continue;
            expect_block_close();
        } else if (k == "generation") {
            // transformers' AssistantTracker extension: renders its body unchanged.
            n->kind = Node::Kind::If;
            expect_block_close();
            auto always = make(Expr::Kind::Literal, kw);
            always->value = Value::boolean(true);
            n->branches.emplace_back(always, parse_body({"endgeneration"}, &kw));
            next();
            next();
            expect_block_close();
        } else {
            fail("unknown or unexpected statement '" + k + "'", &kw);
        }
        return n;
    }

    ExprP parse_tuple_or_expression() {
        const Token& at = peek();
        ExprP e = parse_expression();
        if (!is_op(",")) return e;
        auto list = make(Expr::Kind::ListLit, at);
        list->args.push_back(e);
        while (is_op(",")) {
            next();
            list->args.push_back(parse_expression());
        }
        return list;
    }

    ExprP parse_expression() { return parse_condexpr(true); }

    ExprP parse_condexpr(bool allow_cond) {
        ExprP e = parse_or();
        while (allow_cond && is_name("if")) {
            const Token& at = next();
            auto c = make(Expr::Kind::Cond, at);
            ExprP cond = parse_or();
            ExprP other;
            if (is_name("else")) {
                next();
                other = parse_condexpr(true);
            }
            c->args = {e, cond, other};
            e = c;
        }
        return e;
    }

    ExprP binary(const std::string& op, ExprP a, ExprP b, const Token& at) {
        auto e = make(Expr::Kind::Binary, at);
        e->name = op;
        e->args = {std::move(a), std::move(b)};
        return e;
    }

    ExprP parse_or() {
        ExprP e = parse_and();
        while (is_name("or")) {
            const Token& at = next();
            e = binary("or", e, parse_and(), at);
        }
        return e;
    }
    ExprP parse_and() {
        ExprP e = parse_not();
        while (is_name("and")) {
            const Token& at = next();
            e = binary("and", e, parse_not(), at);
        }
        return e;
    }
    ExprP parse_not() {
        if (is_name("not")) {
            const Token& at = next();
            auto e = make(Expr::Kind::Unary, at);
            e->name = "not";
            e->args = {parse_not()};
            return e;
        }
        return parse_compare();
    }
    ExprP parse_compare() {
        ExprP e = parse_math1();
        for (;;) {
            const Token& at = peek();
            std::string op;
            if (at.type == T::Op && (at.text == "==" || at.text == "!=" || at.text == "<" ||
                                     at.text == ">" || at.text == "<=" || at.text == ">="))
                op = at.text;
            else if (is_name("in"))
                op = "in";
            else if (is_name("not") && is_name("in", 1))
                op = "not in";
            else
                return e;
            next();
            if (op == "not in") next();
            e = binary(op, e, parse_math1(), at);
        }
    }
    ExprP parse_math1() {
        ExprP e = parse_concat();
        while (is_op("+") || is_op("-")) {
            const Token& at = next();
            e = binary(at.text, e, parse_concat(), at);
        }
        return e;
    }
    ExprP parse_concat() {
        ExprP e = parse_math2();
        while (is_op("~")) {
            const Token& at = next();
            e = binary("~", e, parse_math2(), at);
        }
        return e;
    }
    ExprP parse_math2() {
        ExprP e = parse_pow();
        while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
            const Token& at = next();
            e = binary(at.text, e, parse_pow(), at);
        }
        return e;
    }
    ExprP parse_pow() {
        ExprP e = parse_unary(true);
        while (is_op("**")) {
            const Token& at = next();
            e = binary("**", e, parse_unary(true), at);
        }
        return e;
    }
    ExprP parse_unary(bool with_filter) {
        ExprP e;
        if (is_op("-") || is_op("+")) {
            const Token& at = next();
            e = make(Expr::Kind::Unary, at);
            e->name = at.text;
            e->args = {parse_unary(false)};
        } else {
            e = parse_postfix(parse_primary());
        }
        return with_filter ? parse_filters(e) : e;
    }

    void parse_call_args(ExprP& call) {
        expect_op("(");
        while (!is_op(")")) {
            if (peek().type == T::Name && is_op("=", 1)) {
                std::string key = next().text;
                next();
                call->kwargs.emplace_back(key, parse_expression());
            } else {
                call->args.push_back(parse_expression());
            }
            if (!is_op(",")) break;
            next();
        }
        expect_op(")");
    }

    ExprP parse_primary() {
        const Token& at = peek();
        switch (at.type) {
            case T::String: {
                next();
                std::string s = at.text;
                while (peek().type == T::String)
                    s += next().text;  // adjacent literals concatenate
                auto e = make(Expr::Kind::Literal, at);
                e->value = Value::string(s);
                return e;
            }
            case T::Int: {
                next();
                auto e = make(Expr::Kind::Literal, at);
                e->value = Value::integer(std::stoll(at.text));
                return e;
            }
            case T::Float: {
                next();
                auto e = make(Expr::Kind::Literal, at);
                e->value = Value::number(std::stod(at.text));
                return e;
            }
            case T::Name: {
                next();
                auto e = make(Expr::Kind::Literal, at);
                if (at.text == "true" || at.text == "True") {
                    e->value = Value::boolean(true);
                } else if (at.text == "false" || at.text == "False") {
                    e->value = Value::boolean(false);
                } else if (at.text == "none" || at.text == "None") {
                    e->value = Value::none();
                } else {
                    e->kind = Expr::Kind::Name;
                    e->name = at.text;
                }
                return e;
            }
            case T::Op:
                if (at.text == "(") {
                    next();
                    ExprP e = parse_tuple_or_expression();
                    expect_op(")");
                    return e;
                }
                if (at.text == "[") {
                    next();
                    auto e = make(Expr::Kind::ListLit, at);
                    while (!is_op("]")) {
                        e->args.push_back(parse_expression());
                        if (!is_op(",")) break;
                        next();
                    }
                    expect_op("]");
                    return e;
                }
                if (at.text == "{") {
                    next();
                    auto e = make(Expr::Kind::DictLit, at);
                    while (!is_op("}")) {
                        e->args.push_back(parse_expression());
                        expect_op(":");
                        e->args.push_back(parse_expression());
                        if (!is_op(",")) break;
                        next();
                    }
                    expect_op("}");
                    return e;
                }
                break;
            default:
                break;
        }
        fail("unexpected '" + describe(at) + "' in expression");
    }

    ExprP parse_postfix(ExprP e) {
        for (;;) {
            const Token& at = peek();
            if (is_op(".")) {
                next();
                auto a = make(Expr::Kind::Attr, at);
                if (peek().type == T::Int) {  // foo.0 means foo[0]
                    a->kind = Expr::Kind::Subscript;
                    auto idx = make(Expr::Kind::Literal, peek());
                    idx->value = Value::integer(std::stoll(next().text));
                    a->args = {e, idx};
                } else {
                    a->name = expect_name();
                    a->args = {e};
                }
                e = a;
            } else if (is_op("[")) {
                next();
                ExprP parts[3];
                int colons = 0;
                for (;;) {
                    if (is_op(":")) {
                        next();
                        if (++colons > 2) fail("too many ':' in slice");
                        continue;
                    }
                    if (is_op("]")) break;
                    if (parts[colons]) fail("expected ':' or ']'");
                    parts[colons] = parse_expression();
                }
                expect_op("]");
                if (colons == 0) {
                    if (!parts[0]) fail("empty subscript", &at);
                    auto s = make(Expr::Kind::Subscript, at);
                    s->args = {e, parts[0]};
                    e = s;
                } else {
                    auto s = make(Expr::Kind::Slice, at);
                    s->args = {e, parts[0], parts[1], parts[2]};
                    e = s;
                }
            } else if (is_op("(")) {
                auto c = make(Expr::Kind::Call, at);
                c->args.push_back(e);
                parse_call_args(c);
                e = c;
            } else {
                return e;
            }
        }
    }

    ExprP parse_filters(ExprP e) {
        for (;;) {
            if (is_op("|")) {
                const Token& at = next();
                auto f = make(Expr::Kind::Filter, at);
                f->name = expect_name();
                f->args.push_back(e);
                if (is_op("(")) parse_call_args(f);
                e = f;
            } else if (is_name("is")) {
                const Token& at = next();
                auto t = make(Expr::Kind::Test, at);
                if (is_name("not")) {
                    next();
                    t->negated = true;
                }
                const Token& nt = peek();
                if (nt.type == T::Name) {
                    t->name = next().text;
                } else {
                    fail("expected a test name after 'is'");
                }
                t->args.push_back(e);
                if (is_op("(")) {
                    parse_call_args(t);
                } else if (peek().type == T::String || peek().type == T::Int ||
                           peek().type == T::Float ||
                           (peek().type == T::Name && !is_name("and") && !is_name("or") &&
                            !is_name("else") && !is_name("if") && !is_name("in") &&
                            !is_name("not") && !is_name("is"))) {
                    t->args.push_back(parse_primary());  // "x is divisibleby 3", "x is sameas y"
                }
                e = t;
            } else {
                return e;
            }
        }
    }

    std::vector<Token> t_;
    size_t p_ = 0;
};

}  // namespace

Body parse_template(const std::string& source) {
    return Parser(lex(source)).parse_all();
}

}  // namespace bitdelta::jinja
