#pragma once
// RMSNorm as HF Llama computes it: statistics in fp32, normalised value cast back to the input
// dtype, then multiplied by the weight. Private to core/model.
#include <ATen/core/Tensor.h>

namespace bitdelta {

// x [B, S, D]; weight [D] or per-row [B, D].
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps);

}  // namespace bitdelta
