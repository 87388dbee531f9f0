#pragma once
// The multi-tenant linear layer of DESIGN.md section 2: one shared base weight W [N, K] and, per
// attached tenant, its packed 1-bit signs S_t and scale alpha_t, so that a batch row b of tenant
// t(b) gets y_b = W x_b + bias_t(b) + alpha_t(b) * (S_t(b) x_b). Rows of slot 0 (the base itself)
// get exactly the base product. The serving engine attaches and detaches tenants between decode
// steps.
#include "model/linear.h"

#include "bitdelta_kernels.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace bitdelta {

class DeltaLinear : public Linear {
  public:
    // weight [N, K] and bias [N] (or undefined) on the model's device in its compute dtype.
    DeltaLinear(at::Tensor weight, at::Tensor bias);
    // Wraps an existing layer (keeps its base weight and its per-slot biases).
    static std::shared_ptr<DeltaLinear> from(const Linear& layer);

    at::Tensor forward(const at::Tensor& x, const TenantRouting& routing) const override;
    int64_t in_features() const override { return weight_.size(1); }
    int64_t out_features() const override { return weight_.size(0); }
    const at::Tensor& base_weight() const override { return weight_; }
    const TenantTensor& bias() const override { return bias_; }
    TenantTensor& mutable_bias() { return bias_; }

    // Attaches (or replaces) tenant `slot` (>= 1): packed signs int32 [N, ceil(K/32)] and its
    // scale. The signs are moved to the weight's device. Rebuilds the sign set (cheap: pointers
    // only).
    void attach(int32_t slot, const at::Tensor& packed_signs, float alpha);
    void detach(int32_t slot);  // no-op when the slot has no delta
    bool has_delta(int32_t slot) const;
    float alpha(int32_t slot) const;
    const at::Tensor& signs(int32_t slot) const;  // throws when the slot has no delta
    // Bytes the slot's delta holds on the device (signs + its scale), 0 without a delta.
    int64_t delta_bytes(int32_t slot) const;
    int64_t tenants() const { return signs_.tenants(); }

  private:
    void rebuild();
    // Per-row sign-set indices on the device for rows that all carry a delta.
    at::Tensor set_indices(const TenantRouting& routing, int64_t rows_per_entry) const;
    at::Tensor bias_rows(const std::vector<int32_t>& row_slots, int64_t rows_per_entry) const;

    at::Tensor weight_;
    TenantTensor bias_;
    // slot -> packed signs / alpha (undefined / 0 for slots without a delta).
    std::vector<at::Tensor> slot_signs_;
    std::vector<float> slot_alpha_;
    // The sign set over the attached slots in ascending slot order, their alphas fp32 [T] on the
    // device, and a device lookup slot -> index in the set (-1 for slots without a delta).
    kernels::SignSet signs_;
    at::Tensor alpha_;
    at::Tensor lookup_;
    std::vector<int32_t> set_index_;  // host copy of lookup_
};

}  // namespace bitdelta
