// DeltaLinear: shared base weight + per-tenant packed signs, routed per batch row (DESIGN.md
// section 2).
#include "model/delta_linear.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <string>

namespace bitdelta {
namespace {

std::string shape_str(const at::Tensor& t) {
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

}  // namespace

DeltaLinear::DeltaLinear(at::Tensor weight, at::Tensor bias)
    : weight_(std::move(weight)), bias_(std::move(bias)) {
    if (!weight_.defined() || weight_.dim() != 2)
        throw Error("DeltaLinear: base weight must be a 2-D [N, K] tensor, got " +
                    (weight_.defined() ? shape_str(weight_) : std::string("undefined")));
    if (bias_.defined() && (bias_.base().dim() != 1 || bias_.base().size(0) != weight_.size(0)))
        throw Error("DeltaLinear: bias must be [" + std::to_string(weight_.size(0)) + "], got " +
                    shape_str(bias_.base()));
    rebuild();
}

std::shared_ptr<DeltaLinear> DeltaLinear::from(const Linear& layer) {
    auto out = std::make_shared<DeltaLinear>(layer.base_weight(), at::Tensor());
    out->bias_ = layer.bias();  // keeps any per-slot biases already registered
    return out;
}

void DeltaLinear::attach(int32_t slot, const at::Tensor& packed_signs, float alpha) {
    if (slot < 1) throw Error("DeltaLinear: slot 0 is the base and cannot carry a delta");
    const int64_t words = kernels::packed_words(weight_.size(1));
    if (!packed_signs.defined() || packed_signs.dim() != 2 ||
        packed_signs.size(0) != weight_.size(0) || packed_signs.size(1) != words ||
        packed_signs.scalar_type() != at::kInt)
        throw Error("DeltaLinear: signs for a [" + std::to_string(weight_.size(0)) + ", " +
                    std::to_string(weight_.size(1)) + "] matrix must be int32 [" +
                    std::to_string(weight_.size(0)) + ", " + std::to_string(words) + "], got " +
                    (packed_signs.defined() ? shape_str(packed_signs) : std::string("undefined")));
    if (static_cast<size_t>(slot) >= slot_signs_.size()) {
        slot_signs_.resize(static_cast<size_t>(slot) + 1);
        slot_alpha_.resize(static_cast<size_t>(slot) + 1, 0.0f);
    }
    slot_signs_[static_cast<size_t>(slot)] = packed_signs.to(weight_.device()).contiguous();
    slot_alpha_[static_cast<size_t>(slot)] = alpha;
    rebuild();
}

void DeltaLinear::detach(int32_t slot) {
    if (!has_delta(slot)) return;
    slot_signs_[static_cast<size_t>(slot)] = at::Tensor();
    slot_alpha_[static_cast<size_t>(slot)] = 0.0f;
    rebuild();
}

bool DeltaLinear::has_delta(int32_t slot) const {
    return slot >= 0 && static_cast<size_t>(slot) < slot_signs_.size() &&
           slot_signs_[static_cast<size_t>(slot)].defined();
}

float DeltaLinear::alpha(int32_t slot) const {
    return has_delta(slot) ? slot_alpha_[static_cast<size_t>(slot)] : 0.0f;
}

const at::Tensor& DeltaLinear::signs(int32_t slot) const {
    if (!has_delta(slot))
        throw Error("DeltaLinear: slot " + std::to_string(slot) + " has no delta attached");
    return slot_signs_[static_cast<size_t>(slot)];
}

int64_t DeltaLinear::delta_bytes(int32_t slot) const {
    if (!has_delta(slot)) return 0;
    const at::Tensor& s = slot_signs_[static_cast<size_t>(slot)];
    return static_cast<int64_t>(s.numel() * s.element_size()) + 4;  // + the fp32 scale
}

void DeltaLinear::rebuild() {
    std::vector<at::Tensor> packed;
    std::vector<float> alphas;
    set_index_.assign(std::max<size_t>(slot_signs_.size(), 1), -1);
    for (size_t s = 0; s < slot_signs_.size(); ++s) {
        if (!slot_signs_[s].defined()) continue;
        set_index_[s] = static_cast<int32_t>(packed.size());
        packed.push_back(slot_signs_[s]);
        alphas.push_back(slot_alpha_[s]);
    }
    const auto dev = weight_.device();
    try {
        signs_ = packed.empty() ? kernels::SignSet()
                                : kernels::SignSet(packed, weight_.size(0), weight_.size(1));
    } catch (const kernels::KernelError& e) {
        throw Error(std::string("DeltaLinear: ") + e.what());
    }
    alpha_ = at::tensor(alphas.empty() ? std::vector<float>{0.0f} : alphas, at::kFloat).to(dev);
    if (alphas.empty()) alpha_ = alpha_.narrow(0, 0, 0);
    lookup_ = at::tensor(set_index_, at::kInt).to(dev);
}

at::Tensor DeltaLinear::set_indices(const TenantRouting& routing, int64_t rows_per_entry) const {
    const auto dev = weight_.device();
    at::Tensor idx;
    if (routing.uniform()) {
        const int32_t s = routing.slot_of_row(0);
        return at::full({static_cast<int64_t>(routing.row_tenant.size()) * rows_per_entry},
                        set_index_[static_cast<size_t>(s)],
                        at::TensorOptions().dtype(at::kInt).device(dev));
    }
    if (routing.row_tenant_device.defined() && routing.row_tenant_device.device() == dev) {
        // A gather on the device: no host-to-device copy per layer.
        idx = lookup_.index_select(0, routing.row_tenant_device.to(at::kLong));
    } else {
        std::vector<int32_t> host;
        host.reserve(routing.row_tenant.size());
        for (int32_t s : routing.row_tenant)
            host.push_back(set_index_[static_cast<size_t>(s)]);
        idx = at::tensor(host, at::kInt).to(dev);
    }
    return rows_per_entry == 1 ? idx : idx.repeat_interleave(rows_per_entry);
}

at::Tensor DeltaLinear::bias_rows(const std::vector<int32_t>& row_slots,
                                  int64_t rows_per_entry) const {
    std::vector<at::Tensor> rows;
    rows.reserve(row_slots.size());
    for (int32_t s : row_slots)
        rows.push_back(bias_.slot(s));
    at::Tensor b = at::stack(rows);
    return rows_per_entry == 1 ? b : b.repeat_interleave(rows_per_entry, 0);
}

at::Tensor DeltaLinear::forward(const at::Tensor& x, const TenantRouting& routing) const {
    const int64_t k = weight_.size(1), n = weight_.size(0);
    if (!x.defined() || x.dim() < 1 || x.size(-1) != k)
        throw Error("DeltaLinear: input must be [..., " + std::to_string(k) + "], got " +
                    (x.defined() ? shape_str(x) : std::string("undefined")));
    std::vector<int64_t> out_shape(x.sizes().begin(), x.sizes().end());
    out_shape.back() = n;
    const at::Tensor x2 = x.reshape({-1, k});
    const int64_t rows = x2.size(0);

    if (routing.row_tenant.empty()) {
        return at::linear(x2, weight_, bias_.defined() ? bias_.base() : at::Tensor())
            .reshape(out_shape);
    }
    const int64_t entries = static_cast<int64_t>(routing.row_tenant.size());
    if (entries == 0 || rows % entries != 0)
        throw Error("DeltaLinear: input has " + std::to_string(rows) +
                    " rows, not a multiple of the routing's " + std::to_string(entries) +
                    " batch rows");
    const int64_t per = rows / entries;

    bool any_delta = false, all_delta = true, any_own_bias = false;
    for (int32_t s : routing.row_tenant) {
        if (s < 0) throw Error("DeltaLinear: negative tenant slot in the routing");
        const bool d = has_delta(s);
        any_delta = any_delta || d;
        all_delta = all_delta && d;
        if (bias_.defined() && bias_.extra_bytes(s) > 0) any_own_bias = true;
    }
    // The bias goes into the product when it is one tensor for every row; else it is added per row.
    at::Tensor shared_bias;
    if (bias_.defined() && (!any_own_bias || routing.uniform()))
        shared_bias = bias_.slot(routing.slot_of_row(0));
    const bool per_row_bias = bias_.defined() && !shared_bias.defined();

    at::Tensor y;
    try {
        if (!any_delta) {
            y = at::linear(x2, weight_, shared_bias);
        } else if (all_delta) {
            y = kernels::bitdelta_linear(
                x2, weight_, shared_bias, signs_, alpha_,
                kernels::TenantRows(set_indices(routing, per), routing.distinct_slots()));
        } else {
            // Mixed batch: the dense base product for every row, then the delta only for rows of
            // tenants (base rows must get exactly W x, so they never touch the kernel).
            y = at::linear(x2, weight_, shared_bias);
            std::vector<int64_t> delta_rows;
            std::vector<int32_t> delta_index;
            std::vector<int32_t> delta_slots;  // distinct set indices of the delta rows
            for (int64_t e = 0; e < entries; ++e) {
                const int32_t s = routing.row_tenant[static_cast<size_t>(e)];
                if (!has_delta(s)) continue;
                const int32_t set_index = set_index_[static_cast<size_t>(s)];
                if (std::find(delta_slots.begin(), delta_slots.end(), set_index) ==
                    delta_slots.end())
                    delta_slots.push_back(set_index);
                for (int64_t r = 0; r < per; ++r) {
                    delta_rows.push_back(e * per + r);
                    delta_index.push_back(set_index);
                }
            }
            const at::Tensor rows_t = at::tensor(delta_rows, at::kLong).to(x2.device());
            const at::Tensor idx_t = at::tensor(delta_index, at::kInt).to(x2.device());
            const at::Tensor dy = kernels::delta_matmul(
                x2.index_select(0, rows_t), signs_, alpha_,
                kernels::TenantRows(idx_t, static_cast<int64_t>(delta_slots.size())));
            y.index_add_(0, rows_t, dy);
        }
    } catch (const kernels::KernelError& e) {
        throw Error(std::string("DeltaLinear: ") + e.what());
    }
    if (per_row_bias) y = y + bias_rows(routing.row_tenant, per).to(y.scalar_type());
    return y.reshape(out_shape);
}

}  // namespace bitdelta
