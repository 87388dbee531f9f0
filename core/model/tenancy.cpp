#include "model/tenancy.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace bitdelta {

bool TenantRouting::uniform() const {
    return row_tenant.empty() || std::all_of(row_tenant.begin(), row_tenant.end(),
                                             [&](int32_t s) { return s == row_tenant.front(); });
}

int64_t TenantRouting::distinct_slots() const {
    if (row_tenant.empty()) return 1;
    std::vector<int32_t> slots = row_tenant;
    std::sort(slots.begin(), slots.end());
    return std::unique(slots.begin(), slots.end()) - slots.begin();
}

TenantRouting make_routing(std::vector<int32_t> row_tenant, c10::Device device) {
    for (int32_t s : row_tenant)
        if (s < 0) fail_at("tenant routing", "negative tenant slot " + std::to_string(s));
    TenantRouting routing;
    routing.row_tenant = std::move(row_tenant);
    if (!routing.row_tenant.empty()) {
        at::Tensor host = at::tensor(at::ArrayRef<int32_t>(routing.row_tenant), at::kInt);
        routing.row_tenant_device = host.to(device);
    }
    return routing;
}

const at::Tensor& TenantTensor::slot(int32_t s) const {
    if (slots_.empty()) fail_at("tenant tensor", "slot read before the base tensor was set");
    if (s > 0 && static_cast<size_t>(s) < slots_.size() && slots_[static_cast<size_t>(s)].defined())
        return slots_[static_cast<size_t>(s)];
    return slots_.front();
}

void TenantTensor::set_slot(int32_t s, at::Tensor t) {
    if (s < 0) fail_at("tenant tensor", "negative slot " + std::to_string(s));
    if (slots_.size() <= static_cast<size_t>(s)) slots_.resize(static_cast<size_t>(s) + 1);
    slots_[static_cast<size_t>(s)] = std::move(t);
}

void TenantTensor::clear_slot(int32_t s) {
    if (s == 0) fail_at("tenant tensor", "slot 0 is the base and cannot be cleared");
    if (s > 0 && static_cast<size_t>(s) < slots_.size())
        slots_[static_cast<size_t>(s)] = at::Tensor();
}

int64_t TenantTensor::extra_bytes(int32_t s) const {
    if (s <= 0 || static_cast<size_t>(s) >= slots_.size()) return 0;
    const at::Tensor& t = slots_[static_cast<size_t>(s)];
    if (!t.defined()) return 0;
    // A tenant whose tensor aliases the base's storage costs nothing extra.
    if (!slots_.front().defined() || !t.is_alias_of(slots_.front()))
        return static_cast<int64_t>(t.numel() * t.element_size());
    return 0;
}

at::Tensor gather_rows(const TenantTensor& tensor, const TenantRouting& routing, int64_t rows) {
    if (!tensor.defined()) return at::Tensor();
    if (routing.uniform()) return tensor.slot(routing.slot_of_row(0));
    if (static_cast<int64_t>(routing.row_tenant.size()) != rows)
        fail_at("tenant routing", "routing has " + std::to_string(routing.row_tenant.size()) +
                                      " rows but the batch has " + std::to_string(rows));
    std::vector<at::Tensor> per_row;
    per_row.reserve(static_cast<size_t>(rows));
    bool shared = true;  // every row's tenant reads the same tensor (e.g. the base's norm)
    for (int64_t r = 0; r < rows; ++r) {
        per_row.push_back(tensor.slot(routing.slot_of_row(r)));
        shared = shared && per_row.back().is_same(per_row.front());
    }
    return shared ? per_row.front() : at::stack(per_row);
}

}  // namespace bitdelta
