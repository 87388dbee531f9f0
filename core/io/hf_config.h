#pragma once
// HF config.json for the Llama family (Llama, Mistral, Qwen2), tolerant of several transformers
// versions' field names. Plain types only: the UI reads this too.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bitdelta {

// Architecture differences are data: the family enum plus a few flags (see ModelConfig).
enum class ArchFamily { Llama, Mistral, Qwen2 };
std::string to_string(ArchFamily family);

struct RopeScaling {
    std::string type = "default";  // default | linear | dynamic | llama3 | yarn
    double factor = 1.0;
    // llama3
    double low_freq_factor = 1.0;
    double high_freq_factor = 4.0;
    int64_t original_max_position_embeddings = 0;
    // yarn
    double beta_fast = 32.0;
    double beta_slow = 1.0;
    std::optional<double> attention_factor;
    std::optional<double> mscale;
    std::optional<double> mscale_all_dim;
};

struct ModelConfig {
    std::string architecture;  // e.g. "LlamaForCausalLM"
    std::string model_type;    // e.g. "llama"
    ArchFamily family = ArchFamily::Llama;
    int64_t vocab_size = 0;
    int64_t hidden_size = 0;
    int64_t intermediate_size = 0;
    int64_t num_hidden_layers = 0;
    int64_t num_attention_heads = 0;
    int64_t num_key_value_heads = 0;
    int64_t head_dim = 0;  // hidden_size / heads unless given
    int64_t max_position_embeddings = 2048;
    double rms_norm_eps = 1e-6;
    double rope_theta = 10000.0;
    RopeScaling rope_scaling;
    bool tie_word_embeddings = false;
    bool attention_bias = false;  // q/k/v biases (Qwen2: true)
    bool mlp_bias = false;
    std::optional<int64_t> sliding_window;  // Mistral/Qwen2 when enabled
    std::string hidden_act = "silu";
    std::string torch_dtype = "float32";  // from torch_dtype or dtype
    std::vector<int64_t> bos_token_ids;
    std::vector<int64_t> eos_token_ids;
    std::optional<int64_t> pad_token_id;
    std::string raw_json;  // the file as read, for copying into packages

    // Weight names of decoder layer `layer`'s linear matrices, in a fixed order:
    // q, k, v, o, gate, up, down ("model.layers.{i}.self_attn.q_proj.weight", ...).
    std::vector<std::string> linear_weight_names(int64_t layer) const;
    int64_t parameter_count() const;  // from the shapes the config implies
};

// Parses config.json; throws bitdelta::Error naming the file and the field for missing required
// fields, wrong types and unsupported architectures (listing the supported ones).
ModelConfig parse_model_config(const std::string& json_text, const std::string& path);
ModelConfig load_model_config(const std::string& path);

}  // namespace bitdelta
