// compress(): base + fine-tune -> NAME.bitdelta (DESIGN 1 and 4). Orchestration only: the pair
// check, one pass over the matrices computing delta, signs and alpha = mean|delta| (peak memory:
// both mmaps plus one matrix's temporaries), scale distillation, diagnostics, model-level
// evaluation, atomic write.
#include "bitdelta/compress.h"

#include "bitdelta/delta_linears.h"
#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "common/error.h"
#include "model/decoder.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <chrono>
#include <cmath>
#include <set>

namespace bitdelta {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

void validate(const CompressSettings& s) {
    const auto& d = s.distill;
    auto bad = [](const std::string& what) { throw Error("compress settings: " + what); };
    if (d.steps < 0) bad("steps must be >= 0 (got " + std::to_string(d.steps) + ")");
    if (!(d.lr > 0) || !std::isfinite(d.lr)) bad("lr must be a positive number");
    if (d.weight_decay < 0) bad("weight_decay must be >= 0");
    if (d.batch_size < 1) bad("batch_size must be >= 1");
    if (d.seq_len < 2) bad("seq_len must be >= 2");
    if (d.calibration_sequences < 0) bad("calibration_sequences must be >= 0");
    if (s.svd_max_rank < 1) bad("svd_max_rank must be >= 1");
    if (s.diagnostic_sequences < 0) bad("diagnostic_sequences must be >= 0");
}

double gain(double base, double ft, double compressed) {
    const double denom = base - ft;
    if (!(std::abs(denom) > 1e-12)) return -1;
    return (base - compressed) / denom;
}

}  // namespace

PackageReport compress(const std::string& base_dir, const std::string& finetune_dir,
                       const std::string& out_package, const CompressSettings& settings,
                       Progress& progress, const DistillStepCallback& on_step) {
    validate(settings);
    check_package_destination(out_package);
    progress.begin_stage("Checking pair", finetune_dir);
    Checkpoint base = Checkpoint::open(base_dir);
    Checkpoint finetune = Checkpoint::open(finetune_dir);
    if (auto why = pair_mismatch(base, finetune); !why.empty()) throw Error(why);
    const c10::Device device = resolve_device(settings.device);
    const c10::ScalarType dtype = resolve_dtype(settings.dtype, device);
    const ModelConfig& config = finetune.config();

    PackageReport report;
    report.format_version = kPackageFormatVersion;
    report.architecture = config.architecture;
    report.base_dir = base_dir;
    report.finetune_dir = finetune_dir;
    report.settings_json = settings_to_json(settings);
    report.base_fingerprint = base_fingerprint(base.weights());
    progress.update(1.0);

    // ---- Pass 1: delta, packed signs, alpha = mean |delta|.
    const auto names = compressed_weight_names(config);
    std::vector<DeltaSummary> deltas;
    deltas.reserve(names.size());
    {
        at::NoGradGuard no_grad;
        progress.begin_stage("Computing deltas");
        const auto t0 = Clock::now();
        for (size_t i = 0; i < names.size(); ++i) {
            at::Tensor delta = load_fp32(finetune.weights(), names[i], device) -
                               load_fp32(base.weights(), names[i], device);
            deltas.push_back(summarize_delta(names[i], delta));
            progress.update(static_cast<double>(i + 1) / static_cast<double>(names.size()),
                            names[i]);
        }
        report.seconds_delta = seconds_since(t0);
    }
    std::vector<double> alpha_init, alpha_final;
    std::vector<at::Tensor> packed;
    for (const auto& d : deltas) {
        alpha_init.push_back(d.alpha);
        packed.push_back(d.packed);
    }
    alpha_final = alpha_init;

    // ---- The fine-tune model (teacher) and calibration, needed by distillation, output error and
    // eval.
    const bool distill = settings.distill.steps > 0;
    const bool need_calib = distill || settings.diagnostic_sequences > 0;
    const bool need_model = need_calib || !settings.eval_text.empty();
    std::unique_ptr<DecoderModel> model;
    std::unique_ptr<DistillSession> session;
    CalibrationSet calibration;
    if (need_model) {
        progress.begin_stage("Loading fine-tune", finetune_dir);
        model = DecoderModel::load(finetune, LoadOptions{device, dtype}, progress);
        if (need_calib) {
            const auto& d = settings.distill;
            int64_t count =
                d.calibration_sequences > 0 ? d.calibration_sequences : d.steps * d.batch_size;
            count = std::max(count, settings.diagnostic_sequences);
            calibration =
                load_calibration(d.calibration, finetune_dir, model.get(),
                                 std::max<int64_t>(1, count), d.seq_len, d.seed, progress);
            report.calibration_source = calibration.source;
        }
        session =
            std::make_unique<DistillSession>(*model, names, base.weights(), packed, alpha_init);
    }

    // ---- Scale distillation.
    if (distill) {
        const auto t0 = Clock::now();
        DistillResult r =
            distill_scales(*session, calibration, settings.distill, progress, on_step);
        alpha_final = r.alpha;
        report.distill = r.trace;
        report.seconds_distill = seconds_since(t0);
    }

    // ---- Diagnostics per matrix.
    const auto t_diag = Clock::now();
    progress.begin_stage("Diagnostics");
    std::map<std::string, at::Tensor> inputs;
    if (model && settings.diagnostic_sequences > 0 && !calibration.sequences.empty()) {
        std::vector<std::vector<int64_t>> few(
            calibration.sequences.begin(),
            calibration.sequences.begin() +
                static_cast<long>(
                    std::min<size_t>(calibration.sequences.size(),
                                     static_cast<size_t>(settings.diagnostic_sequences))));
        inputs = record_linear_inputs(*model, few, progress);
    }
    const bool want_eval = !settings.eval_text.empty();
    std::vector<std::shared_ptr<Linear>> svd16_layers;
    for (size_t i = 0; i < names.size(); ++i) {
        at::NoGradGuard no_grad;
        const DeltaSummary& d = deltas[i];
        MatrixReport m;
        m.name = d.name;
        parse_linear_name(d.name, m.layer, m.kind);
        m.rows = d.rows;
        m.cols = d.cols;
        m.delta_norm = std::sqrt(d.norm_sq);
        m.alpha_init = alpha_init[i];
        m.alpha_final = alpha_final[i];
        m.relative_error_init = relative_error_at(d, alpha_init[i]);
        m.relative_error = relative_error_at(d, alpha_final[i]);
        m.cosine = sign_cosine(d);
        m.delta_histogram = d.histogram;
        m.hist_min = d.hist_min;
        m.hist_max = d.hist_max;
        at::Tensor delta = load_fp32(finetune.weights(), d.name, device) -
                           load_fp32(base.weights(), d.name, device);
        spectrum_diagnostics(delta, d.norm_sq, settings.svd_max_rank, settings.distill.seed + i, m);
        auto it = inputs.find(d.name);
        if (it != inputs.end()) {
            m.output_error = output_relative_error(it->second, delta, d.packed, alpha_final[i]);
            it->second = at::Tensor();  // free as we go
        }
        if (want_eval && session) {
            auto uv = low_rank_factors(delta, 16, settings.distill.seed + i);
            svd16_layers.push_back(std::make_shared<LowRankDeltaLinear>(
                session->base_weight(i), uv.first.to(dtype), uv.second.to(dtype),
                session->teacher_layers()[i]->bias()));
        }
        report.matrices.push_back(std::move(m));
        progress.update(static_cast<double>(i + 1) / static_cast<double>(names.size()), d.name);
    }
    inputs.clear();
    report.seconds_diagnostics = seconds_since(t_diag);

    // ---- Model-level evaluation on the user's held-out text.
    if (want_eval) {
        progress.begin_stage("Evaluating", settings.eval_text);
        ModelEval ev;
        ev.text_source = settings.eval_text;
        const auto seqs =
            load_text_sequences(settings.eval_text, finetune_dir, settings.distill.seq_len, 256);
        session->use_teacher();
        ev.loss_finetune = mean_nll(*model, seqs, progress);
        session->set_alpha(alpha_init);
        session->use_student();
        ev.loss_compressed_init = mean_nll(*model, seqs, progress);
        session->set_alpha(alpha_final);
        ev.loss_compressed = mean_nll(*model, seqs, progress);
        session->install(svd16_layers);
        ev.loss_svd16 = mean_nll(*model, seqs, progress);
        session->use_teacher();
        svd16_layers.clear();
        {
            auto base_model = DecoderModel::load(base, LoadOptions{device, dtype}, progress);
            ev.loss_base = mean_nll(*base_model, seqs, progress);
        }
        ev.gain_kept = gain(ev.loss_base, ev.loss_finetune, ev.loss_compressed);
        ev.gain_kept_svd16 = gain(ev.loss_base, ev.loss_finetune, ev.loss_svd16);
        report.eval = ev;
    }
    session.reset();
    model.reset();

    // ---- The package.
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    std::set<std::string> compressed(names.begin(), names.end());
    for (size_t i = 0; i < names.size(); ++i) {
        tensors.emplace_back(names[i] + ".signs", deltas[i].packed);
        tensors.emplace_back(names[i] + ".scale", at::full({}, alpha_final[i], at::kFloat));
        report.sign_bytes += static_cast<uint64_t>(deltas[i].packed.nbytes());
        report.scale_bytes += 4;
        report.finetune_bytes += static_cast<uint64_t>(deltas[i].rows * deltas[i].cols) * 2;
    }
    for (const auto& name : finetune.weights().names()) {
        if (compressed.count(name)) continue;
        at::Tensor t = finetune.weights().tensor(name);
        tensors.emplace_back(name, t);
        report.kept_bytes += static_cast<uint64_t>(t.nbytes());
        report.finetune_bytes += static_cast<uint64_t>(t.numel()) * 2;
    }
    write_package(out_package, finetune, tensors,
                  package_metadata(report, config, deltas, report.settings_json), report, progress);
    return report;
}

}  // namespace bitdelta
