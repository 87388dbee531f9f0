// A HF checkpoint folder: config, weights (validated against the config), tokenizer kind, chat
// template.
#include "io/checkpoint.h"

#include "common/error.h"
#include "io/atomic_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <dirent.h>
#include <sys/stat.h>

#include <map>

namespace bitdelta {
namespace {

using nlohmann::json;

std::string join(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

bool is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string out = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

// Looks for a component `type` anywhere in a tokenizer.json sub-tree (Sequence nesting included).
bool mentions_type(const json& node, const std::string& type) {
    if (node.is_object()) {
        const auto it = node.find("type");
        if (it != node.end() && it->is_string() && it->get<std::string>() == type) return true;
        for (const auto& kv : node.items())
            if (mentions_type(kv.value(), type)) return true;
    } else if (node.is_array()) {
        for (const auto& v : node)
            if (mentions_type(v, type)) return true;
    }
    return false;
}

// Llama-2-style converted tokenizers spell Metaspace as a normalizer Prepend("▁") + Replace(" ",
// "▁").
bool mentions_metaspace_char(const json& node) {
    static const std::string kSpaceMarker = "\xE2\x96\x81";  // U+2581
    if (node.is_string()) return node.get<std::string>().find(kSpaceMarker) != std::string::npos;
    if (node.is_object()) {
        for (const auto& kv : node.items())
            if (mentions_metaspace_char(kv.value())) return true;
    } else if (node.is_array()) {
        for (const auto& v : node)
            if (mentions_metaspace_char(v)) return true;
    }
    return false;
}

TokenizerKind detect_tokenizer(const std::string& dir) {
    const std::string tj = join(dir, "tokenizer.json");
    if (is_file(tj)) {
        json t;
        try {
            t = json::parse(read_file(tj));
        } catch (const json::exception& e) {
            fail_at(tj, std::string("not valid JSON (") + e.what() + ")");
        }
        if (!t.is_object()) fail_at(tj, "must hold a JSON object");
        const json null_json;
        const json& model = t.contains("model") ? t["model"] : null_json;
        const bool bpe = model.is_object() && model.value("type", std::string()) == "BPE";
        if (!bpe) return TokenizerKind::HfOther;
        const json& pre = t.contains("pre_tokenizer") ? t["pre_tokenizer"] : null_json;
        const json& dec = t.contains("decoder") ? t["decoder"] : null_json;
        const json& norm = t.contains("normalizer") ? t["normalizer"] : null_json;
        if (mentions_type(pre, "ByteLevel") || mentions_type(dec, "ByteLevel"))
            return TokenizerKind::HfBpeByteLevel;
        if (mentions_type(pre, "Metaspace") || mentions_type(dec, "Metaspace") ||
            mentions_metaspace_char(norm) || mentions_metaspace_char(dec))
            return TokenizerKind::HfBpeMetaspace;
        return TokenizerKind::HfOther;
    }
    if (is_file(join(dir, "tokenizer.model"))) return TokenizerKind::SentencePiece;
    return TokenizerKind::None;
}

// "chat_template" of tokenizer_config.json / chat_template.json: a string, or a list of {name,
// template}.
std::optional<std::string> template_from(const json& value, const std::string& where) {
    if (value.is_null()) return std::nullopt;
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        const json* first = nullptr;
        for (const auto& entry : value) {
            if (!entry.is_object() || !entry.contains("template") || !entry["template"].is_string())
                fail_at(where,
                        "chat_template list entries must be objects with a \"template\" string");
            if (!first) first = &entry;
            if (entry.value("name", std::string()) == "default")
                return entry["template"].get<std::string>();
        }
        if (first) return (*first)["template"].get<std::string>();
        return std::nullopt;
    }
    fail_at(where, "chat_template must be a string or a list of {name, template}");
}

std::optional<std::string> find_chat_template(const std::string& dir) {
    const std::string jinja = join(dir, "chat_template.jinja");
    if (is_file(jinja)) return read_file(jinja);
    for (const char* name : {"tokenizer_config.json", "chat_template.json"}) {
        const std::string path = join(dir, name);
        if (!is_file(path)) continue;
        json j;
        try {
            j = json::parse(read_file(path));
        } catch (const json::exception& e) {
            fail_at(path, std::string("not valid JSON (") + e.what() + ")");
        }
        if (j.is_object() && j.contains("chat_template")) {
            auto t = template_from(j["chat_template"], path);
            if (t) return t;
        }
    }
    return std::nullopt;
}

void expect_shape(const WeightSet& w, const std::string& dir, const std::string& name,
                  const std::vector<int64_t>& shape, const std::string& why) {
    if (!w.contains(name)) fail_at(dir, "weights have no tensor '" + name + "' (" + why + ")");
    const auto& info = w.info(name);
    if (info.shape != shape)
        fail_at(info.file, "tensor '" + name + "' has shape " + shape_text(info.shape) +
                               " but config.json implies " + shape_text(shape) + " (" + why + ")");
}

void validate_weights(const ModelConfig& c, const WeightSet& w, const std::string& dir) {
    const int64_t h = c.hidden_size;
    expect_shape(w, dir, "model.embed_tokens.weight", {c.vocab_size, h},
                 "vocab_size x hidden_size");
    if (!c.tie_word_embeddings)
        expect_shape(w, dir, "lm_head.weight", {c.vocab_size, h}, "untied output head");
    const int64_t q = c.num_attention_heads * c.head_dim, kv = c.num_key_value_heads * c.head_dim;
    for (int64_t layer = 0; layer < c.num_hidden_layers; ++layer) {
        const auto names = c.linear_weight_names(layer);
        const std::vector<std::vector<int64_t>> shapes = {{q, h},
                                                          {kv, h},
                                                          {kv, h},
                                                          {h, q},
                                                          {c.intermediate_size, h},
                                                          {c.intermediate_size, h},
                                                          {h, c.intermediate_size}};
        for (size_t i = 0; i < names.size(); ++i)
            expect_shape(w, dir, names[i], shapes[i],
                         "layer " + std::to_string(layer) + " of num_hidden_layers");
    }
    const std::string extra =
        "model.layers." + std::to_string(c.num_hidden_layers) + ".self_attn.q_proj.weight";
    if (w.contains(extra))
        fail_at(dir, "weights hold more layers than config.json's num_hidden_layers (" +
                         std::to_string(c.num_hidden_layers) + ")");
}

std::string torch_dtype_name(const std::string& safetensors_dtype) {
    static const std::map<std::string, std::string> names = {{"F32", "float32"},
                                                             {"F16", "float16"},
                                                             {"BF16", "bfloat16"},
                                                             {"F64", "float64"},
                                                             {"F8_E4M3", "float8_e4m3fn"},
                                                             {"F8_E5M2", "float8_e5m2"},
                                                             {"I8", "int8"},
                                                             {"U8", "uint8"}};
    const auto it = names.find(safetensors_dtype);
    return it == names.end() ? safetensors_dtype : it->second;
}

size_t bytes_per_element(const std::string& torch_dtype) {
    if (torch_dtype == "float32") return 4;
    if (torch_dtype == "float64") return 8;
    if (torch_dtype.find("float8") == 0 || torch_dtype == "int8" || torch_dtype == "uint8")
        return 1;
    return 2;
}

}  // namespace

std::string to_string(TokenizerKind kind) {
    switch (kind) {
        case TokenizerKind::None:
            return "none";
        case TokenizerKind::HfBpeByteLevel:
            return "bpe-bytelevel";
        case TokenizerKind::HfBpeMetaspace:
            return "bpe-metaspace";
        case TokenizerKind::HfOther:
            return "hf-other";
        case TokenizerKind::SentencePiece:
            return "sentencepiece";
    }
    return "none";
}

Checkpoint Checkpoint::open(const std::string& dir_in) {
    std::string dir = dir_in;
    while (dir.size() > 1 && dir.back() == '/')
        dir.pop_back();
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) fail_at(dir, "folder does not exist");
    if (!S_ISDIR(st.st_mode))
        fail_at(dir, "is not a folder (expected a Hugging Face checkpoint folder)");
    const std::string config_path = join(dir, "config.json");
    if (!is_file(config_path)) fail_at(dir, "no config.json: not a Hugging Face checkpoint folder");

    Checkpoint ck;
    ck.dir_ = dir;
    ck.config_ = load_model_config(config_path);
    ck.weights_ = WeightSet::open_dir(dir);
    validate_weights(ck.config_, ck.weights_, dir);
    ck.tokenizer_kind_ = detect_tokenizer(dir);
    ck.chat_template_ = find_chat_template(dir);
    for (const char* name :
         {"tokenizer.json", "tokenizer.model", "tokenizer_config.json", "special_tokens_map.json",
          "added_tokens.json", "vocab.json", "merges.txt", "generation_config.json",
          "chat_template.jinja", "chat_template.json"}) {
        const std::string path = join(dir, name);
        if (is_file(path)) ck.auxiliary_files_.push_back(path);
    }
    return ck;
}

std::string Checkpoint::tokenizer_config_json() const {
    const std::string path = join(dir_, "tokenizer_config.json");
    return is_file(path) ? read_file(path) : std::string("{}");
}

CheckpointSummary Checkpoint::summary() const {
    CheckpointSummary s;
    s.dir = dir_;
    s.architecture = config_.architecture;
    s.model_type = config_.model_type;
    s.layers = config_.num_hidden_layers;
    s.hidden = config_.hidden_size;
    s.intermediate = config_.intermediate_size;
    s.heads = config_.num_attention_heads;
    s.kv_heads = config_.num_key_value_heads;
    s.vocab = config_.vocab_size;
    s.tokenizer_kind = to_string(tokenizer_kind_);
    s.has_chat_template = chat_template_.has_value();
    s.shards = static_cast<int>(weights_.files().size());

    std::map<std::string, uint64_t> bytes_by_dtype;
    for (const auto& name : weights_.names()) {
        const auto& info = weights_.info(name);
        int64_t numel = 1;
        for (const auto d : info.shape)
            numel *= d;
        s.parameters += numel;
        bytes_by_dtype[info.dtype] += info.data_end - info.data_begin;
    }
    s.weight_bytes = weights_.total_bytes();
    s.dtype = config_.torch_dtype;
    uint64_t best = 0;
    for (const auto& [dtype, bytes] : bytes_by_dtype) {
        if (bytes > best) {
            best = bytes;
            s.dtype = torch_dtype_name(dtype);
        }
    }
    if (DIR* d = ::opendir(dir_.c_str())) {
        while (const dirent* e = ::readdir(d)) {
            struct stat st {};
            if (::stat(join(dir_, e->d_name).c_str(), &st) == 0 && S_ISREG(st.st_mode))
                s.size_on_disk += static_cast<uint64_t>(st.st_size);
        }
        ::closedir(d);
    }
    // K and V for 2048 tokens in the weights' dtype, on top of the weights themselves.
    const uint64_t kv_cache =
        2ull * static_cast<uint64_t>(config_.num_hidden_layers) *
        static_cast<uint64_t>(config_.num_key_value_heads * config_.head_dim) * 2048ull *
        bytes_per_element(s.dtype);
    s.memory_estimate_bytes = s.weight_bytes + kv_cache;
    return s;
}

CheckpointSummary summarize_checkpoint(const std::string& dir) {
    return Checkpoint::open(dir).summary();
}

}  // namespace bitdelta
