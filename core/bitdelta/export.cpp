// Merge back (DESIGN 4): W = W_base + alpha * signs for every compressed matrix (kernels::merge),
// plus the kept tensors, written as a standard HF checkpoint folder (model.safetensors, or shards
// with model.safetensors.index.json when large) in the fine-tune's dtype, with its config and
// tokenizer files.
#include "bitdelta/compress.h"
#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "bitdelta_kernels.h"
#include "common/error.h"
#include "io/atomic_file.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace bitdelta {
namespace fs = std::filesystem;
namespace {

constexpr uint64_t kShardBytes = 4ull << 30;  // shard when the merged model passes 4 GiB

}  // namespace

void export_merged(const std::string& package_dir, const std::string& base_dir,
                   const std::string& out_dir, Progress& progress) {
    progress.begin_stage("Checking package", package_dir);
    DeltaPackage pkg = DeltaPackage::open(package_dir);
    Checkpoint base = Checkpoint::open(base_dir);
    pkg.verify_base(base);

    fs::path out = fs::path(out_dir).lexically_normal();
    if (out.filename().empty()) out = out.parent_path();
    if (fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out)))
        throw Error(out.string() + ": exists and is not empty; refusing to overwrite it");
    fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    fs::path tmp = parent / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec) throw Error(tmp.string() + ": cannot create folder: " + ec.message());

    try {
        // The fine-tune's dtype: that of its kept embedding (what it was stored in).
        const c10::ScalarType dtype = pkg.kept("model.embed_tokens.weight").scalar_type();
        std::vector<std::string> names = pkg.compressed_names();
        for (const auto& k : pkg.kept_names())
            names.push_back(k);
        std::sort(names.begin(), names.end());

        progress.begin_stage("Merging", out.string());
        std::vector<uint64_t> shard_bytes(1, 0);
        uint64_t total_bytes = 0;
        const auto compressed = pkg.compressed_names();
        // Pass 1: plan shards by byte size, so each shard's tensors are produced and freed in turn.
        std::vector<std::vector<std::string>> plan(1);
        for (const auto& name : names) {
            const bool is_c = std::binary_search(compressed.begin(), compressed.end(), name);
            uint64_t bytes = 0;
            if (is_c) {
                auto s = pkg.matrix_shape(name);
                bytes = static_cast<uint64_t>(s[0] * s[1]) * c10::elementSize(dtype);
            } else {
                bytes = static_cast<uint64_t>(pkg.kept(name).nbytes());
            }
            if (shard_bytes.back() > 0 && shard_bytes.back() + bytes > kShardBytes) {
                plan.emplace_back();
                shard_bytes.push_back(0);
            }
            plan.back().push_back(name);
            shard_bytes.back() += bytes;
            total_bytes += bytes;
        }
        const size_t n_shards = plan.size();
        nlohmann::json weight_map = nlohmann::json::object();
        size_t done = 0;
        for (size_t s = 0; s < n_shards; ++s) {
            char fname[64];
            if (n_shards == 1)
                std::snprintf(fname, sizeof fname, "model.safetensors");
            else
                std::snprintf(fname, sizeof fname, "model-%05zu-of-%05zu.safetensors", s + 1,
                              n_shards);
            std::vector<std::pair<std::string, at::Tensor>> tensors;
            for (const auto& name : plan[s]) {
                progress.update(static_cast<double>(done++) / static_cast<double>(names.size()),
                                name);
                at::Tensor t;
                if (std::binary_search(compressed.begin(), compressed.end(), name)) {
                    at::Tensor w = base.weights().tensor(name);
                    try {
                        t = kernels::merge(w.to(at::kFloat), pkg.signs(name), pkg.scale(name))
                                .to(dtype);
                    } catch (const kernels::KernelError& e) {
                        throw Error(name + ": " + e.what());
                    }
                } else {
                    t = pkg.kept(name);
                }
                tensors.emplace_back(name, t);
                weight_map[name] = fname;
            }
            write_safetensors((tmp / fname).string(), tensors, {{"format", "pt"}});
        }
        if (n_shards > 1) {
            nlohmann::json index;
            index["metadata"] = {{"total_size", total_bytes}};
            index["weight_map"] = weight_map;
            write_file_atomic((tmp / "model.safetensors.index.json").string(), index.dump(2));
        }
        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(pkg.dir())) {
            const std::string n = entry.path().filename().string();
            if (n == "delta.safetensors" || n == "report.json") continue;
            if (entry.is_regular_file()) files.push_back(entry.path().string());
        }
        copy_model_files(pkg.dir(), files, tmp.string());
        progress.check_cancelled();
        if (fs::exists(out)) fs::remove(out);  // the empty folder
        fs::rename(tmp, out);
        progress.update(1.0, out.string());
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
}

}  // namespace bitdelta
