#pragma once
// Compress: base + fine-tune -> NAME.bitdelta package (DESIGN.md sections 1 and 4). Plain types only, so
// the UI's worker calls this directly.
#include "bitdelta/report.h"
#include "bitdelta/settings.h"
#include "common/progress.h"

#include <functional>
#include <string>

namespace bitdelta {

// Called after every distillation step (step is 1-based) so the GUI can plot the loss live.
using DistillStepCallback = std::function<void(int64_t step, int64_t total, double loss, double lr)>;

// Validates the pair (architecture, shapes: Error naming both folders and the first mismatch), computes
// deltas layer by layer, packs signs, initialises scales to mean |delta|, distils the scales, computes
// diagnostics and writes the package atomically (a temp folder renamed into place). Stages reported
// through `progress`: "Checking pair", "Computing deltas", "Distilling scales", "Diagnostics",
// "Evaluating", "Writing package". Cancel leaves no partial output.
PackageReport compress(const std::string& base_dir, const std::string& finetune_dir,
                       const std::string& out_package, const CompressSettings& settings,
                       Progress& progress, const DistillStepCallback& on_step = {});

// Quick check used by the UI before enabling Compress: empty string when the pair matches, otherwise
// the exact reason (e.g. "layer 3 q_proj: base is [64, 64], fine-tune is [64, 128]").
std::string check_pair(const std::string& base_dir, const std::string& finetune_dir);

// Merge back: base + alpha*signs + kept tensors -> a standard HF checkpoint folder (safetensors, config,
// tokenizer files, chat template) that transformers loads.
void export_merged(const std::string& package_dir, const std::string& base_dir,
                   const std::string& out_dir, Progress& progress);

}  // namespace bitdelta
