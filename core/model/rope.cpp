#include "model/rope.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace bitdelta {
namespace {

int64_t rope_dim(const ModelConfig& c) {
    return c.head_dim > 0 ? c.head_dim : c.hidden_size / c.num_attention_heads;
}

// HF: 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim)), all in fp32.
at::Tensor default_inv_freq(double base, int64_t dim) {
    at::Tensor exponent =
        at::arange(0, dim, 2, at::kLong).to(at::kFloat) / static_cast<double>(dim);
    return at::reciprocal(at::pow(base, exponent));
}

double yarn_get_mscale(double scale, double mscale) {
    if (scale <= 1.0) return 1.0;
    return 0.1 * mscale * std::log(scale) + 1.0;
}

}  // namespace

RopeFrequencies rope_frequencies(const ModelConfig& config, int64_t seq_len) {
    const RopeScaling& rs = config.rope_scaling;
    const int64_t dim = rope_dim(config);
    const double base = config.rope_theta;
    RopeFrequencies out;
    const std::string& type = rs.type;
    if (type == "default" || type.empty()) {
        out.inv_freq = default_inv_freq(base, dim);
    } else if (type == "linear") {
        out.inv_freq = default_inv_freq(base, dim) / rs.factor;
    } else if (type == "dynamic") {
        const int64_t max_pos = config.max_position_embeddings;
        const double len =
            seq_len > max_pos ? static_cast<double>(seq_len) : static_cast<double>(max_pos);
        const double scaled_base =
            base * std::pow(rs.factor * len / static_cast<double>(max_pos) - (rs.factor - 1.0),
                            static_cast<double>(dim) / static_cast<double>(dim - 2));
        out.inv_freq = default_inv_freq(scaled_base, dim);
    } else if (type == "llama3") {
        at::Tensor inv_freq = default_inv_freq(base, dim);
        const double old_context = static_cast<double>(rs.original_max_position_embeddings > 0
                                                           ? rs.original_max_position_embeddings
                                                           : config.max_position_embeddings);
        const double low_wavelen = old_context / rs.low_freq_factor;
        const double high_wavelen = old_context / rs.high_freq_factor;
        at::Tensor wavelen = 2.0 * M_PI / inv_freq;
        at::Tensor llama = at::where(wavelen > low_wavelen, inv_freq / rs.factor, inv_freq);
        at::Tensor smooth = (old_context / wavelen - rs.low_freq_factor) /
                            (rs.high_freq_factor - rs.low_freq_factor);
        at::Tensor smoothed = (1 - smooth) * llama / rs.factor + smooth * llama;
        at::Tensor medium =
            at::logical_not(wavelen < high_wavelen) * at::logical_not(wavelen > low_wavelen);
        out.inv_freq = at::where(medium, smoothed, llama);
    } else if (type == "yarn") {
        const double factor = rs.factor;
        const int64_t original = rs.original_max_position_embeddings > 0
                                     ? rs.original_max_position_embeddings
                                     : config.max_position_embeddings;
        double attention_factor;
        if (rs.attention_factor) {
            attention_factor = *rs.attention_factor;
        } else if (rs.mscale && rs.mscale_all_dim && *rs.mscale != 0.0 &&
                   *rs.mscale_all_dim != 0.0) {
            attention_factor =
                yarn_get_mscale(factor, *rs.mscale) / yarn_get_mscale(factor, *rs.mscale_all_dim);
        } else {
            attention_factor = yarn_get_mscale(factor, 1.0);
        }
        const double beta_fast = rs.beta_fast != 0.0 ? rs.beta_fast : 32.0;
        const double beta_slow = rs.beta_slow != 0.0 ? rs.beta_slow : 1.0;
        auto correction_dim = [&](double rotations) {
            return (static_cast<double>(dim) *
                    std::log(static_cast<double>(original) / (rotations * 2.0 * M_PI))) /
                   (2.0 * std::log(base));
        };
        // truncate=True (the default; the io config carries no "truncate" field).
        double low = std::max(std::floor(correction_dim(beta_fast)), 0.0);
        double high = std::min(std::ceil(correction_dim(beta_slow)), static_cast<double>(dim - 1));
        if (low == high) high += 0.001;
        at::Tensor pos_freqs = at::pow(
            base, at::arange(0, dim, 2, at::kLong).to(at::kFloat) / static_cast<double>(dim));
        at::Tensor extrapolation = 1.0 / pos_freqs;
        at::Tensor interpolation = 1.0 / (factor * pos_freqs);
        at::Tensor ramp =
            at::clamp((at::arange(dim / 2, at::kFloat) - low) / (high - low), 0.0, 1.0);
        at::Tensor extrapolation_factor = 1 - ramp;
        out.inv_freq =
            interpolation * (1 - extrapolation_factor) + extrapolation * extrapolation_factor;
        out.attention_scaling = attention_factor;
    } else {
        fail_at("config.json rope_scaling",
                "unsupported rope type \"" + type +
                    "\" (supported: default, linear, dynamic, llama3, yarn)");
    }
    out.inv_freq = out.inv_freq.to(at::kFloat).contiguous();
    return out;
}

Rope::Rope(const ModelConfig& config, c10::Device device)
    : config_(config),
      initial_(rope_frequencies(config)),
      dynamic_(config.rope_scaling.type == "dynamic") {
    inv_freq_device_ = initial_.inv_freq.to(device);
}

std::pair<at::Tensor, at::Tensor> Rope::cos_sin(const at::Tensor& positions,
                                                c10::ScalarType dtype) const {
    at::Tensor inv_freq = inv_freq_device_;
    if (dynamic_) {
        // HF's dynamic_rope_update grows the base with the longest position seen; within one
        // sequence positions only grow, so recomputing from this forward's maximum gives the same
        // frequencies.
        const int64_t seq_len = positions.max().item<int64_t>() + 1;
        if (seq_len > config_.max_position_embeddings)
            inv_freq = rope_frequencies(config_, seq_len).inv_freq.to(positions.device());
    }
    at::Tensor freqs = positions.to(at::kFloat).unsqueeze(-1) * inv_freq;  // [B, S, dim/2]
    at::Tensor emb = at::cat({freqs, freqs}, -1);
    at::Tensor cos = emb.cos(), sin = emb.sin();
    if (initial_.attention_scaling != 1.0) {
        cos = cos * initial_.attention_scaling;
        sin = sin * initial_.attention_scaling;
    }
    return {cos.to(dtype), sin.to(dtype)};
}

at::Tensor apply_rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    const int64_t half = x.size(-1) / 2;
    at::Tensor rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    return x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1);
}

}  // namespace bitdelta
