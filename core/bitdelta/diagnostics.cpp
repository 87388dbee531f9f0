// Per-matrix spectrum diagnostics (DESIGN 1, the paper's Fig. 2 and its low-rank baseline): the top
// singular values of delta, their cumulative share of ||delta||_F^2, and the relative error of
// rank-r truncations, including the rank whose fp16 factors take at least the storage of the 1-bit
// delta. err_r = sqrt(1 - sum_{i<=r} s_i^2 / ||delta||_F^2) (Eckart-Young), with ||delta||_F^2
// computed exactly, so only the top singular values are needed. Large matrices use a randomized
// range finder with power iterations (Halko, Martinsson & Tropp 2011), which is accurate for the
// leading values we report.
#include "bitdelta/internal.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

namespace bitdelta {
namespace {

constexpr int64_t kExactLimit = 1024;  // min(N, K) up to which a full SVD is cheap enough
constexpr int64_t kOversample = 10;
constexpr int64_t kPowerIterations = 3;

// Orthonormal basis of delta's dominant range of width k + oversampling.
at::Tensor range_finder(const at::Tensor& delta, int64_t k, uint64_t seed) {
    const int64_t width =
        std::min<int64_t>(k + kOversample, std::min(delta.size(0), delta.size(1)));
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    at::Tensor omega = at::randn({delta.size(1), width}, gen, at::TensorOptions().dtype(at::kFloat))
                           .to(delta.device());
    at::Tensor q = std::get<0>(at::linalg_qr(delta.mm(omega)));
    for (int64_t i = 0; i < kPowerIterations; ++i) {
        at::Tensor z = std::get<0>(at::linalg_qr(delta.t().mm(q)));
        q = std::get<0>(at::linalg_qr(delta.mm(z)));
    }
    return q;
}

bool use_exact(const at::Tensor& delta, int64_t k) {
    const int64_t m = std::min(delta.size(0), delta.size(1));
    return m <= kExactLimit || 4 * k >= m;
}

at::Tensor top_singular_values(const at::Tensor& delta, int64_t k, uint64_t seed) {
    if (use_exact(delta, k)) return at::linalg_svdvals(delta).narrow(0, 0, k);
    at::Tensor q = range_finder(delta, k, seed);
    return at::linalg_svdvals(q.t().mm(delta)).narrow(0, 0, k);
}

}  // namespace

int64_t equal_storage_rank(int64_t rows, int64_t cols) {
    const double one_bit = static_cast<double>(rows) * static_cast<double>(cols) + 32.0;
    const double per_rank = 16.0 * static_cast<double>(rows + cols);
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(one_bit / per_rank)));
}

void spectrum_diagnostics(const at::Tensor& delta, double norm_sq, int64_t max_rank, uint64_t seed,
                          MatrixReport& m) {
    at::NoGradGuard no_grad;
    const int64_t full = std::min(delta.size(0), delta.size(1));
    const int64_t r_eq = equal_storage_rank(delta.size(0), delta.size(1));
    const int64_t k = std::min(full, std::max<int64_t>(std::max<int64_t>(1, max_rank), r_eq));
    at::Tensor s = top_singular_values(delta, k, seed).to(at::kDouble).cpu().contiguous();
    const double* sv = s.data_ptr<double>();
    m.singular_values.assign(sv, sv + k);
    m.explained_variance.resize(static_cast<size_t>(k));
    double cum = 0;
    for (int64_t i = 0; i < k; ++i) {
        cum += sv[i] * sv[i];
        m.explained_variance[static_cast<size_t>(i)] =
            norm_sq > 0 ? std::min(1.0, cum / norm_sq) : 1.0;
    }
    auto err_at = [&](int64_t r) {
        if (r >= full || norm_sq <= 0) return 0.0;
        return std::sqrt(std::max(0.0, 1.0 - m.explained_variance[static_cast<size_t>(r - 1)]));
    };
    m.svd_ranks.clear();
    m.svd_errors.clear();
    for (int64_t r : {1, 2, 4, 8, 16, 32, 64}) {
        if (r > k) break;
        m.svd_ranks.push_back(r);
        m.svd_errors.push_back(err_at(r));
    }
    m.svd_equal_storage_rank = std::min(r_eq, full);
    m.svd_equal_storage_error = err_at(m.svd_equal_storage_rank);
}

std::pair<at::Tensor, at::Tensor> low_rank_factors(const at::Tensor& delta, int64_t rank,
                                                   uint64_t seed) {
    at::NoGradGuard no_grad;
    const int64_t r = std::min<int64_t>(rank, std::min(delta.size(0), delta.size(1)));
    at::Tensor u, s, vh;
    if (use_exact(delta, r)) {
        std::tie(u, s, vh) = at::linalg_svd(delta, /*full_matrices=*/false);
    } else {
        at::Tensor q = range_finder(delta, r, seed);
        at::Tensor ub;
        std::tie(ub, s, vh) = at::linalg_svd(q.t().mm(delta), false);
        u = q.mm(ub);
    }
    return {u.narrow(1, 0, r) * s.narrow(0, 0, r).unsqueeze(0), vh.narrow(0, 0, r).contiguous()};
}

}  // namespace bitdelta
