#pragma once
// The split-K epilogue both multi-row decode kernels share: CTAs along K add fp32 partial sums into
// a workspace with atomics; the last of them (an atomic ticket per row tile) turns the sums into
// the output and zeroes its slice and its ticket again, so the workspace stays zero between calls
// without a memset launch.
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"

namespace bitdelta::kernels::cuda {

// Called by every thread of a CTA after its atomics into ws. Output rows nbeg .. nbeg + rows - 1
// of the B batch rows perm[0 .. B-1]; is_last is a shared-memory flag.
template <typename T>
__device__ __forceinline__ void finish_split_k(const DecodeOperands& p, float* ws, int* counter,
                                               int ksplit, const int* perm, int B, int nbeg,
                                               int rows, int& is_last) {
    __threadfence();
    __syncthreads();
    if (threadIdx.x == 0) is_last = atomicAdd(counter, 1) == ksplit - 1;
    __syncthreads();
    if (!is_last) return;
    __threadfence();
    for (int idx = threadIdx.x; idx < B * rows; idx += blockDim.x) {
        const int b = perm[idx / rows], n = nbeg + idx % rows;
        float* wp = ws + static_cast<int64_t>(b) * p.N + n;
        const float v = __ldcg(wp);
        __stcg(wp, 0.f);
        write_output<T>(p.out + static_cast<int64_t>(b) * p.N + n, p.bias, n, v, p.accumulate);
    }
    if (threadIdx.x == 0) *counter = 0;
}

}  // namespace bitdelta::kernels::cuda
