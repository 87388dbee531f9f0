#pragma once
// Internal host-side launchers of the CUDA kernels (plain C++; the kernels live in .cu files).
#include "detail/backends.h"

#include <algorithm>
#include <cstdint>

namespace bitdelta::kernels::cuda {

// The most distinct tenants a batch can use, known on the host without reading the batch (that
// would synchronise): min(rows, tenants in the set), and the caller's bound (TenantRows) when it
// gave one (at_most > 0). Kernels and paths are sized to it; the fits and launch functions below
// take it as `tenants`.
inline int64_t tenant_bound(const at::Tensor& x, const SignSet& signs, int64_t at_most) {
    const int64_t bound = std::min(x.size(0), signs.tenants());
    return at_most > 0 ? std::min(bound, at_most) : bound;
}

// Rows of k 16-bit elements starting at a (and b, when given) can be read or written as 16-byte
// vectors of 8 elements: k % 8 == 0 and 16-byte aligned storage. A null pointer stands for "none".
inline bool vector_rows(int64_t k, const void* a, const void* b = nullptr) {
    const auto aligned = [](const void* ptr) {
        return ptr == nullptr || reinterpret_cast<uintptr_t>(ptr) % 16 == 0;
    };
    return k % 8 == 0 && aligned(a) && aligned(b);
}

// Largest batch the decode kernel takes; larger batches go through the GEMM (prefill) path.
constexpr int64_t kDecodeMaxRows = 64;

// merge() with alpha read from a device float (no host synchronisation) when alpha_device is set.
at::Tensor merge_with_alpha(const at::Tensor& base, const at::Tensor& packed,
                            const float* alpha_device, double alpha_value);

// The batched decode kernel (decode.cu): for B <= 64 rows of fp16/bf16 x,
//   out[b] = base @ x[b] + alpha[t_b] * S[t_b] @ x[b] (+ bias) (+ out[b] when accumulate)
// Rows are grouped by tenant on the device; every CTA reads each distinct tenant's sign tile once.
// base must be [N, K] with K % 8 == 0 (16-byte loads). Rows naming a tenant outside [0, T) come
// out NaN.
void launch_decode(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                   const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                   at::Tensor& out, bool accumulate);

// The many-row delta kernel (decode_rows.cu): the same contract without a base,
//   out[b] = alpha[t_b] * S[t_b] @ x[b] (+ bias) (+ out[b]), for 1 to 64 rows and any K.
void launch_delta_rows(const at::Tensor& x, const at::Tensor& bias, const SignSet& signs,
                       const at::Tensor& alpha, const at::Tensor& tenant, at::Tensor& out,
                       bool accumulate);

// The wide-batch kernel (decode_wide.cu): the contract of launch_decode (base optional) for
// wide_fits inputs: 17 to 64 rows of one tenant (tenants == 1), K % 8 == 0, 16-byte aligned x
// (and base). With a base it takes W_base + alpha * S rounded to the dtype, as merge() does, in
// one pass over W. `beside_gemm` (no base): it runs beside the base GEMM on another stream,
// which changes its best grid.
bool wide_fits(const at::Tensor& x, const at::Tensor& base, int64_t tenants);
void launch_decode_wide(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                        const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                        at::Tensor& out, bool accumulate, int64_t tenants, bool beside_gemm);

// The bit-plane delta kernel (decode_planes.cu): the contract of launch_delta_rows for
// planes_fits inputs: no base, 2 to 64 rows of a set of several tenants, any K. x goes through
// 16-bit fixed point per 512 columns (one power-of-two step each), exact in the sums after that.
// `beside_gemm`: it runs beside the base GEMM on another stream, which changes its best grid.
bool planes_fits(const at::Tensor& x, const at::Tensor& base, const SignSet& signs,
                 int64_t tenants);
void launch_delta_planes(const at::Tensor& x, const at::Tensor& bias, const SignSet& signs,
                         const at::Tensor& alpha, const at::Tensor& tenant, at::Tensor& out,
                         bool accumulate, int64_t tenants, bool beside_gemm);

// Split-K scratch (workspace.cpp): at least `sums` fp32 and `counters` int32 zeros for the current
// device and stream. Every kernel that uses it must leave it zero again.
struct SplitWorkspace {
    float* sums;
    int* counters;
};
SplitWorkspace split_workspace(const at::Tensor& like, int64_t sums, int64_t counters);

// The one-row decode kernel (decode_gemv.cu): the contract of launch_decode (base optional) for
// gemv_fits(x, base) inputs: one row, K % 8 == 0, 16-byte aligned x and base.
bool gemv_fits(const at::Tensor& x, const at::Tensor& base);
void launch_decode_gemv(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                        const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                        at::Tensor& out, bool accumulate);

// The small-batch decode kernel (decode_small.cu): the contract of launch_decode for
// small_fits inputs: 2 to 8 rows with a base, at most 4 tenants (tenant_bound), K % 8 == 0,
// 16-byte aligned x and base.
bool small_fits(const at::Tensor& x, const at::Tensor& base, int64_t tenants);
void launch_decode_small(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                         const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                         at::Tensor& out, bool accumulate, int64_t tenants);

// The masked small-batch decode kernel (decode_masked.cu): the same contract for masked_fits
// inputs: 2 to 8 rows of any tenants, or up to 16 rows of at most 4 (tenant_bound), with a base,
// K % 8 == 0, 16-byte aligned x and base.
bool masked_fits(const at::Tensor& x, const at::Tensor& base, int64_t tenants);
void launch_decode_masked(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                          const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                          at::Tensor& out, bool accumulate, int64_t tenants);

}  // namespace bitdelta::kernels::cuda
