#pragma once
// The batch rows of a decode call grouped by tenant inside a CTA (both multi-row decode kernels):
// a stable rank sort of the (at most 64) tenant indices, so the rows of one tenant become
// contiguous and each tenant's signs are read once per CTA. A few hundred cycles, no host copy.
#include "cuda/decode_operands.h"

#include <cstdint>

namespace bitdelta::kernels::cuda {

constexpr int kSortMaxRows = 64;

// The rows in tenant order, one per CTA in shared memory (not kernels::TenantRows, the caller's
// argument that says which tenant each row names).
struct SortedRows {
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
// out NaN. Every thread of the CTA must call it (it synchronises); blockDim.x >= 64.
__device__ __forceinline__ void sort_rows_by_tenant(const DecodeOperands& p, SortedRows& h,
                                                    int row0, int B) {
    const int tid = threadIdx.x;
    // The first slots' sign pointers and alphas load beside the tenant indices, not after them:
    // read once the tenants were known, they were a second round trip to memory before the first
    // sign load could leave. They wait in sign_row and alpha_row (slot t at t), which are read
    // before the second barrier and take the sorted rows' values after it.
    const int cached = min(p.slots, kSortMaxRows);
    if (tid < p.B) h.tin[tid] = p.tenant[tid];
    if (tid < cached) {
        h.sign_row[tid] = reinterpret_cast<const uint32_t*>(p.sign_ptrs[tid]);
        h.alpha_row[tid] = p.alpha[tid];
    }
    const auto in_cache = [&](int t) { return t >= 0 && t < cached; };
    __syncthreads();
    int at = -1;  // this thread's row's sorted position in h, if this CTA keeps it
    bool cached_row = false;
    const uint32_t* row_signs = nullptr;
    float row_alpha = 0.f;
    if (tid < p.B) {
        const int t = h.tin[tid];
        int rank = 0;
        for (int b = 0; b < p.B; ++b) {
            const int tb = h.tin[b];
            rank += (tb < t) || (tb == t && b < tid);
        }
        if (rank >= row0 && rank < row0 + B) {
            at = rank - row0;
            h.perm[at] = tid;
            h.ts[at] = t;
        }
        cached_row = in_cache(t);
        if (cached_row) row_signs = h.sign_row[t], row_alpha = h.alpha_row[t];
    }
    __syncthreads();
    // Rows of cached slots here, the others below: each sorted position is written once.
    if (at >= 0 && cached_row) {
        h.sign_row[at] = row_signs;
        h.alpha_row[at] = row_alpha;
    }
    static_assert(kSortMaxRows == 64, "two warps' ballots cover the sorted rows");
    if (tid < kSortMaxRows) {  // warps 0 and 1, whole
        // A row heads a group when its tenant differs from the row before; its group index is the
        // number of heads up to it, counted from both warps' ballots (no loop over the rows).
        const auto head = [&](int r) { return r < B && (r == 0 || h.ts[r] != h.ts[r - 1]); };
        const unsigned lo = __ballot_sync(0xffffffffu, head(tid & 31));
        const unsigned hi = __ballot_sync(0xffffffffu, head(32 + (tid & 31)));
        const unsigned upto = 0xffffffffu >> (31 - (tid & 31));  // lanes 0 .. this lane
        const int gid = (tid < 32 ? __popc(lo & upto) : __popc(lo) + __popc(hi & upto)) - 1;
        if (tid < B) {
            const int t = h.ts[tid];
            const bool valid = t >= 0 && t < p.slots;
            if (!in_cache(t)) {
                h.alpha_row[tid] = valid ? p.alpha[t] : __int_as_float(0x7fc00000);
                h.sign_row[tid] =
                    valid ? reinterpret_cast<const uint32_t*>(p.sign_ptrs[t]) : nullptr;
            }
            if (head(tid)) h.gbeg[gid] = tid;
            if (tid == B - 1) {
                h.ngroups = gid + 1;
                h.gbeg[gid + 1] = B;
            }
        }
    }
    __syncthreads();
}

// The staged x row an MMA reads for sorted row r of a tenant whose rows are r0 .. r1 - 1: r itself,
// or zero_row (a row of zeros behind the staged rows) for the rows of other tenants and past the
// batch, whose products then come out zero without masking a fragment.
__device__ __forceinline__ int tenant_row_or_zero(int r, int r0, int r1, int zero_row) {
    return r >= r0 && r < r1 ? r : zero_row;
}

// A tenant whose sorted rows all sit in 8-row block nb_lo sums into two chains of its own (even,
// odd: an m16n8 tile each, the other rows of the block read as zeros); this adds them into block
// nb_lo of the warp's accumulators.
template <int NB>
__device__ __forceinline__ void add_block_sums(float (&acc)[NB][4], const float (&even)[4],
                                               const float (&odd)[4], int nb_lo) {
#pragma unroll
    for (int nb = 0; nb < NB; ++nb)
        if (nb == nb_lo)
#pragma unroll
            for (int e = 0; e < 4; ++e)
                acc[nb][e] += even[e] + odd[e];
}

}  // namespace bitdelta::kernels::cuda
