// Next-token selection with HF generate's semantics and order: repetition penalty (a logits
// processor), OpenAI's presence and frequency penalties, then temperature, top-k, top-p and min-p
// (warpers), then a draw from the softmax.
// Everything runs on a CPU fp32 copy of the logits with our own RNG, so a seed gives the same
// tokens on every device.
#include "common/error.h"
#include "model/generate.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace bitdelta {

Sampler::Sampler(SamplingSettings settings) : settings_(settings), rng_(settings.seed) {
    if (settings_.temperature < 0) fail_at("sampling", "temperature must be >= 0");
    if (settings_.top_k < 0) fail_at("sampling", "top_k must be >= 0");
    if (!(settings_.top_p > 0.0 && settings_.top_p <= 1.0))
        fail_at("sampling", "top_p must be in (0, 1]");
    if (settings_.min_p < 0.0 || settings_.min_p > 1.0)
        fail_at("sampling", "min_p must be in [0, 1]");
    if (!(settings_.repetition_penalty > 0.0))
        fail_at("sampling", "repetition_penalty must be > 0");
    if (!(std::abs(settings_.presence_penalty) <= 2.0))
        fail_at("sampling", "presence_penalty must be in [-2, 2]");
    if (!(std::abs(settings_.frequency_penalty) <= 2.0))
        fail_at("sampling", "frequency_penalty must be in [-2, 2]");
}

bool Sampler::is_plain_argmax() const {
    return settings_.temperature <= 0.0 && settings_.repetition_penalty == 1.0 &&
           settings_.presence_penalty == 0.0 && settings_.frequency_penalty == 0.0;
}

int64_t Sampler::next(const at::Tensor& logits, const std::vector<int64_t>& history) {
    const int64_t id = pick(logits, history);
    ++generated_[id];
    return id;
}

int64_t Sampler::pick(const at::Tensor& logits_in, const std::vector<int64_t>& history) {
    at::Tensor logits = logits_in.detach().to(at::kCPU, at::kFloat).reshape({-1}).clone();
    const int64_t vocab = logits.size(0);
    if (vocab == 0) fail_at("sampling", "empty logits");
    float* l = logits.data_ptr<float>();
    constexpr float neg_inf = -std::numeric_limits<float>::infinity();

    // Repetition penalty over the distinct tokens seen so far (prompt included, as in HF).
    if (settings_.repetition_penalty != 1.0) {
        std::vector<int64_t> seen = history;
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        const float p = static_cast<float>(settings_.repetition_penalty);
        for (int64_t id : seen) {
            if (id < 0 || id >= vocab) continue;
            l[id] = l[id] < 0 ? l[id] * p : l[id] / p;
        }
    }
    // Presence and frequency penalties (OpenAI), after the repetition penalty, before greedy or
    // the warpers, over this sampler's own output only.
    if (settings_.presence_penalty != 0.0 || settings_.frequency_penalty != 0.0) {
        for (const auto& [id, count] : generated_) {
            if (id < 0 || id >= vocab) continue;
            l[id] -= static_cast<float>(settings_.frequency_penalty * static_cast<double>(count) +
                                        settings_.presence_penalty);
        }
    }
    if (settings_.temperature == 0.0) {
        return std::max_element(l, l + vocab) - l;  // first maximum, like torch.argmax
    }
    const float t = static_cast<float>(settings_.temperature);
    for (int64_t i = 0; i < vocab; ++i)
        l[i] /= t;

    // Top-k: drop everything strictly below the k-th largest score (ties with it survive).
    if (settings_.top_k > 0 && settings_.top_k < vocab) {
        std::vector<float> sorted(l, l + vocab);
        std::nth_element(sorted.begin(), sorted.begin() + (settings_.top_k - 1), sorted.end(),
                         std::greater<float>());
        const float kth = sorted[static_cast<size_t>(settings_.top_k - 1)];
        for (int64_t i = 0; i < vocab; ++i)
            if (l[i] < kth) l[i] = neg_inf;
    }
    auto softmax = [&](std::vector<double>& probs) {
        probs.assign(static_cast<size_t>(vocab), 0.0);
        const float mx = *std::max_element(l, l + vocab);
        double sum = 0;
        for (int64_t i = 0; i < vocab; ++i) {
            probs[static_cast<size_t>(i)] = l[i] == neg_inf ? 0.0 : std::exp(double(l[i]) - mx);
            sum += probs[static_cast<size_t>(i)];
        }
        for (auto& p : probs)
            p /= sum;
    };
    std::vector<double> probs;
    // Top-p (HF TopPLogitsWarper): sort ascending, drop tokens whose cumulative probability is
    // <= 1 - top_p, always keeping the most probable one.
    if (settings_.top_p < 1.0) {
        softmax(probs);
        std::vector<int64_t> order(static_cast<size_t>(vocab));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b2) { return l[a] < l[b2]; });
        double cumulative = 0;
        for (size_t r = 0; r + 1 < order.size(); ++r) {
            cumulative += probs[static_cast<size_t>(order[r])];
            if (cumulative <= 1.0 - settings_.top_p) l[order[r]] = neg_inf;
        }
    }
    // Min-p (HF MinPLogitsWarper): drop tokens less probable than min_p times the top probability.
    if (settings_.min_p > 0.0) {
        softmax(probs);
        const double top = *std::max_element(probs.begin(), probs.end());
        const double threshold = settings_.min_p * top;
        for (int64_t i = 0; i < vocab; ++i)
            if (probs[static_cast<size_t>(i)] < threshold) l[i] = neg_inf;
    }
    softmax(probs);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double u = uniform(rng_);
    double cumulative = 0;
    int64_t last_positive = 0;
    for (int64_t i = 0; i < vocab; ++i) {
        if (probs[static_cast<size_t>(i)] <= 0) continue;
        last_positive = i;
        cumulative += probs[static_cast<size_t>(i)];
        if (u < cumulative) return i;
    }
    return last_positive;  // rounding left u above the total
}

std::string to_string(FinishReason reason) {
    switch (reason) {
        case FinishReason::Eos:
            return "eos";
        case FinishReason::StopString:
            return "stop";
        case FinishReason::MaxTokens:
            return "length";
        case FinishReason::Cancelled:
            return "cancelled";
    }
    return "unknown";
}

}  // namespace bitdelta
