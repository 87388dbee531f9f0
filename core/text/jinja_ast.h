#pragma once
// Syntax tree of the chat-template Jinja subset. Plain tagged structs: the interpreter switches on
// kind.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/text/jinja_value.h"

namespace bitdelta::jinja {

struct Expr;
using ExprP = std::shared_ptr<Expr>;

struct Expr {
    enum class Kind {
        Literal,
        Name,
        Attr,
        Subscript,
        Slice,
        Call,
        Filter,
        Test,
        Binary,
        Unary,
        Cond,
        ListLit,
        DictLit
    };
    Kind kind;
    int line = 0, col = 0;
    Value value;       // Literal
    std::string name;  // Name, Attr, Filter, Test, Binary/Unary operator
    std::vector<ExprP>
        args;  // operands; Slice: obj, start, stop, step (may be null); Cond: then, cond, else
    std::vector<std::pair<std::string, ExprP>> kwargs;
    bool negated = false;  // Test: "is not"
};

struct Node;
using NodeP = std::shared_ptr<Node>;
using Body = std::vector<NodeP>;

struct Node {
    enum class Kind { Text, Print, If, For, Set, SetBlock, Macro, Break, Continue };
    Kind kind;
    int line = 0, col = 0;
    std::string text;                              // Text; Set/SetBlock/Macro: target name
    std::string attr;                              // Set: "ns.attr" assignment attribute
    ExprP expr;                                    // Print, Set value, For iterable
    ExprP cond;                                    // For "if" filter
    std::vector<std::pair<ExprP, Body>> branches;  // If: (condition or null for else, body)
    std::vector<std::string> targets;              // For loop variables; Macro parameter names
    std::vector<ExprP> defaults;                   // Macro parameter defaults (null when none)
    Body body, else_body;
};

// Parses a template; throws Error with line/column on syntax errors.
Body parse_template(const std::string& source);

}  // namespace bitdelta::jinja
