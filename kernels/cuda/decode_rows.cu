// The many-row delta kernel: alpha[t_b] * S[t_b] @ x[b] for up to 64 batch rows without a base
// (DESIGN section 2: the delta half of base + delta, whose base product is cuBLAS's GEMM, and
// delta_matmul), every batch the one-row kernel (decode_gemv.cu) does not take.
//
// Why a third decode kernel: the batched kernel (decode.cu) cuts a batch of more than 16 rows into
// CTAs of 16 rows over 512 columns each, so at 64 rows every CTA repeats its setup (the row sort,
// staging x, the ticket) for a sliver of work, and a tenant's sign tile is expanded to +-1 once
// per 16 rows. Profiled at 64 rows, one tenant, 4096 x 4096 (tests/bench/HISTORY.md) it issued 0.33
// instructions per scheduler per cycle at 22 % occupancy and moved 1.7 % of DRAM's bandwidth. Here
// a CTA holds every row of the batch, so each sign word is expanded once for all rows of its
// tenant, and its warps walk their K range through a ring of sign stages that runs ahead across
// tenants and across K.
//
// Work split: a CTA owns 128 output rows (8 warps x 16) and a range of kw sign words of K; it
// stages x for all rows over that range in shared memory once (cp.async, no registers), rewrites
// it in place into the sign layout of sign_layout_quarter (common.cuh), and each warp streams its
// 16 rows of sign words for every (tenant, 16-word block) pair through a private cp.async ring.
// The products run on the tensor cores (mma.m16n8k16, fp32 accumulators): per sign word and 8
// rows, one 16-byte shared load and two MMAs. Behind the staged rows sits one row of zeros: an MMA
// over a block of 8 sorted rows reads it in place of the rows of other tenants (and of rows past
// B), so no fragment is ever masked in the product loops.
//
// Measured on the H200 (tests/bench/HISTORY.md, 2026-12-02 sixth run), delta only, fp16, at
// 4096x4096 / 11008x4096 / 4096x11008: 64 rows of one tenant 34.5 / 56.2 / 71.0 us (35.7 / 74.6 /
// 76.2 in the fifth run, before the rotated permute and the cluster reduction), 64 rows of 64
// tenants 140 / 388 / 381 us, 64 rows of 32 tenants 83 / 208 / 216 us. At one tenant each warp runs
// a single ring stage, and the fixed work of a CTA (sort, staging, permute, split-K epilogue) took
// three quarters of the PC samples of the fifth run. Where the grid runs several waves with at
// most 8 CTAs along K, those CTAs form a thread-block cluster and add up their partial tiles
// through distributed shared memory (cluster_reduce.cuh, cluster_plan.h) instead of the global
// split-K epilogue (split_k.cuh). Tried and not kept: plain stores into per-CTA slices instead of
// atomics (40.3 / 78.2 / 95.6 us), K along blockIdx.x so the CTAs of a tile run in one wave (37.3 /
// 79.8 / 81.2 against 36.7 / 76.7 / 78.7), 1024 columns per CTA at one CTA per SM (35.1 / 59.8 /
// 72.1, and 1.1-1.2x slower with 32-64 tenants).
#include "cuda/cluster_plan.h"
#include "cuda/cluster_reduce.cuh"
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/launchers.h"
#include "cuda/smem_limit.h"
#include "cuda/split_k.cuh"
#include "cuda/tenant_rows.cuh"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

#include <atomic>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kWarps = 8;
constexpr int kThreads = kWarps * 32;
constexpr int kRowsPerCta = kWarps * 16;
constexpr int kMaxRows = static_cast<int>(kDecodeMaxRows);
static_assert(kMaxRows <= kSortMaxRows, "the row sort holds every row of a call");
constexpr int kBlockWords = 16;                // sign words (512 columns) per ring stage
constexpr int kStageWords = 16 * kBlockWords;  // a warp's 16 rows of one stage: 1 KB
constexpr int kStages = 5;                     // ring slots per warp: 4 stages in flight
static_assert(kBlockWords == 16, "a slot row is 4 word quads (issue_stage, swizzle)");
constexpr int kRingBytes = kWarps * kStages * kStageWords * 4;

struct RowsParams : SplitOperands {  // kw: a multiple of kBlockWords
    int stride;                      // row pitch of the staged x, in elements: x_stride(kw)
    int vec_x;                       // x rows 16-byte aligned with K % 8 == 0: 16-byte copies of x
};

struct SmemHeader : SortedRows {
    int is_last;
};
constexpr int kHeaderBytes = (static_cast<int>(sizeof(SmemHeader)) + 127) / 128 * 128;

// Row pitch of the staged x, in elements: 64 (mod 128) bytes, so the 16-byte fragment loads of
// one quarter warp (rows g, g + 1, four column groups each) hit distinct banks.
int x_stride(int kw) {
    return kw * 32 + 32;
}

// The rows of x, the zero row behind them, and the sign rings. A cluster's parked partial tile
// (cluster_reduce.cuh) overlays x once the products are done.
int smem_bytes(int rows, int kw) {
    static_assert(park_bytes(kMaxRows) <= (kMaxRows + 1) * (kBlockWords * 32 + 32) * 2,
                  "the parked tile fits where x was");
    return kHeaderBytes + (rows + 1) * x_stride(kw) * 2 + kRingBytes;
}

// Word quad q of sign row r sits at quad q ^ swizzle(r) of the row in a ring slot: the 16-byte
// reads of rows g = 0..7 then hit distinct banks (rows are 64 bytes apart, so unswizzled four rows
// would share each bank group).
__device__ __forceinline__ int swizzle(int row) {
    return (row >> 1) & 3;
}

// Starts copying the ring stage of tenant group gi, word block jb (this warp's 16 sign rows) into
// dst; rows past N, words past the CTA's range and invalid tenants become zeros.
__device__ __forceinline__ void issue_stage(const RowsParams& p, const SmemHeader& h, int gi,
                                            int jb, int n0, int wbeg, int nwords, uint32_t* dst,
                                            int lane) {
    const uint32_t* sp = h.sign_row[h.gbeg[gi]];
    const int w0 = jb * kBlockWords;  // first word of the block, from wbeg
    if (p.vec_words) {
        // 16 rows x 4 quads; nwords % 4 == 0, so a quad is all inside the range or all out.
#pragma unroll
        for (int i = 0; i < 2; ++i) {
            const int id = lane + 32 * i, row = id >> 2, q = id & 3;
            uint32_t* d = dst + row * kBlockWords + 4 * (q ^ swizzle(row));
            if (sp != nullptr && n0 + row < p.N && w0 + 4 * q < nwords)
                cp_async16(d, sp + static_cast<int64_t>(n0 + row) * p.words + wbeg + w0 + 4 * q);
            else
                *reinterpret_cast<uint4*>(d) = make_uint4(0, 0, 0, 0);
        }
    } else {
#pragma unroll
        for (int i = 0; i < 8; ++i) {
            const int id = lane + 32 * i, row = id >> 4, w = id & 15;
            uint32_t* d = dst + row * kBlockWords + 4 * ((w >> 2) ^ swizzle(row)) + (w & 3);
            if (sp != nullptr && n0 + row < p.N && w0 + w < nwords)
                cp_async4(d, sp + static_cast<int64_t>(n0 + row) * p.words + wbeg + w0 + w);
            else
                *d = 0u;
        }
    }
}

// Copies columns k0 .. k0 + kr - 1 of every sorted row of x into shared memory in natural order,
// and zeros up to column ks (the end of the last word block, whose zero sign words expand to -1),
// past K, and all of row B (the zero row). ks is a multiple of 512, so a thread keeps one column
// slot and walks rows: no index division per element.
__device__ __forceinline__ void stage_x(const RowsParams& p, const SmemHeader& h, uint16_t* xs,
                                        int k0, int kr, int ks) {
    const int rows = p.B + 1;
    if (p.vec_x) {
        constexpr int kSlots = 64;  // 8-column vectors of a 512-column block
        static_assert(kThreads % kSlots == 0, "whole rows per pass");
        const int col0 = 8 * (threadIdx.x % kSlots);
        for (int r = threadIdx.x / kSlots; r < rows; r += kThreads / kSlots) {
            const uint16_t* src = p.x + (r < p.B ? static_cast<int64_t>(h.perm[r]) * p.K : 0) + k0;
            for (int col = col0; col < ks; col += 8 * kSlots) {
                uint16_t* d = xs + r * p.stride + col;
                if (r < p.B && col < kr && k0 + col < p.K)  // K % 8 == 0: all inside K or all out
                    cp_async16(d, src + col);
                else
                    *reinterpret_cast<uint4*>(d) = make_uint4(0, 0, 0, 0);
            }
        }
        return;
    }
    for (int r = 0; r < rows; ++r) {
        const uint16_t* src = p.x + (r < p.B ? static_cast<int64_t>(h.perm[r]) * p.K : 0) + k0;
        for (int col = threadIdx.x; col < ks; col += kThreads)
            xs[r * p.stride + col] = r < p.B && col < kr && k0 + col < p.K ? src[col] : uint16_t(0);
    }
}

// One of four 16-byte vectors by a run-time index, through selects (an indexed register array
// would go to local memory).
__device__ __forceinline__ uint4 pick(const uint4 (&v)[4], int i) {
    return i == 0 ? v[0] : i == 1 ? v[1] : i == 2 ? v[2] : v[3];
}

// Rewrites the staged rows (not the zero row, which stays zero in any order) word by word into
// the sign layout. Every 32-column word is read whole before it is written, so in place is safe.
// A quarter warp holds 8 consecutive words of one row, 64 bytes apart, so in natural order its
// 16-byte accesses would fall on two bank groups (4-way conflicts). kRotate starts the pairs of
// threads at quarters 0..3 of their words: 8 distinct bank groups. Measured on the H200
// (tests/bench/HISTORY.md, sixth run), delta only, 64 rows of one tenant: 37.3 -> 35.8 / 79.8 ->
// 73.4 / 81.2 -> 74.5 us; at 4 rows, where few words move, the selects cost 0.2-0.8 us, so only
// batches over 8 rows rotate.
template <bool kRotate>
__device__ __forceinline__ void permute_x(const RowsParams& p, uint16_t* xs, int ks) {
    constexpr int kSlots = kBlockWords;  // words of a 512-column block
    const int w0 = threadIdx.x % kSlots;
    const int rot = kRotate ? (threadIdx.x >> 1) & 3 : 0;
    for (int r = threadIdx.x / kSlots; r < p.B; r += kThreads / kSlots) {
        for (int w = w0; w < ks / 32; w += kSlots) {
            uint4* word = reinterpret_cast<uint4*>(xs + r * p.stride + 32 * w);
            uint4 got[4], v[4], out[4];  // got[q]: quarter q + rot of the word
#pragma unroll
            for (int q = 0; q < 4; ++q)
                got[q] = word[(q + rot) & 3];
#pragma unroll
            for (int k = 0; k < 4; ++k)
                v[k] = pick(got, (k - rot) & 3);
#pragma unroll
            for (int q = 0; q < 4; ++q)
                out[q] = sign_layout_quarter(v, q);
#pragma unroll
            for (int q = 0; q < 4; ++q)
                word[(q + rot) & 3] = pick(out, (q + rot) & 3);
        }
    }
}

// Loads the B fragments of one sign word from the sign-layout x at xrow.
__device__ __forceinline__ void x_fragments(const uint16_t* xrow, uint32_t (&b0)[2],
                                            uint32_t (&b1)[2]) {
    const uint4 v = *reinterpret_cast<const uint4*>(xrow);
    b0[0] = v.x, b0[1] = v.y, b1[0] = v.z, b1[1] = v.w;
}

template <typename T, int NB>
__global__ void __launch_bounds__(kThreads, 2) delta_rows_kernel(const RowsParams p) {
    extern __shared__ __align__(16) unsigned char smem[];
    SmemHeader& h = *reinterpret_cast<SmemHeader*>(smem);
    uint16_t* xs = reinterpret_cast<uint16_t*>(smem + kHeaderBytes);
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    uint32_t* ring =
        reinterpret_cast<uint32_t*>(xs + (p.B + 1) * p.stride) + warp * kStages * kStageWords;
    const int B = p.B;
    const int n0 = blockIdx.x * kRowsPerCta + warp * 16;
    const int rg = n0 + g, rg8 = n0 + g + 8;
    const int wbeg = blockIdx.y * p.kw;
    const int nwords = min(p.kw, p.words - wbeg);
    const int nblocks = (nwords + kBlockWords - 1) / kBlockWords;
    const int k0 = wbeg * 32;

    sort_rows_by_tenant(p, h, 0, B);
    const int stages = h.ngroups * nblocks;

    // x first (the oldest cp.async group), then the ring's first stages behind it. Stages run in
    // (tenant group, word block) order, the issue cursor kStages - 1 ahead of the compute cursor.
    stage_x(p, h, xs, k0, nwords * 32, nblocks * kBlockWords * 32);
    cp_async_commit();
    const bool active = n0 < p.N;
    int igi = 0, ijb = 0;  // the next stage to issue
    auto issue_next = [&](int slot) {
        if (active && igi < h.ngroups)
            issue_stage(p, h, igi, ijb, n0, wbeg, nwords, ring + slot * kStageWords, lane);
        cp_async_commit();
        if (++ijb == nblocks) ijb = 0, ++igi;
    };
    for (int s = 0; s < kStages - 1; ++s)
        issue_next(s);
    cp_async_wait<kStages - 1>();
    __syncthreads();
    permute_x<(NB > 1)>(p, xs, nblocks * kBlockWords * 32);
    __syncthreads();

    float acc[NB][4];
#pragma unroll
    for (int nb = 0; nb < NB; ++nb)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            acc[nb][e] = 0.f;

    if (active) {
        const int sw = swizzle(g);  // = swizzle(g + 8)
        int slot = 0, gi = 0, jb = 0;
        for (int s = 0; s < stages; ++s) {
            cp_async_wait<kStages - 2>();
            __syncwarp();  // every lane's copies of this stage landed; last stage's reads are done
            issue_next(slot == 0 ? kStages - 1 : slot - 1);
            const uint32_t* st = ring + slot * kStageWords;
            slot = slot + 1 == kStages ? 0 : slot + 1;
            const int cgi = gi, cjb = jb;
            if (++jb == nblocks) jb = 0, ++gi;

            const int r0 = h.gbeg[cgi], r1 = h.gbeg[cgi + 1];
            if (h.sign_row[r0] == nullptr) continue;  // its rows stay NaN through alpha
            const int col0 = cjb * kBlockWords * 32 + 8 * c;
            const int nb_lo = r0 >> 3, nb_hi = (r1 - 1) >> 3;
            // Sign words j of rows g and g + 8, four at a time from the swizzled slot.
            auto words = [&](int q, uint4& a, uint4& b) {
                a = reinterpret_cast<const uint4*>(st + g * kBlockWords)[q ^ sw];
                b = reinterpret_cast<const uint4*>(st + (g + 8) * kBlockWords)[q ^ sw];
            };
            if (nb_lo == nb_hi) {
                // The tenant's rows sit in one 8-row block (every tenant when rows ~ tenants): two
                // accumulator chains of half the length, added into the block once. The other
                // rows of the block read the zero row, so their sums are zero.
                const uint16_t* xrow =
                    xs + tenant_row_or_zero(nb_lo * 8 + g, r0, r1, B) * p.stride + col0;
                float even[4] = {0.f, 0.f, 0.f, 0.f}, odd[4] = {0.f, 0.f, 0.f, 0.f};
#pragma unroll
                for (int q = 0; q < kBlockWords / 4; ++q) {
                    uint4 wa, wb;
                    words(q, wa, wb);
                    const uint32_t cg[4] = {wa.x, wa.y, wa.z, wa.w},
                                   cg8[4] = {wb.x, wb.y, wb.z, wb.w};
#pragma unroll
                    for (int i = 0; i < 4; ++i) {
                        uint32_t hg[4], hg8[4], b0[2], b1[2];
                        expand_sign_word<T>(cg[i], cg8[i], c, hg, hg8);
                        x_fragments(xrow + 32 * (4 * q + i), b0, b1);
                        sign_word_mma<T>((i & 1) ? odd : even, hg, hg8, b0, b1);
                    }
                }
                add_block_sums<NB>(acc, even, odd, nb_lo);
                continue;
            }
            // A tenant over several blocks. One that fills every block of the template (64
            // rows of one tenant, say) runs a loop without a predicate per MMA (a predicated MMA
            // costs a warp sync and a NOP around it), one word per iteration (unrolled by two it
            // spills at NB = 8); any other reads the zero row for the rows of other tenants,
            // through one offset per block.
            if (r0 == 0 && r1 == B && B == NB * 8) {
                const uint16_t* xg = xs + g * p.stride + col0;  // row nb * 8 + g at nb * x8
                const int x8 = 8 * p.stride;
#pragma unroll 1
                for (int j = 0; j < kBlockWords; ++j) {
                    const int at = 4 * ((j >> 2) ^ sw) + (j & 3);  // word j in its swizzled quad
                    uint32_t hg[4], hg8[4];
                    expand_sign_word<T>(st[g * kBlockWords + at], st[(g + 8) * kBlockWords + at], c,
                                        hg, hg8);
#pragma unroll
                    for (int nb = 0; nb < NB; ++nb) {
                        uint32_t b0[2], b1[2];
                        x_fragments(xg + nb * x8 + 32 * j, b0, b1);
                        sign_word_mma<T>(acc[nb], hg, hg8, b0, b1);
                    }
                }
                continue;
            }
            int xo[NB];
#pragma unroll
            for (int nb = 0; nb < NB; ++nb)
                xo[nb] = tenant_row_or_zero(nb * 8 + g, r0, r1, B) * p.stride + col0;
#pragma unroll
            for (int q = 0; q < kBlockWords / 4; ++q) {
                uint4 wa, wb;
                words(q, wa, wb);
                const uint32_t cg[4] = {wa.x, wa.y, wa.z, wa.w}, cg8[4] = {wb.x, wb.y, wb.z, wb.w};
#pragma unroll
                for (int i = 0; i < 4; ++i) {
                    uint32_t hg[4], hg8[4];
                    expand_sign_word<T>(cg[i], cg8[i], c, hg, hg8);
#pragma unroll
                    for (int nb = 0; nb < NB; ++nb) {
                        if (nb >= nb_lo && nb <= nb_hi) {
                            uint32_t b0[2], b1[2];
                            x_fragments(xs + xo[nb] + 32 * (4 * q + i), b0, b1);
                            sign_word_mma<T>(acc[nb], hg, hg8, b0, b1);
                        }
                    }
                }
            }
        }
        cp_async_wait<0>();
    }
    const int nbeg = blockIdx.x * kRowsPerCta;
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (p.cluster) {
        reduce_in_cluster<T, NB>(
            p, h, [&](int nb, int e, float alpha) { return alpha * acc[nb][e]; },
            reinterpret_cast<float*>(xs), B, nbeg);
        return;
    }
#else
    if (p.cluster) __trap();  // the host never asks this of a pre-Hopper binary (cluster_plan.h)
#endif
    if (active)
        store_tiles<T, NB>(p, p.ws, p.ksplit, h, B, rg, rg8, c,
                           [&](int nb, int e, float alpha) { return alpha * acc[nb][e]; });
    if (p.ksplit == 1) return;
    finish_split_k<T>(p, p.ws, p.counters + blockIdx.x, p.ksplit, h.perm, B, nbeg,
                      min(kRowsPerCta, p.N - nbeg), h.is_last);
}

// Sign words per CTA: 1024 columns while the grid still gives every SM two CTAs and x for all
// rows fits two CTAs per SM, else 512 (one ring stage per tenant).
int choose_kw(int rows, int words, int tiles, int sms, int optin) {
    int kw = 2 * kBlockWords;
    const auto ctas = [&](int w) { return static_cast<int64_t>(tiles) * ((words + w - 1) / w); };
    if (ctas(kw) < 2 * sms || 2 * smem_bytes(rows, kw) > optin) kw = kBlockWords;
    return kw;
}

template <typename T, int NB>
void launch_typed(RowsParams p, const at::Tensor& like, cudaStream_t stream) {
    auto kernel = delta_rows_kernel<T, NB>;
    static std::atomic<bool> raised[kMaxSmemDevices];
    const SmemDevice dev = raise_smem_limit(kernel, raised);
    const int optin = dev.optin;
    const int tiles = (p.N + kRowsPerCta - 1) / kRowsPerCta;
    p.kw = choose_kw(p.B, p.words, tiles, dev.props->multiProcessorCount, optin);
    p.stride = x_stride(p.kw);
    const int bytes = smem_bytes(p.B, p.kw);
    TORCH_CHECK(bytes <= optin, "delta rows kernel: ", p.B, " rows do not fit shared memory");
    p.ksplit = (p.words + p.kw - 1) / p.kw;
    p.cluster = cluster_along_k(kernel, dev, p.ksplit, tiles, bytes, kThreads) ? 1 : 0;
    launch_split_along_k(kernel, p, tiles, kThreads, bytes, like, stream);
}

template <typename T>
void launch_nb(const RowsParams& p, const at::Tensor& like, cudaStream_t stream) {
    if (p.B <= 8) return launch_typed<T, 1>(p, like, stream);
    if (p.B <= 16) return launch_typed<T, 2>(p, like, stream);
    if (p.B <= 32) return launch_typed<T, 4>(p, like, stream);
    return launch_typed<T, 8>(p, like, stream);
}

}  // namespace

void launch_delta_rows(const at::Tensor& x, const at::Tensor& bias, const SignSet& signs,
                       const at::Tensor& alpha, const at::Tensor& tenant, at::Tensor& out,
                       bool accumulate) {
    const c10::cuda::CUDAGuard guard(x.device());
    RowsParams p{};
    fill_operands(p, x, at::Tensor(), bias, signs, alpha, tenant, out, accumulate);
    if (p.B == 0 || p.N == 0) return;
    TORCH_CHECK(p.B <= kMaxRows, "delta rows kernel takes at most ", kMaxRows, " rows");
    const int optin =
        static_cast<int>(at::cuda::getCurrentDeviceProperties()->sharedMemPerBlockOptin);
    if (p.B > 1 && smem_bytes(p.B, kBlockWords) > optin) {
        // A GPU with less shared memory per block (sm_89: 99 KB holds x for 52 rows) takes the
        // batch in two halves; a tenant with rows in both has its signs read twice.
        const int64_t half = p.B / 2;
        for (const int64_t b0 : {int64_t{0}, half}) {
            const int64_t n = b0 == 0 ? half : p.B - half;
            at::Tensor part = out.narrow(0, b0, n);
            launch_delta_rows(x.narrow(0, b0, n), bias, signs, alpha, tenant.narrow(0, b0, n), part,
                              accumulate);
        }
        return;
    }
    p.vec_x = vector_rows(p.K, x.data_ptr()) ? 1 : 0;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (x.scalar_type() == at::kHalf)
        launch_nb<__half>(p, x, stream);
    else
        launch_nb<__nv_bfloat16>(p, x, stream);
}

}  // namespace bitdelta::kernels::cuda
