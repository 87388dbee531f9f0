#pragma once
// DecoderModel's private state and the per-forward context shared by the attention and MLP blocks.
// Private to core/model: other areas go through decoder.h.
#include "model/decoder.h"
#include "model/rope.h"

#include <ATen/core/Tensor.h>

#include <array>
#include <map>
#include <optional>
#include <vector>

namespace bitdelta {

struct LayerParams {
    TenantTensor input_norm, post_norm;
    std::array<std::shared_ptr<Linear>, kLinearKinds> linears;
    bool sliding = false;  // this layer attends within the sliding window
};

struct DecoderModel::Impl {
    TenantTensor embed, lm_head, final_norm;  // lm_head undefined when tied to the embeddings
    std::vector<LayerParams> layers;
    Rope rope;
    std::optional<int64_t> window;
    std::map<std::string, TenantTensor*> named;  // non-linear tensors by HF name
};

// Everything one forward computes once and every layer reuses.
struct ForwardContext {
    const ModelConfig* config = nullptr;
    const TenantRouting* routing = nullptr;
    int64_t batch = 0, seq = 0;
    at::Tensor cos, sin;  // [B, S, head_dim] in the compute dtype
    // Without caches: allowed[b or 0, i, j] for full-attention and sliding layers (undefined = none
    // needed, i.e. plain causal is not required because S == 1 and nothing is padded).
    at::Tensor allowed_full, allowed_window;
    // With caches: per row.
    const std::vector<KvCache*>* caches = nullptr;
    std::vector<at::Tensor>
        real_index;                   // int64 indices of the row's real new tokens; undefined = all
    std::vector<int64_t> real_count;  // real new tokens per row
    std::vector<at::Tensor> row_allowed_full, row_allowed_window;  // [S, T_b] or undefined
    std::vector<int64_t> row_window_keep;  // S == 1 decode: keep only the last N keys (0 = all)
    // Batched decode (S == 1, B > 1, one real token per row): all rows attend in one product over
    // their cache slots [0, decode_keys), allowed [B, 1, decode_keys] masking each row's unfilled
    // slots (and, for sliding layers, the keys before its window).
    bool batched_decode = false;
    int64_t decode_keys = 0;
    at::Tensor decode_allowed_full, decode_allowed_window;
};

// One decoder layer's attention block (projections, rotary, cache, attention, output projection).
at::Tensor attention_block(const at::Tensor& x, const LayerParams& layer, int64_t layer_index,
                           const ForwardContext& ctx);
// SwiGLU MLP: down(silu(gate(x)) * up(x)).
at::Tensor mlp_block(const at::Tensor& x, const LayerParams& layer, const ForwardContext& ctx);

}  // namespace bitdelta
