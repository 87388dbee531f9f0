// Writing a NAME.bitdelta package (DESIGN 4, docs/FORMAT.md): everything goes into a temp sibling
// folder which is renamed into place at the end, so a failure or cancel never leaves a partial
// package.
#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "common/error.h"
#include "io/atomic_file.h"
#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <unistd.h>

namespace bitdelta {
namespace fs = std::filesystem;

std::string settings_to_json(const CompressSettings& s) {
    nlohmann::json j;
    j["device"] = s.device;
    j["dtype"] = s.dtype;
    j["svd_max_rank"] = s.svd_max_rank;
    j["diagnostic_sequences"] = s.diagnostic_sequences;
    j["eval_text"] = s.eval_text;
    j["distill"] = {{"steps", s.distill.steps},
                    {"lr", s.distill.lr},
                    {"weight_decay", s.distill.weight_decay},
                    {"batch_size", s.distill.batch_size},
                    {"seq_len", s.distill.seq_len},
                    {"seed", s.distill.seed},
                    {"calibration", s.distill.calibration},
                    {"calibration_sequences", s.distill.calibration_sequences},
                    {"optimizer", "AdamW"},
                    {"schedule", "cosine annealing to zero"},
                    {"loss", "mean squared error of logits"}};
    return j.dump();
}

std::map<std::string, std::string> package_metadata(const PackageReport& report,
                                                    const ModelConfig& config,
                                                    const std::vector<DeltaSummary>& deltas,
                                                    const std::string& settings_json) {
    std::map<std::string, std::string> md;
    md["format"] = "bitdelta";
    md["format_version"] = std::to_string(kPackageFormatVersion);
    md["architecture"] = config.architecture;
    md["model_type"] = config.model_type;
    md["base_fingerprint"] = report.base_fingerprint;
    md["packing"] =
        "<param>.signs: int32 [N, ceil(K/32)]; bit j (LSB first) of word w holds column 32*w+j of "
        "the [N, K] "
        "(out, in) matrix; 1 = +1, 0 = -1 (delta <= 0); padding bits 0. <param>.scale: fp32 []. "
        "W = W_base + scale * signs";
    nlohmann::json shapes = nlohmann::json::object();
    for (const auto& d : deltas)
        shapes[d.name] = {d.rows, d.cols};
    md["matrix_shapes"] = shapes.dump();
    md["distillation"] = settings_json;
    md["calibration"] = report.calibration_source;
    std::ostringstream loss;
    loss.precision(9);
    loss << report.distill.final_loss;
    md["final_loss"] = loss.str();
    return md;
}

void copy_model_files(const std::string& from_dir, const std::vector<std::string>& files,
                      const std::string& dir) {
    for (const auto& f : files) {
        // Callers list paths that already include their folder (relative to the working directory
        // when the folder was given relative); re-joining them with `from_dir` would point nowhere.
        const fs::path src(f);
        if (!fs::is_regular_file(src))
            throw Error(from_dir + ": " + src.filename().string() +
                        " is listed but cannot be read (" + f + ")");
        fs::path dst = fs::path(dir) / src.filename();
        if (fs::exists(dst)) continue;  // config.json listed twice, say
        std::error_code ec;
        fs::copy_file(src, dst, ec);
        if (ec)
            throw Error(dst.string() + ": cannot copy from " + src.string() + ": " + ec.message());
    }
}

void check_package_destination(const std::string& out_dir) {
    fs::path out = fs::path(out_dir).lexically_normal();
    if (out.filename().empty()) out = out.parent_path();  // "pkg.bitdelta/"
    if (out.empty()) throw Error("the output package path is empty");
    if (!fs::exists(out)) return;
    const bool is_package = fs::is_directory(out) && fs::exists(out / "delta.safetensors");
    const bool empty_dir = fs::is_directory(out) && fs::is_empty(out);
    if (!is_package && !empty_dir)
        throw Error(out.string() +
                    ": exists and is not a .bitdelta package; refusing to overwrite it");
}

void write_package(const std::string& out_dir, const Checkpoint& finetune,
                   const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                   const std::map<std::string, std::string>& metadata, PackageReport& report,
                   Progress& progress) {
    fs::path out = fs::path(out_dir).lexically_normal();
    if (out.filename().empty()) out = out.parent_path();  // "pkg.bitdelta/"
    fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw Error(parent.string() + ": cannot create folder: " + ec.message());
    check_package_destination(out_dir);
    const std::string suffix = ".tmp-" + std::to_string(::getpid());
    fs::path tmp = parent / ("." + out.filename().string() + suffix);
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec) throw Error(tmp.string() + ": cannot create folder: " + ec.message());
    try {
        progress.begin_stage("Writing package", out.string());
        const std::string delta_path = (tmp / "delta.safetensors").string();
        write_safetensors(delta_path, tensors, metadata);
        report.package_bytes = fs::file_size(delta_path);
        progress.update(0.8);
        std::vector<std::string> files = finetune.auxiliary_files();
        files.push_back((fs::path(finetune.dir()) / "config.json").string());
        copy_model_files(finetune.dir(), files, tmp.string());
        write_file_atomic((tmp / "report.json").string(), report_to_json(report));
        progress.check_cancelled();
        fs::path old = parent / ("." + out.filename().string() + ".old" + suffix);
        if (fs::exists(out)) fs::rename(out, old);
        fs::rename(tmp, out);
        fs::remove_all(old, ec);
        progress.update(1.0);
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
}

}  // namespace bitdelta
