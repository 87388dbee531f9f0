#include "core/text/jinja_value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace bitdelta::jinja {

Value Value::undefined(std::string name) {
    Value v;
    v.s = std::move(name);
    return v;
}
Value Value::none() {
    Value v;
    v.type = Type::None;
    return v;
}
Value Value::boolean(bool x) {
    Value v;
    v.type = Type::Bool;
    v.b = x;
    return v;
}
Value Value::integer(int64_t x) {
    Value v;
    v.type = Type::Int;
    v.i = x;
    return v;
}
Value Value::number(double x) {
    Value v;
    v.type = Type::Float;
    v.f = x;
    return v;
}
Value Value::string(std::string x) {
    Value v;
    v.type = Type::String;
    v.s = std::move(x);
    return v;
}
Value Value::make_list(List x) {
    Value v;
    v.type = Type::List;
    v.list = std::make_shared<List>(std::move(x));
    return v;
}
Value Value::make_dict() {
    Value v;
    v.type = Type::Dict;
    v.dict = std::make_shared<Dict>();
    return v;
}
Value Value::function(Function f) {
    Value v;
    v.type = Type::Function;
    v.fn = std::make_shared<Function>(std::move(f));
    return v;
}

const Value* Dict::find(const std::string& key) const {
    for (const auto& kv : items)
        if (kv.first == key) return &kv.second;
    return nullptr;
}

void Dict::set(const std::string& key, Value v) {
    for (auto& kv : items)
        if (kv.first == key) {
            kv.second = std::move(v);
            return;
        }
    items.emplace_back(key, std::move(v));
}

bool Value::truthy() const {
    switch (type) {
        case Type::Undefined:
        case Type::None:
            return false;
        case Type::Bool:
            return b;
        case Type::Int:
            return i != 0;
        case Type::Float:
            return f != 0.0;
        case Type::String:
            return !s.empty();
        case Type::List:
            return !list->empty();
        case Type::Dict:
            return !dict->items.empty();
        case Type::Function:
            return true;
    }
    return false;
}

const char* Value::type_name() const {
    switch (type) {
        case Type::Undefined:
            return "undefined";
        case Type::None:
            return "none";
        case Type::Bool:
            return "bool";
        case Type::Int:
            return "int";
        case Type::Float:
            return "float";
        case Type::String:
            return "str";
        case Type::List:
            return "list";
        case Type::Dict:
            return "dict";
        case Type::Function:
            return "function";
    }
    return "?";
}

std::string float_repr(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[64];
    int prec = 1;
    for (; prec <= 17; ++prec) {
        snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    // buf = [-]d.ddde[+-]XX ; rebuild the way Python's repr does.
    std::string sci = buf;
    const bool neg = sci[0] == '-';
    if (neg) sci.erase(0, 1);
    const size_t epos = sci.find('e');
    const int exp = std::atoi(sci.c_str() + epos + 1);
    std::string digits;
    for (size_t k = 0; k < epos; ++k)
        if (sci[k] != '.') digits += sci[k];
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    std::string out;
    if (exp >= -4 && exp < 16) {
        if (exp < 0) {
            out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
        } else if (static_cast<int>(digits.size()) <= exp + 1) {
            out = digits + std::string(static_cast<size_t>(exp + 1) - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, static_cast<size_t>(exp + 1)) + "." +
                  digits.substr(static_cast<size_t>(exp + 1));
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        char e[16];
        snprintf(e, sizeof(e), "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
        out += e;
    }
    return neg ? "-" + out : out;
}

namespace {
std::string py_quote(const std::string& s) {
    const bool has_single = s.find('\'') != std::string::npos,
               has_double = s.find('"') != std::string::npos;
    const char q = has_single && !has_double ? '"' : '\'';
    std::string out(1, q);
    for (unsigned char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c == static_cast<unsigned char>(q))
            out += std::string("\\") + q;
        else if (c < 0x20 || c == 0x7F) {
            char b[8];
            snprintf(b, sizeof(b), "\\x%02x", c);
            out += b;
        } else
            out += static_cast<char>(c);
    }
    return out + q;
}

void json_string(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    char b[8];
                    snprintf(b, sizeof(b), "\\u%04x", c);
                    out += b;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void json_dump(std::string& out, const Value& v, int indent, int level) {
    auto newline = [&](int lvl) {
        out += '\n';
        out.append(static_cast<size_t>(indent * lvl), ' ');
    };
    switch (v.type) {
        case Value::Type::Undefined:
            throw Error("tojson: value is undefined");
        case Value::Type::Function:
            throw Error("tojson: a function is not JSON serializable");
        case Value::Type::None:
            out += "null";
            return;
        case Value::Type::Bool:
            out += v.b ? "true" : "false";
            return;
        case Value::Type::Int:
            out += std::to_string(v.i);
            return;
        case Value::Type::Float:
            out += std::isnan(v.f)   ? "NaN"
                   : std::isinf(v.f) ? (v.f > 0 ? "Infinity" : "-Infinity")
                                     : float_repr(v.f);
            return;
        case Value::Type::String:
            json_string(out, v.s);
            return;
        case Value::Type::List: {
            if (v.list->empty()) {
                out += "[]";
                return;
            }
            out += '[';
            for (size_t k = 0; k < v.list->size(); ++k) {
                if (k) out += indent >= 0 ? "," : ", ";
                if (indent >= 0) newline(level + 1);
                json_dump(out, (*v.list)[k], indent, level + 1);
            }
            if (indent >= 0) newline(level);
            out += ']';
            return;
        }
        case Value::Type::Dict: {
            if (v.dict->items.empty()) {
                out += "{}";
                return;
            }
            out += '{';
            for (size_t k = 0; k < v.dict->items.size(); ++k) {
                if (k) out += indent >= 0 ? "," : ", ";
                if (indent >= 0) newline(level + 1);
                json_string(out, v.dict->items[k].first);
                out += ": ";
                json_dump(out, v.dict->items[k].second, indent, level + 1);
            }
            if (indent >= 0) newline(level);
            out += '}';
            return;
        }
    }
}

Value from_json(const nlohmann::json& j) {
    if (j.is_null()) return Value::none();
    if (j.is_boolean()) return Value::boolean(j.get<bool>());
    if (j.is_number_integer()) return Value::integer(j.get<int64_t>());
    if (j.is_number()) return Value::number(j.get<double>());
    if (j.is_string()) return Value::string(j.get<std::string>());
    if (j.is_array()) {
        List l;
        for (const auto& e : j)
            l.push_back(from_json(e));
        return Value::make_list(std::move(l));
    }
    Value d = Value::make_dict();
    for (auto it = j.begin(); it != j.end(); ++it)
        d.dict->set(it.key(), from_json(it.value()));
    return d;
}
}  // namespace

std::string Value::str() const {
    switch (type) {
        case Type::Undefined:
            return "";
        case Type::String:
            return s;
        default:
            return repr();
    }
}

std::string Value::repr() const {
    switch (type) {
        case Type::Undefined:
            return "";
        case Type::None:
            return "None";
        case Type::Bool:
            return b ? "True" : "False";
        case Type::Int:
            return std::to_string(i);
        case Type::Float:
            return float_repr(f);
        case Type::String:
            return py_quote(s);
        case Type::List: {
            std::string out = "[";
            for (size_t k = 0; k < list->size(); ++k)
                out += (k ? ", " : "") + (*list)[k].repr();
            return out + "]";
        }
        case Type::Dict: {
            if (dict->is_namespace) return "<Namespace>";
            std::string out = "{";
            for (size_t k = 0; k < dict->items.size(); ++k)
                out += (k ? ", " : "") + py_quote(dict->items[k].first) + ": " +
                       dict->items[k].second.repr();
            return out + "}";
        }
        case Type::Function:
            return "<function>";
    }
    return "";
}

bool equal(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) return a.as_double() == b.as_double();
    if (a.type == Value::Type::Bool && b.is_number()) return (a.b ? 1.0 : 0.0) == b.as_double();
    if (b.type == Value::Type::Bool && a.is_number()) return (b.b ? 1.0 : 0.0) == a.as_double();
    if (a.type != b.type) return false;
    switch (a.type) {
        case Value::Type::Undefined:
        case Value::Type::None:
            return true;
        case Value::Type::Bool:
            return a.b == b.b;
        case Value::Type::String:
            return a.s == b.s;
        case Value::Type::List:
            if (a.list->size() != b.list->size()) return false;
            for (size_t k = 0; k < a.list->size(); ++k)
                if (!equal((*a.list)[k], (*b.list)[k])) return false;
            return true;
        case Value::Type::Dict:
            if (a.dict->items.size() != b.dict->items.size()) return false;
            for (const auto& kv : a.dict->items) {
                const Value* o = b.dict->find(kv.first);
                if (!o || !equal(kv.second, *o)) return false;
            }
            return true;
        case Value::Type::Function:
            return a.fn == b.fn;
        default:
            return false;
    }
}

std::string to_json(const Value& v, int indent) {
    std::string out;
    json_dump(out, v, indent, 0);
    return out;
}

Value from_json_text(const std::string& json) {
    try {
        return from_json(nlohmann::json::parse(json));
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed JSON value: ") + e.what());
    }
}

}  // namespace bitdelta::jinja
