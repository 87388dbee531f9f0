#pragma once
// The split-K epilogue both multi-row decode kernels share: CTAs along K add fp32 partial sums into
// a workspace with atomics; the last of them (an atomic ticket per row tile) turns the sums into
// the output and zeroes its slice and its ticket again, so the workspace stays zero between calls
// without a memset launch.
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/tenant_rows.cuh"

namespace bitdelta::kernels::cuda {

// A warp's m16n8 accumulator tiles out: element e of block nb is weight row rg (e < 2) or rg8 and
// sorted batch row 8 nb + 2c + (e & 1); value(nb, e, alpha of that row) gives its sum. A CTA that
// covers all of K writes the output, otherwise it adds its partial sum into ws.
template <typename T, int NB, typename Value>
__device__ __forceinline__ void store_tiles(const DecodeOperands& p, float* ws, int ksplit,
                                            const SortedRows& h, int B, int rg, int rg8, int c,
                                            Value value) {
#pragma unroll
    for (int nb = 0; nb < NB; ++nb)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
            const int r = nb * 8 + 2 * c + (e & 1);
            const int n = e < 2 ? rg : rg8;
            if (r < B && n < p.N) {
                const float v = value(nb, e, h.alpha_row[r]);
                const int64_t at = static_cast<int64_t>(h.perm[r]) * p.N + n;
                if (ksplit == 1)
                    write_output<T>(p.out + at, p.bias, n, v, p.accumulate);
                else
                    atomicAdd(ws + at, v);
            }
        }
}

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
    // Loads in batches of kBatch per thread before any store: one loop iteration per element was
    // a chain of dependent L2 round trips (about 1 us per element per thread at 64 rows).
    constexpr int kBatch = 8;
    const int total = B * rows, step = blockDim.x * kBatch;
    for (int i0 = threadIdx.x; i0 < total; i0 += step) {
        int64_t at[kBatch];  // element offset in ws and out, -1 past the tile
        float v[kBatch], old[kBatch];
#pragma unroll
        for (int u = 0; u < kBatch; ++u) {
            const int idx = i0 + u * blockDim.x;
            at[u] =
                idx < total ? static_cast<int64_t>(perm[idx / rows]) * p.N + nbeg + idx % rows : -1;
            v[u] = at[u] >= 0 ? __ldcg(ws + at[u]) : 0.f;
            old[u] = at[u] >= 0 && p.accumulate ? to_f<T>(p.out[at[u]]) : 0.f;
        }
#pragma unroll
        for (int u = 0; u < kBatch; ++u) {
            if (at[u] < 0) continue;
            __stcg(ws + at[u], 0.f);
            const int n = nbeg + (i0 + u * static_cast<int>(blockDim.x)) % rows;
            store_output<T>(p.out + at[u], p.bias, n, v[u], p.accumulate, old[u]);
        }
    }
    if (threadIdx.x == 0) *counter = 0;
}

}  // namespace bitdelta::kernels::cuda
