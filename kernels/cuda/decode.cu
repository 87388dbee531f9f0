// The batched decode kernel: multi-tenant base + 1-bit delta product for B <= 64 rows (DESIGN
// section 2). A batch of one row takes the one-row kernel instead (decode_gemv.cu) when it fits,
// 2 to 8 rows of at most 4 tenants the small-batch kernel (decode_small.cu), and 2 to 8 rows of a
// larger set or 9 to 16 rows of at most 4 tenants its masked form (decode_masked.cu).
//
// Work split: a CTA owns 128 output rows (8 warps x 16), a range of at most 512 columns of K
// (split-K; the host picks the range, see choose_split) and at most 16 of the batch rows sorted by
// tenant (adjacent CTAs take the other rows of the same W slice, which they then read from L2).
// It stages its slice of x (its rows, sorted by tenant) in shared memory twice, once in natural
// column order for the base product and once permuted for the delta product, then each warp streams
// its 16 rows of W_base (16-byte loads, the first group issued before the setup) and, for each
// distinct tenant of the batch, that tenant's 16 rows of sign words (cp.async through a per-warp
// ring, up to six tenants ahead). Both products run on the tensor cores (mma.m16n8k16, fp32
// accumulators).
//
// Why the permutation: a dot product does not care in which order K is summed, so each operand may
// map K columns to MMA fragment slots freely as long as A and B agree. For the signs the mapping
// puts bit p and bit p + 16 of a word into one half2 register, which one shift and one LOP3 produce
// (common.cuh). For W the mapping lets one 16-byte load feed two MMAs. The x slices in shared
// memory carry the matching orders.
//
// Grouping: rows are rank-sorted by tenant inside each CTA (B <= 64, a few hundred cycles), so the
// rows of a tenant are contiguous; an MMA over a block of 8 sorted rows reads the zero row in
// place of the rows of other tenants (no masking in the loops), and each tenant's sign tile is read
// once per CTA, i.e. once per call from DRAM (a tenant whose rows straddle two 16-row CTAs is read
// by both, the second time from L2). A tenant whose rows all sit in one 8-row block (every tenant
// when B = T) sums into two accumulators of its own, two MMA chains of half the length, added
// into the block once at the end (1.2-1.9x at B = T >= 16).
//
// Split-K partial sums go to an fp32 workspace with atomics; the last CTA of each row tile (atomic
// ticket) writes the final dtype output and zeroes its workspace slice again, so the workspace
// stays zero between calls without a memset launch.
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

#include <algorithm>
#include <atomic>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kWarps = 8;
constexpr int kThreads = kWarps * 32;
constexpr int kRowsPerCta = kWarps * 16;
constexpr int kMaxWords = 16;  // sign words (32 columns each) of K per CTA
constexpr int kMaxB = static_cast<int>(kDecodeMaxRows);
static_assert(kMaxB <= kSortMaxRows, "the row sort holds every row of a call");
constexpr int kBaseGroup = 8;      // W chunks loaded before use (memory-level parallelism)
constexpr int kRowsPerSplit = 16;  // sorted batch rows per CTA when B is larger (launch_decode)

struct DecodeParams : DecodeOperands {
    float* ws;      // [B, N] fp32, zero on entry and on exit (split-K only)
    int* counters;  // [row tiles x rsplit], zero on entry and on exit (split-K only)
    int rows;       // sorted rows per CTA (the host's row split), at most B
    int rsplit;     // CTAs per row tile and K range along the batch: ceil(B / rows)
    int kw;         // sign words of K per CTA, at most kMaxWords
    int ksplit;     // CTAs along K
    int stride;     // row pitch of the staged x, in elements
    int stages;     // sign tiles in flight per warp, 1..kSignStages
    int vec_x;      // x rows are 16-byte aligned: stage x with 16-byte loads
};

struct SmemHeader : SortedRows {
    int is_last;
};
constexpr int kHeaderBytes = (static_cast<int>(sizeof(SmemHeader)) + 127) / 128 * 128;

// Each warp streams its tenants' 16-row sign tiles through a private ring of shared memory with
// cp.async, up to kSignStages tiles ahead: with many tenants the delta pass is a chain of small
// loads, and one tile in flight per warp left it latency-bound (4 us per tenant at B = T = 64). The
// host sizes the ring to the tenants a CTA can have (at most its 16 rows), no deeper.
constexpr int kSignStages = 6;
constexpr int kTileWords = 16 * kMaxWords;  // 16 rows x kMaxWords words, row pitch 64 bytes

// wait_group takes an immediate; the ring depth is a launch parameter (uniform across the CTA).
__device__ __forceinline__ void cp_async_wait_dynamic(int pending) {
    static_assert(kSignStages == 6, "one case per ring depth");
    switch (pending) {
        case 0:
            cp_async_wait<0>();
            break;
        case 1:
            cp_async_wait<1>();
            break;
        case 2:
            cp_async_wait<2>();
            break;
        case 3:
            cp_async_wait<3>();
            break;
        case 4:
            cp_async_wait<4>();
            break;
        default:
            cp_async_wait<5>();
            break;
    }
}

// Starts copying group gi's sign tile (this warp's 16 rows, this CTA's words) into ring slot dst;
// words outside the matrix, and tiles of invalid tenants, are zero-filled.
__device__ __forceinline__ void issue_sign_tile(const DecodeParams& p, const SmemHeader& h, int gi,
                                                int n0, int wbeg, int nwords, uint32_t* dst,
                                                int lane) {
    const uint32_t* sp = h.sign_row[h.gbeg[gi]];
    if (p.vec_words) {
#pragma unroll
        for (int i = 0; i < 2; ++i) {  // 16 rows x 4 chunks of 16 bytes
            const int id = lane + 32 * i, row = id >> 2, q = id & 3;
            uint32_t* d = dst + row * kMaxWords + 4 * q;
            if (sp != nullptr && n0 + row < p.N && 4 * q < nwords)
                cp_async16(d, sp + static_cast<int64_t>(n0 + row) * p.words + wbeg + 4 * q);
            else
                *reinterpret_cast<uint4*>(d) = make_uint4(0, 0, 0, 0);
        }
    } else {
#pragma unroll
        for (int i = 0; i < 8; ++i) {  // 16 rows x 16 words
            const int id = lane + 32 * i, row = id >> 4, w = id & 15;
            uint32_t* d = dst + row * kMaxWords + w;
            if (sp != nullptr && n0 + row < p.N && w < nwords)
                cp_async4(d, sp + static_cast<int64_t>(n0 + row) * p.words + wbeg + w);
            else
                *d = 0u;
        }
    }
}

// Column 4c + 2s + e (+16 when hi) of a 32-column chunk -> slot 8c + 4s + 2e + hi.
__device__ __forceinline__ int permuted_slot(int col) {
    const int q = col & 15, hi = (col >> 4) & 1;
    return (col & ~31) + 8 * (q >> 2) + 4 * ((q & 3) >> 1) + 2 * (q & 1) + hi;
}

// Stages this CTA's K slice of its B sorted rows in natural and permuted order, and behind them
// row B of zeros in both (the MMAs read it in place of rows past B and of other tenants' rows).
// With 16-byte aligned rows a thread takes whole 32-column chunks, loads them in batches of kUnroll
// before it stores (one memory round trip per batch rather than per element), and builds the
// permuted order from the loaded registers (sign_layout_quarter): one byte permute per register
// and one 16-byte store per quarter.
__device__ __forceinline__ void stage_x(const DecodeParams& p, const SmemHeader& h, int B,
                                        uint16_t* xs_nat, uint16_t* xs_perm, int k0, int kr) {
    const int tid = threadIdx.x;
    if (p.vec_x) {
        constexpr int kUnroll = 2;
        const int cpr = kr / 32;          // 32-column chunks per row
        const int total = (B + 1) * cpr;  // row B: the zero row
        for (int i0 = 0; i0 < total; i0 += kThreads * kUnroll) {
            uint4 v[kUnroll][4];
#pragma unroll
            for (int u = 0; u < kUnroll; ++u) {
                const int idx = i0 + u * kThreads + tid;
                const int r = idx / cpr, col = (idx - r * cpr) * 32;
                const uint4* src = reinterpret_cast<const uint4*>(
                    p.x + static_cast<int64_t>(h.perm[min(r, B - 1)]) * p.K + k0 + col);
#pragma unroll
                for (int q = 0; q < 4; ++q)  // K % 8 == 0: a vector is all inside K or all out
                    v[u][q] = (idx < total && r < B && k0 + col + 8 * q < p.K)
                                  ? __ldg(src + q)
                                  : make_uint4(0, 0, 0, 0);
            }
#pragma unroll
            for (int u = 0; u < kUnroll; ++u) {
                const int idx = i0 + u * kThreads + tid;
                if (idx >= total) continue;
                const int r = idx / cpr, col = (idx - r * cpr) * 32;
                uint4* nat = reinterpret_cast<uint4*>(xs_nat + r * p.stride + col);
                uint4* perm = reinterpret_cast<uint4*>(xs_perm + r * p.stride + col);
#pragma unroll
                for (int q = 0; q < 4; ++q) {
                    nat[q] = v[u][q];
                    perm[q] = sign_layout_quarter(v[u], q);
                }
            }
        }
        return;
    }
    for (int idx = tid; idx < (B + 1) * kr; idx += kThreads) {
        const int r = idx / kr, col = idx - r * kr;
        const int kc = k0 + col;
        uint16_t v = 0;
        if (r < B && kc < p.K) v = p.x[static_cast<int64_t>(h.perm[r]) * p.K + kc];
        xs_nat[r * p.stride + col] = v;
        xs_perm[r * p.stride + permuted_slot(col)] = v;
    }
}

template <typename T, int NB>
__global__ void __launch_bounds__(kThreads, 2) decode_kernel(const DecodeParams p) {
    extern __shared__ __align__(16) unsigned char smem[];
    SmemHeader& h = *reinterpret_cast<SmemHeader*>(smem);
    uint16_t* xs_nat = reinterpret_cast<uint16_t*>(smem + kHeaderBytes);
    uint16_t* xs_perm = xs_nat + (p.rows + 1) * p.stride;
    const int tid = threadIdx.x;
    // Adjacent CTAs share a row tile and K range (their W slice is read from DRAM once, then L2).
    const int tile = blockIdx.x / p.rsplit, split = blockIdx.y;
    const int row0 = (blockIdx.x - tile * p.rsplit) * p.rows;  // first sorted row of this CTA
    const int B = min(p.rows, p.B - row0);                     // rows of this CTA
    const int warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    const int stages = p.stages;
    uint32_t* ring =
        reinterpret_cast<uint32_t*>(xs_perm + (p.rows + 1) * p.stride) + warp * stages * kTileWords;
    const int n0 = tile * kRowsPerCta + warp * 16;
    const int rg = n0 + g, rg8 = n0 + g + 8;
    const bool vg = rg < p.N, vg8 = rg8 < p.N;
    const int wbeg = split * p.kw;
    const int nwords = min(p.kw, p.words - wbeg);
    const int k0 = wbeg * 32;
    const int kr = nwords * 32;

    // 0. The first chunk of W depends on nothing below: its loads fly during the setup.
    const uint4* wg = nullptr;
    const uint4* wg8 = nullptr;
    uint4 ag[kBaseGroup], ag8[kBaseGroup];
    auto load_w = [&](int j0) {
#pragma unroll
        for (int j = 0; j < kBaseGroup; ++j) {
            // K % 8 == 0, so an 8-column vector is entirely inside K or entirely out.
            const bool in = (j0 + j) < nwords && k0 + (j0 + j) * 32 + 8 * c < p.K;
            ag[j] = (in && vg) ? __ldcs(wg + (j0 + j) * 4) : make_uint4(0, 0, 0, 0);
            ag8[j] = (in && vg8) ? __ldcs(wg8 + (j0 + j) * 4) : make_uint4(0, 0, 0, 0);
        }
    };
    wg = reinterpret_cast<const uint4*>(p.base + static_cast<int64_t>(vg ? rg : 0) * p.K + k0 +
                                        8 * c);
    wg8 = reinterpret_cast<const uint4*>(p.base + static_cast<int64_t>(vg8 ? rg8 : 0) * p.K + k0 +
                                         8 * c);
    if (n0 < p.N) load_w(0);

    // 1. Rows sorted by tenant (groups of equal tenants become contiguous); this CTA keeps sorted
    // rows row0 .. row0 + B - 1.
    sort_rows_by_tenant(p, h, row0, B);

    // 2. The first sign tiles start streaming, then this CTA's slice of x is staged.
    const int ngroups = h.ngroups;
    if (n0 < p.N) {
        for (int s = 0; s < stages; ++s) {
            if (s < ngroups)
                issue_sign_tile(p, h, s, n0, wbeg, nwords, ring + s * kTileWords, lane);
            cp_async_commit();
        }
    }
    stage_x(p, h, B, xs_nat, xs_perm, k0, kr);
    __syncthreads();

    // 3. Per warp: 16 rows of W (and of each tenant's signs) against all staged rows.
    float accb[NB][4], accd[NB][4];
#pragma unroll
    for (int nb = 0; nb < NB; ++nb)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            accb[nb][e] = accd[nb][e] = 0.f;

    if (n0 < p.N) {
        // Base: this warp's 16 rows of W against all staged rows.
        for (int j0 = 0; j0 < nwords; j0 += kBaseGroup) {
            if (j0 > 0) load_w(j0);
#pragma unroll
            for (int j = 0; j < kBaseGroup; ++j) {
                if (j0 + j < nwords) {
#pragma unroll
                    for (int nb = 0; nb < NB; ++nb) {
                        if (nb * 8 >= B) continue;  // a padding block of the template's NB
                        const uint4 xv = *reinterpret_cast<const uint4*>(
                            xs_nat + tenant_row_or_zero(nb * 8 + g, 0, B, B) * p.stride +
                            (j0 + j) * 32 + 8 * c);
                        const uint32_t a0[4] = {ag[j].x, ag8[j].x, ag[j].y, ag8[j].y};
                        const uint32_t b0[2] = {xv.x, xv.y};
                        mma16816<T>(accb[nb], a0, b0);
                        const uint32_t a1[4] = {ag[j].z, ag8[j].z, ag[j].w, ag8[j].w};
                        const uint32_t b1[2] = {xv.z, xv.w};
                        mma16816<T>(accb[nb], a1, b1);
                    }
                }
            }
        }

        // Delta: one pass per distinct tenant, its tile taken from the ring.
        int slot = 0;
        for (int gi = 0; gi < ngroups; ++gi) {
            cp_async_wait_dynamic(stages - 1);
            __syncwarp();
            const uint32_t* tile_words = ring + slot * kTileWords;
            uint32_t cg[kMaxWords], cg8[kMaxWords];
#pragma unroll
            for (int q = 0; q < kMaxWords / 4; ++q) {
                const uint4 a = reinterpret_cast<const uint4*>(tile_words + g * kMaxWords)[q];
                const uint4 b = reinterpret_cast<const uint4*>(tile_words + (g + 8) * kMaxWords)[q];
                cg[4 * q] = a.x, cg[4 * q + 1] = a.y, cg[4 * q + 2] = a.z, cg[4 * q + 3] = a.w;
                cg8[4 * q] = b.x, cg8[4 * q + 1] = b.y, cg8[4 * q + 2] = b.z, cg8[4 * q + 3] = b.w;
            }
            __syncwarp();
            if (gi + stages < ngroups)
                issue_sign_tile(p, h, gi + stages, n0, wbeg, nwords, ring + slot * kTileWords,
                                lane);
            cp_async_commit();
            slot = slot + 1 == stages ? 0 : slot + 1;

            const int r0 = h.gbeg[gi], r1 = h.gbeg[gi + 1];
            if (h.sign_row[r0] == nullptr) continue;
            const int nb_lo = r0 >> 3, nb_hi = (r1 - 1) >> 3;
            if (nb_lo == nb_hi) {
                // All of the tenant's rows in one 8-row block: two accumulators of its own (two
                // MMA chains of half the length); the other rows of the block read the zero row,
                // so their sums are zero.
                const uint16_t* xrow =
                    xs_perm + tenant_row_or_zero(nb_lo * 8 + g, r0, r1, B) * p.stride + 8 * c;
                float even[4] = {0.f, 0.f, 0.f, 0.f}, odd[4] = {0.f, 0.f, 0.f, 0.f};
#pragma unroll
                for (int j = 0; j < kMaxWords; ++j) {
                    if (j < nwords) {
                        uint32_t hg[4], hg8[4];
                        expand_sign_word<T>(cg[j], cg8[j], c, hg, hg8);
                        const uint4 xv = *reinterpret_cast<const uint4*>(xrow + j * 32);
                        const uint32_t b0[2] = {xv.x, xv.y}, b1[2] = {xv.z, xv.w};
                        sign_word_mma<T>((j & 1) ? odd : even, hg, hg8, b0, b1);
                    }
                }
                add_block_sums<NB>(accd, even, odd, nb_lo);
                continue;
            }
#pragma unroll
            for (int j = 0; j < kMaxWords; ++j) {
                if (j < nwords) {
                    uint32_t hg[4], hg8[4];
                    expand_sign_word<T>(cg[j], cg8[j], c, hg, hg8);
#pragma unroll
                    for (int nb = 0; nb < NB; ++nb) {
                        if (nb >= nb_lo && nb <= nb_hi) {
                            const uint4 xv = *reinterpret_cast<const uint4*>(
                                xs_perm + tenant_row_or_zero(nb * 8 + g, r0, r1, B) * p.stride +
                                j * 32 + 8 * c);
                            const uint32_t b0[2] = {xv.x, xv.y}, b1[2] = {xv.z, xv.w};
                            sign_word_mma<T>(accd[nb], hg, hg8, b0, b1);
                        }
                    }
                }
            }
        }
        cp_async_wait<0>();

        store_tiles<T, NB>(p, p.ws, p.ksplit, h, B, rg, rg8, c, [&](int nb, int e, float alpha) {
            return accb[nb][e] + alpha * accd[nb][e];
        });
    }

    if (p.ksplit == 1) return;
    // 4. The last CTA along K of this row tile and row chunk writes the output.
    const int nbeg = tile * kRowsPerCta;
    finish_split_k<T>(p, p.ws, p.counters + blockIdx.x, p.ksplit, h.perm, B, nbeg,
                      min(kRowsPerCta, p.N - nbeg), h.is_last);
}

int smem_bytes(int rows, int stride, int stages) {
    return kHeaderBytes + 2 * (rows + 1) * stride * 2 + kWarps * stages * kTileWords * 4;
}

// How one call shape is cut along K: sign words per CTA, CTAs per row tile, sign ring depth.
struct Split {
    int kw = 0, ksplit = 0, stages = 0;
};

// 512 columns per CTA, halved while the grid would leave SMs without a CTA. Measured on the
// H200 (tests/bench/HISTORY.md): 512 columns beat 256 by 1.2x at B <= 16 on 4096 x 4096, while
// one-wave grids of longer ranges (up to 1536 columns) were up to 1.6x slower with many tenants,
// since every CTA then runs its memory-bound base pass and its latency-bound delta pass in step
// with the others.
Split choose_split(int rows, int words, int slots, int tiles, int sms, int optin) {
    Split split;
    split.stages = std::max(1, std::min({kSignStages, rows, slots}));
    for (int kw = kMaxWords; kw >= 4; kw /= 2) {
        split.kw = std::min(kw, words);
        split.ksplit = (words + split.kw - 1) / split.kw;
        const bool fits = smem_bytes(rows, split.kw * 32 + 32, split.stages) <= optin;
        if (fits && (kw == 4 || static_cast<int64_t>(tiles) * split.ksplit >= sms)) break;
    }
    return split;
}

template <typename T, int NB>
void launch_typed(DecodeParams p, int tiles, const at::Tensor& like, cudaStream_t stream) {
    auto kernel = decode_kernel<T, NB>;
    static std::atomic<bool> raised[kMaxSmemDevices];
    const SmemDevice dev = raise_smem_limit(kernel, raised);
    const int optin = dev.optin;
    const int ctas_per_k = tiles * p.rsplit;  // CTAs per K range
    const Split split =
        choose_split(p.rows, p.words, p.slots, ctas_per_k, dev.props->multiProcessorCount, optin);
    TORCH_CHECK(smem_bytes(p.rows, split.kw * 32 + 32, split.stages) <= optin,
                "decode kernel: ", p.rows, " rows do not fit this GPU's shared memory");
    p.kw = split.kw;
    p.ksplit = split.ksplit;
    p.stages = split.stages;
    p.stride = p.kw * 32 + 32;  // row pitch = 64 (mod 128) bytes for even kw: conflict-free reads
    if (p.ksplit > 1) {
        const SplitWorkspace ws =
            split_workspace(like, static_cast<int64_t>(p.B) * p.N, ctas_per_k);
        p.ws = ws.sums;
        p.counters = ws.counters;
    }
    const dim3 grid(ctas_per_k, p.ksplit);
    kernel<<<grid, kThreads, smem_bytes(p.rows, p.stride, p.stages), stream>>>(p);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

template <typename T>
void launch_nb(int nb, const DecodeParams& p, int tiles, const at::Tensor& like,
               cudaStream_t stream) {
    switch (nb) {
        case 1:
            return launch_typed<T, 1>(p, tiles, like, stream);
        default:
            return launch_typed<T, 2>(p, tiles, like, stream);
    }
}

}  // namespace

void launch_decode(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                   const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                   at::Tensor& out, bool accumulate) {
    const c10::cuda::CUDAGuard guard(x.device());
    DecodeParams p{};
    fill_operands(p, x, base, bias, signs, alpha, tenant, out, accumulate);
    if (p.B == 0) return;
    TORCH_CHECK(p.B <= kMaxB, "decode kernel takes at most ", kMaxB, " rows");
    TORCH_CHECK(base.defined(),
                "decode kernel: the base product is fused (a delta alone takes the "
                "many-row kernel)");
    // More than 16 rows are cut into CTAs of 16 sorted rows: at two CTAs per SM (128 registers)
    // they beat one CTA per SM holding all rows, 1.1-1.4x at B = 64, T = 1 and 1.5-1.9x at
    // B = T = 64 on the H200 (tests/bench/HISTORY.md), and W still crosses DRAM once.
    p.rows = std::min(p.B, kRowsPerSplit);
    p.rsplit = (p.B + p.rows - 1) / p.rows;
    const int nb = p.rows <= 8 ? 1 : 2;  // 8-row MMA blocks of a CTA
    const int tiles = (p.N + kRowsPerCta - 1) / kRowsPerCta;
    p.vec_x = vector_rows(p.K, x.data_ptr()) ? 1 : 0;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (x.scalar_type() == at::kHalf)
        launch_nb<__half>(nb, p, tiles, x, stream);
    else
        launch_nb<__nv_bfloat16>(nb, p, tiles, x, stream);
}

}  // namespace bitdelta::kernels::cuda
