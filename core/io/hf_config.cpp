// config.json of the Llama family across transformers versions. Field spellings differ between 4.x
// and 5.x (rope_theta/rope_scaling vs rope_parameters, torch_dtype vs dtype); both are read.
#include "io/hf_config.h"

#include "common/error.h"
#include "io/atomic_file.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace bitdelta {
namespace {

using nlohmann::json;

struct FamilyRow {
    ArchFamily family;
    const char* architecture;
    const char* model_type;
};
constexpr FamilyRow kFamilies[] = {
    {ArchFamily::Llama, "LlamaForCausalLM", "llama"},
    {ArchFamily::Mistral, "MistralForCausalLM", "mistral"},
    {ArchFamily::Qwen2, "Qwen2ForCausalLM", "qwen2"},
};

std::string supported_list() {
    std::string out;
    for (const auto& row : kFamilies)
        out +=
            (out.empty() ? "" : ", ") + std::string(row.architecture) + " (" + row.model_type + ")";
    return out;
}

std::string type_of(const json& j) {
    if (j.is_number_float()) return "a fractional number";
    if (j.is_number()) return "an integer";
    return std::string("a ") + j.type_name();
}

class Reader {
  public:
    Reader(const json& root, const std::string& path) : root_(root), path_(path) {}

    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        fail_at(path_, "field '" + field + "' " + what);
    }

    const json* find(const json& obj, const std::string& key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return nullptr;
        return &*it;
    }

    int64_t as_int(const json& j, const std::string& field) const {
        if (j.is_number_integer()) {
            if (j.is_number_unsigned() &&
                j.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
                fail(field, "is too large");
            return j.get<int64_t>();
        }
        // Some tools write integers as 64.0; accept exactly integral values.
        if (j.is_number_float()) {
            const double v = j.get<double>();
            if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9e15)
                return static_cast<int64_t>(v);
        }
        fail(field, "must be an integer, got " + type_of(j) + " (" + j.dump() + ")");
    }
    double as_double(const json& j, const std::string& field) const {
        if (!j.is_number())
            fail(field, "must be a number, got " + type_of(j) + " (" + j.dump() + ")");
        return j.get<double>();
    }
    bool as_bool(const json& j, const std::string& field) const {
        if (!j.is_boolean()) fail(field, "must be true or false, got " + type_of(j));
        return j.get<bool>();
    }
    std::string as_string(const json& j, const std::string& field) const {
        if (!j.is_string()) fail(field, "must be a string, got " + type_of(j));
        return j.get<std::string>();
    }

    int64_t required_positive(const std::string& key) const {
        const json* j = find(root_, key);
        if (!j) fail(key, "is missing (required)");
        const int64_t v = as_int(*j, key);
        if (v <= 0) fail(key, "must be positive, got " + std::to_string(v));
        return v;
    }
    std::optional<int64_t> optional_int(const std::string& key) const {
        const json* j = find(root_, key);
        if (!j) return std::nullopt;
        return as_int(*j, key);
    }
    std::optional<double> optional_double(const json& obj, const std::string& key,
                                          const std::string& field) const {
        const json* j = find(obj, key);
        if (!j) return std::nullopt;
        return as_double(*j, field);
    }
    std::optional<bool> optional_bool(const std::string& key) const {
        const json* j = find(root_, key);
        if (!j) return std::nullopt;
        return as_bool(*j, key);
    }
    std::optional<std::string> optional_string(const std::string& key) const {
        const json* j = find(root_, key);
        if (!j) return std::nullopt;
        return as_string(*j, key);
    }
    // bos/eos: an id, a list of ids, or null.
    std::vector<int64_t> id_list(const std::string& key) const {
        std::vector<int64_t> out;
        const json* j = find(root_, key);
        if (!j) return out;
        if (j->is_array()) {
            for (size_t i = 0; i < j->size(); ++i)
                out.push_back(as_int((*j)[i], key + "[" + std::to_string(i) + "]"));
        } else {
            out.push_back(as_int(*j, key));
        }
        return out;
    }

    const json& root() const { return root_; }

  private:
    const json& root_;
    std::string path_;
};

void parse_rope(const Reader& r, ModelConfig& c) {
    const json& root = r.root();
    // transformers 5: everything in rope_parameters; 4.x: rope_theta at top level + rope_scaling.
    const json* params = r.find(root, "rope_parameters");
    const json* scaling = r.find(root, "rope_scaling");
    std::string params_field = "rope_parameters";
    if (params && !params->is_object())
        r.fail("rope_parameters", "must be an object, got " + type_of(*params));
    if (scaling && !scaling->is_object())
        r.fail("rope_scaling", "must be an object or null, got " + type_of(*scaling));

    if (const json* theta = r.find(root, "rope_theta"))
        c.rope_theta = r.as_double(*theta, "rope_theta");
    if (params) {
        if (auto theta = r.optional_double(*params, "rope_theta", "rope_parameters.rope_theta"))
            c.rope_theta = *theta;
    }
    if (!(c.rope_theta > 0)) r.fail("rope_theta", "must be positive");

    // rope_scaling wins when both are present (older configs carried both with identical content).
    const json* scale_obj = scaling ? scaling : params;
    const std::string field = scaling ? "rope_scaling" : params_field;
    if (!scale_obj) return;
    RopeScaling& s = c.rope_scaling;
    if (const json* t = r.find(*scale_obj, "rope_type"))
        s.type = r.as_string(*t, field + ".rope_type");
    else if (const json* t2 = r.find(*scale_obj, "type"))
        s.type = r.as_string(*t2, field + ".type");
    static const char* kKnown[] = {"default", "linear", "dynamic", "llama3", "yarn"};
    bool known = false;
    for (const char* k : kKnown)
        known = known || s.type == k;
    if (!known)
        r.fail(field + ".rope_type",
               "is '" + s.type + "'; supported: default, linear, dynamic, llama3, yarn");
    if (auto v = r.optional_double(*scale_obj, "factor", field + ".factor")) s.factor = *v;
    if (auto v = r.optional_double(*scale_obj, "low_freq_factor", field + ".low_freq_factor"))
        s.low_freq_factor = *v;
    if (auto v = r.optional_double(*scale_obj, "high_freq_factor", field + ".high_freq_factor"))
        s.high_freq_factor = *v;
    if (const json* v = r.find(*scale_obj, "original_max_position_embeddings"))
        s.original_max_position_embeddings =
            r.as_int(*v, field + ".original_max_position_embeddings");
    if (auto v = r.optional_double(*scale_obj, "beta_fast", field + ".beta_fast")) s.beta_fast = *v;
    if (auto v = r.optional_double(*scale_obj, "beta_slow", field + ".beta_slow")) s.beta_slow = *v;
    s.attention_factor =
        r.optional_double(*scale_obj, "attention_factor", field + ".attention_factor");
    s.mscale = r.optional_double(*scale_obj, "mscale", field + ".mscale");
    s.mscale_all_dim = r.optional_double(*scale_obj, "mscale_all_dim", field + ".mscale_all_dim");
    if (s.type != "default" && !(s.factor > 0)) r.fail(field + ".factor", "must be positive");
    if (s.type == "llama3" && s.original_max_position_embeddings <= 0)
        r.fail(field + ".original_max_position_embeddings",
               "is required (positive) for llama3 rope scaling");
}

}  // namespace

std::string to_string(ArchFamily family) {
    for (const auto& row : kFamilies)
        if (row.family == family) return row.model_type;
    return "unknown";
}

ModelConfig parse_model_config(const std::string& json_text, const std::string& path) {
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::exception& e) {
        fail_at(path, std::string("not valid JSON (") + e.what() + ")");
    }
    if (!root.is_object()) fail_at(path, "must hold a JSON object, got " + type_of(root));
    Reader r(root, path);
    ModelConfig c;
    c.raw_json = json_text;

    // Family: architectures[0] first, model_type as the fallback (and the only one in some
    // configs).
    const json* archs = r.find(root, "architectures");
    if (archs && !archs->is_array())
        r.fail("architectures", "must be a list of strings, got " + type_of(*archs));
    if (archs && !archs->empty()) c.architecture = r.as_string((*archs)[0], "architectures[0]");
    c.model_type = r.optional_string("model_type").value_or("");
    bool found = false;
    for (const auto& row : kFamilies) {
        if (!c.architecture.empty() ? c.architecture == row.architecture
                                    : c.model_type == row.model_type) {
            c.family = row.family;
            found = true;
            break;
        }
    }
    if (!found) {
        const std::string what = !c.architecture.empty() ? "architecture '" + c.architecture + "'"
                                 : !c.model_type.empty()
                                     ? "model_type '" + c.model_type + "'"
                                     : std::string("a model with no architectures/model_type");
        fail_at(path, "unsupported " + what + "; supported: " + supported_list());
    }
    for (const auto& row : kFamilies) {
        if (row.family != c.family) continue;
        if (c.architecture.empty()) c.architecture = row.architecture;
        if (c.model_type.empty()) c.model_type = row.model_type;
    }

    c.vocab_size = r.required_positive("vocab_size");
    c.hidden_size = r.required_positive("hidden_size");
    c.intermediate_size = r.required_positive("intermediate_size");
    c.num_hidden_layers = r.required_positive("num_hidden_layers");
    c.num_attention_heads = r.required_positive("num_attention_heads");
    c.num_key_value_heads = r.optional_int("num_key_value_heads").value_or(c.num_attention_heads);
    if (c.num_key_value_heads <= 0) r.fail("num_key_value_heads", "must be positive");
    if (c.num_attention_heads % c.num_key_value_heads != 0)
        r.fail("num_key_value_heads", "(" + std::to_string(c.num_key_value_heads) +
                                          ") must divide num_attention_heads (" +
                                          std::to_string(c.num_attention_heads) + ")");
    if (auto hd = r.optional_int("head_dim")) {
        if (*hd <= 0) r.fail("head_dim", "must be positive");
        c.head_dim = *hd;
    } else {
        if (c.hidden_size % c.num_attention_heads != 0)
            r.fail("hidden_size", "(" + std::to_string(c.hidden_size) +
                                      ") is not divisible by num_attention_heads (" +
                                      std::to_string(c.num_attention_heads) +
                                      ") and no head_dim is given");
        c.head_dim = c.hidden_size / c.num_attention_heads;
    }
    if (auto v = r.optional_int("max_position_embeddings")) {
        if (*v <= 0) r.fail("max_position_embeddings", "must be positive");
        c.max_position_embeddings = *v;
    }
    if (const json* eps = r.find(root, "rms_norm_eps"))
        c.rms_norm_eps = r.as_double(*eps, "rms_norm_eps");
    if (!(c.rms_norm_eps > 0)) r.fail("rms_norm_eps", "must be positive");
    parse_rope(r, c);

    c.tie_word_embeddings = r.optional_bool("tie_word_embeddings").value_or(false);
    // Qwen2's q/k/v always carry biases (its config has no field for it).
    c.attention_bias = r.optional_bool("attention_bias").value_or(c.family == ArchFamily::Qwen2);
    c.mlp_bias = r.optional_bool("mlp_bias").value_or(false);
    if (c.family != ArchFamily::Llama) {
        const auto window = r.optional_int("sliding_window");
        // Qwen2 carries a window size but uses it only when use_sliding_window is true.
        const bool enabled = c.family == ArchFamily::Qwen2
                                 ? r.optional_bool("use_sliding_window").value_or(false)
                                 : true;
        if (window && enabled) {
            if (*window <= 0) r.fail("sliding_window", "must be positive or null");
            c.sliding_window = *window;
        }
    }
    c.hidden_act = r.optional_string("hidden_act").value_or("silu");
    if (auto dt = r.optional_string("torch_dtype"))
        c.torch_dtype = *dt;
    else if (auto dt2 = r.optional_string("dtype"))
        c.torch_dtype = *dt2;
    if (c.torch_dtype.rfind("torch.", 0) == 0) c.torch_dtype = c.torch_dtype.substr(6);
    c.bos_token_ids = r.id_list("bos_token_id");
    c.eos_token_ids = r.id_list("eos_token_id");
    c.pad_token_id = r.optional_int("pad_token_id");
    return c;
}

ModelConfig load_model_config(const std::string& path) {
    return parse_model_config(read_file(path), path);
}

std::vector<std::string> ModelConfig::linear_weight_names(int64_t layer) const {
    const std::string p = "model.layers." + std::to_string(layer) + ".";
    return {p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight",
            p + "self_attn.v_proj.weight", p + "self_attn.o_proj.weight",
            p + "mlp.gate_proj.weight",    p + "mlp.up_proj.weight",
            p + "mlp.down_proj.weight"};
}

int64_t ModelConfig::parameter_count() const {
    const int64_t h = hidden_size, q = num_attention_heads * head_dim,
                  kv = num_key_value_heads * head_dim;
    int64_t layer = h * q + 2 * h * kv + q * h + 3 * h * intermediate_size + 2 * h;
    if (attention_bias) {
        layer += q + 2 * kv;
        if (family == ArchFamily::Llama) layer += h;  // Llama's attention_bias also covers o_proj
    }
    if (mlp_bias) layer += 2 * intermediate_size + h;
    int64_t total = vocab_size * h + num_hidden_layers * layer + h;
    if (!tie_word_embeddings) total += vocab_size * h;
    return total;
}

}  // namespace bitdelta
