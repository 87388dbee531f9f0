#pragma once
// Shared by the model/eval tests: golden reference loading, a random in-memory model (no files) and
// a byte-level stand-in tokenizer, so the decoder's batching, cache and tenancy paths are tested
// independently of the io and text areas.
#include "common/error.h"
#include "io/hf_config.h"
#include "model/decoder.h"
#include "text/tokenizer.h"
#include "fixtures/tiny_checkpoint.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace bitdelta::test {

inline std::string model_test_data_dir() {
    const char* env = std::getenv("BITDELTA_TEST_DATA");
    return env && *env ? std::string(env) : std::string(BITDELTA_TEST_DATA_DIR);
}

inline nlohmann::json load_reference(const std::string& family) {
    const std::string path = model_test_data_dir() + "/checkpoints/" + family + "/reference.json";
    std::ifstream in(path);
    if (!in) return nlohmann::json();
    return nlohmann::json::parse(in);
}

// [S, V] fp32 tensor of one sequence's reference logits.
inline at::Tensor reference_logits(const nlohmann::json& ref, const char* key, size_t seq) {
    const auto& rows = ref[key][seq];
    const int64_t s = static_cast<int64_t>(rows.size()), v = static_cast<int64_t>(rows[0].size());
    at::Tensor t = at::empty({s, v}, at::kFloat);
    auto a = t.accessor<float, 2>();
    for (int64_t i = 0; i < s; ++i)
        for (int64_t j = 0; j < v; ++j)
            a[i][j] = rows[static_cast<size_t>(i)][static_cast<size_t>(j)].get<float>();
    return t;
}

// max|a - b| / max|ref|: the error relative to the logits' scale (per-element relative error is
// meaningless for logits that cross zero).
inline double scaled_error(const at::Tensor& a, const at::Tensor& ref) {
    const double scale = ref.abs().max().item<double>();
    return (a.to(at::kFloat).cpu() - ref.to(at::kFloat).cpu()).abs().max().item<double>() / scale;
}

inline ModelConfig tiny_config(ArchFamily family, int64_t layers = 2) {
    ModelConfig c;
    c.family = family;
    c.architecture = family == ArchFamily::Llama     ? "LlamaForCausalLM"
                     : family == ArchFamily::Mistral ? "MistralForCausalLM"
                                                     : "Qwen2ForCausalLM";
    c.model_type = family == ArchFamily::Llama     ? "llama"
                   : family == ArchFamily::Mistral ? "mistral"
                                                   : "qwen2";
    c.vocab_size = 96;
    c.hidden_size = 32;
    c.intermediate_size = 64;
    c.num_hidden_layers = layers;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;
    c.head_dim = 8;
    c.max_position_embeddings = 256;
    c.rms_norm_eps = 1e-5;
    if (family == ArchFamily::Mistral) {
        c.sliding_window = 4;
        c.raw_json = R"({"sliding_window": 4})";
    }
    if (family == ArchFamily::Qwen2) {
        c.attention_bias = true;
        c.tie_word_embeddings = true;
        c.rope_theta = 1e6;
    }
    return c;
}

// Random weights (seeded, N(0, 0.1); norms 1 + N(0, 0.1)) held in memory and served to load().
inline std::unique_ptr<DecoderModel> random_model(const ModelConfig& config, uint64_t seed = 7,
                                                  LoadOptions options = {}) {
    auto store = std::make_shared<std::map<std::string, at::Tensor>>();
    WeightSource source;
    source.where = "random model";
    source.contains = [config](const std::string& name) {
        if (name.find(".bias") != std::string::npos)
            return config.attention_bias && (name.find("q_proj") != std::string::npos ||
                                             name.find("k_proj") != std::string::npos ||
                                             name.find("v_proj") != std::string::npos);
        return true;
    };
    source.get = [store, seed](const std::string& name, const std::vector<int64_t>& shape) {
        at::Tensor t = seeded_normal(shape, 0.1, seed, name);
        if (name.find("norm") != std::string::npos) t = t + 1.0;
        (*store)[name] = t;
        return t;
    };
    return DecoderModel::load(config, source, options);
}

// Bytes as tokens (id = byte value + 2), id 1 = BOS, id 0 = EOS; vocab 258 (or less: ids are
// clamped by the caller's model). Deterministic and independent of the text area's implementations.
class ByteTokenizer : public Tokenizer {
  public:
    ByteTokenizer() {
        bos_id_ = 1;
        eos_id_ = 0;
        bos_token_ = "<s>";
        eos_token_ = "</s>";
    }
    std::vector<int64_t> encode(const std::string& text, bool add_special = true) const override {
        std::vector<int64_t> ids;
        if (add_special) ids.push_back(1);
        for (unsigned char c : text)
            ids.push_back(static_cast<int64_t>(c) + 2);
        return ids;
    }
    std::string decode(const std::vector<int64_t>& ids, bool skip_special = false) const override {
        std::string s;
        for (int64_t id : ids) {
            if (id < 2) {
                if (!skip_special) s += id == 1 ? bos_token_ : eos_token_;
                continue;
            }
            s.push_back(static_cast<char>(id - 2));
        }
        return s;
    }
    std::string id_to_token(int64_t id) const override { return decode({id}); }
    std::optional<int64_t> token_to_id(const std::string& token) const override {
        if (token.size() == 1)
            return static_cast<int64_t>(static_cast<unsigned char>(token[0])) + 2;
        return std::nullopt;
    }
    int64_t vocab_size() const override { return 258; }
    bool is_special(int64_t id) const override { return id < 2; }
};

}  // namespace bitdelta::test
