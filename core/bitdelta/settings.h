#pragma once
// Every BitDelta setting with the paper's / authors' defaults (DESIGN.md section 1). Plain types: the UI
// edits these directly.
#include <cstdint>
#include <string>

namespace bitdelta {

struct DistillSettings {
    int64_t steps = 200;          // 0 = no distillation (scales stay at mean |delta|)
    double lr = 1e-4;             // AdamW, cosine annealing to zero
    double weight_decay = 0.0;    // on scalar scales decay only pulls them to 0; off by default
    int64_t batch_size = 4;
    int64_t seq_len = 128;
    uint64_t seed = 42;
    // Calibration source: a .txt or .jsonl (field "text") file, or "self" = sequences sampled from the
    // fine-tune itself (recorded in the report as such).
    std::string calibration = "self";
    int64_t calibration_sequences = 0;  // 0 = steps * batch_size (each batch seen once)
};

struct CompressSettings {
    std::string device = "auto";   // auto | cpu | cuda | cuda:N
    std::string dtype = "auto";    // auto (bf16 on CUDA, fp32 on CPU) | fp32 | bf16 | fp16
    DistillSettings distill;
    int64_t svd_max_rank = 64;     // ranks for the spectrum/low-rank baseline diagnostics (capped by min(N,K))
    int64_t diagnostic_sequences = 8;  // calibration sequences used for per-layer output error
    std::string eval_text;         // optional held-out .txt/.jsonl: model-level losses in the report
};

}  // namespace bitdelta
