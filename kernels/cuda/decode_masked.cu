// The masked small-batch decode kernel: base + 1-bit delta product for 2 to 16 rows where the
// small-batch kernel (decode_small.cu) cannot hold the tenants: 2 to 8 rows of a set of more than
// 4 tenants, 9 to 16 rows of at most 4 (DESIGN section 2).
//
// Like the small-batch kernel, a CTA owns 16 output elements over the whole of K and its warps
// split K and add through shared memory once at the end; per warp and 32-column chunk both
// products are m16n8k16 MMAs with fp32 accumulators, A = 16 rows of W (streamed) and the A
// fragments of a tenant's signs from byte c of the chunk's sign word (expand_sign_byte), B = x of
// 8 batch rows per block.
//
// The difference: all tenants share one delta accumulator per block, and a tenant's MMA takes x
// with every column of another tenant zeroed. A lane's B fragment is one batch row's, so the mask
// is one select per register, and alpha, one per column, scales the sums in the epilogue. So the
// registers do not grow with the tenants (the small-batch kernel keeps accumulators per tenant):
// up to kP tenants keep their sign words in registers, more go through shared memory, and the
// tenant count of a batch, known only on the device, picks between the two per CTA. A set of many
// tenants whose batch uses few of them then still runs at the few-tenant speed. With two blocks
// the rows are put in tenant order once per CTA, so a tenant's MMAs run only on the blocks that
// hold its rows.
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/launchers.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

#include <algorithm>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kTileRows = 16;  // output elements per CTA: one MMA tile of W rows
constexpr int kBlockRows = 8;  // batch rows per block: one MMA tile of x rows
constexpr int kMaxBlocks = 2;
constexpr int kMaxRows = kBlockRows * kMaxBlocks;
// Two blocks take batches of at most this many tenants (tenant_bound in launchers.h, known on
// the host), all of them in registers: past it the batched kernel and the base + delta split
// were faster than a version of this kernel that staged more tenants' signs (12 / 16 rows of 6 /
// 8 tenants: 32.8 / 39.2 us against 32.9 / 37.4 batched at 4096 x 4096, 79.2 / 96.5 against
// 69.5 / 79.9 split at 11008 x 4096; tests/bench/HISTORY.md, thirteenth run), and than one that
// held 8 or 16 tenants' words in registers over the quad (H200, twenty-ninth run: 16 rows of 8
// 41.5 / 98.8 / 98.8 us at best against Auto's 34.0 / 55.6 / 64.4 over 4096 x 4096 / 11008 x
// 4096 / 4096 x 11008): each tenant's MMAs over its block cost more than its signs' bytes save.
constexpr int kTwoBlockMaxTenants = 4;

// The batch in tenant order, built by warp 0 for its CTA. Position p (0 .. 15) of the ordered
// batch holds batch row row[p] (-1 past the batch), whose tenant has slot slot[p] (-1: none, or
// a tenant outside the set) and alpha alpha[p] (NaN for a tenant outside the set, so that row
// comes out NaN and only that row). Slots number the batch's distinct valid tenants 0 .. count - 1
// in order of their first row; rows with a bad tenant and positions past the batch come last.
struct OrderedBatch {
    int row[kMaxRows];
    int slot[kMaxRows];
    float alpha[kMaxRows];
    const uint32_t* signs[kMaxRows];  // by slot: the tenant's packed signs
    int count;
};

template <bool kSort>
__device__ void order_batch(const DecodeOperands& p, int lane, OrderedBatch& ob) {
    const bool in = lane < p.B;
    const int t = in ? p.tenant[lane] : -1;
    const bool valid = in && t >= 0 && t < p.slots;
    const unsigned peers = __match_any_sync(~0u, valid ? t : -1 - lane);  // bad rows: alone
    const int first = __ffs(peers) - 1;
    const unsigned firsts = __ballot_sync(~0u, valid && first == lane);
    const int slot = valid ? __popc(firsts & ((1u << first) - 1u)) : -1;
    // Sort key: the slot, then the row; bad rows and lanes past the batch after every slot.
    const int key = valid ? slot : kMaxRows + lane;
    int pos = lane;
    if constexpr (kSort) {
        pos = 0;
#pragma unroll
        for (int i = 0; i < 32; ++i) {
            const int other = __shfl_sync(~0u, key, i);
            pos += other < key || (other == key && i < lane);
        }
    }
    if (lane < kMaxRows) {
        ob.row[pos] = in ? lane : -1;
        ob.slot[pos] = slot;
        ob.alpha[pos] = valid ? p.alpha[t] : __int_as_float(0x7fc00000);
    }
    if (valid && first == lane) ob.signs[slot] = reinterpret_cast<const uint32_t*>(p.sign_ptrs[t]);
    if (lane == 0) ob.count = __popc(firsts);
}

// One copy of kU words (4 * kU bytes) of a sign row into shared memory, zeros past the row's end.
template <int kU>
__device__ __forceinline__ void stage_sign_words(uint32_t* dst, const uint32_t* row, int j0,
                                                 int words, bool vec, bool checked) {
    if (vec && !checked) {
        if constexpr (kU == 4) return cp_async16_zfill(dst, row + j0, 16);
        if constexpr (kU == 2) return cp_async8_zfill(dst, row + j0, 8);
    }
#pragma unroll
    for (int u = 0; u < kU; ++u) {
        const bool in = !checked || j0 + u < words;
        cp_async4_zfill(dst + u, in ? row + j0 + u : row, in ? 4 : 0);
    }
}

// Batch of 2..16 rows in kNB blocks of 8 with a base, K % 8 == 0, x and base 16-byte aligned
// (masked_fits). Warp w takes groups of kU consecutive 32-column chunks, w, w + kWarps, ...; per
// group it issues all of the group's loads (W, x and every tenant's sign words) before the MMAs.
// A batch of at most kP tenants keeps their sign words in registers; more tenants' words go
// through the warp's slice of shared memory by cp.async (registers would grow with them). W's
// loads ask L2 for 128-byte lines (ldcs_l2<128>), as in the small-batch kernel: H100,
// tests/bench/HISTORY.md, thirtieth run, fused us over 12 and 16 rows of 1-4 tenants, two rounds in
// one build, 24 of 36 rows faster and 6 slower (by 0.1-0.5 us), 0.43 % on the geometric mean;
// one block, 8 rows of eight, 0.2-0.3 us faster.
template <typename T, int kNB, int kP, int kU, int kWarps, int kCtasPerSm, bool kQuadSigns>
__global__ void __launch_bounds__(kWarps * 32, kCtasPerSm)
    decode_masked_kernel(const DecodeOperands p) {
    constexpr int kCols = kNB * kBlockRows, kMaxSlots = kCols;
    __shared__ float partial[kWarps][kTileRows][kCols + 1];  // +1: no bank conflicts
    // Only one block may meet more tenants than kP: it runs at kP = 4 for sets of any size, two
    // blocks only for batches of at most kP (masked_fits, launch_typed). So only it stages.
    constexpr bool kStaged = kNB == 1 && kP == 4;
    __shared__ __align__(16) uint32_t staged[kStaged ? kWarps : 1][kMaxSlots][kTileRows][kU];
    __shared__ OrderedBatch ob;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, c = lane & 3;
    const int n0 = blockIdx.x * kTileRows;

    // Rows past N read row N - 1 (their sums are never stored); x rows past the batch read zeros.
    const int rg = min(n0 + g, p.N - 1), rg8 = min(n0 + g + 8, p.N - 1);
    const uint4* wg = reinterpret_cast<const uint4*>(p.base + static_cast<int64_t>(rg) * p.K);
    const uint4* wg8 = reinterpret_cast<const uint4*>(p.base + static_cast<int64_t>(rg8) * p.K);
    const int groups = (p.words + kU - 1) / kU;
    const uint4* xg[kNB];
    uint4 wa[kU], wb[kU], xv[kNB][kU];
    auto load_wx = [&](int j0, bool checked) {
#pragma unroll
        for (int u = 0; u < kU; ++u) {
            const int v = (j0 + u) * 4 + c;  // this lane's 8-column vector
            const bool in = !checked || v * 8 < p.K;
            wa[u] = in ? ldcs_l2<128>(wg + v) : make_uint4(0, 0, 0, 0);
            wb[u] = in ? ldcs_l2<128>(wg8 + v) : make_uint4(0, 0, 0, 0);
#pragma unroll
            for (int j = 0; j < kNB; ++j)
                xv[j][u] = (in && xg[j]) ? __ldg(xg[j] + v) : make_uint4(0, 0, 0, 0);
        }
    };
    // Warp 0 orders the batch (two dependent reads: tenants, then their alpha and signs) while
    // the CTA waits, so the first group's W (and x, when in batch order) is already on its way:
    // one block keeps the batch's order (nothing to gain from sorting), so x is loaded then;
    // two blocks load x in tenant order after the wait and W goes to L2 meanwhile.
    constexpr bool kSorted = kNB > 1;
    if constexpr (!kSorted) {
        xg[0] =
            g < p.B ? reinterpret_cast<const uint4*>(p.x + static_cast<int64_t>(g) * p.K) : nullptr;
        if (warp < groups) {
            if ((warp + 1) * kU * 32 <= p.K)
                load_wx(warp * kU, false);
            else
                load_wx(warp * kU, true);
        }
    } else if (const int v = (warp * 4 + c) * kU; v * 8 < p.K) {
        prefetch_l2(wg + v);
        prefetch_l2(wg8 + v);
    }
    if (warp == 0) order_batch<kSorted>(p, lane, ob);
    __syncthreads();

    const int64_t sign_row = static_cast<int64_t>(rg) * p.words;
    const int off8 = (rg8 - rg) * p.words;
    // Per block: this lane's x row (position 8j + g), the slot it belongs to, and the range of
    // slots the block holds (all of it in tenant order; a block without tenants has none).
    int lane_slot[kNB], lo[kNB], hi[kNB];
#pragma unroll
    for (int j = 0; j < kNB; ++j) {
        if constexpr (kSorted) {
            const int row = ob.row[kBlockRows * j + g];
            xg[j] = row >= 0 ? reinterpret_cast<const uint4*>(p.x + static_cast<int64_t>(row) * p.K)
                             : nullptr;
        }
        lane_slot[j] = ob.slot[kBlockRows * j + g];
        lo[j] = kMaxRows;
        hi[j] = -1;
#pragma unroll
        for (int r = 0; r < kBlockRows; ++r) {
            const int slot = ob.slot[kBlockRows * j + r];
            if (slot >= 0) lo[j] = min(lo[j], slot), hi[j] = max(hi[j], slot);
        }
    }
    const int count = ob.count;
    // Two blocks hold kP slots and stage none: a batch of more tenants (a caller's TenantRows
    // bound below the truth) gets NaN in every row rather than a sum without its deltas.
    const bool overflow = !kStaged && count > kP;
    const uint32_t byte_sel = 0x4440u | static_cast<uint32_t>(c);  // byte c, upper bytes zero
    const bool vec = p.vec_words != 0;

    float accb[kNB][4], accd[kNB][4];
#pragma unroll
    for (int j = 0; j < kNB; ++j)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            accb[j][e] = accd[j][e] = 0.f;

    auto base_mma = [&] {
#pragma unroll
        for (int u = 0; u < kU; ++u) {
            const uint32_t a0[4] = {wa[u].x, wb[u].x, wa[u].y, wb[u].y};
            const uint32_t a1[4] = {wa[u].z, wb[u].z, wa[u].w, wb[u].w};
#pragma unroll
            for (int j = 0; j < kNB; ++j) {
                const uint32_t b0[2] = {xv[j][u].x, xv[j][u].y}, b1[2] = {xv[j][u].z, xv[j][u].w};
                mma16816<T>(accb[j], a0, b0);
                mma16816<T>(accb[j], a1, b1);
            }
        }
    };
    // Slot s's delta MMAs for chunk u from its sign words of rows g and g + 8: on the blocks
    // holding its rows only, x masked to them.
    auto slot_mma_frag = [&](int s, int u, const uint32_t(&hg)[4], const uint32_t(&hg8)[4]) {
#pragma unroll
        for (int j = 0; j < kNB; ++j) {
            // One block holds every slot of the batch, so only two blocks test the range.
            if (kNB > 1 && (s < lo[j] || s > hi[j])) continue;
            const bool mine = lane_slot[j] == s;
            const uint32_t b0[2] = {mine ? xv[j][u].x : 0u, mine ? xv[j][u].y : 0u};
            const uint32_t b1[2] = {mine ? xv[j][u].z : 0u, mine ? xv[j][u].w : 0u};
            sign_word_mma<T>(accd[j], hg, hg8, b0, b1);
        }
    };
    auto slot_mma = [&](int s, int u, uint32_t word, uint32_t word8) {
        uint32_t hg[4], hg8[4];
        expand_sign_byte<T>(word, word8, byte_sel, hg, hg8);
        slot_mma_frag(s, u, hg, hg8);
    };

    // At most kP tenants: their sign rows' words in registers, loaded with W and x.
    auto few_tenants = [&](int j0, bool checked, bool loaded) {
        if (!loaded) load_wx(j0, checked);
        if constexpr (kQuadSigns) {  // one word a lane, transposed over the quad
            uint32_t qa[kP], qb[kP];
#pragma unroll
            for (int q = 0; q < kP; ++q)
                if (q < count)
                    load_sign_quad<kU>(ob.signs[q] + sign_row, off8, j0, p.words, checked, c, qa[q],
                                       qb[q]);
            base_mma();
#pragma unroll
            for (int q = 0; q < kP; ++q) {
                if (q >= count) break;
                transpose_sign_quad<kU>(qa[q], qb[q], c);
#pragma unroll
                for (int u = 0; u < kU; ++u) {
                    uint32_t hg[4], hg8[4];
                    expand_sign_quad<T, kU>(qa[q], qb[q], u, hg, hg8);
                    slot_mma_frag(q, u, hg, hg8);
                }
            }
            return;
        }
        uint32_t swa[kP][kU], swb[kP][kU];
#pragma unroll
        for (int q = 0; q < kP; ++q) {
            if (q < count) {
                const uint32_t* row = ob.signs[q] + sign_row;
                load_sign_words<kU>(row, j0, p.words, vec, checked, swa[q]);
                load_sign_words<kU>(row + off8, j0, p.words, vec, checked, swb[q]);
            }
        }
        base_mma();
#pragma unroll
        for (int q = 0; q < kP; ++q) {
            if (q >= count) break;
#pragma unroll
            for (int u = 0; u < kU; ++u)
                slot_mma(q, u, swa[q][u], swb[q][u]);
        }
    };
    // More: lane l copies the 16 rows' words of slots l / 16, l / 16 + 2, ... into the warp's
    // slice (rows l % 16) while W and x load, and every slot reads them back from there.
    auto many_tenants = [&](int j0, bool checked, bool loaded) {
        __syncwarp();  // the previous group's reads of the slice are done
        const int r = lane & (kTileRows - 1);
        const int64_t stage_row = static_cast<int64_t>(min(n0 + r, p.N - 1)) * p.words;
        for (int s = lane / kTileRows; s < count; s += 32 / kTileRows)
            stage_sign_words<kU>(&staged[warp][s][r][0], ob.signs[s] + stage_row, j0, p.words, vec,
                                 checked);
        cp_async_commit();
        if (!loaded) load_wx(j0, checked);
        base_mma();
        cp_async_wait<0>();
        __syncwarp();
        for (int s = 0; s < count; ++s) {
#pragma unroll
            for (int u = 0; u < kU; ++u)
                slot_mma(s, u, staged[warp][s][g][u], staged[warp][s][g + 8][u]);
        }
    };

    // The last group's loads are checked against K; the others' are not, a version of each.
    if (count <= kP) {
        for (int gi = warp; gi < groups; gi += kWarps) {
            const int j0 = gi * kU;
            const bool loaded = !kSorted && gi == warp;
            if ((j0 + kU) * 32 <= p.K)
                few_tenants(j0, false, loaded);
            else
                few_tenants(j0, true, loaded);
        }
    } else if constexpr (kStaged) {
        // The first group apart: with `loaded` a run-time value in this loop too (the loop above
        // keeps it, and alone it fits), ptxas kept the prologue's W and x live through every group
        // and the kernel spilled 52 / 116 bytes at 128 registers (now none, 124). With the range
        // test above gone for one block, H100, fused us against the kernel before in the same call
        // (tests/bench/HISTORY.md, twenty-sixth run): 6-8 rows of 1-4 tenants of a set of 16
        // 0.7-4.2 us faster (8 rows of four 25.5 / 56.7 / 55.9 -> 24.1 / 52.8 / 52.4), of 5-8
        // tenants level within 0.8 us but 8 of 8 (33.0 / 78.0 / 72.1 -> 33.3 / 75.8 / 70.6).
        if (warp < groups) many_tenants(warp * kU, (warp + 1) * kU * 32 > p.K, true);
        for (int gi = warp + kWarps; gi < groups; gi += kWarps) {
            const int j0 = gi * kU;
            if ((j0 + kU) * 32 <= p.K)
                many_tenants(j0, false, false);
            else
                many_tenants(j0, true, false);
        }
    }

    // Accumulator e of block j holds W row g + 8 (e / 2) against position 8j + 2c + e % 2.
#pragma unroll
    for (int j = 0; j < kNB; ++j)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
            const int col = kBlockRows * j + 2 * c + (e & 1);
            partial[warp][g + 8 * (e >> 1)][col] = accb[j][e] + ob.alpha[col] * accd[j][e];
        }
    __syncthreads();
    for (int idx = threadIdx.x; idx < kTileRows * kCols; idx += kWarps * 32) {
        const int col = idx / kTileRows, r = idx - col * kTileRows, n = n0 + r;
        const int row = ob.row[col];
        if (row < 0 || n >= p.N) continue;
        float v = 0.f;
#pragma unroll
        for (int w = 0; w < kWarps; ++w)
            v += partial[w][r][col];
        write_output<T>(p.out + static_cast<int64_t>(row) * p.N + n, p.bias, n,
                        overflow ? __int_as_float(0x7fc00000) : v, p.accumulate);
    }
}

template <typename T, int kNB, int kP, int kU, int kWarps, int kCtasPerSm, bool kQuadSigns = false>
void launch_shape(const DecodeOperands& p, cudaStream_t stream) {
    decode_masked_kernel<T, kNB, kP, kU, kWarps, kCtasPerSm, kQuadSigns>
        <<<(p.N + kTileRows - 1) / kTileRows, kWarps * 32, 0, stream>>>(p);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

// The rule now (group chunks x warps per CTA x CTAs per SM): one block 4 x 8 x 2; two blocks over
// many row tiles (at least 4 per SM, e.g. 11008 rows) 2 x 4 x 6 for every tenant bound (three or
// four with the quad's sign words), over fewer 4 x 8 x 2 for one or two tenants and 2 x 8 x 2 for
// three or four. How each was chosen, oldest first:
// Shapes measured on the H200 (tests/bench/HISTORY.md, thirteenth run; fused us at 4096x4096 /
// 11008x4096 / 4096x11008). One block (sets of more than 4 tenants) 4 x 8 x 2: 8 rows of 6
// tenants 26.7 / 62.3 / 55.6 against 2 x 8 x 2 29.7 / 72.7 / 62.9 and 2 x 8 x 3 30.3 / 66.4 / 64.5;
// 8 rows of 8 31.6 / 75.7 / 68.7 (the batched kernel 34.2 / 82.8 / 82.4). Two blocks, 16 rows: one
// tenant 2 x 8 x 3, 19.3 / 36.6 / 37.9 (4 x 8 x 2 19.0 / 38.0 / 34.5); two 4 x 8 x 2, 22.2 / 46.3
// / 41.6 (2 x 8 x 2 21.8 / 49.7 / 47.9, 2 x 8 x 3 22.8 / 43.6 / 49.9); three or four 2 x 8 x
// 2, 27.1 / 66.9 / 62.2 at four (2 x 8 x 3 30.0 / 62.5 / 67.0, 4 x 8 x 2 31.8 / 80.7 / 70.0). Over
// many row tiles three or four tenants then took 2 x 8 x 3 with the sign words spread over the quad
// (load_sign_quad: 80 registers, no spill; in 2 x 8 x 2 88 against 104). H100,
// tests/bench/HISTORY.md, twenty-seventh run, 12 / 16 rows of three and four tenants over 11008 x
// 4096: 50.8 / 59.0 / 52.0 / 57.3 us against 58.0 / 67.2 / 60.1 / 65.4; over fewer tiles it lost up
// to 2.2 us (4096 x 11008, 16 rows of four 62.1 against 59.9), and the quad's words lost in 2 x 8 x
// 2 (12 rows of three 73.8 against 58.0 at 11008 x 4096), with one or two tenants (16 rows of
// one 49.5 against 40.8) and in one block (level within 0.6 us). Two blocks of one tenant left 2 x
// 8 x 3 in the twenty-eighth run (H100, fused us over 9 / 12 / 16 rows, four rounds, one build):
// over many row tiles 2 x 4 x 6 (78 registers), 39.8-40.0 / 39.8-40.2 / 40.0-40.1 at 11008 x 4096
// against 40.8-41.2 / 41.3-41.7 / 41.9-42.0, but 3-11 us slower over fewer; over fewer 4 x 8 x 2
// (127 registers), 19.2-19.4 / 19.7-20.0 / 19.9-20.2 at 4096 x 4096 against 20.1-20.3 / 21.0-21.2
// / 20.8-20.9 and 42.2-42.4 / 43.4-43.8 / 44.1-44.4 at 4096 x 11008 against 44.0-44.3 / 44.2-44.4
// / 44.4-44.7. Two tenants in 2 x 8 x 2 kept their words: with the quad's (122 registers against
// 128) they ran 0.9-6.7 us slower. Over many row tiles two to four tenants then took 2 x 4 x 6 too
// (H200, twenty-ninth run, fused us over 12 / 16 rows at 11008 x 4096, two rounds, one build): two,
// each lane's own sign words (80 registers, 16 bytes spilled), 37.4-38.5 against 2 x 8 x
// 2's 42.4-43.4 (with the quad's words 43.2-44.6, in 4 x 4 x 4 44.7-44.9); three and four with the
// quad's words (80 registers, no spill) 45.6-47.6 / 54.6-56.9 against 2 x 8 x 3's 48.7-50.7
// / 56.9-59.2. Over fewer tiles two tenants in 2 x 4 x 6 lost 6-26 us.
template <typename T>
void launch_typed(int max_tenants, bool many_tiles, const DecodeOperands& p, cudaStream_t stream) {
    if (p.B <= kBlockRows) return launch_shape<T, 1, 4, 4, 8, 2>(p, stream);
    if (max_tenants <= 1)
        return many_tiles ? launch_shape<T, 2, 1, 2, 4, 6>(p, stream)
                          : launch_shape<T, 2, 1, 4, 8, 2>(p, stream);
    if (max_tenants <= 2)
        return many_tiles ? launch_shape<T, 2, 2, 2, 4, 6>(p, stream)
                          : launch_shape<T, 2, 2, 4, 8, 2>(p, stream);
    return many_tiles ? launch_shape<T, 2, 4, 2, 4, 6, true>(p, stream)
                      : launch_shape<T, 2, 4, 2, 8, 2>(p, stream);
}

}  // namespace

bool masked_fits(const at::Tensor& x, const at::Tensor& base, int64_t tenants) {
    const int64_t rows = x.size(0);
    const bool tenants_fit = rows <= kBlockRows || tenants <= kTwoBlockMaxTenants;
    return rows >= 2 && rows <= kMaxRows && tenants_fit && base.defined() &&
           vector_rows(x.size(1), x.data_ptr(), base.data_ptr());
}

void launch_decode_masked(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                          const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                          at::Tensor& out, bool accumulate, int64_t tenants) {
    const c10::cuda::CUDAGuard guard(x.device());
    TORCH_CHECK(masked_fits(x, base, tenants),
                "masked small-batch decode kernel: 2 to 8 rows, or up to 16 rows of at most 4 "
                "tenants, with a base, K % 8 == 0, 16-byte aligned x and base");
    DecodeOperands p{};
    fill_operands(p, x, base, bias, signs, alpha, tenant, out, accumulate);
    if (p.N == 0) return;
    // The batch's tenant bound (tenant_bound), known on the host without looking at the batch:
    // with two blocks it sizes the slots held in registers. One block always takes 4 (it runs for
    // sets of more than 4 and may stage the rest).
    const int max_tenants = static_cast<int>(tenants);
    const bool many_tiles = many_row_tiles(p.N, kTileRows);
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (x.scalar_type() == at::kHalf)
        launch_typed<__half>(max_tenants, many_tiles, p, stream);
    else
        launch_typed<__nv_bfloat16>(max_tenants, many_tiles, p, stream);
}

}  // namespace bitdelta::kernels::cuda
