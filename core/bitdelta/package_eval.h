#pragma once
// Model-level evaluation of a package (bitdelta eval --package): base, fine-tune (when its folder
// is given) and the compressed model (base + scale * signs + kept tensors, merged in memory) on one
// text, and the share of the fine-tune's gain the package keeps (DESIGN 1). Plain types only.
#include "common/progress.h"
#include "eval/perplexity.h"

#include <memory>
#include <optional>
#include <string>

namespace bitdelta {

class DecoderModel;
class DeltaPackage;
class Checkpoint;
struct LoadOptions;

struct PackageEvalResult {
    PerplexityResult base, compressed;
    std::optional<PerplexityResult> finetune;
    double gain_kept = -1;  // (L_base - L_compressed) / (L_base - L_ft); -1 without a fine-tune
};

PackageEvalResult evaluate_package(const std::string& package_dir, const std::string& base_dir,
                                   const std::string& finetune_dir, const std::string& data_path,
                                   const PerplexityOptions& options, const std::string& device,
                                   const std::string& dtype, Progress& progress);

// The compressed model as a dense DecoderModel: W_base + scale * signs (kernels::merge) for every
// compressed matrix, the package's kept tensors for the rest. Verifies the base fingerprint.
std::unique_ptr<DecoderModel> load_merged_model(const DeltaPackage& package, const Checkpoint& base,
                                                const LoadOptions& options, Progress& progress);

}  // namespace bitdelta
