#include "model/linear.h"

#include "common/error.h"

#include <ATen/ATen.h>

namespace bitdelta {

DenseLinear::DenseLinear(at::Tensor weight, at::Tensor bias) : weight_(std::move(weight)) {
    if (!weight_.defined() || weight_.dim() != 2)
        fail_at("DenseLinear", "weight must be a defined 2-D tensor [out, in]");
    if (bias.defined()) {
        if (bias.dim() != 1 || bias.size(0) != weight_.size(0))
            fail_at("DenseLinear", "bias must be [" + std::to_string(weight_.size(0)) + "]");
    }
    bias_ = TenantTensor(std::move(bias));
}

at::Tensor DenseLinear::forward(const at::Tensor& x, const TenantRouting& routing) const {
    if (x.size(-1) != weight_.size(1))
        fail_at("DenseLinear", "input has " + std::to_string(x.size(-1)) +
                                   " features, weight expects " + std::to_string(weight_.size(1)));
    if (routing.uniform()) {
        const at::Tensor& b = bias_.defined() ? bias_.slot(routing.slot_of_row(0)) : at::Tensor();
        return b.defined() ? at::linear(x, weight_, b) : at::linear(x, weight_);
    }
    // Rows of different tenants share the product and differ only in their bias.
    at::Tensor y = at::linear(x, weight_);
    if (!bias_.defined()) return y;
    at::Tensor rows = gather_rows(bias_, routing, x.size(0));  // [B, N], or [N] when shared
    if (rows.dim() == 1) return y + rows;
    std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
    shape.front() = rows.size(0);
    shape.back() = rows.size(1);
    return y + rows.view(shape);
}

}  // namespace bitdelta
