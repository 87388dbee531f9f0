// Filters, tests, methods and globals of the chat-template interpreter: what HF chat templates
// call.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>

#include "core/text/jinja_eval.h"
#include "core/text/text_util.h"

namespace bitdelta::jinja {
namespace {

const Value* kwarg(const KwArgs& kw, const char* name) {
    for (const auto& [k, v] : kw)
        if (k == name) return &v;
    return nullptr;
}

// Positional argument `pos`, else keyword `name`, else null.
const Value* arg(const std::vector<Value>& args, const KwArgs& kw, size_t pos, const char* name) {
    if (pos < args.size()) return &args[pos];
    return kwarg(kw, name);
}

std::string need_string(const Value& v, const std::string& what) {
    if (!v.is_string()) throw Error(what + ": expected a string, got " + v.type_name());
    return v.s;
}

bool is_space_at(const std::string& s, size_t i, size_t* len) {
    uint32_t cp = 0;
    *len = text::utf8_next(s, i, &cp);
    return text::is_unicode_space(cp);
}

std::string strip(const std::string& s, bool left, bool right, const Value* chars) {
    size_t a = 0, b = s.size();
    if (chars && chars->is_string()) {
        const std::string& c = chars->s;
        while (left && a < b && c.find(s[a]) != std::string::npos)
            ++a;
        while (right && b > a && c.find(s[b - 1]) != std::string::npos)
            --b;
        return s.substr(a, b - a);
    }
    size_t n = 0;
    while (left && a < b && is_space_at(s, a, &n))
        a += n;
    while (right && b > a) {
        size_t k = b - 1;
        while (k > a && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80)
            --k;
        if (!is_space_at(s, k, &n)) break;
        b = k;
    }
    return s.substr(a, b - a);
}

std::string map_ascii(std::string s, int (*fn)(int)) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x80)
            c = static_cast<char>(fn(static_cast<unsigned char>(c)));
    return s;
}

std::string capitalize(const std::string& s) {
    std::string out = map_ascii(s, [](int c) { return std::tolower(c); });
    if (!out.empty() && static_cast<unsigned char>(out[0]) < 0x80)
        out[0] = static_cast<char>(std::toupper(out[0]));
    return out;
}

std::string title(const std::string& s) {
    std::string out = s;
    bool prev_letter = false;
    for (char& c : out) {
        const unsigned char u = static_cast<unsigned char>(c);
        const bool letter = std::isalpha(u) || u >= 0x80;
        if (u < 0x80 && std::isalpha(u))
            c = static_cast<char>(prev_letter ? std::tolower(u) : std::toupper(u));
        prev_letter = letter;
    }
    return out;
}

std::string replace(const std::string& s, const std::string& from, const std::string& to,
                    int64_t count) {
    std::string out;
    if (from.empty()) return s;
    size_t pos = 0;
    int64_t done = 0;
    for (size_t hit; (count < 0 || done < count) && (hit = s.find(from, pos)) != std::string::npos;
         ++done) {
        out.append(s, pos, hit - pos);
        out += to;
        pos = hit + from.size();
    }
    out.append(s, pos, std::string::npos);
    return out;
}

List split(const std::string& s, const Value* sep, int64_t maxsplit) {
    List out;
    if (!sep || sep->is_none()) {
        size_t i = 0, n = 0;
        while (i < s.size()) {
            while (i < s.size() && is_space_at(s, i, &n))
                i += n;
            if (i >= s.size()) break;
            if (maxsplit >= 0 && static_cast<int64_t>(out.size()) == maxsplit) {
                out.push_back(Value::string(strip(s.substr(i), false, true, nullptr)));
                break;
            }
            size_t j = i;
            while (j < s.size() && !is_space_at(s, j, &n))
                j += n;
            out.push_back(Value::string(s.substr(i, j - i)));
            i = j;
        }
        return out;
    }
    const std::string d = need_string(*sep, "split");
    if (d.empty()) throw Error("split: empty separator");
    size_t pos = 0;
    for (size_t hit; (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) &&
                     (hit = s.find(d, pos)) != std::string::npos;
         pos = hit + d.size())
        out.push_back(Value::string(s.substr(pos, hit - pos)));
    out.push_back(Value::string(s.substr(pos)));
    return out;
}

bool affix_match(const std::string& s, const Value& v, bool prefix) {
    auto one = [&](const std::string& a) {
        return a.size() <= s.size() &&
               s.compare(prefix ? 0 : s.size() - a.size(), a.size(), a) == 0;
    };
    if (v.is_list()) {
        for (const auto& x : *v.list)
            if (one(need_string(x, prefix ? "startswith" : "endswith"))) return true;
        return false;
    }
    return one(need_string(v, prefix ? "startswith" : "endswith"));
}

Value string_method(const std::string& s, const std::string& name, const std::vector<Value>& a,
                    const KwArgs& kw) {
    if (name == "strip") return Value::string(strip(s, true, true, arg(a, kw, 0, "chars")));
    if (name == "lstrip") return Value::string(strip(s, true, false, arg(a, kw, 0, "chars")));
    if (name == "rstrip") return Value::string(strip(s, false, true, arg(a, kw, 0, "chars")));
    if (name == "upper") return Value::string(map_ascii(s, [](int c) { return std::toupper(c); }));
    if (name == "lower") return Value::string(map_ascii(s, [](int c) { return std::tolower(c); }));
    if (name == "title") return Value::string(title(s));
    if (name == "capitalize") return Value::string(capitalize(s));
    if (name == "startswith" || name == "endswith") {
        if (a.empty()) throw Error(name + "() takes at least 1 argument");
        return Value::boolean(affix_match(s, a[0], name == "startswith"));
    }
    if (name == "split") {
        const Value* m = arg(a, kw, 1, "maxsplit");
        return Value::make_list(split(s, arg(a, kw, 0, "sep"), m ? m->i : -1));
    }
    if (name == "replace") {
        if (a.size() < 2) throw Error("replace() takes at least 2 arguments");
        const Value* c = arg(a, kw, 2, "count");
        return Value::string(
            replace(s, need_string(a[0], "replace"), need_string(a[1], "replace"), c ? c->i : -1));
    }
    if (name == "find") {
        if (a.empty()) throw Error("find() takes at least 1 argument");
        const size_t p = s.find(need_string(a[0], "find"));
        return Value::integer(p == std::string::npos ? -1 : static_cast<int64_t>(p));
    }
    if (name == "join") {
        if (a.empty()) throw Error("join() takes 1 argument");
        std::string out;
        const List items = iterate(a[0]);
        for (size_t k = 0; k < items.size(); ++k)
            out += (k ? s : "") + items[k].str();
        return Value::string(out);
    }
    throw Error("str has no method '" + name + "'");
}

Value dict_method(const Value& d, const std::string& name, const std::vector<Value>& a,
                  const KwArgs& kw) {
    if (name == "get") {
        if (a.empty()) throw Error("get() takes at least 1 argument");
        const Value* v = a[0].is_string() ? d.dict->find(a[0].s) : nullptr;
        if (v) return *v;
        const Value* def = arg(a, kw, 1, "default");
        return def ? *def : Value::none();
    }
    List out;
    for (const auto& [k, v] : d.dict->items) {
        if (name == "items")
            out.push_back(Value::make_list({Value::string(k), v}));
        else if (name == "keys")
            out.push_back(Value::string(k));
        else if (name == "values")
            out.push_back(v);
        else
            throw Error("dict has no method '" + name + "'");
    }
    return Value::make_list(std::move(out));
}

bool is_string_method(const std::string& n) {
    static const char* const kNames[] = {
        "strip", "lstrip",  "rstrip",     "upper",    "lower", "title", "capitalize",
        "split", "replace", "startswith", "endswith", "find",  "join"};
    for (const char* k : kNames)
        if (n == k) return true;
    return false;
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&#34;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

List iterate(const Value& v) {
    switch (v.type) {
        case Value::Type::List:
            return *v.list;
        case Value::Type::Undefined:
            return {};
        case Value::Type::Dict: {
            List keys;
            for (const auto& kv : v.dict->items)
                keys.push_back(Value::string(kv.first));
            return keys;
        }
        case Value::Type::String: {
            List chars;
            for (size_t i = 0; i < v.s.size();) {
                uint32_t cp = 0;
                const size_t n = text::utf8_next(v.s, i, &cp);
                chars.push_back(Value::string(v.s.substr(i, n)));
                i += n;
            }
            return chars;
        }
        default:
            throw Error(std::string("'") + v.type_name() + "' object is not iterable");
    }
}

Value get_attr(const Value& obj, const std::string& name) {
    if (obj.is_dict()) {
        if (const Value* v = obj.dict->find(name)) return *v;
        if (!obj.dict->is_namespace &&
            (name == "get" || name == "items" || name == "keys" || name == "values")) {
            Value self = obj;
            return Value::function([self, name](const std::vector<Value>& a, const KwArgs& kw) {
                return dict_method(self, name, a, kw);
            });
        }
        return Value::undefined(name);
    }
    if (obj.is_string() && is_string_method(name)) {
        const std::string s = obj.s;
        return Value::function([s, name](const std::vector<Value>& a, const KwArgs& kw) {
            return string_method(s, name, a, kw);
        });
    }
    return Value::undefined(name);
}

Value get_item(const Value& obj, const Value& key) {
    if (obj.is_dict()) {
        if (!key.is_string()) return Value::undefined();
        const Value* v = obj.dict->find(key.s);
        return v ? *v : Value::undefined(key.s);
    }
    if ((obj.is_list() || obj.is_string()) && key.type == Value::Type::Int) {
        const List items = obj.is_list() ? List() : iterate(obj);
        const List& seq = obj.is_list() ? *obj.list : items;
        int64_t k = key.i;
        if (k < 0) k += static_cast<int64_t>(seq.size());
        if (k < 0 || k >= static_cast<int64_t>(seq.size()))
            return Value::undefined("[" + std::to_string(key.i) + "]");
        return seq[static_cast<size_t>(k)];
    }
    if (key.is_string()) return get_attr(obj, key.s);
    return Value::undefined();
}

bool apply_test(const std::string& name, const Value& v, const std::vector<Value>& args) {
    auto need_arg = [&]() -> const Value& {
        if (args.empty()) throw Error("test '" + name + "' needs an argument");
        return args[0];
    };
    if (name == "defined") return !v.is_undefined();
    if (name == "undefined") return v.is_undefined();
    if (name == "none") return v.is_none();
    if (name == "string") return v.is_string();
    if (name == "mapping") return v.is_dict();
    if (name == "iterable") return v.is_list() || v.is_dict() || v.is_string() || v.is_undefined();
    if (name == "sequence") return v.is_list() || v.is_dict() || v.is_string();
    if (name == "number") return v.is_number();
    if (name == "integer") return v.type == Value::Type::Int;
    if (name == "float") return v.type == Value::Type::Float;
    if (name == "boolean") return v.type == Value::Type::Bool;
    if (name == "true") return v.type == Value::Type::Bool && v.b;
    if (name == "false") return v.type == Value::Type::Bool && !v.b;
    if (name == "callable") return v.type == Value::Type::Function;
    if (name == "odd" || name == "even") {
        if (v.type != Value::Type::Int) throw Error("test '" + name + "' needs an integer");
        return ((v.i % 2) != 0) == (name == "odd");
    }
    if (name == "divisibleby") return need_arg().i != 0 && v.i % need_arg().i == 0;
    if (name == "eq" || name == "equalto" || name == "==" || name == "sameas")
        return equal(v, need_arg());
    if (name == "ne" || name == "!=") return !equal(v, need_arg());
    if (name == "lt" || name == "gt" || name == "le" || name == "ge") {
        const Value& o = need_arg();
        const double x = v.as_double(), y = o.as_double();
        if (v.is_string() && o.is_string())
            return name == "lt"   ? v.s < o.s
                   : name == "gt" ? v.s > o.s
                   : name == "le" ? v.s <= o.s
                                  : v.s >= o.s;
        return name == "lt" ? x < y : name == "gt" ? x > y : name == "le" ? x <= y : x >= y;
    }
    if (name == "in") {
        const Value& c = need_arg();
        if (c.is_string()) return v.is_string() && c.s.find(v.s) != std::string::npos;
        for (const auto& x : iterate(c))
            if (equal(x, v)) return true;
        return false;
    }
    if (name == "lower")
        return v.is_string() && map_ascii(v.s, [](int c) { return std::tolower(c); }) == v.s;
    if (name == "upper")
        return v.is_string() && map_ascii(v.s, [](int c) { return std::toupper(c); }) == v.s;
    throw Error("unknown test '" + name + "'");
}

Value apply_filter(const std::string& name, const Value& t, const std::vector<Value>& a,
                   const KwArgs& kw) {
    if (name == "default" || name == "d") {
        const Value* def = arg(a, kw, 0, "default_value");
        const Value* boolean = arg(a, kw, 1, "boolean");
        const bool use_default = t.is_undefined() || (boolean && boolean->truthy() && !t.truthy());
        return use_default ? (def ? *def : Value::string("")) : t;
    }
    if (t.is_undefined() && name != "length" && name != "count" && name != "string" &&
        name != "list" && name != "tojson" && name != "join" && name != "safe")
        throw Error("'" + t.s + "' is undefined (in filter '" + name + "')");
    if (name == "safe") return t;
    if (name == "string") return Value::string(t.str());
    if (name == "trim") return Value::string(strip(t.str(), true, true, arg(a, kw, 0, "chars")));
    if (name == "upper" || name == "lower" || name == "title" || name == "capitalize")
        return string_method(t.str(), name, {}, {});
    if (name == "escape" || name == "e") return Value::string(html_escape(t.str()));
    if (name == "replace") {
        if (a.size() < 2) throw Error("filter 'replace' needs 2 arguments");
        const Value* c = arg(a, kw, 2, "count");
        return Value::string(replace(t.str(), a[0].str(), a[1].str(), c ? c->i : -1));
    }
    if (name == "length" || name == "count") {
        if (t.is_string()) return Value::integer(static_cast<int64_t>(iterate(t).size()));
        if (t.is_list()) return Value::integer(static_cast<int64_t>(t.list->size()));
        if (t.is_dict()) return Value::integer(static_cast<int64_t>(t.dict->items.size()));
        if (t.is_undefined()) return Value::integer(0);
        throw Error(std::string("object of type '") + t.type_name() + "' has no len()");
    }
    if (name == "tojson") {
        const Value* ind = arg(a, kw, 0, "indent");
        return Value::string(
            to_json(t, ind && ind->type == Value::Type::Int ? static_cast<int>(ind->i) : -1));
    }
    if (name == "int") {
        if (t.type == Value::Type::Int) return t;
        if (t.type == Value::Type::Float) return Value::integer(static_cast<int64_t>(t.f));
        if (t.type == Value::Type::Bool) return Value::integer(t.b);
        try {
            return Value::integer(std::stoll(t.str()));
        } catch (...) {
            const Value* def = arg(a, kw, 0, "default");
            return def ? *def : Value::integer(0);
        }
    }
    if (name == "float") {
        if (t.is_number()) return Value::number(t.as_double());
        try {
            return Value::number(std::stod(t.str()));
        } catch (...) {
            const Value* def = arg(a, kw, 0, "default");
            return def ? *def : Value::number(0.0);
        }
    }
    if (name == "abs")
        return t.type == Value::Type::Int ? Value::integer(std::llabs(t.i))
                                          : Value::number(std::fabs(t.as_double()));
    if (name == "round") {
        const Value* p = arg(a, kw, 0, "precision");
        const double scale = std::pow(10.0, p ? p->as_double() : 0.0);
        return Value::number(std::round(t.as_double() * scale) / scale);
    }
    if (name == "items") {
        if (!t.is_dict()) throw Error("filter 'items' needs a mapping");
        return dict_method(t, "items", {}, {});
    }
    const List items = iterate(t);
    if (name == "list") return Value::make_list(items);
    if (name == "first") return items.empty() ? Value::undefined("first") : items.front();
    if (name == "last") return items.empty() ? Value::undefined("last") : items.back();
    if (name == "reverse") {
        List r(items.rbegin(), items.rend());
        if (t.is_string()) {
            std::string s;
            for (const auto& c : r)
                s += c.s;
            return Value::string(s);
        }
        return Value::make_list(std::move(r));
    }
    if (name == "join") {
        const Value* sep = arg(a, kw, 0, "d");
        const Value* attr = arg(a, kw, 1, "attribute");
        std::string out;
        for (size_t k = 0; k < items.size(); ++k) {
            if (k && sep) out += sep->str();
            out += (attr ? get_attr(items[k], attr->str()) : items[k]).str();
        }
        return Value::string(out);
    }
    if (name == "unique") {
        List out;
        for (const auto& x : items)
            if (std::none_of(out.begin(), out.end(), [&](const Value& y) { return equal(x, y); }))
                out.push_back(x);
        return Value::make_list(std::move(out));
    }
    if (name == "selectattr" || name == "rejectattr" || name == "select" || name == "reject") {
        const bool by_attr = name == "selectattr" || name == "rejectattr";
        const bool keep = name == "selectattr" || name == "select";
        if (by_attr && a.empty()) throw Error("filter '" + name + "' needs an attribute name");
        const size_t test_pos = by_attr ? 1 : 0;
        List out;
        for (const auto& x : items) {
            const Value v = by_attr ? get_attr(x, a[0].str()) : x;
            bool ok;
            if (a.size() > test_pos)
                ok =
                    apply_test(a[test_pos].str(), v,
                               std::vector<Value>(
                                   a.begin() + static_cast<std::ptrdiff_t>(test_pos) + 1, a.end()));
            else
                ok = v.truthy();
            if (ok == keep) out.push_back(x);
        }
        return Value::make_list(std::move(out));
    }
    if (name == "map") {
        List out;
        const Value* attr = kwarg(kw, "attribute");
        const Value* def = kwarg(kw, "default");
        for (const auto& x : items) {
            if (attr) {
                Value v = get_attr(x, attr->str());
                out.push_back(v.is_undefined() && def ? *def : v);
            } else {
                if (a.empty()) throw Error("filter 'map' needs a filter name or attribute=");
                out.push_back(
                    apply_filter(a[0].str(), x, std::vector<Value>(a.begin() + 1, a.end()), {}));
            }
        }
        return Value::make_list(std::move(out));
    }
    if (name == "sum") {
        Value acc = Value::integer(0);
        for (const auto& x : items)
            acc = acc.type == Value::Type::Int && x.type == Value::Type::Int
                      ? Value::integer(acc.i + x.i)
                      : Value::number(acc.as_double() + x.as_double());
        return acc;
    }
    if (name == "indent") {
        const Value* w = arg(a, kw, 0, "width");
        const Value* first = arg(a, kw, 1, "first");
        const std::string pad =
            w && w->is_string() ? w->s : std::string(static_cast<size_t>(w ? w->i : 4), ' ');
        const std::string s = t.str();
        std::string out;
        bool line_start = first && first->truthy();
        for (char c : s) {
            if (line_start && c != '\n') out += pad;
            line_start = false;
            out += c;
            if (c == '\n') line_start = true;
        }
        return Value::string(out);
    }
    throw Error("unknown filter '" + name + "'");
}

void add_globals(Dict& g) {
    g.set("raise_exception",
          Value::function([](const std::vector<Value>& a, const KwArgs&) -> Value {
              throw TemplateRaised(a.empty() ? std::string("raise_exception called") : a[0].str());
          }));
    g.set("range", Value::function([](const std::vector<Value>& a, const KwArgs&) {
              if (a.empty() || a.size() > 3) throw Error("range expects 1 to 3 arguments");
              for (const auto& x : a)
                  if (x.type != Value::Type::Int) throw Error("range arguments must be integers");
              const int64_t start = a.size() > 1 ? a[0].i : 0,
                            stop = a.size() > 1 ? a[1].i : a[0].i;
              const int64_t step = a.size() > 2 ? a[2].i : 1;
              if (step == 0) throw Error("range step must not be zero");
              List out;
              for (int64_t k = start; step > 0 ? k < stop : k > stop; k += step)
                  out.push_back(Value::integer(k));
              return Value::make_list(std::move(out));
          }));
    g.set("namespace", Value::function([](const std::vector<Value>& a, const KwArgs& kw) {
              Value ns = Value::make_dict();
              ns.dict->is_namespace = true;
              if (!a.empty() && a[0].is_dict())
                  for (const auto& [k, v] : a[0].dict->items)
                      ns.dict->set(k, v);
              for (const auto& [k, v] : kw)
                  ns.dict->set(k, v);
              return ns;
          }));
    g.set("dict", Value::function([](const std::vector<Value>&, const KwArgs& kw) {
              Value d = Value::make_dict();
              for (const auto& [k, v] : kw)
                  d.dict->set(k, v);
              return d;
          }));
    g.set("strftime_now", Value::function([](const std::vector<Value>& a, const KwArgs&) {
              if (a.empty() || !a[0].is_string())
                  throw Error("strftime_now expects a format string");
              const std::time_t now = std::time(nullptr);
              std::tm tm{};
              localtime_r(&now, &tm);
              char buf[256];
              const size_t n = std::strftime(buf, sizeof(buf), a[0].s.c_str(), &tm);
              return Value::string(std::string(buf, n));
          }));
}

}  // namespace bitdelta::jinja
