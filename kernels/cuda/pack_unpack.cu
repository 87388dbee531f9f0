// CUDA pack / unpack / merge for the packed-sign layout of bitdelta_kernels.h. All three are simple
// streaming kernels: pack reads each delta element once (one warp ballot per 32 columns), unpack
// and merge write each output element once.
#include "cuda/launchers.h"

#include <ATen/ATen.h>
#include <ATen/Dispatch.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

#include <algorithm>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kThreads = 256;

int grid_for(int64_t items, int per_block) {
    const int64_t blocks = (items + per_block - 1) / per_block;
    const int cap = at::cuda::getCurrentDeviceProperties()->multiProcessorCount * 32;
    return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(blocks, cap)));
}

// One warp per (row, word): lane j tests column 32w + j, the ballot is the word (bit j = lane j).
template <typename scalar_t>
__global__ void pack_kernel(const scalar_t* __restrict__ delta, uint32_t* __restrict__ out,
                            int64_t n, int64_t k, int64_t words) {
    const int lane = threadIdx.x & 31;
    const int64_t warp = (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) >> 5;
    const int64_t warps = (static_cast<int64_t>(gridDim.x) * blockDim.x) >> 5;
    for (int64_t item = warp; item < n * words; item += warps) {
        const int64_t r = item / words, w = item % words;
        const int64_t col = w * 32 + lane;
        bool positive = false;
        if (col < k) positive = static_cast<double>(delta[r * k + col]) > 0.0;
        const uint32_t bits = __ballot_sync(0xffffffffu, positive);
        if (lane == 0) out[item] = bits;
    }
}

// Eight consecutive elements of one row, stored (or loaded) as one aligned vector.
template <typename scalar_t>
struct alignas(16) Vec8 {
    scalar_t v[8];
};

// Rows that vector_rows() accepts take the vector kernels: one thread per 8 columns (one byte of a
// sign word, 16-byte stores). The scalar kernels take the rest.
// Signs of columns c .. c + 7 (c % 8 == 0) of row r: bit i of the result is column c + i.
__device__ __forceinline__ uint32_t sign_byte(const uint32_t* __restrict__ packed, int64_t r,
                                              int64_t c, int64_t words) {
    return (__ldg(packed + r * words + (c >> 5)) >> (c & 31)) & 0xffu;
}

// The baseline "unpack + cuBLAS" must not be handicapped by a slow unpack: the vector kernel
// writes 16 bytes per thread (fp16) with one division per eight elements.
template <typename scalar_t>
__global__ void unpack_vec_kernel(const uint32_t* __restrict__ packed, scalar_t* __restrict__ out,
                                  int64_t n, int64_t k, int64_t words) {
    const int64_t chunks = k / 8, stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t item = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         item < n * chunks; item += stride) {
        const int64_t r = item / chunks, c = (item - r * chunks) * 8;
        const uint32_t bits = sign_byte(packed, r, c, words);
        Vec8<scalar_t> o;
#pragma unroll
        for (int i = 0; i < 8; ++i)
            o.v[i] = static_cast<scalar_t>(((bits >> i) & 1u) ? 1.0f : -1.0f);
        *reinterpret_cast<Vec8<scalar_t>*>(out + r * k + c) = o;
    }
}

// One thread per output element, so the stores coalesce; the 32 threads of a word share one cached
// load. For rows the vector kernel cannot take.
template <typename scalar_t>
__global__ void unpack_kernel(const uint32_t* __restrict__ packed, scalar_t* __restrict__ out,
                              int64_t n, int64_t k, int64_t words) {
    const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t item = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; item < n * k;
         item += stride) {
        const int64_t r = item / k, c = item % k;
        const uint32_t bits = __ldg(packed + r * words + (c >> 5));
        out[item] = static_cast<scalar_t>(((bits >> (c & 31)) & 1u) ? 1.0f : -1.0f);
    }
}

// out = base + alpha * S, fp32 arithmetic. alpha comes from *alpha_ptr when given (a device scalar,
// so the prefill path never synchronises), else from alpha_value.
__device__ __forceinline__ float merge_alpha(const float* alpha_ptr, float alpha_value) {
    return alpha_ptr ? *alpha_ptr : alpha_value;
}

template <typename scalar_t>
__global__ void merge_vec_kernel(const scalar_t* __restrict__ base,
                                 const uint32_t* __restrict__ packed,
                                 const float* __restrict__ alpha_ptr, float alpha_value,
                                 scalar_t* __restrict__ out, int64_t n, int64_t k, int64_t words) {
    const float alpha = merge_alpha(alpha_ptr, alpha_value);
    const int64_t chunks = k / 8, stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t item = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         item < n * chunks; item += stride) {
        const int64_t r = item / chunks, c = (item - r * chunks) * 8;
        const uint32_t bits = sign_byte(packed, r, c, words);
        const Vec8<scalar_t> b = *reinterpret_cast<const Vec8<scalar_t>*>(base + r * k + c);
        Vec8<scalar_t> o;
#pragma unroll
        for (int i = 0; i < 8; ++i)
            o.v[i] = static_cast<scalar_t>(static_cast<float>(b.v[i]) +
                                           (((bits >> i) & 1u) ? alpha : -alpha));
        *reinterpret_cast<Vec8<scalar_t>*>(out + r * k + c) = o;
    }
}

template <typename scalar_t>
__global__ void merge_kernel(const scalar_t* __restrict__ base, const uint32_t* __restrict__ packed,
                             const float* __restrict__ alpha_ptr, float alpha_value,
                             scalar_t* __restrict__ out, int64_t n, int64_t k, int64_t words) {
    const float alpha = merge_alpha(alpha_ptr, alpha_value);
    const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t item = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; item < n * k;
         item += stride) {
        const int64_t r = item / k, c = item % k;
        const uint32_t bits = __ldg(packed + r * words + (c >> 5));
        const float v =
            static_cast<float>(base[item]) + (((bits >> (c & 31)) & 1u) ? alpha : -alpha);
        out[item] = static_cast<scalar_t>(v);
    }
}

}  // namespace

at::Tensor pack_signs(const at::Tensor& delta) {
    const c10::cuda::CUDAGuard guard(delta.device());
    const int64_t n = delta.size(0), k = delta.size(1), words = packed_words(k);
    at::Tensor out = at::empty({n, words}, delta.options().dtype(at::kInt));
    if (n * words == 0) return out;
    auto stream = at::cuda::getCurrentCUDAStream();
    AT_DISPATCH_FLOATING_TYPES_AND2(
        at::kHalf, at::kBFloat16, delta.scalar_type(), "pack_signs", [&] {
            pack_kernel<scalar_t><<<grid_for(n * words, kThreads / 32), kThreads, 0, stream>>>(
                delta.data_ptr<scalar_t>(), reinterpret_cast<uint32_t*>(out.data_ptr<int32_t>()), n,
                k, words);
        });
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}

at::Tensor unpack_signs(const at::Tensor& packed, int64_t k, c10::ScalarType dtype) {
    const c10::cuda::CUDAGuard guard(packed.device());
    const int64_t n = packed.size(0), words = packed.size(1);
    at::Tensor out = at::empty({n, k}, packed.options().dtype(dtype));
    if (n * words == 0 || k == 0) return out;
    auto stream = at::cuda::getCurrentCUDAStream();
    const auto* bits = reinterpret_cast<const uint32_t*>(packed.data_ptr<int32_t>());
    AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, dtype, "unpack_signs", [&] {
        scalar_t* dst = out.data_ptr<scalar_t>();
        if (vector_rows(k, dst))
            unpack_vec_kernel<scalar_t>
                <<<grid_for(n * k / 8, kThreads), kThreads, 0, stream>>>(bits, dst, n, k, words);
        else
            unpack_kernel<scalar_t>
                <<<grid_for(n * k, kThreads), kThreads, 0, stream>>>(bits, dst, n, k, words);
    });
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}

at::Tensor merge_with_alpha(const at::Tensor& base, const at::Tensor& packed,
                            const float* alpha_device, double alpha_value) {
    const c10::cuda::CUDAGuard guard(base.device());
    const int64_t n = base.size(0), k = base.size(1), words = packed.size(1);
    at::Tensor out = at::empty_like(base);
    if (n * words == 0 || k == 0) return out;
    auto stream = at::cuda::getCurrentCUDAStream();
    const auto* bits = reinterpret_cast<const uint32_t*>(packed.data_ptr<int32_t>());
    const auto alpha = static_cast<float>(alpha_value);
    AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, base.scalar_type(), "merge", [&] {
        const scalar_t* src = base.data_ptr<scalar_t>();
        scalar_t* dst = out.data_ptr<scalar_t>();
        if (vector_rows(k, src, dst))
            merge_vec_kernel<scalar_t><<<grid_for(n * k / 8, kThreads), kThreads, 0, stream>>>(
                src, bits, alpha_device, alpha, dst, n, k, words);
        else
            merge_kernel<scalar_t><<<grid_for(n * k, kThreads), kThreads, 0, stream>>>(
                src, bits, alpha_device, alpha, dst, n, k, words);
    });
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}

at::Tensor merge(const at::Tensor& base, const at::Tensor& packed, double alpha) {
    return merge_with_alpha(base, packed, nullptr, alpha);
}

}  // namespace bitdelta::kernels::cuda
