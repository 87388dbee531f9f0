#pragma once
// report.json of a .bitdelta package: every diagnostic of DESIGN.md section 1, so Inspect can open a
// package instantly without recomputing. Plain types only (the UI reads it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bitdelta {

struct MatrixReport {
    std::string name;        // HF weight name, e.g. "model.layers.3.self_attn.q_proj.weight"
    int64_t layer = 0;
    std::string kind;        // q_proj | k_proj | v_proj | o_proj | gate_proj | up_proj | down_proj
    int64_t rows = 0, cols = 0;
    double delta_norm = 0;           // ||delta||_F
    double alpha_init = 0;           // mean |delta|
    double alpha_final = 0;          // after distillation (== init when not distilled)
    double relative_error = 0;       // ||delta - alpha*sign||_F / ||delta||_F at alpha_final
    double relative_error_init = 0;  // same at alpha_init
    double cosine = 0;               // cos(delta, sign(delta))
    std::vector<double> singular_values;      // top-r of delta, descending
    std::vector<double> explained_variance;   // cumulative, same length, of total ||delta||_F^2
    int64_t svd_equal_storage_rank = 0;       // rank whose fp16 factors take >= the 1-bit storage
    double svd_equal_storage_error = 0;       // relative error of that rank-r approximation
    std::vector<int64_t> svd_ranks;           // ranks evaluated for the low-rank baseline
    std::vector<double> svd_errors;           // relative error per rank
    double output_error = -1;        // per-layer output error on calibration activations, relative
    std::vector<double> delta_histogram;      // counts over [hist_min, hist_max]
    double hist_min = 0, hist_max = 0;
};

struct ModelEval {
    std::string text_source;   // file the losses were measured on
    double loss_base = -1, loss_finetune = -1, loss_compressed = -1, loss_compressed_init = -1;
    double loss_svd16 = -1;    // rank-16 SVD delta model
    double gain_kept = -1;     // (L_base - L_compressed) / (L_base - L_ft)
    double gain_kept_svd16 = -1;
};

struct DistillTrace {
    std::vector<double> loss;  // per step (logit MSE)
    std::vector<double> lr;
    int64_t best_step = -1;
    double initial_loss = -1;  // before step 1
    double final_loss = -1;    // of the kept (best) scales
    double seconds = 0;
};

struct PackageReport {
    int format_version = 1;
    std::string architecture;
    std::string base_dir, finetune_dir;
    std::string base_fingerprint;
    std::string calibration_source;  // file path or "self (sampled from the fine-tune)"
    std::string settings_json;       // the CompressSettings used, as JSON
    std::vector<MatrixReport> matrices;
    DistillTrace distill;
    std::optional<ModelEval> eval;
    uint64_t finetune_bytes = 0;     // fp16-equivalent size of the fine-tune
    uint64_t package_bytes = 0;      // delta.safetensors on disk
    uint64_t sign_bytes = 0, scale_bytes = 0, kept_bytes = 0;
    double seconds_delta = 0, seconds_distill = 0, seconds_diagnostics = 0;
};

std::string report_to_json(const PackageReport& report);
PackageReport report_from_json(const std::string& json_text, const std::string& path);
// Reads PKG/report.json; throws Error naming the file.
PackageReport load_report(const std::string& package_dir);

}  // namespace bitdelta
