// bitdelta eval: perplexity (text) or answer-only NLL (chat .jsonl) of a checkpoint folder. The
// work is core's evaluate_perplexity(); this file only parses arguments and prints.
#include "cmd_eval_package.h"
#include "cmd_eval_package.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/error.h"
#include "eval/perplexity.h"
#include "terminal_progress.h"

#include <cstdio>
#include <memory>

namespace bitdelta::cli {
namespace {

struct EvalArgs {
    std::string model, data, device = "auto", dtype = "auto";
    PerplexityOptions options;
    bool json = false, quiet = false;
};

void run_eval(const EvalArgs& a) {
    if (a.model.empty()) throw Error("eval: --model DIR or --package PKG --base DIR is required");
    PerplexityResult r;
    {
        TerminalProgress bar(a.quiet || a.json);
        r = evaluate_perplexity(a.model, a.data, a.options, a.device, a.dtype, bar.progress());
    }
    if (a.json) {
        std::printf("%s\n", perplexity_result_json(r).c_str());
        return;
    }
    std::printf("data        %s (%s, %lld sequences)\n", r.data_path.c_str(), r.mode.c_str(),
                static_cast<long long>(r.sequences));
    std::printf("tokens      %lld scored%s\n", static_cast<long long>(r.tokens),
                r.mode == "chat" ? " (assistant answers only)" : "");
    std::printf("mean NLL    %.6f nats/token\n", r.mean_nll);
    std::printf("perplexity  %.4f\n", r.perplexity);
    std::printf("time        %.1f s\n", r.seconds);
}

const CommandRegistrar kRegister("eval", 60, [](CLI::App& app) {
    auto args = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand("eval", "Perplexity / answer-only NLL of a checkpoint folder");
    cmd->add_option("--model", args->model, "HF checkpoint folder");
    auto package = add_package_eval_options(cmd);
    cmd->add_option("--data", args->data, ".txt, or .jsonl with \"text\" or \"messages\"")
        ->required();
    cmd->add_option("--context", args->options.context,
                    "tokens per window (0 = min(model max, 2048))")
        ->capture_default_str();
    cmd->add_option("--stride", args->options.stride, "window stride (0 = context)")
        ->capture_default_str();
    cmd->add_option("--mode", args->options.mode, "auto | text | chat")->capture_default_str();
    cmd->add_option("--max-records", args->options.max_records, ".jsonl records to use (0 = all)")
        ->capture_default_str();
    cmd->add_option("--device", args->device, "auto | cpu | cuda | cuda:N")->capture_default_str();
    cmd->add_option("--dtype", args->dtype, "auto | fp32 | bf16 | fp16")->capture_default_str();
    cmd->add_flag("--json", args->json, "print the result as JSON");
    cmd->add_flag("-q,--quiet", args->quiet, "no progress bar");
    cmd->callback([args, package] {
        if (!run_package_eval(*package, args->data, args->options, args->device, args->dtype,
                              args->json, args->quiet))
            run_eval(*args);
    });
});

}  // namespace
}  // namespace bitdelta::cli
