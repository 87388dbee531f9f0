#pragma once
// The many-row kernel's split-K reduced inside a thread-block cluster (Hopper and later): the CTAs
// along K of one row tile form a cluster, park their fp32 partial tiles in their own shared memory,
// and each adds up a slice of the tile from all of them through distributed shared memory and
// writes it out.
//
// Why: the global split-K epilogue (split_k.cuh: 32 atomics per thread, a fence that waits for all
// of them, a ticket, and a finishing CTA per tile that runs only once the tile's last CTA along K
// is done) took 40 % of the PC samples at 64 rows of one tenant (tests/bench/HISTORY.md, fifth
// run). Inside a cluster the sum needs no atomics, fence or ticket, never leaves the GPC, and adds
// the partials in a fixed order. It paid only where the grid runs several waves (cluster_plan.h).
#include "cuda/cluster_plan.h"
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/tenant_rows.cuh"

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
#include <cooperative_groups.h>
#endif

namespace bitdelta::kernels::cuda {

// Row pitch of a parked tile, in floats: 128 outputs + 4, so the m16n8 accumulator stores of a
// warp (rows 2c, 2c + 1 for c = 0..3, outputs g = 0..7) fall into distinct banks, and rows stay
// 16-byte aligned for the float4 reads.
constexpr int kParkPitch = 128 + 4;

// Shared-memory bytes a parked tile of `rows` batch rows takes.
constexpr int park_bytes(int rows) {
    return rows * kParkPitch * 4;
}

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
// Called by every thread of every CTA of the cluster once each has parked its partial tile
// (park: B rows of kParkPitch floats, sorted row r of batch row perm[r], outputs nbeg .. nbeg +
// 127): adds the tiles of all CTAs of the cluster, a slice per CTA, and writes the outputs.
template <typename T>
__device__ __forceinline__ void add_parked_in_cluster(const DecodeOperands& p, const int* perm,
                                                      float* park, int B, int nbeg) {
    namespace cg = cooperative_groups;
    const cg::cluster_group cluster = cg::this_cluster();
    cluster.sync();  // release / acquire: every CTA's park is complete and visible

    const int size = static_cast<int>(cluster.num_blocks());
    const int rank = static_cast<int>(cluster.block_rank());
    constexpr int kQuads = 128 / 4;  // float4s per tile row
    for (int i = rank * blockDim.x + threadIdx.x; i < B * kQuads; i += size * blockDim.x) {
        const int r = i / kQuads, n = 4 * (i % kQuads);
        // All of the cluster's loads first, then the sum in rank order: the loads of distributed
        // shared memory then wait for each other's latency once, not once each (Nsight Compute,
        // H100, wide-batch kernel at 64 rows over 4096 x 4096: the loop of one load and one add
        // a rank held 5 % of the warp samples, and the cluster barrier after it, which waits
        // for the slowest thread's loop, 8 %).
        float4 v[kMaxClusterSize];
#pragma unroll
        for (int q = 0; q < kMaxClusterSize; ++q)
            if (q < size)
                v[q] = *reinterpret_cast<const float4*>(cluster.map_shared_rank(park, q) +
                                                        r * kParkPitch + n);
        float4 sum = make_float4(0.f, 0.f, 0.f, 0.f);
#pragma unroll
        for (int q = 0; q < kMaxClusterSize; ++q)
            if (q < size) sum.x += v[q].x, sum.y += v[q].y, sum.z += v[q].z, sum.w += v[q].w;
        const float s[4] = {sum.x, sum.y, sum.z, sum.w};
        const int64_t row = static_cast<int64_t>(perm[r]) * p.N;
#pragma unroll
        for (int u = 0; u < 4; ++u) {
            const int col = nbeg + n + u;
            if (col >= p.N) break;
            write_output<T>(p.out + row + col, p.bias, col, s[u], p.accumulate);
        }
    }
    cluster.sync();  // no CTA leaves (freeing its park) while another still reads it
}

// Called by every thread of every CTA of the cluster (it synchronises the cluster), after the
// product. value(nb, e, alpha of the row) gives element e of this warp's m16n8 accumulator tile nb,
// over weight rows warp * 16 + g (+ 8 for e >= 2) of the tile and sorted batch row nb * 8 + 2c +
// (e & 1); park: shared memory for park_bytes(B) that no warp of this CTA reads any more once all
// threads arrive. The tile covers outputs nbeg .. nbeg + 127.
template <typename T, int NB, typename Value>
__device__ __forceinline__ void reduce_in_cluster(const DecodeOperands& p, const SortedRows& h,
                                                  Value value, float* park, int B, int nbeg) {
    const int warp = threadIdx.x >> 5, g = (threadIdx.x & 31) >> 2, c = threadIdx.x & 3;
    __syncthreads();  // the park overlays x, which the other warps may still be reading
#pragma unroll
    for (int nb = 0; nb < NB; ++nb)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
            const int r = nb * 8 + 2 * c + (e & 1);
            if (r < B)
                park[r * kParkPitch + warp * 16 + g + (e < 2 ? 0 : 8)] =
                    value(nb, e, h.alpha_row[r]);
        }
    add_parked_in_cluster<T>(p, h.perm, park, B, nbeg);
}
#endif

}  // namespace bitdelta::kernels::cuda
