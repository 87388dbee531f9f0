// Scale distillation (DESIGN 1; BitDelta, arXiv 2402.10193, section 3.2): with every sign bit
// frozen, train one fp32 scale per matrix so that the compressed model's logits match the
// fine-tune's, minimising E_x ||Z_ft(x) - Z_bin(x; alpha)||^2 with AdamW and cosine annealing to
// zero. Only the scales train (the authors' script also lets the optimizer touch kept tensors; we
// do not). The only TU that includes the optimizer.
#include "bitdelta/delta_linears.h"
#include "bitdelta/internal.h"
#include "bitdelta_kernels.h"
#include "common/error.h"
#include "model/decoder.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace bitdelta {

DistillSession::DistillSession(DecoderModel& model, std::vector<std::string> names,
                               const WeightSet& base, const std::vector<at::Tensor>& packed,
                               const std::vector<double>& alpha_init)
    : DistillSession(
          model, std::move(names), [&base](const std::string& n) { return base.tensor(n); }, packed,
          alpha_init) {}

DistillSession::DistillSession(DecoderModel& model, std::vector<std::string> names,
                               const std::function<at::Tensor(const std::string&)>& base_weight,
                               const std::vector<at::Tensor>& packed,
                               const std::vector<double>& alpha_init)
    : model_(model), names_(std::move(names)) {
    at::NoGradGuard no_grad;
    const auto device = model.device();
    const auto dtype = model.dtype();
    for (size_t i = 0; i < names_.size(); ++i) {
        auto teacher = model_linear(model, names_[i]);
        teacher_.push_back(teacher);
        at::Tensor w = base_weight(names_[i]).to(device).to(dtype).contiguous();
        at::Tensor s = kernels::unpack_signs(packed[i].to(device), w.size(1), dtype);
        at::Tensor a =
            at::full({}, alpha_init[i], at::TensorOptions().dtype(at::kFloat).device(device));
        a.set_requires_grad(true);
        alphas_.push_back(a);
        student_.push_back(std::make_shared<DistillLinear>(w, s, a, teacher->bias()));
    }
}

DistillSession::~DistillSession() {
    use_teacher();
}

void DistillSession::install(const std::vector<std::shared_ptr<Linear>>& layers) {
    for (size_t i = 0; i < names_.size(); ++i)
        model_linear(model_, names_[i]) = layers[i];
}
void DistillSession::use_teacher() {
    install(teacher_);
}
void DistillSession::use_student() {
    install(student_);
}

std::vector<double> DistillSession::alpha() const {
    at::Tensor all = at::stack(alphas_).detach().to(at::kDouble).cpu();
    return std::vector<double>(all.data_ptr<double>(), all.data_ptr<double>() + all.numel());
}

void DistillSession::set_alpha(const std::vector<double>& alpha) {
    at::NoGradGuard no_grad;
    for (size_t i = 0; i < alphas_.size(); ++i)
        alphas_[i].fill_(alpha[i]);
}

const at::Tensor& DistillSession::base_weight(size_t i) const {
    return static_cast<const DistillLinear&>(*student_[i]).base_weight();
}

at::Tensor make_batch(const std::vector<std::vector<int64_t>>& sequences, size_t first,
                      size_t count, c10::Device device) {
    std::vector<at::Tensor> rows;
    for (size_t i = 0; i < count; ++i)
        rows.push_back(at::tensor(sequences[(first + i) % sequences.size()], at::kLong));
    return at::stack(rows).to(device);
}

namespace {

at::Tensor logits_of(DecoderModel& model, const at::Tensor& ids) {
    ForwardBatch batch;
    batch.input_ids = ids;
    return model.forward(batch);
}

}  // namespace

double logit_mse(DistillSession& session, const std::vector<double>& alpha,
                 const std::vector<std::vector<int64_t>>& sequences, int64_t batch_size) {
    at::NoGradGuard no_grad;
    const std::vector<double> saved = session.alpha();
    session.set_alpha(alpha);
    double total = 0;
    size_t batches = 0;
    for (size_t first = 0; first < sequences.size(); first += static_cast<size_t>(batch_size)) {
        const size_t count = std::min(static_cast<size_t>(batch_size), sequences.size() - first);
        at::Tensor ids = make_batch(sequences, first, count, session.model().device());
        session.use_teacher();
        at::Tensor teacher = logits_of(session.model(), ids);
        session.use_student();
        at::Tensor student = logits_of(session.model(), ids);
        total += (student - teacher).square().mean().item<double>();
        ++batches;
    }
    session.use_teacher();
    session.set_alpha(saved);
    return batches ? total / static_cast<double>(batches) : 0.0;
}

DistillResult distill_scales(DistillSession& session, const CalibrationSet& calibration,
                             const DistillSettings& settings, Progress& progress,
                             const StepCallback& on_step) {
    if (calibration.sequences.empty())
        throw Error("scale distillation: the calibration set is empty");
    const auto t0 = std::chrono::steady_clock::now();
    DistillResult result;
    result.alpha = session.alpha();
    DistillTrace& trace = result.trace;
    const int64_t steps = settings.steps;
    const size_t batch = static_cast<size_t>(std::max<int64_t>(1, settings.batch_size));

    torch::optim::AdamW optimizer(session.alpha_tensors(), torch::optim::AdamWOptions(settings.lr)
                                                               .weight_decay(settings.weight_decay)
                                                               .betas({0.9, 0.999})
                                                               .eps(1e-8));
    double best = std::numeric_limits<double>::infinity();
    progress.begin_stage("Distilling scales", calibration.source);
    try {
        for (int64_t step = 1; step <= steps; ++step) {
            progress.check_cancelled();
            // Cosine annealing to zero over `steps` (torch CosineAnnealingLR with T_max = steps,
            // eta_min 0).
            const double lr =
                settings.lr * 0.5 * (1.0 + std::cos(M_PI * static_cast<double>(step - 1) / steps));
            static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[0].options()).lr(lr);
            at::Tensor ids =
                make_batch(calibration.sequences, static_cast<size_t>(step - 1) * batch, batch,
                           session.model().device());
            at::Tensor teacher;
            {
                at::NoGradGuard no_grad;
                session.use_teacher();
                teacher = logits_of(session.model(), ids);
            }
            session.use_student();
            optimizer.zero_grad();
            at::Tensor student = logits_of(session.model(), ids);
            at::Tensor loss = (student - teacher).square().mean();
            const double loss_value = loss.item<double>();
            if (!std::isfinite(loss_value))
                throw Error("scale distillation: loss became " + std::to_string(loss_value) +
                            " at step " + std::to_string(step) + " (try a lower --lr)");
            // The loss was measured with the scales before this step's update: those are the ones
            // to keep.
            if (loss_value < best) {
                best = loss_value;
                result.alpha = session.alpha();
                trace.best_step = step;
            }
            if (step == 1) trace.initial_loss = loss_value;
            loss.backward();
            optimizer.step();
            trace.loss.push_back(loss_value);
            trace.lr.push_back(lr);
            if (on_step) on_step(step, steps, loss_value, lr);
            char msg[96];
            std::snprintf(msg, sizeof msg, "step %lld/%lld, loss %.6g",
                          static_cast<long long>(step), static_cast<long long>(steps), loss_value);
            progress.update(static_cast<double>(step) / static_cast<double>(steps), msg);
        }
    } catch (...) {
        session.use_teacher();
        throw;
    }
    session.use_teacher();
    trace.final_loss = std::isfinite(best) ? best : -1;
    trace.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

}  // namespace bitdelta
