// Reading and validating a NAME.bitdelta package (DESIGN 4, docs/FORMAT.md).
#include "bitdelta/package.h"

#include "bitdelta/internal.h"
#include "bitdelta_kernels.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace bitdelta {
namespace fs = std::filesystem;
namespace {

const std::string kSigns = ".signs";
const std::string kScale = ".scale";

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string shape_str(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::string meta(const std::map<std::string, std::string>& md, const std::string& key,
                 const std::string& where) {
    auto it = md.find(key);
    if (it == md.end())
        throw Error(where + ": metadata has no '" + key + "' (not a .bitdelta package?)");
    return it->second;
}

}  // namespace

DeltaPackage DeltaPackage::open(const std::string& package_dir) {
    DeltaPackage p;
    p.dir_ = package_dir;
    if (!fs::is_directory(package_dir))
        throw Error(package_dir + ": not a folder (expected a NAME.bitdelta package)");
    const std::string file = (fs::path(package_dir) / "delta.safetensors").string();
    if (!fs::exists(file))
        throw Error(package_dir + ": no delta.safetensors (not a .bitdelta package)");
    const std::string config_path = (fs::path(package_dir) / "config.json").string();
    if (!fs::exists(config_path)) throw Error(package_dir + ": no config.json");
    p.config_ = load_model_config(config_path);
    try {
        p.weights_ = SafetensorsFile::open(file);
    } catch (const Error& e) {
        throw Error(std::string("package ") + package_dir + " is damaged: " + e.what());
    }
    const auto& md = p.weights_->metadata();
    if (meta(md, "format", file) != "bitdelta")
        throw Error(file + ": metadata 'format' is not 'bitdelta'");
    const std::string version = meta(md, "format_version", file);
    if (version != std::to_string(kPackageFormatVersion))
        throw Error(file + ": format_version " + version +
                    " is not supported (this build reads version " +
                    std::to_string(kPackageFormatVersion) + ")");
    const std::string fp = meta(md, "base_fingerprint", file);
    if (fp.size() != 16) throw Error(file + ": malformed base_fingerprint '" + fp + "'");
    if (meta(md, "architecture", file) != p.config_.architecture)
        throw Error(file + ": architecture '" + md.at("architecture") +
                    "' differs from config.json's '" + p.config_.architecture + "'");
    nlohmann::json shapes;
    try {
        shapes = nlohmann::json::parse(meta(md, "matrix_shapes", file));
    } catch (const nlohmann::json::exception& e) {
        throw Error(file + ": malformed matrix_shapes metadata: " + e.what());
    }
    // Every compressed matrix of the architecture must be present as a signs/scale pair of the
    // right shape.
    std::set<std::string> expected;
    for (const auto& name : compressed_weight_names(p.config_)) {
        expected.insert(name);
        const auto want = expected_matrix_shape(p.config_, name);
        if (!shapes.contains(name) || shapes[name].get<std::vector<int64_t>>() != want)
            throw Error(file + ": matrix_shapes has no or a wrong entry for " + name +
                        " (config implies " + shape_str(want) + ")");
        for (const auto& suffix : {kSigns, kScale}) {
            if (!p.weights_->contains(name + suffix))
                throw Error(file + ": tensor " + name + suffix + " is missing");
        }
        const TensorInfo& si = p.weights_->info(name + kSigns);
        const std::vector<int64_t> packed = {want[0], kernels::packed_words(want[1])};
        if (si.dtype != "I32" || si.shape != packed)
            throw Error(file + ": " + name + kSigns + " is " + si.dtype + " " +
                        shape_str(si.shape) + ", expected I32 " + shape_str(packed));
        const TensorInfo& ci = p.weights_->info(name + kScale);
        if (ci.dtype != "F32" || !ci.shape.empty())
            throw Error(file + ": " + name + kScale + " is " + ci.dtype + " " +
                        shape_str(ci.shape) + ", expected an F32 scalar");
        const float a = p.scale(name);
        if (!std::isfinite(a)) throw Error(file + ": " + name + kScale + " is not finite");
    }
    for (const auto& name : p.weights_->names()) {
        if (ends_with(name, kSigns) || ends_with(name, kScale)) {
            const std::string base =
                name.substr(0, name.size() - (ends_with(name, kSigns) ? kSigns : kScale).size());
            if (!expected.count(base))
                throw Error(file + ": " + name + " belongs to no compressed matrix of " +
                            p.config_.architecture);
        }
    }
    if (!p.weights_->contains("model.embed_tokens.weight"))
        throw Error(file + ": kept tensor model.embed_tokens.weight is missing");
    return p;
}

std::string DeltaPackage::base_fingerprint() const {
    return weights_->metadata().at("base_fingerprint");
}

void DeltaPackage::verify_base(const Checkpoint& base) const {
    const std::string have = bitdelta::base_fingerprint(base.weights());
    if (have != base_fingerprint())
        throw Error("package " + dir_ + " was made for another base (fingerprint " +
                    base_fingerprint() + "), not for " + base.dir() + " (fingerprint " + have +
                    ")");
}

std::vector<std::string> DeltaPackage::compressed_names() const {
    std::vector<std::string> out;
    for (const auto& name : weights_->names())
        if (ends_with(name, kSigns)) out.push_back(name.substr(0, name.size() - kSigns.size()));
    std::sort(out.begin(), out.end());
    return out;
}

at::Tensor DeltaPackage::signs(const std::string& weight_name) const {
    if (!weights_->contains(weight_name + kSigns))
        throw Error(dir_ + ": no compressed matrix " + weight_name);
    return weights_->tensor(weight_name + kSigns);
}

float DeltaPackage::scale(const std::string& weight_name) const {
    if (!weights_->contains(weight_name + kScale))
        throw Error(dir_ + ": no compressed matrix " + weight_name);
    return weights_->tensor(weight_name + kScale).item<float>();
}

std::vector<int64_t> DeltaPackage::matrix_shape(const std::string& weight_name) const {
    if (!weights_->contains(weight_name + kSigns))
        throw Error(dir_ + ": no compressed matrix " + weight_name);
    return expected_matrix_shape(config_, weight_name);
}

std::vector<std::string> DeltaPackage::kept_names() const {
    std::vector<std::string> out;
    for (const auto& name : weights_->names())
        if (!ends_with(name, kSigns) && !ends_with(name, kScale)) out.push_back(name);
    std::sort(out.begin(), out.end());
    return out;
}

at::Tensor DeltaPackage::kept(const std::string& name) const {
    if (ends_with(name, kSigns) || ends_with(name, kScale) || !weights_->contains(name))
        throw Error(dir_ + ": no kept tensor " + name);
    return weights_->tensor(name);
}

}  // namespace bitdelta
