#pragma once
// Rotary position embeddings exactly as transformers' ROPE_INIT_FUNCTIONS compute them (default,
// linear, dynamic NTK, llama3, yarn) and applied with HF Llama's rotate_half convention. Private to
// core/model.
#include "io/hf_config.h"

#include <ATen/core/Tensor.h>

#include <utility>

namespace bitdelta {

struct RopeFrequencies {
    at::Tensor inv_freq;             // fp32 [head_dim / 2] on CPU
    double attention_scaling = 1.0;  // multiplies cos and sin (yarn)
};

// inv_freq for `seq_len` (only the dynamic type depends on it; pass 0 for "initial").
RopeFrequencies rope_frequencies(const ModelConfig& config, int64_t seq_len = 0);

class Rope {
  public:
    Rope() = default;
    Rope(const ModelConfig& config, c10::Device device);
    // cos, sin [B, S, head_dim] in `dtype` for int64 positions [B, S] (computed in fp32 like HF).
    std::pair<at::Tensor, at::Tensor> cos_sin(const at::Tensor& positions,
                                              c10::ScalarType dtype) const;

  private:
    ModelConfig config_;
    RopeFrequencies initial_;
    at::Tensor inv_freq_device_;
    bool dynamic_ = false;
};

// x [B, heads, S, head_dim]; cos/sin [B, S, head_dim]: x*cos + rotate_half(x)*sin.
at::Tensor apply_rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

}  // namespace bitdelta
