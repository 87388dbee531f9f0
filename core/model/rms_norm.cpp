#include "model/rms_norm.h"

#include <ATen/ATen.h>

namespace bitdelta {

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps) {
    const auto input_dtype = x.scalar_type();
    at::Tensor h = x.to(at::kFloat);
    at::Tensor variance = h.pow(2).mean(-1, /*keepdim=*/true);
    h = (h * at::rsqrt(variance + eps)).to(input_dtype);
    // Per-row weights (rows of different tenants) broadcast over the sequence dimension.
    if (weight.dim() == 2 && x.dim() == 3) return weight.unsqueeze(1) * h;
    return weight * h;
}

}  // namespace bitdelta
