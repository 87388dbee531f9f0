// bitdelta inspect: per-matrix diagnostics of a package (worst first) and the model-level summary,
// read from report.json without recomputing.
#include "bitdelta/package.h"
#include "bitdelta/report.h"
#include "command_registry.h"
#include "io/atomic_file.h"

#include <algorithm>
#include <cstdio>
#include <memory>

namespace bitdelta::cli {
namespace {

struct InspectArgs {
    std::string package;
    bool csv = false, json = false;
    int64_t top = 20;
};

void print_table(const PackageReport& r, int64_t top) {
    std::vector<const MatrixReport*> rows;
    for (const auto& m : r.matrices)
        rows.push_back(&m);
    // Worst first: the output error when measured, else the weight error.
    auto key = [](const MatrixReport* m) {
        return m->output_error >= 0 ? m->output_error : m->relative_error;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](auto* a, auto* b) { return key(a) > key(b); });
    const size_t n = top > 0 ? std::min(rows.size(), static_cast<size_t>(top)) : rows.size();
    std::printf("%-44s %11s %10s %10s %10s %8s %8s %7s %9s %8s\n", "matrix (worst first)", "shape",
                "||delta||", "alpha0", "alpha", "err0", "err", "cos", "svd@r_eq", "out_err");
    for (size_t i = 0; i < n; ++i) {
        const MatrixReport& m = *rows[i];
        char shape[32];
        std::snprintf(shape, sizeof shape, "%lldx%lld", static_cast<long long>(m.rows),
                      static_cast<long long>(m.cols));
        std::printf("%-44s %11s %10.4g %10.4g %10.4g %8.4f %8.4f %7.4f %9.4f %8.4f\n",
                    m.name.c_str(), shape, m.delta_norm, m.alpha_init, m.alpha_final,
                    m.relative_error_init, m.relative_error, m.cosine, m.svd_equal_storage_error,
                    m.output_error);
    }
    if (n < rows.size()) std::printf("... %zu more (use --top 0 for all)\n", rows.size() - n);
}

void print_summary(const DeltaPackage& pkg, const PackageReport& r) {
    std::printf("package       %s\n", pkg.dir().c_str());
    std::printf("architecture  %s, %zu compressed matrices, %zu kept tensors\n",
                r.architecture.c_str(), pkg.compressed_names().size(), pkg.kept_names().size());
    std::printf("base          %s (fingerprint %s)\n", r.base_dir.c_str(),
                pkg.base_fingerprint().c_str());
    std::printf("fine-tune     %s\n", r.finetune_dir.c_str());
    std::printf(
        "size          package %.2f MiB vs fine-tune fp16 %.2f MiB (%.1fx smaller); signs %.2f "
        "MiB, "
        "kept %.2f MiB\n",
        r.package_bytes / 1048576.0, r.finetune_bytes / 1048576.0,
        r.package_bytes
            ? static_cast<double>(r.finetune_bytes) / static_cast<double>(r.package_bytes)
            : 0.0,
        r.sign_bytes / 1048576.0, r.kept_bytes / 1048576.0);
    std::printf("calibration   %s\n",
                r.calibration_source.empty() ? "(none)" : r.calibration_source.c_str());
    if (!r.distill.loss.empty())
        std::printf("distillation  %zu steps, logit MSE %.6g -> %.6g (best step %lld), %.1f s\n",
                    r.distill.loss.size(), r.distill.initial_loss, r.distill.final_loss,
                    static_cast<long long>(r.distill.best_step), r.distill.seconds);
    else
        std::printf("distillation  none (scales = mean |delta|)\n");
    double err0 = 0, err = 0, out = 0;
    int64_t n_out = 0;
    for (const auto& m : r.matrices) {
        err0 += m.relative_error_init;
        err += m.relative_error;
        if (m.output_error >= 0) out += m.output_error, ++n_out;
    }
    if (!r.matrices.empty()) {
        const double n = static_cast<double>(r.matrices.size());
        std::printf("mean errors   weight %.4f (initial %.4f)", err / n, err0 / n);
        if (n_out) std::printf(", output %.4f", out / static_cast<double>(n_out));
        std::printf("\n");
    }
    if (r.eval) {
        const auto& e = *r.eval;
        std::printf("eval          %s (mean NLL, nats/token)\n", e.text_source.c_str());
        std::printf(
            "              base %.4f  fine-tune %.4f  compressed %.4f (initial scales %.4f)  "
            "rank-16 SVD %.4f\n",
            e.loss_base, e.loss_finetune, e.loss_compressed, e.loss_compressed_init, e.loss_svd16);
        std::printf("              gain kept: compressed %.1f%%, rank-16 SVD %.1f%%\n",
                    100 * e.gain_kept, 100 * e.gain_kept_svd16);
    }
    std::printf("\n");
}

void print_csv(const PackageReport& r) {
    std::printf(
        "name,layer,kind,rows,cols,delta_norm,alpha_init,alpha_final,relative_error_init,relative_"
        "error,"
        "cosine,svd_equal_storage_rank,svd_equal_storage_error,output_error\n");
    for (const auto& m : r.matrices)
        std::printf("%s,%lld,%s,%lld,%lld,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%lld,%.9g,%.9g\n",
                    m.name.c_str(), static_cast<long long>(m.layer), m.kind.c_str(),
                    static_cast<long long>(m.rows), static_cast<long long>(m.cols), m.delta_norm,
                    m.alpha_init, m.alpha_final, m.relative_error_init, m.relative_error, m.cosine,
                    static_cast<long long>(m.svd_equal_storage_rank), m.svd_equal_storage_error,
                    m.output_error);
}

const CommandRegistrar kRegister("inspect", 30, [](CLI::App& app) {
    auto args = std::make_shared<InspectArgs>();
    auto* cmd =
        app.add_subcommand("inspect", "Show a delta package's per-matrix diagnostics and summary");
    cmd->add_option("package", args->package, "the NAME.bitdelta package")->required();
    auto* csv = cmd->add_flag("--csv", args->csv, "every matrix as CSV");
    auto* json = cmd->add_flag("--json", args->json, "the full report.json");
    csv->excludes(json);
    cmd->add_option("--top", args->top, "rows of the table, worst first (0 = all)")
        ->capture_default_str();
    cmd->callback([args] {
        DeltaPackage pkg = DeltaPackage::open(args->package);
        if (args->json) {
            std::printf("%s\n", read_file(args->package + "/report.json").c_str());
            return;
        }
        PackageReport r = load_report(args->package);
        if (args->csv) {
            print_csv(r);
            return;
        }
        print_summary(pkg, r);
        print_table(r, args->top);
    });
});

}  // namespace
}  // namespace bitdelta::cli
