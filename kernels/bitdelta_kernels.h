#pragma once
// The one interface core uses for packed 1-bit products. Every function has a CPU reference
// implementation and (when built with CUDA) a CUDA implementation of the same contract; the device
// of the inputs picks which runs. Launch configuration is chosen inside, never at call sites.
//
// Packed-sign layout (DESIGN.md section 4): the signs of a matrix of shape [N, K] (out, in) are
// packed along K into 32-bit words, bit j of word w holding column 32*w + j, 1 meaning +1 and 0
// meaning -1; tensor shape [N, ceil(K/32)], dtype int32; padding bits (columns >= K) are 0. sign(d)
// = +1 where d > 0, else -1 (zero maps to -1).
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace bitdelta::kernels {

// Thrown for bad arguments (shape, dtype, device, tenant index); the message names the tensor and
// the fault. kernels sits below core, so core catches this and rethrows it as bitdelta::Error.
class KernelError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

inline int64_t packed_words(int64_t k) {
    return (k + 31) / 32;
}

// delta [N, K] (any float dtype, any device) -> packed int32 [N, ceil(K/32)] on the same device.
at::Tensor pack_signs(const at::Tensor& delta);
// packed [N, ceil(K/32)] -> dense +-1 [N, K] of `dtype` on packed's device.
at::Tensor unpack_signs(const at::Tensor& packed, int64_t k, c10::ScalarType dtype);
// W_base [N, K] + alpha * S -> dense [N, K] in W_base's dtype (fp32 accumulation). Used by export
// and as a benchmark baseline.
at::Tensor merge(const at::Tensor& base, const at::Tensor& packed, double alpha);

// The packed signs of one layer for several tenants, all [N, ceil(K/32)] int32 on one device.
// Slot i is tenant i of this set; the engine rebuilds a set when tenants attach or detach.
class SignSet {
  public:
    SignSet() = default;
    SignSet(std::vector<at::Tensor> packed, int64_t n, int64_t k);

    int64_t tenants() const { return static_cast<int64_t>(packed_.size()); }
    int64_t rows() const { return n_; }  // N
    int64_t cols() const { return k_; }  // K
    const at::Tensor& packed(int64_t slot) const { return packed_.at(static_cast<size_t>(slot)); }
    // int64 [T] of each slot's data pointer, on the signs' device (what the CUDA kernels read).
    const at::Tensor& pointer_table() const { return pointers_; }
    // Every slot's sign rows start 16-byte aligned and hold a multiple of 4 words, so the CUDA
    // kernels copy them as 16-byte vectors (fixed when the set is built: a slot may be a view).
    bool vector_rows() const { return vector_rows_; }
    c10::Device device() const;

  private:
    std::vector<at::Tensor> packed_;
    at::Tensor pointers_;
    int64_t n_ = 0, k_ = 0;
    bool vector_rows_ = false;
};

// The tenant (set slot) of each row of a batch: index int32 or int64 [B], on the signs' device or
// the CPU, and, when the caller knows one without reading index (core builds it from its host-side
// routing), an upper bound on how many distinct values index holds. The CUDA dispatch sizes kernels
// to the tenants a batch uses; without a bound it must assume min(rows, tenants in the set), so a
// batch of one or two tenants of a large set would get a kernel meant for many (tests/bench
// README.md, sixteenth run). A bound below the truth is a caller's bug: the rows it leaves out come
// out NaN, never silently wrong.
class TenantRows {
  public:
    TenantRows(at::Tensor index);  // NOLINT(google-explicit-constructor): no bound known
    TenantRows(at::Tensor index, int64_t distinct_at_most);

    const at::Tensor& index() const { return index_; }
    int64_t distinct_at_most() const { return distinct_at_most_; }  // 0: not known

  private:
    at::Tensor index_;
    int64_t distinct_at_most_ = 0;
};

// Delta product for a batch of rows, each with its own tenant:
//   out[b, :] = alpha[tenant[b]] * (S[tenant[b]] @ x[b, :])
// x [B, K] (fp32 on CPU; fp16/bf16/fp32 on CUDA), alpha fp32 [T], tenant int32 [B] with values in
// [0, T), all on the signs' device. Returns [B, N] in x's dtype; fp32 accumulation. Each tenant's
// signs are read once per call however many rows use that tenant.
at::Tensor delta_matmul(const at::Tensor& x, const SignSet& signs, const at::Tensor& alpha,
                        const TenantRows& tenant);

// The full multi-tenant linear layer (DESIGN section 2):
//   y[b, :] = W_base @ x[b, :] + bias + alpha[t_b] * (S[t_b] @ x[b, :])
// base [N, K] in x's dtype, bias [N] or undefined. Decode-sized batches use a fused/overlapped
// path; large row counts (prefill) use a GEMM path. Returns [B, N] in x's dtype.
at::Tensor bitdelta_linear(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                           const SignSet& signs, const at::Tensor& alpha, const TenantRows& tenant);

// How bitdelta_linear computes on CUDA. Auto picks by shape (the measured choice, see
// tests/bench/README.md); the others exist for benchmarks and tests and are ignored on the CPU.
enum class LinearPath {
    Auto,
    Fused,          // one decode kernel streams W_base and the tenants' signs (B <= 64, fp16/bf16)
    BasePlusDelta,  // cuBLAS base product, then the decode delta kernel adds into it (B <= 64)
    Gemm,           // per tenant: merge W_base + alpha*S, then one cuBLAS GEMM (prefill)
};
at::Tensor bitdelta_linear(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                           const SignSet& signs, const at::Tensor& alpha, const TenantRows& tenant,
                           LinearPath path);

// True when this build has CUDA kernels and a CUDA device is present.
bool cuda_available();

}  // namespace bitdelta::kernels
