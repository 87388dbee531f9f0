// bitdelta compress: base + fine-tune -> NAME.bitdelta package (core/bitdelta/compress.h).
#include "bitdelta/compress.h"
#include "command_registry.h"
#include "demo_checkpoints.h"
#include "terminal_progress.h"

#include <cstdio>
#include <memory>

namespace bitdelta::cli {
namespace {

struct CompressArgs {
    std::string base, finetune, out;
    CompressSettings settings;
    bool quiet = false;
};

void run_compress(CompressArgs a) {
    default_to_demo_base(a.base, "compress");
    default_to_demo_finetune(a.finetune, "compress");
    // The bar ends its line before the summary goes to stdout (its destructor), as in export.
    const PackageReport r = [&] {
        TerminalProgress bar(a.quiet);
        return compress(a.base, a.finetune, a.out, a.settings, bar.progress());
    }();
    std::printf("wrote %s\n", a.out.c_str());
    std::printf(
        "  matrices: %zu, package %.2f MiB (signs %.2f MiB, kept %.2f MiB), fine-tune fp16 %.2f "
        "MiB\n",
        r.matrices.size(), static_cast<double>(r.package_bytes) / (1 << 20),
        static_cast<double>(r.sign_bytes) / (1 << 20),
        static_cast<double>(r.kept_bytes) / (1 << 20),
        static_cast<double>(r.finetune_bytes) / (1 << 20));
    std::printf("  calibration: %s\n",
                r.calibration_source.empty() ? "(none)" : r.calibration_source.c_str());
    std::printf("  times: delta+packing %.2f s, distillation %.2f s, diagnostics %.2f s\n",
                r.seconds_delta, r.seconds_distill, r.seconds_diagnostics);
    if (!r.distill.loss.empty())
        std::printf("  distillation: logit MSE %.6g -> %.6g (best step %lld of %zu)\n",
                    r.distill.initial_loss, r.distill.final_loss,
                    static_cast<long long>(r.distill.best_step), r.distill.loss.size());
    if (r.eval) {
        const auto& e = *r.eval;
        std::printf("  eval on %s (mean NLL, nats/token):\n", e.text_source.c_str());
        std::printf(
            "    base %.4f  fine-tune %.4f  compressed %.4f (initial scales %.4f)  rank-16 SVD "
            "%.4f\n",
            e.loss_base, e.loss_finetune, e.loss_compressed, e.loss_compressed_init, e.loss_svd16);
        std::printf("    gain kept: compressed %.1f%%, rank-16 SVD %.1f%%\n", 100 * e.gain_kept,
                    100 * e.gain_kept_svd16);
    }
}

const CommandRegistrar kRegister("compress", 20, [](CLI::App& app) {
    auto args = std::make_shared<CompressArgs>();
    auto* cmd = app.add_subcommand("compress",
                                   "Compress a fine-tune to a 1-bit delta package over its base");
    cmd->add_option("--base", args->base,
                    "base model folder (HF checkpoint; default: the bundled demo base)");
    cmd->add_option("--finetune", args->finetune,
                    "fine-tuned model folder (HF checkpoint; default: the bundled demo fine-tune)");
    cmd->add_option("--out", args->out, "output package folder (NAME.bitdelta)")->required();
    auto& d = args->settings.distill;
    cmd->add_option("--calib", d.calibration,
                    "calibration text (.txt or .jsonl with \"text\") or 'self'")
        ->capture_default_str();
    cmd->add_option("--steps", d.steps, "scale distillation steps (0 = keep mean|delta|)")
        ->capture_default_str();
    cmd->add_option("--lr", d.lr, "AdamW learning rate (cosine annealing to zero)")
        ->capture_default_str();
    cmd->add_option("--batch", d.batch_size, "calibration sequences per step")
        ->capture_default_str();
    cmd->add_option("--seq-len", d.seq_len, "tokens per calibration sequence")
        ->capture_default_str();
    cmd->add_option("--seed", d.seed, "seed for calibration sampling and randomized SVD")
        ->capture_default_str();
    cmd->add_option("--calib-sequences", d.calibration_sequences,
                    "calibration sequences (0 = steps * batch)")
        ->capture_default_str();
    cmd->add_option("--device", args->settings.device, "auto | cpu | cuda | cuda:N")
        ->capture_default_str();
    cmd->add_option("--dtype", args->settings.dtype, "auto | fp32 | bf16 | fp16")
        ->capture_default_str();
    cmd->add_option("--eval", args->settings.eval_text,
                    "held-out text: losses of base, fine-tune, compressed");
    cmd->add_option("--svd-rank", args->settings.svd_max_rank, "singular values kept in the report")
        ->capture_default_str();
    cmd->add_option("--diag-sequences", args->settings.diagnostic_sequences,
                    "calibration sequences for the per-layer output error (0 = skip)")
        ->capture_default_str();
    cmd->add_flag("-q,--quiet", args->quiet, "no progress bar");
    cmd->callback([args] { run_compress(*args); });
});

}  // namespace
}  // namespace bitdelta::cli
