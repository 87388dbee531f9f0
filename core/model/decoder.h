#pragma once
// Llama-family decoder (Llama, Mistral, Qwen2): RMSNorm, rotary embeddings (default, linear,
// dynamic, llama3, yarn), grouped-query attention, SwiGLU, optional q/k/v biases, tied or untied
// embeddings, sliding window. fp32 on CPU; fp16/bf16 on CUDA. Differences between families are data
// (ModelConfig), not subclasses.
#include "common/progress.h"
#include "io/checkpoint.h"
#include "model/kv_cache.h"
#include "model/linear.h"
#include "model/tenancy.h"

#include <ATen/core/Tensor.h>
#include <ATen/core/grad_mode.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bitdelta {

enum class LinearKind { Q = 0, K, V, O, Gate, Up, Down };
constexpr int kLinearKinds = 7;
const char* to_string(LinearKind kind);  // "q_proj", "k_proj", ... (the HF module names)

struct LoadOptions {
    c10::Device device = c10::Device(c10::kCPU);
    c10::ScalarType dtype = c10::kFloat;  // compute dtype; CPU supports fp32 only
};

// From user-facing strings: device auto | cpu | cuda | cuda:N (auto = cuda when available); dtype
// auto | fp32 | bf16 | fp16 (auto = bf16 on CUDA, fp32 on CPU). Throws Error for anything else or
// for a half dtype on the CPU.
LoadOptions resolve_load_options(const std::string& device, const std::string& dtype);

// Where load() gets its tensors from: a checkpoint, or (tests, benchmarks) tensors made in memory.
struct WeightSource {
    std::string where;  // named in error messages, e.g. the checkpoint folder
    std::function<bool(const std::string& name)> contains;
    // Returns the tensor (any dtype/device; load converts). `expected_shape` is what the config
    // implies.
    std::function<at::Tensor(const std::string& name, const std::vector<int64_t>& expected_shape)>
        get;
};

// Batch semantics:
// - Rows are left-padded; positions are computed from the mask like HF generate (cumsum(mask) - 1),
//   offset by the row's cache length.
// - A KvCache holds only real tokens: padded positions are never appended, so a row's cache length
// is
//   its number of real tokens and later steps need no mask for the past.
struct ForwardBatch {
    at::Tensor input_ids;  // [B, S] int64
    // Optional [B, S_past + S] 1 = real token, 0 = padding (left padding for batched prompts).
    // Without caches it must be [B, S]. Undefined = all real. Only its last S columns are read: the
    // past is what each row's cache holds (real tokens only).
    at::Tensor attention_mask;
    // Empty: no cache (full recompute). Otherwise one cache per row; rows may have different
    // lengths (each row's new tokens start at its own cache length). The forward appends to the
    // caches.
    std::vector<KvCache*> caches;
    TenantRouting routing;  // which tenant each row belongs to; empty = slot 0 (the model itself)
    bool last_token_logits_only = false;  // return [B, 1, V] (decode and generation)
};

class DecoderModel {
  public:
    // Loads weights (zero-copy from the mmap where dtype and device allow). Reports progress per
    // tensor; cancellable. Throws Error naming the checkpoint and the missing/mis-shaped tensor.
    static std::unique_ptr<DecoderModel> load(const Checkpoint& checkpoint,
                                              const LoadOptions& options,
                                              Progress& progress = Progress::silent());
    // Same from any source of tensors (random weights for benchmarks, in-memory models for tests).
    static std::unique_ptr<DecoderModel> load(const ModelConfig& config, const WeightSource& source,
                                              const LoadOptions& options,
                                              Progress& progress = Progress::silent());

    const ModelConfig& config() const { return config_; }
    c10::Device device() const { return options_.device; }
    c10::ScalarType dtype() const { return options_.dtype; }

    // Logits [B, S, V] (or [B, 1, V]) in fp32. Records autograd when grad mode is on (scale
    // distillation trains through it); inference callers hold an at::NoGradGuard. When rows belong
    // to tenants with different vocabulary sizes, V is the largest and missing columns are -inf.
    at::Tensor forward(const ForwardBatch& batch) const;
    // Convenience: logits for one unpadded sequence without cache, [S, V].
    at::Tensor logits(const std::vector<int64_t>& ids) const;

    KvCache make_cache(int64_t capacity_tokens) const;

    // Interchangeable components.
    std::shared_ptr<Linear>& linear(int64_t layer, LinearKind kind);
    const std::shared_ptr<Linear>& linear(int64_t layer, LinearKind kind) const;
    // Per-tenant tensors by their HF name ("model.embed_tokens.weight", "lm_head.weight",
    // "model.norm.weight", "model.layers.3.input_layernorm.weight", ...). Linear biases are reached
    // through linear(..)->bias(). Throws Error for unknown names.
    TenantTensor& tensor(const std::string& hf_name);
    // Names of every non-linear-weight tensor (embeddings, lm_head if untied, norms; biases
    // included).
    std::vector<std::string> kept_tensor_names() const;
    // Whether layer `layer` uses the sliding window (Mistral; Qwen2 layers >= max_window_layers).
    bool layer_uses_sliding_window(int64_t layer) const;
    int64_t num_layers() const { return config_.num_hidden_layers; }

    struct Impl;
    DecoderModel(ModelConfig config, LoadOptions options, std::unique_ptr<Impl> impl);
    ~DecoderModel();

  private:
    ModelConfig config_;
    LoadOptions options_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bitdelta
