// Per-layer output error on calibration activations (DESIGN 1): each linear's inputs X are recorded
// on a few calibration sequences through the fine-tune, then ||X D^T - a X S^T||_F / ||X D^T||_F
// measures how much of the layer's output change the 1-bit delta reproduces (weight error alone
// ignores which directions the activations actually use).
#include "bitdelta/delta_linears.h"
#include "bitdelta/internal.h"
#include "bitdelta_kernels.h"
#include "model/decoder.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

namespace bitdelta {

at::Tensor RecordingLinear::forward(const at::Tensor& x, const TenantRouting& routing) const {
    inputs_.push_back(x.detach().reshape({-1, x.size(-1)}).to(at::kFloat).cpu());
    return inner_->forward(x, routing);
}

at::Tensor RecordingLinear::recorded() const {
    return inputs_.empty() ? at::Tensor() : at::cat(inputs_, 0);
}

std::map<std::string, at::Tensor> record_linear_inputs(
    DecoderModel& model, const std::vector<std::vector<int64_t>>& sequences, Progress& progress) {
    at::NoGradGuard no_grad;
    const auto names = compressed_weight_names(model.config());
    std::vector<std::shared_ptr<RecordingLinear>> recorders;
    for (const auto& name : names) {
        auto& slot = model_linear(model, name);
        auto rec = std::make_shared<RecordingLinear>(slot);
        recorders.push_back(rec);
        slot = rec;
    }
    auto restore = [&] {
        for (size_t i = 0; i < names.size(); ++i)
            model_linear(model, names[i]) = recorders[i]->inner();
    };
    try {
        for (const auto& seq : sequences) {
            progress.check_cancelled();
            ForwardBatch batch;
            batch.input_ids = at::tensor(seq, at::kLong).unsqueeze(0).to(model.device());
            batch.last_token_logits_only = true;
            model.forward(batch);
        }
    } catch (...) {
        restore();
        throw;
    }
    restore();
    std::map<std::string, at::Tensor> out;
    for (size_t i = 0; i < names.size(); ++i)
        out[names[i]] = recorders[i]->recorded();
    return out;
}

double output_relative_error(const at::Tensor& inputs, const at::Tensor& delta,
                             const at::Tensor& packed, double alpha) {
    at::NoGradGuard no_grad;
    if (!inputs.defined() || inputs.numel() == 0) return -1.0;
    at::Tensor x = inputs.to(delta.device());
    at::Tensor ref = x.mm(delta.t());
    at::Tensor signs = kernels::unpack_signs(packed.to(delta.device()), delta.size(1), at::kFloat);
    at::Tensor approx = x.mm(signs.t()) * alpha;
    const double denom = ref.norm().item<double>();
    if (denom <= 0) return 0.0;
    return (ref - approx).norm().item<double>() / denom;
}

}  // namespace bitdelta
