#pragma once
// A HF checkpoint folder: config + weights + tokenizer files + chat template.
#include "io/hf_config.h"
#include "io/safetensors.h"

#include <optional>
#include <string>

namespace bitdelta {

enum class TokenizerKind { None, HfBpeByteLevel, HfBpeMetaspace, HfOther, SentencePiece };
std::string to_string(TokenizerKind kind);

// What the UI and `bitdelta info` show about a folder; plain types only.
struct CheckpointSummary {
    std::string dir;
    std::string architecture;
    std::string model_type;
    int64_t layers = 0, hidden = 0, intermediate = 0, heads = 0, kv_heads = 0, vocab = 0;
    std::string dtype;              // the weights' dominant dtype (config's when no weights)
    int64_t parameters = 0;         // counted from the weights' shapes
    uint64_t weight_bytes = 0;      // bytes of tensor data
    uint64_t size_on_disk = 0;      // all files in the folder
    uint64_t memory_estimate_bytes = 0;  // weights in their dtype + a 2048-token KV cache
    std::string tokenizer_kind;
    bool has_chat_template = false;
    int shards = 0;
};

class Checkpoint {
public:
    // Opens and validates `dir`: config.json must exist and parse; weights must exist and match the
    // config's shapes for embeddings and layer count. Throws Error naming the folder/file and the fault.
    static Checkpoint open(const std::string& dir);

    const std::string& dir() const { return dir_; }
    const ModelConfig& config() const { return config_; }
    const WeightSet& weights() const { return weights_; }
    TokenizerKind tokenizer_kind() const { return tokenizer_kind_; }
    // Paths of tokenizer files present (tokenizer.json, tokenizer.model, tokenizer_config.json,
    // special_tokens_map.json, generation_config.json, chat_template.jinja ...), for copying.
    const std::vector<std::string>& auxiliary_files() const { return auxiliary_files_; }
    // The chat template: chat_template.jinja if present, else tokenizer_config.json's
    // "chat_template" (string, or the "default" entry of a list of named templates).
    const std::optional<std::string>& chat_template() const { return chat_template_; }
    std::string tokenizer_config_json() const;  // "{}" when absent
    CheckpointSummary summary() const;

private:
    std::string dir_;
    ModelConfig config_;
    WeightSet weights_;
    TokenizerKind tokenizer_kind_ = TokenizerKind::None;
    std::vector<std::string> auxiliary_files_;
    std::optional<std::string> chat_template_;
};

// For plain-type callers (UI): opens the folder and returns its summary; throws Error like open().
CheckpointSummary summarize_checkpoint(const std::string& dir);

}  // namespace bitdelta
