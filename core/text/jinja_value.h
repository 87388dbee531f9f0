#pragma once
// Values of the chat-template interpreter: the Python/Jinja data model reduced to what HF chat
// templates use (undefined, none, bool, int, float, str, list, dict, callable).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bitdelta::jinja {

struct Value;
struct Dict;
using List = std::vector<Value>;
using KwArgs = std::vector<std::pair<std::string, Value>>;
using Function = std::function<Value(const std::vector<Value>& args, const KwArgs& kwargs)>;

struct Value {
    enum class Type { Undefined, None, Bool, Int, Float, String, List, Dict, Function };
    Type type = Type::Undefined;
    bool b = false;
    int64_t i = 0;
    double f = 0.0;
    std::string s;  // the string; for Undefined, the name that was looked up (for error messages)
    std::shared_ptr<List> list;
    std::shared_ptr<Dict> dict;
    std::shared_ptr<Function> fn;

    Value() = default;
    static Value undefined(std::string name = {});
    static Value none();
    static Value boolean(bool v);
    static Value integer(int64_t v);
    static Value number(double v);
    static Value string(std::string v);
    static Value make_list(List v = {});
    static Value make_dict();
    static Value function(Function f);

    bool is_undefined() const { return type == Type::Undefined; }
    bool is_none() const { return type == Type::None; }
    bool is_string() const { return type == Type::String; }
    bool is_number() const { return type == Type::Int || type == Type::Float; }
    bool is_list() const { return type == Type::List; }
    bool is_dict() const { return type == Type::Dict; }
    double as_double() const { return type == Type::Float ? f : static_cast<double>(i); }

    bool truthy() const;
    std::string str() const;   // Python str()
    std::string repr() const;  // Python repr()
    const char* type_name() const;
};

struct Dict {
    std::vector<std::pair<std::string, Value>> items;
    bool is_namespace = false;
    const Value* find(const std::string& key) const;
    void set(const std::string& key, Value v);
};

bool equal(const Value& a, const Value& b);
// Python float repr (shortest round-trip form).
std::string float_repr(double v);
// json.dumps(x, ensure_ascii=False, indent=indent) (indent < 0: none), as transformers' tojson.
std::string to_json(const Value& v, int indent);
Value from_json_text(const std::string& json);  // parses JSON into a Value (tests and tool lists)

}  // namespace bitdelta::jinja
