// The many-row delta kernel: alpha[t_b] * S[t_b] @ x[b] for up to 64 batch rows without a base
// (DESIGN section 2: the delta half of base + delta, whose base product is cuBLAS's GEMM, and
// delta_matmul), every batch the one-row kernel (decode_gemv.cu) does not take.
//
// Why a third decode kernel: the batched kernel (decode.cu) cuts a batch of more than 16 rows into
// CTAs of 16 rows over 512 columns each, so at 64 rows every CTA repeats its setup (the row sort,
// staging x, the ticket) for a sliver of work, and a tenant's sign tile is expanded to +-1 once
// per 16 rows. Profiled at 64 rows, one tenant, 4096 x 4096 (tests/bench/README.md) it issued 0.33
// instructions per scheduler per cycle at 22 % occupancy and moved 1.7 % of DRAM's bandwidth. Here
// a CTA holds every row of the batch, so each sign word is expanded once for all rows of its
// tenant, and its warps walk their K range through a ring of sign stages that runs ahead across
// tenants and across K.
//
// Work split: a CTA owns 128 output rows (8 warps x 16) and a range of kw sign words of K; it
// stages x for all rows over that range in shared memory once, in natural column order (cp.async,
// no registers), and each warp streams its 16 rows of sign words for every (tenant, 16-word block)
// pair through a private cp.async ring. The products run on the tensor cores (mma.m16n8k16, fp32
// accumulators) in the sign layout of decode.cu: bit p and p + 16 of a word share one half2, so
// each x fragment is two 8-byte shared loads and four byte permutes.
//
// Measured on the H200 (tests/bench/README.md, 2026-12-02 fourth run), delta only, fp16, at
// 4096x4096 / 11008x4096 / 4096x11008 against the batched kernel: 64 rows of one tenant 37.5 /
// 78.8 / 79.7 us (47.4 / 116.8 / 114.0), 4 and 16 rows faster or equal on every row, 64 rows of 64
// tenants 191 / 525 / 523 us (174 / 441 / 450): slower, since each one-row tenant then costs a
// whole ring stage of sign expansion, MMAs and bookkeeping per warp, and this kernel has a quarter
// of the batched kernel's CTAs to hide that in.
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

struct RowsParams : DecodeOperands {
    float* ws;      // [B, N] fp32, zero on entry and on exit (split-K only)
    int* counters;  // [row tiles], zero on entry and on exit (split-K only)
    int kw;         // sign words of K per CTA, a multiple of kBlockWords
    int ksplit;     // CTAs along K
    int stride;     // row pitch of the staged x, in elements: kw * 32 + 16
    int vec_words;  // sign rows 16-byte aligned with words % 4 == 0: 16-byte ring copies
    int vec_x;      // x rows 16-byte aligned with K % 8 == 0: 16-byte copies of x
};

struct SmemHeader : TenantRows {
    int is_last;
};
constexpr int kHeaderBytes = (static_cast<int>(sizeof(SmemHeader)) + 127) / 128 * 128;

int smem_bytes(int rows, int kw) {
    return kHeaderBytes + rows * (kw * 32 + 16) * 2 + kRingBytes;
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

// Copies columns k0 .. k0 + kr - 1 of every sorted row of x into shared memory, and zeros up to
// column ks (the end of the last word block, whose zero sign words expand to -1) and past K.
__device__ __forceinline__ void stage_x(const RowsParams& p, const SmemHeader& h, uint16_t* xs,
                                        int k0, int kr, int ks) {
    if (p.vec_x) {
        const int vpr = ks / 8;  // 8-column vectors per row
        for (int idx = threadIdx.x; idx < p.B * vpr; idx += kThreads) {
            const int r = idx / vpr, col = (idx - r * vpr) * 8;
            uint16_t* d = xs + r * p.stride + col;
            if (col < kr && k0 + col < p.K)  // K % 8 == 0: a vector is all inside K or all out
                cp_async16(d, p.x + static_cast<int64_t>(h.perm[r]) * p.K + k0 + col);
            else
                *reinterpret_cast<uint4*>(d) = make_uint4(0, 0, 0, 0);
        }
        return;
    }
    for (int idx = threadIdx.x; idx < p.B * ks; idx += kThreads) {
        const int r = idx / ks, col = idx - r * ks;
        xs[r * p.stride + col] = col < kr && k0 + col < p.K
                                     ? p.x[static_cast<int64_t>(h.perm[r]) * p.K + k0 + col]
                                     : uint16_t(0);
    }
}

// The B fragments of one 32-column word for sorted row r: x columns 4c + i and 4c + i + 16 paired
// in one register (the sign layout), from two 8-byte loads and four byte permutes.
__device__ __forceinline__ void x_fragments(const uint16_t* xrow, uint32_t (&b0)[2],
                                            uint32_t (&b1)[2]) {
    const uint2 lo = *reinterpret_cast<const uint2*>(xrow);
    const uint2 hi = *reinterpret_cast<const uint2*>(xrow + 16);
    b0[0] = __byte_perm(lo.x, hi.x, 0x5410);
    b0[1] = __byte_perm(lo.x, hi.x, 0x7632);
    b1[0] = __byte_perm(lo.y, hi.y, 0x5410);
    b1[1] = __byte_perm(lo.y, hi.y, 0x7632);
}

template <typename T, int NB>
__global__ void __launch_bounds__(kThreads, 2) delta_rows_kernel(const RowsParams p) {
    extern __shared__ __align__(16) unsigned char smem[];
    SmemHeader& h = *reinterpret_cast<SmemHeader*>(smem);
    uint16_t* xs = reinterpret_cast<uint16_t*>(smem + kHeaderBytes);
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    uint32_t* ring =
        reinterpret_cast<uint32_t*>(xs + p.B * p.stride) + warp * kStages * kStageWords;
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
            const int col0 = cjb * kBlockWords * 32 + 4 * c;
            const int nb_lo = r0 >> 3, nb_hi = (r1 - 1) >> 3;
            // Sign words j of rows g and g + 8, four at a time from the swizzled slot.
            auto words = [&](int q, uint4& a, uint4& b) {
                a = reinterpret_cast<const uint4*>(st + g * kBlockWords)[q ^ sw];
                b = reinterpret_cast<const uint4*>(st + (g + 8) * kBlockWords)[q ^ sw];
            };
            if (nb_lo == nb_hi) {
                // The tenant's rows sit in one 8-row block (every tenant when rows ~ tenants): two
                // accumulator chains of its own, no masking per word; the other tenants' rows of
                // the block are dropped once, when the sums are added.
                const uint16_t* xrow = xs + min(nb_lo * 8 + g, B - 1) * p.stride + col0;
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
                add_block_rows<NB>(acc, even, odd, nb_lo, r0, r1, c);
                continue;
            }
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
                            const int r = nb * 8 + g;
                            uint32_t b0[2], b1[2];
                            x_fragments(xs + min(r, B - 1) * p.stride + col0 + 32 * (4 * q + i), b0,
                                        b1);
                            if (r < r0 || r >= r1) b0[0] = b0[1] = b1[0] = b1[1] = 0u;
                            sign_word_mma<T>(acc[nb], hg, hg8, b0, b1);
                        }
                    }
                }
            }
        }
        cp_async_wait<0>();

        store_tiles<T, NB>(p, p.ws, p.ksplit, h, B, rg, rg8, c,
                           [&](int nb, int e, float alpha) { return alpha * acc[nb][e]; });
    }
    if (p.ksplit == 1) return;
    const int nbeg = blockIdx.x * kRowsPerCta;
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
    p.ksplit = (p.words + p.kw - 1) / p.kw;
    p.stride = p.kw * 32 + 16;  // row pitch = 8 words (mod 32): conflict-free 8-byte x loads
    const int bytes = smem_bytes(p.B, p.kw);
    TORCH_CHECK(bytes <= optin, "delta rows kernel: ", p.B, " rows do not fit shared memory");
    if (p.ksplit > 1) {
        const SplitWorkspace ws = split_workspace(like, static_cast<int64_t>(p.B) * p.N, tiles);
        p.ws = ws.sums;
        p.counters = ws.counters;
    }
    kernel<<<dim3(tiles, p.ksplit), kThreads, bytes, stream>>>(p);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
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
    p.vec_words = vector_sign_rows(signs) ? 1 : 0;
    p.vec_x = vector_rows(p.K, x.data_ptr()) ? 1 : 0;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (x.scalar_type() == at::kHalf)
        launch_nb<__half>(p, x, stream);
    else
        launch_nb<__nv_bfloat16>(p, x, stream);
}

}  // namespace bitdelta::kernels::cuda
