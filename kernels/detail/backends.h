#pragma once
// Internal: the two implementations behind bitdelta_kernels.h. dispatch.cpp validates every
// argument (shapes, dtypes, devices, tenant range where it is cheap) and then calls exactly one of
// these, so the backends may assume well-formed, contiguous inputs.
#include "bitdelta_kernels.h"

#include <string>

namespace bitdelta::kernels {

// Formats "<what>: <fault>" and throws KernelError.
[[noreturn]] void fail(const std::string& what, const std::string& fault);

namespace cpu {
at::Tensor pack_signs(const at::Tensor& delta);
at::Tensor unpack_signs(const at::Tensor& packed, int64_t k, c10::ScalarType dtype);
at::Tensor merge(const at::Tensor& base, const at::Tensor& packed, double alpha);
// x fp32/fp16/bf16 [B, K]; alpha fp32 [T]; tenant int64 [B] already range-checked. Returns fp32 [B,
// N]. A tenant with at most direct_max_rows rows is multiplied straight from its bits, one with
// more through unpacked signs and a GEMM (the benchmark times both paths at the same row count).
at::Tensor delta_matmul_f32(const at::Tensor& x, const SignSet& signs, const at::Tensor& alpha,
                            const at::Tensor& tenant, int64_t direct_max_rows);
}  // namespace cpu

#ifdef BITDELTA_WITH_CUDA
namespace cuda {
bool device_present();
at::Tensor pack_signs(const at::Tensor& delta);
at::Tensor unpack_signs(const at::Tensor& packed, int64_t k, c10::ScalarType dtype);
at::Tensor merge(const at::Tensor& base, const at::Tensor& packed, double alpha);
// tenant int32 [B] on the device; rows whose tenant is out of [0, T) produce NaN (checking on the
// host would synchronise the stream). tenants_at_most: the most distinct values tenant holds, as
// far as the host knows (0: no bound; TenantRows).
at::Tensor delta_matmul(const at::Tensor& x, const SignSet& signs, const at::Tensor& alpha,
                        const at::Tensor& tenant, int64_t tenants_at_most);
at::Tensor bitdelta_linear(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                           const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                           int64_t tenants_at_most, LinearPath path);
}  // namespace cuda
#endif

}  // namespace bitdelta::kernels
