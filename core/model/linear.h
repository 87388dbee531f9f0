#pragma once
// Every linear layer of the decoder is an interchangeable component: dense, or "shared base plus this
// tenant's 1-bit delta", or (during distillation) base plus a trainable-scale delta.
#include "model/tenancy.h"

#include <ATen/core/Tensor.h>

#include <memory>

namespace bitdelta {

class Linear {
public:
    virtual ~Linear() = default;
    // x [..., K] -> [..., N]. `routing` says which tenant each leading-batch row belongs to.
    virtual at::Tensor forward(const at::Tensor& x, const TenantRouting& routing) const = 0;
    virtual int64_t in_features() const = 0;
    virtual int64_t out_features() const = 0;
    // The dense base weight [N, K] (for compression, merging and diagnostics).
    virtual const at::Tensor& base_weight() const = 0;
    virtual const TenantTensor& bias() const = 0;
};

// y = x W^T + b. With per-tenant biases (Qwen2 fine-tunes differ in q/k/v biases).
class DenseLinear : public Linear {
public:
    DenseLinear(at::Tensor weight, at::Tensor bias);
    at::Tensor forward(const at::Tensor& x, const TenantRouting& routing) const override;
    int64_t in_features() const override { return weight_.size(1); }
    int64_t out_features() const override { return weight_.size(0); }
    const at::Tensor& base_weight() const override { return weight_; }
    const TenantTensor& bias() const override { return bias_; }
    TenantTensor& mutable_bias() { return bias_; }

private:
    at::Tensor weight_;
    TenantTensor bias_;
};

}  // namespace bitdelta
