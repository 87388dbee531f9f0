// Pair check (DESIGN 1): a base and a fine-tune can be compressed when they share the architecture
// family, the layer count and every decoder linear weight's shape. Embeddings and lm_head may have
// more rows in the fine-tune (vocabulary grew): those are kept from the fine-tune whole anyway.
#include "bitdelta/compress.h"
#include "bitdelta/internal.h"
#include "common/error.h"

#include <algorithm>
#include <sstream>

namespace bitdelta {
namespace {

std::string shape_str(const std::vector<int64_t>& shape) {
    std::ostringstream os;
    os << "[";
    for (size_t i = 0; i < shape.size(); ++i)
        os << (i ? ", " : "") << shape[i];
    os << "]";
    return os.str();
}

}  // namespace

std::vector<std::string> compressed_weight_names(const ModelConfig& config) {
    std::vector<std::string> names;
    for (int64_t layer = 0; layer < config.num_hidden_layers; ++layer) {
        for (auto& n : config.linear_weight_names(layer))
            names.push_back(n);
    }
    return names;
}

void parse_linear_name(const std::string& name, int64_t& layer, std::string& kind) {
    // "model.layers.<i>.<block>.<kind>.weight"
    const std::string prefix = "model.layers.";
    layer = -1;
    kind.clear();
    if (name.compare(0, prefix.size(), prefix) != 0)
        throw Error(name + ": not a decoder linear weight");
    size_t pos = prefix.size();
    size_t dot = name.find('.', pos);
    layer = std::stoll(name.substr(pos, dot - pos));
    const std::string suffix = ".weight";
    size_t end = name.size() - suffix.size();
    size_t start = name.rfind('.', end - 1);
    kind = name.substr(start + 1, end - start - 1);
}

std::vector<int64_t> expected_matrix_shape(const ModelConfig& c, const std::string& name) {
    int64_t layer = 0;
    std::string kind;
    parse_linear_name(name, layer, kind);
    const int64_t hd =
        c.head_dim > 0 ? c.head_dim : c.hidden_size / std::max<int64_t>(1, c.num_attention_heads);
    const int64_t q = c.num_attention_heads * hd, kv = c.num_key_value_heads * hd;
    if (kind == "q_proj") return {q, c.hidden_size};
    if (kind == "k_proj" || kind == "v_proj") return {kv, c.hidden_size};
    if (kind == "o_proj") return {c.hidden_size, q};
    if (kind == "gate_proj" || kind == "up_proj") return {c.intermediate_size, c.hidden_size};
    if (kind == "down_proj") return {c.hidden_size, c.intermediate_size};
    throw Error(name + ": unknown linear kind '" + kind + "'");
}

std::string pair_mismatch(const Checkpoint& base, const Checkpoint& finetune) {
    const ModelConfig& b = base.config();
    const ModelConfig& f = finetune.config();
    const std::string who = "base " + base.dir() + " and fine-tune " + finetune.dir() + " differ: ";
    if (b.family != f.family || b.model_type != f.model_type)
        return who + "architecture: base is " + to_string(b.family) + " (" + b.model_type +
               "), fine-tune is " + to_string(f.family) + " (" + f.model_type + ")";
    auto cmp = [&](const char* what, int64_t x, int64_t y) -> std::string {
        if (x == y) return {};
        return who + what + ": base has " + std::to_string(x) + ", fine-tune has " +
               std::to_string(y);
    };
    for (auto s : {cmp("num_hidden_layers", b.num_hidden_layers, f.num_hidden_layers),
                   cmp("hidden_size", b.hidden_size, f.hidden_size),
                   cmp("intermediate_size", b.intermediate_size, f.intermediate_size),
                   cmp("num_attention_heads", b.num_attention_heads, f.num_attention_heads),
                   cmp("num_key_value_heads", b.num_key_value_heads, f.num_key_value_heads)}) {
        if (!s.empty()) return s;
    }
    for (const auto& name : compressed_weight_names(f)) {
        int64_t layer = 0;
        std::string kind;
        parse_linear_name(name, layer, kind);
        const std::string where = "layer " + std::to_string(layer) + " " + kind + " (" + name + ")";
        if (!base.weights().contains(name)) return who + where + " is missing from the base";
        if (!finetune.weights().contains(name))
            return who + where + " is missing from the fine-tune";
        const auto& bs = base.weights().info(name).shape;
        const auto& fs = finetune.weights().info(name).shape;
        if (bs != fs)
            return who + where + ": base is " + shape_str(bs) + ", fine-tune is " + shape_str(fs);
        if (bs.size() != 2) return who + where + " is not a matrix: " + shape_str(bs);
    }
    return {};
}

std::string check_pair(const std::string& base_dir, const std::string& finetune_dir) {
    try {
        Checkpoint base = Checkpoint::open(base_dir);
        Checkpoint finetune = Checkpoint::open(finetune_dir);
        return pair_mismatch(base, finetune);
    } catch (const Error& e) {
        return e.what();
    }
}

}  // namespace bitdelta
