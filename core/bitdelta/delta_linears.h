#pragma once
// Linear layers that compress() swaps into the fine-tune's DecoderModel (private to core/bitdelta):
// the trainable-scale student of scale distillation, the rank-r SVD baseline, and a recorder of
// inputs.
#include "model/linear.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

namespace bitdelta {

// y = x W_base^T + alpha * (x S^T) + b with S the frozen +-1 signs (compute dtype) and alpha a
// trainable fp32 scalar: autograd reaches alpha only (the paper's scale distillation, DESIGN 1).
class DistillLinear : public Linear {
  public:
    DistillLinear(at::Tensor base_weight, at::Tensor signs, at::Tensor alpha, TenantTensor bias);
    at::Tensor forward(const at::Tensor& x, const TenantRouting& routing) const override;
    int64_t in_features() const override { return base_.size(1); }
    int64_t out_features() const override { return base_.size(0); }
    const at::Tensor& base_weight() const override { return base_; }
    const TenantTensor& bias() const override { return bias_; }
    at::Tensor& alpha() { return alpha_; }

  private:
    at::Tensor base_, signs_, alpha_;
    TenantTensor bias_;
};

// y = x W_base^T + (x V^T) U^T + b: the fine-tune with delta replaced by its rank-r truncation
// (the paper's low-rank baseline). u = U diag(s) [N, r], v = V^T [r, K].
class LowRankDeltaLinear : public Linear {
  public:
    LowRankDeltaLinear(at::Tensor base_weight, at::Tensor u, at::Tensor v, TenantTensor bias);
    at::Tensor forward(const at::Tensor& x, const TenantRouting& routing) const override;
    int64_t in_features() const override { return base_.size(1); }
    int64_t out_features() const override { return base_.size(0); }
    const at::Tensor& base_weight() const override { return base_; }
    const TenantTensor& bias() const override { return bias_; }

  private:
    at::Tensor base_, u_, v_;
    TenantTensor bias_;
};

// Forwards to `inner` and keeps a copy of its inputs (fp32, CPU, rows flattened) for the per-layer
// output error on calibration activations.
class RecordingLinear : public Linear {
  public:
    explicit RecordingLinear(std::shared_ptr<Linear> inner) : inner_(std::move(inner)) {}
    at::Tensor forward(const at::Tensor& x, const TenantRouting& routing) const override;
    int64_t in_features() const override { return inner_->in_features(); }
    int64_t out_features() const override { return inner_->out_features(); }
    const at::Tensor& base_weight() const override { return inner_->base_weight(); }
    const TenantTensor& bias() const override { return inner_->bias(); }
    const std::shared_ptr<Linear>& inner() const { return inner_; }
    at::Tensor recorded() const;  // [rows, K]

  private:
    std::shared_ptr<Linear> inner_;
    mutable std::vector<at::Tensor> inputs_;
};

// Adds the (tenant-0) bias when there is one.
at::Tensor add_bias(const at::Tensor& y, const TenantTensor& bias);

}  // namespace bitdelta
