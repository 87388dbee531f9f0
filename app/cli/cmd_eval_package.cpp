// The package mode of `bitdelta eval` (see cmd_eval_package.h); the work is core's
// evaluate_package().
#include "cmd_eval_package.h"

#include "bitdelta/package_eval.h"
#include "common/error.h"
#include "terminal_progress.h"

#include <cstdio>

namespace bitdelta::cli {

std::shared_ptr<PackageEvalArgs> add_package_eval_options(CLI::App* cmd) {
    auto args = std::make_shared<PackageEvalArgs>();
    cmd->add_option("--package", args->package,
                    "a NAME.bitdelta package: evaluate base, fine-tune and compressed");
    cmd->add_option("--base", args->base,
                    "with --package: the base folder the package was made for");
    cmd->add_option("--finetune", args->finetune,
                    "with --package: the original fine-tune (for the gain kept)");
    return args;
}

bool run_package_eval(const PackageEvalArgs& a, const std::string& data,
                      const PerplexityOptions& options, const std::string& device,
                      const std::string& dtype, bool json, bool quiet) {
    if (a.package.empty()) {
        if (!a.base.empty() || !a.finetune.empty())
            throw Error("eval: --base and --finetune need --package");
        return false;
    }
    if (a.base.empty())
        throw Error("eval --package: --base DIR is required (the package stores only the delta)");
    PackageEvalResult r;
    {
        TerminalProgress bar(quiet || json);
        r = evaluate_package(a.package, a.base, a.finetune, data, options, device, dtype,
                             bar.progress());
    }
    if (json) {
        std::printf("{\"base\": %s, \"compressed\": %s, \"finetune\": %s, \"gain_kept\": %.9g}\n",
                    perplexity_result_json(r.base).c_str(),
                    perplexity_result_json(r.compressed).c_str(),
                    r.finetune ? perplexity_result_json(*r.finetune).c_str() : "null", r.gain_kept);
        return true;
    }
    std::printf("data        %s (%s, %lld tokens scored)\n", r.base.data_path.c_str(),
                r.base.mode.c_str(), static_cast<long long>(r.base.tokens));
    std::printf("%-12s %12s %12s\n", "model", "mean NLL", "perplexity");
    std::printf("%-12s %12.6f %12.4f\n", "base", r.base.mean_nll, r.base.perplexity);
    if (r.finetune)
        std::printf("%-12s %12.6f %12.4f\n", "fine-tune", r.finetune->mean_nll,
                    r.finetune->perplexity);
    std::printf("%-12s %12.6f %12.4f\n", "compressed", r.compressed.mean_nll,
                r.compressed.perplexity);
    if (r.finetune)
        std::printf("gain kept   %.1f%% of the fine-tune's improvement over the base\n",
                    100 * r.gain_kept);
    return true;
}

}  // namespace bitdelta::cli
