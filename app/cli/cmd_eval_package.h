#pragma once
// `bitdelta eval --package PKG --base DIR [--finetune DIR]`: the eval verb's package mode (base,
// fine-tune and compressed model side by side, and the share of the fine-tune's gain kept).
// cmd_eval.cpp adds these options and hands over when --package is given.
#include "eval/perplexity.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace bitdelta::cli {

struct PackageEvalArgs {
    std::string package, base, finetune;
};

std::shared_ptr<PackageEvalArgs> add_package_eval_options(CLI::App* cmd);
// Returns false (doing nothing) when --package was not given.
bool run_package_eval(const PackageEvalArgs& args, const std::string& data,
                      const PerplexityOptions& options, const std::string& device,
                      const std::string& dtype, bool json, bool quiet);

}  // namespace bitdelta::cli
