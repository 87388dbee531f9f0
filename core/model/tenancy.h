#pragma once
// Which tenant (fine-tune slot) each row of a batch belongs to. A model that serves several
// fine-tunes over one base routes every per-tenant parameter through this.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace bitdelta {

struct TenantRouting {
    std::vector<int32_t> row_tenant;  // host copy, one slot per batch row; empty = every row slot 0
    at::Tensor row_tenant_device;     // int32 [B] on the model's device (built by make_routing)

    bool uniform() const;  // every row has the same slot
    // How many distinct slots the rows name (the kernels size themselves to it: TenantRows).
    int64_t distinct_slots() const;
    int32_t slot_of_row(int64_t row) const { return row_tenant.empty() ? 0 : row_tenant[row]; }
};

TenantRouting make_routing(std::vector<int32_t> row_tenant, c10::Device device);

// A parameter that may differ per tenant (norm weights, embeddings, lm_head, biases): slot 0 is the
// model's own; tenants whose tensor equals the base's share slot 0's storage.
class TenantTensor {
  public:
    TenantTensor() = default;
    explicit TenantTensor(at::Tensor base) { slots_.push_back(std::move(base)); }

    const at::Tensor& base() const { return slots_.front(); }
    // Falls back to base when the slot holds no own tensor.
    const at::Tensor& slot(int32_t s) const;
    void set_slot(int32_t s, at::Tensor t);  // undefined t = use base
    void clear_slot(int32_t s);
    bool defined() const { return !slots_.empty() && slots_.front().defined(); }
    // Bytes held by slot s beyond the base (0 when it shares the base).
    int64_t extra_bytes(int32_t s) const;

  private:
    std::vector<at::Tensor> slots_;
};

// The tensor each batch row uses: the tensor itself when every row reads the same one (one slot, or
// tenants without their own copy reading the base's), else the rows' tensors stacked to [rows, ...]
// (for per-row norms and biases).
at::Tensor gather_rows(const TenantTensor& tensor, const TenantRouting& routing, int64_t rows);

}  // namespace bitdelta
