// bitdelta eval --package: base, fine-tune and compressed model side by side (see package_eval.h).
#include "bitdelta/package_eval.h"

#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "bitdelta_kernels.h"
#include "common/error.h"
#include "model/decoder.h"
#include "text/tokenizer.h"

#include "io/atomic_file.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace bitdelta {
namespace {

// The fine-tune's chat template as copied into the package: chat_template.jinja, else
// tokenizer_config.json's "chat_template" (a string, or the "default" entry of a list); "" when
// none.
std::string package_chat_template(const std::string& dir) {
    namespace fs = std::filesystem;
    if (fs::exists(dir + "/chat_template.jinja")) return read_file(dir + "/chat_template.jinja");
    if (!fs::exists(dir + "/tokenizer_config.json")) return {};
    try {
        auto j = nlohmann::json::parse(read_file(dir + "/tokenizer_config.json"));
        if (!j.contains("chat_template")) return {};
        const auto& t = j["chat_template"];
        if (t.is_string()) return t.get<std::string>();
        if (t.is_array())
            for (const auto& e : t)
                if (e.value("name", "") == "default") return e.value("template", "");
    } catch (const nlohmann::json::exception& e) {
        throw Error(dir + "/tokenizer_config.json: malformed JSON: " + e.what());
    }
    return {};
}

}  // namespace

std::unique_ptr<DecoderModel> load_merged_model(const DeltaPackage& package, const Checkpoint& base,
                                                const LoadOptions& options, Progress& progress) {
    package.verify_base(base);
    const auto compressed = package.compressed_names();
    const auto kept = package.kept_names();
    WeightSource source;
    source.where = package.dir();
    source.contains = [&](const std::string& name) {
        return std::binary_search(compressed.begin(), compressed.end(), name) ||
               std::binary_search(kept.begin(), kept.end(), name);
    };
    source.get = [&](const std::string& name, const std::vector<int64_t>&) -> at::Tensor {
        if (!std::binary_search(compressed.begin(), compressed.end(), name))
            return package.kept(name);
        at::NoGradGuard no_grad;
        // Merge on the target device in fp32, then the compute dtype (as export does, before its
        // cast).
        at::Tensor w = base.weights().tensor(name).to(options.device).to(at::kFloat);
        try {
            return kernels::merge(w, package.signs(name).to(options.device), package.scale(name));
        } catch (const kernels::KernelError& e) {
            throw Error(package.dir() + ": " + name + ": " + e.what());
        }
    };
    return DecoderModel::load(package.config(), source, options, progress);
}

PackageEvalResult evaluate_package(const std::string& package_dir, const std::string& base_dir,
                                   const std::string& finetune_dir, const std::string& data_path,
                                   const PerplexityOptions& options, const std::string& device,
                                   const std::string& dtype, Progress& progress) {
    PackageEvalResult r;
    DeltaPackage package = DeltaPackage::open(package_dir);
    Checkpoint base = Checkpoint::open(base_dir);
    const c10::Device dev = resolve_device(device);
    const LoadOptions load{dev, resolve_dtype(dtype, dev)};
    {
        progress.begin_stage("Loading compressed model", package_dir);
        auto model = load_merged_model(package, base, load, progress);
        auto tokenizer = Tokenizer::load(package_dir);
        const std::string chat_template = package_chat_template(package_dir);
        r.compressed =
            evaluate_perplexity(*model, *tokenizer, chat_template, data_path, options, progress);
    }
    r.base = evaluate_perplexity(base_dir, data_path, options, device, dtype, progress);
    if (!finetune_dir.empty()) {
        r.finetune = evaluate_perplexity(finetune_dir, data_path, options, device, dtype, progress);
        const double denom = r.base.mean_nll - r.finetune->mean_nll;
        if (std::abs(denom) > 1e-12)
            r.gain_kept = (r.base.mean_nll - r.compressed.mean_nll) / denom;
    }
    return r;
}

}  // namespace bitdelta
