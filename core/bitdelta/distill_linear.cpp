// The student layer of scale distillation and the low-rank baseline layer (see delta_linears.h).
#include "bitdelta/delta_linears.h"

#include "bitdelta/internal.h"
#include "common/error.h"
#include "model/decoder.h"

#include <ATen/ATen.h>

namespace bitdelta {

at::Tensor add_bias(const at::Tensor& y, const TenantTensor& bias) {
    if (!bias.defined()) return y;
    return y + bias.base().to(y.scalar_type());
}

DistillLinear::DistillLinear(at::Tensor base_weight, at::Tensor signs, at::Tensor alpha,
                             TenantTensor bias)
    : base_(std::move(base_weight)),
      signs_(std::move(signs)),
      alpha_(std::move(alpha)),
      bias_(std::move(bias)) {}

at::Tensor DistillLinear::forward(const at::Tensor& x, const TenantRouting&) const {
    // Two products rather than one with a merged weight: the merged weight would depend on alpha
    // and have to be rebuilt (and kept for backward) every step; x S^T is what d loss / d alpha
    // needs anyway: grad_alpha = sum(grad_y * (x S^T)).
    at::Tensor y =
        at::matmul(x, base_.t()) + alpha_.to(x.scalar_type()) * at::matmul(x, signs_.t());
    return add_bias(y, bias_);
}

LowRankDeltaLinear::LowRankDeltaLinear(at::Tensor base_weight, at::Tensor u, at::Tensor v,
                                       TenantTensor bias)
    : base_(std::move(base_weight)), u_(std::move(u)), v_(std::move(v)), bias_(std::move(bias)) {}

at::Tensor LowRankDeltaLinear::forward(const at::Tensor& x, const TenantRouting&) const {
    at::Tensor y = at::matmul(x, base_.t()) + at::matmul(at::matmul(x, v_.t()), u_.t());
    return add_bias(y, bias_);
}

std::shared_ptr<Linear>& model_linear(DecoderModel& model, const std::string& name) {
    int64_t layer = 0;
    std::string kind;
    parse_linear_name(name, layer, kind);
    for (int k = 0; k < kLinearKinds; ++k) {
        if (kind == to_string(static_cast<LinearKind>(k)))
            return model.linear(layer, static_cast<LinearKind>(k));
    }
    throw Error(name + ": no such linear layer in the model");
}

}  // namespace bitdelta
