// report.json (DESIGN 4): every diagnostic of DESIGN 1, written next to delta.safetensors so
// Inspect opens a package without recomputing. Field names match the C++ members (docs/FORMAT.md).
#include "bitdelta/report.h"
#include "common/error.h"
#include "io/atomic_file.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace bitdelta {
namespace {

using nlohmann::json;

// NaN/inf are not JSON; they are written as null and read back as -1 ("not measured").
json num(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}
double get_num(const json& j, const char* key, double fallback = -1) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    return it->get<double>();
}
template <typename T>
std::vector<T> get_vec(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    std::vector<T> out;
    for (const auto& v : *it)
        out.push_back(v.is_null() ? T(-1) : v.get<T>());
    return out;
}
json vec(const std::vector<double>& v) {
    json a = json::array();
    for (double x : v)
        a.push_back(num(x));
    return a;
}

}  // namespace

std::string report_to_json(const PackageReport& r) {
    json j;
    j["format_version"] = r.format_version;
    j["architecture"] = r.architecture;
    j["base_dir"] = r.base_dir;
    j["finetune_dir"] = r.finetune_dir;
    j["base_fingerprint"] = r.base_fingerprint;
    j["calibration_source"] = r.calibration_source;
    j["settings"] = r.settings_json.empty() ? json::object() : json::parse(r.settings_json);
    json mats = json::array();
    for (const auto& m : r.matrices) {
        json o;
        o["name"] = m.name;
        o["layer"] = m.layer;
        o["kind"] = m.kind;
        o["rows"] = m.rows;
        o["cols"] = m.cols;
        o["delta_norm"] = num(m.delta_norm);
        o["alpha_init"] = num(m.alpha_init);
        o["alpha_final"] = num(m.alpha_final);
        o["relative_error"] = num(m.relative_error);
        o["relative_error_init"] = num(m.relative_error_init);
        o["cosine"] = num(m.cosine);
        o["singular_values"] = vec(m.singular_values);
        o["explained_variance"] = vec(m.explained_variance);
        o["svd_equal_storage_rank"] = m.svd_equal_storage_rank;
        o["svd_equal_storage_error"] = num(m.svd_equal_storage_error);
        o["svd_ranks"] = m.svd_ranks;
        o["svd_errors"] = vec(m.svd_errors);
        o["output_error"] = num(m.output_error);
        o["delta_histogram"] = vec(m.delta_histogram);
        o["hist_min"] = num(m.hist_min);
        o["hist_max"] = num(m.hist_max);
        mats.push_back(std::move(o));
    }
    j["matrices"] = std::move(mats);
    json d;
    d["loss"] = vec(r.distill.loss);
    d["lr"] = vec(r.distill.lr);
    d["best_step"] = r.distill.best_step;
    d["initial_loss"] = num(r.distill.initial_loss);
    d["final_loss"] = num(r.distill.final_loss);
    d["seconds"] = num(r.distill.seconds);
    j["distill"] = std::move(d);
    if (r.eval) {
        const ModelEval& e = *r.eval;
        j["eval"] = {{"text_source", e.text_source},
                     {"loss_base", num(e.loss_base)},
                     {"loss_finetune", num(e.loss_finetune)},
                     {"loss_compressed", num(e.loss_compressed)},
                     {"loss_compressed_init", num(e.loss_compressed_init)},
                     {"loss_svd16", num(e.loss_svd16)},
                     {"gain_kept", num(e.gain_kept)},
                     {"gain_kept_svd16", num(e.gain_kept_svd16)}};
    } else {
        j["eval"] = nullptr;
    }
    j["finetune_bytes"] = r.finetune_bytes;
    j["package_bytes"] = r.package_bytes;
    j["sign_bytes"] = r.sign_bytes;
    j["scale_bytes"] = r.scale_bytes;
    j["kept_bytes"] = r.kept_bytes;
    j["seconds_delta"] = num(r.seconds_delta);
    j["seconds_distill"] = num(r.seconds_distill);
    j["seconds_diagnostics"] = num(r.seconds_diagnostics);
    return j.dump(1);
}

PackageReport report_from_json(const std::string& text, const std::string& path) {
    PackageReport r;
    try {
        json j = json::parse(text);
        if (!j.is_object()) throw Error(path + ": report is not a JSON object");
        r.format_version = j.at("format_version").get<int>();
        if (r.format_version < 1 || r.format_version > 1)
            throw Error(path + ": report format_version " + std::to_string(r.format_version) +
                        " is not supported (this build reads version 1)");
        r.architecture = j.value("architecture", "");
        r.base_dir = j.value("base_dir", "");
        r.finetune_dir = j.value("finetune_dir", "");
        r.base_fingerprint = j.value("base_fingerprint", "");
        r.calibration_source = j.value("calibration_source", "");
        if (j.contains("settings") && !j["settings"].is_null())
            r.settings_json = j["settings"].dump();
        for (const auto& o : j.at("matrices")) {
            MatrixReport m;
            m.name = o.at("name").get<std::string>();
            m.layer = o.value("layer", int64_t{0});
            m.kind = o.value("kind", "");
            m.rows = o.value("rows", int64_t{0});
            m.cols = o.value("cols", int64_t{0});
            m.delta_norm = get_num(o, "delta_norm");
            m.alpha_init = get_num(o, "alpha_init");
            m.alpha_final = get_num(o, "alpha_final");
            m.relative_error = get_num(o, "relative_error");
            m.relative_error_init = get_num(o, "relative_error_init");
            m.cosine = get_num(o, "cosine");
            m.singular_values = get_vec<double>(o, "singular_values");
            m.explained_variance = get_vec<double>(o, "explained_variance");
            m.svd_equal_storage_rank = o.value("svd_equal_storage_rank", int64_t{0});
            m.svd_equal_storage_error = get_num(o, "svd_equal_storage_error");
            m.svd_ranks = get_vec<int64_t>(o, "svd_ranks");
            m.svd_errors = get_vec<double>(o, "svd_errors");
            m.output_error = get_num(o, "output_error");
            m.delta_histogram = get_vec<double>(o, "delta_histogram");
            m.hist_min = get_num(o, "hist_min", 0);
            m.hist_max = get_num(o, "hist_max", 0);
            r.matrices.push_back(std::move(m));
        }
        if (j.contains("distill") && j["distill"].is_object()) {
            const json& d = j["distill"];
            r.distill.loss = get_vec<double>(d, "loss");
            r.distill.lr = get_vec<double>(d, "lr");
            r.distill.best_step = d.value("best_step", int64_t{-1});
            r.distill.initial_loss = get_num(d, "initial_loss");
            r.distill.final_loss = get_num(d, "final_loss");
            r.distill.seconds = get_num(d, "seconds", 0);
        }
        if (j.contains("eval") && j["eval"].is_object()) {
            const json& e = j["eval"];
            ModelEval ev;
            ev.text_source = e.value("text_source", "");
            ev.loss_base = get_num(e, "loss_base");
            ev.loss_finetune = get_num(e, "loss_finetune");
            ev.loss_compressed = get_num(e, "loss_compressed");
            ev.loss_compressed_init = get_num(e, "loss_compressed_init");
            ev.loss_svd16 = get_num(e, "loss_svd16");
            ev.gain_kept = get_num(e, "gain_kept");
            ev.gain_kept_svd16 = get_num(e, "gain_kept_svd16");
            r.eval = ev;
        }
        r.finetune_bytes = j.value("finetune_bytes", uint64_t{0});
        r.package_bytes = j.value("package_bytes", uint64_t{0});
        r.sign_bytes = j.value("sign_bytes", uint64_t{0});
        r.scale_bytes = j.value("scale_bytes", uint64_t{0});
        r.kept_bytes = j.value("kept_bytes", uint64_t{0});
        r.seconds_delta = get_num(j, "seconds_delta", 0);
        r.seconds_distill = get_num(j, "seconds_distill", 0);
        r.seconds_diagnostics = get_num(j, "seconds_diagnostics", 0);
    } catch (const json::exception& e) {
        throw Error(path + ": malformed report: " + e.what());
    }
    return r;
}

PackageReport load_report(const std::string& package_dir) {
    const std::string path = package_dir + "/report.json";
    return report_from_json(read_file(path), path);
}

}  // namespace bitdelta
