#pragma once
// Tree-walking interpreter for the chat-template Jinja subset, with Jinja's scoping (for-loop and
// macro bodies get their own scope; namespace() objects carry state out of loops) and default
// Undefined.
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/text/jinja_ast.h"
#include "core/text/jinja_value.h"

namespace bitdelta::jinja {

// Thrown by raise_exception(msg): carries the template's message unchanged.
class TemplateRaised : public Error {
  public:
    explicit TemplateRaised(const std::string& msg) : Error(msg) {}
};

class Interpreter {
  public:
    // `globals` become the template's top-level variables (messages, bos_token, ...).
    explicit Interpreter(Dict globals);
    std::string render(const Body& body);
    Value eval(const Expr& e);

  private:
    enum class Flow { Normal, Break, Continue };
    Flow exec(const Body& body, std::string& out);
    Flow exec_node(const Node& n, std::string& out);
    void exec_for(const Node& n, std::string& out);
    Value lookup(const std::string& name) const;
    void assign(const std::string& name, Value v);
    Value make_macro(const Node& n);

    std::vector<Dict> frames_;
};

// Builtins (jinja_builtins.cpp). `where` is only used in error messages.
Value apply_filter(const std::string& name, const Value& target, const std::vector<Value>& args,
                   const KwArgs& kwargs);
bool apply_test(const std::string& name, const Value& v, const std::vector<Value>& args);
// Attribute access (dict item or bound method); Undefined when absent.
Value get_attr(const Value& obj, const std::string& name);
Value get_item(const Value& obj, const Value& key);
// Items a for loop / filter iterates over.
List iterate(const Value& v);
void add_globals(Dict& globals);

}  // namespace bitdelta::jinja
