#pragma once
// Reading a NAME.bitdelta package (DESIGN.md section 4): delta.safetensors (per compressed matrix
// "<param>.signs" int32 [N, ceil(K/32)] and "<param>.scale" fp32 [], plus kept full-precision tensors
// under their own names), the fine-tune's config/tokenizer/chat template, and report.json.
#include "io/checkpoint.h"
#include "io/safetensors.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace bitdelta {

constexpr int kPackageFormatVersion = 1;

// Hash over the base's tensor names, shapes, dtypes and contents (xxh3-64 of each tensor's bytes,
// combined in name order); hex string. Documented in docs/FORMAT.md.
std::string base_fingerprint(const WeightSet& base);

class DeltaPackage {
public:
    // Validates format version, metadata and every tensor's shape; throws Error naming the package and
    // the fault (truncated file, missing signs/scale pair, wrong shapes...).
    static DeltaPackage open(const std::string& package_dir);

    const std::string& dir() const { return dir_; }
    const ModelConfig& config() const { return config_; }  // the fine-tune's config.json
    const std::map<std::string, std::string>& metadata() const { return weights_->metadata(); }
    std::string base_fingerprint() const;
    // Throws Error naming both the package and the base folder when the fingerprints differ.
    void verify_base(const Checkpoint& base) const;

    // HF weight names of the compressed matrices, sorted.
    std::vector<std::string> compressed_names() const;
    at::Tensor signs(const std::string& weight_name) const;  // int32 [N, ceil(K/32)] (mmap view)
    float scale(const std::string& weight_name) const;
    std::vector<int64_t> matrix_shape(const std::string& weight_name) const;  // [N, K]
    // Full-precision tensors kept from the fine-tune (embeddings, lm_head, norms, biases).
    std::vector<std::string> kept_names() const;
    at::Tensor kept(const std::string& name) const;

private:
    std::string dir_;
    ModelConfig config_;
    std::shared_ptr<SafetensorsFile> weights_;
};

}  // namespace bitdelta
