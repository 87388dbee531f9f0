#pragma once
// The batch rows of a decode call grouped by tenant inside a CTA (both multi-row decode kernels):
// a stable rank sort of the (at most 64) tenant indices, so the rows of one tenant become
// contiguous and each tenant's signs are read once per CTA. A few hundred cycles, no host copy.
#include "cuda/decode_operands.h"

#include <cstdint>

namespace bitdelta::kernels::cuda {

constexpr int kSortMaxRows = 64;

struct TenantRows {
    int tin[kSortMaxRows];
    int perm[kSortMaxRows];  // sorted position -> batch row
    int ts[kSortMaxRows];    // sorted position -> tenant
    float alpha_row[kSortMaxRows];
    const uint32_t* sign_row[kSortMaxRows];  // sorted position -> its tenant's signs (null: bad)
    int gbeg[kSortMaxRows + 1];  // group g holds sorted positions gbeg[g] .. gbeg[g+1]-1
    int ngroups;
};

// Sorts all p.B rows by tenant and keeps sorted positions row0 .. row0 + B - 1 in h (positions
// counted from row0). A tenant outside [0, slots) gets a NaN alpha and no signs, so its rows come
// out NaN. Every thread of the CTA must call it (it synchronises); blockDim.x >= p.B.
__device__ __forceinline__ void sort_rows_by_tenant(const DecodeOperands& p, TenantRows& h,
                                                    int row0, int B) {
    const int tid = threadIdx.x;
    if (tid < p.B) h.tin[tid] = p.tenant[tid];
    __syncthreads();
    if (tid < p.B) {
        const int t = h.tin[tid];
        int rank = 0;
        for (int b = 0; b < p.B; ++b) {
            const int tb = h.tin[b];
            rank += (tb < t) || (tb == t && b < tid);
        }
        if (rank >= row0 && rank < row0 + B) {
            h.perm[rank - row0] = tid;
            h.ts[rank - row0] = t;
        }
    }
    __syncthreads();
    if (tid < B) {
        const int t = h.ts[tid];
        const bool valid = t >= 0 && t < p.slots;
        h.alpha_row[tid] = valid ? p.alpha[t] : __int_as_float(0x7fc00000);
        h.sign_row[tid] = valid ? reinterpret_cast<const uint32_t*>(p.sign_ptrs[t]) : nullptr;
        int gid = 0;
        for (int i = 1; i <= tid; ++i)
            gid += h.ts[i] != h.ts[i - 1];
        if (tid == 0 || h.ts[tid] != h.ts[tid - 1]) h.gbeg[gid] = tid;
        if (tid == B - 1) {
            h.ngroups = gid + 1;
            h.gbeg[gid + 1] = B;
        }
    }
    __syncthreads();
}

// A tenant whose sorted rows r0 .. r1 - 1 all sit in 8-row block nb_lo sums into two chains of
// its own (even, odd: an m16n8 tile each); this adds them into block nb_lo of the warp's
// accumulators for its rows only (lane column group c holds rows 2c and 2c + 1 of a block).
template <int NB>
__device__ __forceinline__ void add_block_rows(float (&acc)[NB][4], const float (&even)[4],
                                               const float (&odd)[4], int nb_lo, int r0, int r1,
                                               int c) {
#pragma unroll
    for (int nb = 0; nb < NB; ++nb)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
            const int r = nb * 8 + 2 * c + (e & 1);
            if (nb == nb_lo && r >= r0 && r < r1) acc[nb][e] += even[e] + odd[e];
        }
}

}  // namespace bitdelta::kernels::cuda
