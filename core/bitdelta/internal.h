#pragma once
// Private to core/bitdelta: the pieces compress(), export and the tests share. Not part of the
// contract other areas code against (that is compress.h, package.h, report.h, settings.h).
#include "bitdelta/report.h"
#include "bitdelta/settings.h"
#include "common/progress.h"
#include "io/checkpoint.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace bitdelta {

class DecoderModel;
class Linear;

// ---- pair_check.cpp ----
// HF names of the decoder's linear weights (the matrices BitDelta compresses), layer by layer, in
// the fixed q, k, v, o, gate, up, down order.
std::vector<std::string> compressed_weight_names(const ModelConfig& config);
// [N, K] that the config implies for a compressed weight name; throws Error for other names.
std::vector<int64_t> expected_matrix_shape(const ModelConfig& config, const std::string& name);
// Layer index and kind ("q_proj", ...) parsed from a compressed weight name.
void parse_linear_name(const std::string& name, int64_t& layer, std::string& kind);
// Empty when the pair can be compressed, else the reason naming both folders and the first
// mismatch.
std::string pair_mismatch(const Checkpoint& base, const Checkpoint& finetune);

// ---- distill_linear.cpp ----
// The model's linear layer holding compressed weight `name` (swappable).
std::shared_ptr<Linear>& model_linear(DecoderModel& model, const std::string& name);

// ---- delta.cpp ----
c10::Device resolve_device(const std::string& device);
c10::ScalarType resolve_dtype(const std::string& dtype, c10::Device device);
// A weight as fp32 on `device` (from the mmap; copies only what the device/dtype change needs).
at::Tensor load_fp32(const WeightSet& weights, const std::string& name, c10::Device device);

// What the first pass keeps of one matrix's delta: its packed signs and the statistics from which
// every scale-dependent error follows in closed form (||D - a S||^2 = ||D||^2 - 2 a sum|D| + a^2 N
// K).
struct DeltaSummary {
    std::string name;
    int64_t rows = 0, cols = 0;
    at::Tensor packed;   // int32 [N, ceil(K/32)] on CPU
    double alpha = 0;    // mean |delta| (the L2-optimal scale, DESIGN 1)
    double norm_sq = 0;  // ||delta||_F^2
    double abs_sum = 0;  // sum |delta|
    std::vector<double> histogram;
    double hist_min = 0, hist_max = 0;
};
constexpr int64_t kHistogramBins = 64;
// delta (fp32 [N, K], any device) -> packed signs, alpha and statistics.
DeltaSummary summarize_delta(const std::string& name, const at::Tensor& delta);
double relative_error_at(const DeltaSummary& d, double alpha);
double sign_cosine(const DeltaSummary& d);

// ---- diagnostics.cpp ----
// Fills singular values, explained variance, the low-rank baseline and the equal-storage rank of
// `m` from delta (fp32 [N, K]). Randomized SVD with power iterations when the matrix is large.
void spectrum_diagnostics(const at::Tensor& delta, double norm_sq, int64_t max_rank, uint64_t seed,
                          MatrixReport& m);
// Smallest r with r*(N+K)*16 bits >= N*K + 32 bits (fp16 factors vs signs plus one fp32 scale).
int64_t equal_storage_rank(int64_t rows, int64_t cols);
// Rank-r truncation of delta: returns {U*diag(s) [N, r], V^T [r, K]} (fp32, delta's device).
std::pair<at::Tensor, at::Tensor> low_rank_factors(const at::Tensor& delta, int64_t rank,
                                                   uint64_t seed);

// ---- output_error.cpp ----
// Inputs of every linear layer of `model` recorded on `sequences` (rows flattened, fp32, CPU),
// keyed by compressed weight name.
std::map<std::string, at::Tensor> record_linear_inputs(
    DecoderModel& model, const std::vector<std::vector<int64_t>>& sequences, Progress& progress);
// ||X D^T - a X S^T|| / ||X D^T|| on recorded inputs X.
double output_relative_error(const at::Tensor& inputs, const at::Tensor& delta,
                             const at::Tensor& packed, double alpha);

// ---- calibration.cpp ----
struct CalibrationSet {
    std::vector<std::vector<int64_t>> sequences;  // each exactly seq_len tokens
    std::string source;                           // what the report shows
};
// `spec` is a .txt/.jsonl path or "self" (sampled from `model`, temperature 1, seeded).
CalibrationSet load_calibration(const std::string& spec, const std::string& tokenizer_dir,
                                const DecoderModel* model, int64_t count, int64_t seq_len,
                                uint64_t seed, Progress& progress);
// Text for evaluation (.txt or .jsonl "text"), chunked into sequences of at most seq_len tokens.
std::vector<std::vector<int64_t>> load_text_sequences(const std::string& path,
                                                      const std::string& tokenizer_dir,
                                                      int64_t seq_len, int64_t max_sequences);
// Mean next-token NLL of `model` over `sequences` (nats/token).
double mean_nll(const DecoderModel& model, const std::vector<std::vector<int64_t>>& sequences,
                Progress& progress);

// ---- scale_distiller.cpp ----
// The fine-tune model with two sets of linear layers to swap in: its own dense ones (the teacher)
// and base + alpha * signs ones with trainable fp32 alphas (the student). Restores the teacher on
// destruction.
class DistillSession {
  public:
    // `base_weight(name)` returns the base's [N, K] weight (any dtype/device; converted here).
    DistillSession(DecoderModel& model, std::vector<std::string> names,
                   const std::function<at::Tensor(const std::string&)>& base_weight,
                   const std::vector<at::Tensor>& packed, const std::vector<double>& alpha_init);
    DistillSession(DecoderModel& model, std::vector<std::string> names, const WeightSet& base,
                   const std::vector<at::Tensor>& packed, const std::vector<double>& alpha_init);
    ~DistillSession();
    DistillSession(const DistillSession&) = delete;
    DistillSession& operator=(const DistillSession&) = delete;

    DecoderModel& model() { return model_; }
    const std::vector<std::string>& names() const { return names_; }
    void use_teacher();
    void use_student();
    // Installs other layers (same order as names()); use_teacher()/use_student() switch back.
    void install(const std::vector<std::shared_ptr<Linear>>& layers);
    const std::vector<std::shared_ptr<Linear>>& teacher_layers() const { return teacher_; }
    std::vector<at::Tensor>& alpha_tensors() { return alphas_; }
    std::vector<double> alpha() const;
    void set_alpha(const std::vector<double>& alpha);
    // Base weight of matrix i in the compute dtype on the model's device.
    const at::Tensor& base_weight(size_t i) const;

  private:
    DecoderModel& model_;
    std::vector<std::string> names_;
    std::vector<std::shared_ptr<Linear>> teacher_, student_;
    std::vector<at::Tensor> alphas_;
};

struct DistillResult {
    std::vector<double> alpha;  // the scales with the lowest loss
    DistillTrace trace;
};
using StepCallback = std::function<void(int64_t step, int64_t total, double loss, double lr)>;
// AdamW on the alphas only, cosine annealing to zero, logit MSE against the teacher (DESIGN 1).
DistillResult distill_scales(DistillSession& session, const CalibrationSet& calibration,
                             const DistillSettings& settings, Progress& progress,
                             const StepCallback& on_step);
// Mean logit MSE between teacher and student at `alpha` over `sequences` (no gradient).
double logit_mse(DistillSession& session, const std::vector<double>& alpha,
                 const std::vector<std::vector<int64_t>>& sequences, int64_t batch_size);
// [B, S] int64 batch of sequences[first .. first+count) (wrapping around), on `device`.
at::Tensor make_batch(const std::vector<std::vector<int64_t>>& sequences, size_t first,
                      size_t count, c10::Device device);

// ---- fingerprint / package_writer.cpp ----
std::map<std::string, std::string> package_metadata(const PackageReport& report,
                                                    const ModelConfig& config,
                                                    const std::vector<DeltaSummary>& deltas,
                                                    const std::string& settings_json);
// Writes the package folder into a temp sibling of `out_dir` and renames it into place; a previous
// package at `out_dir` is replaced, any other existing path refused.
void write_package(const std::string& out_dir, const Checkpoint& finetune,
                   const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                   const std::map<std::string, std::string>& metadata, PackageReport& report,
                   Progress& progress);
// Refuses an output path that exists and is neither an empty folder nor a package (called before
// any work starts, so a long compression is not wasted, and again just before writing).
void check_package_destination(const std::string& out_dir);
// Copies config.json, tokenizer files and chat template (full paths, as listed by a Checkpoint or a
// folder scan of `from_dir`) into `dir`; a listed file that cannot be read is an Error.
void copy_model_files(const std::string& from_dir, const std::vector<std::string>& files,
                      const std::string& dir);
std::string settings_to_json(const CompressSettings& settings);

}  // namespace bitdelta
