// The wide-batch kernel: alpha * S @ x[b] for 17 to 64 rows of one tenant without a base (DESIGN
// section 2: the delta half of base + delta, whose base product is cuBLAS's GEMM, and
// delta_matmul), and (W_base + alpha * S) @ x[b] with one (the fused decode of such batches).
// The host knows a batch names one tenant when its set holds one or the caller's TenantRows
// bound says so (core's uniform batches); other batches keep the many-row kernel (decode_rows.cu).
//
// With a base: the same grid, each warp also streaming its 16 rows of W into registers, one slab
// ahead, and adding alpha times the signs into them before the MMAs, as merge() does (fp32, one
// rounding to the dtype). So W and the signs are read once and each fragment takes one MMA, where
// cuBLAS's GEMM and then this kernel's delta took two passes and a launch more. Measured on the
// H100 (tests/bench/HISTORY.md, twenty-first run; Auto us at 4096 x 4096 / 11008 x 4096 / 4096 x
// 11008): 64 rows 28.3 / 66.5 / 55.7 against 36.9 / 77.5 / 72.5 as GEMM + delta, 17 rows 22.4 /
// 52.5 / 46.4 against 30.2 / 60.8 / 59.6. Nsight Compute at 64 rows over 4096 x 4096: 41 % of
// DRAM's bandwidth, 0.34 instructions issued per scheduler and cycle, 15 % of the warp samples
// waiting at the cluster barriers of the split-K sum. Below 17 rows the small-batch kernels stay
// faster (16 rows of one: 22.7 / 51.2 / 47.9 against 21.0 / 41.8 / 44.4; BITDELTA_WIDE_BASE=2
// lets it take 2 to 16), so the rule keeps them there.
//
// Why a kernel of its own: at 64 rows of one tenant the many-row kernel took 34.5 us over a
// 4096 x 4096 delta (2 MB of signs; tests/bench/HISTORY.md, sixth run), more than twice cuBLAS's
// base GEMM beside it, and three quarters of its PC samples sat in fixed steps that every CTA of
// its one-wave grid runs in step with the others: the row sort, staging all of x before the first
// product, rewriting x into the sign layout, the split-K epilogue. With one tenant none of the
// first three is needed:
// - every valid row is the one tenant's (row 0's), so the rows need no sort (a row naming another
//   tenant gets a NaN alpha, which scales its column at the end);
// - x keeps its natural column order: byte c of a sign word expands into the A fragments that
//   match lane c's 16-byte vector of 8 columns (expand_sign_byte), so x is copied as it is;
// - x and the signs stream through a ring of kStages slabs of 4 sign words (128 columns) by
//   cp.async, one barrier per slab, so the products of a slab run while the next ones load and a
//   CTA can walk a long K range;
// and the split-K sum stays inside a thread-block cluster on Hopper (cluster_reduce.cuh), else it
// goes through the split-K workspace (split_k.cuh).
//
// Work split: a CTA owns 128 output rows (8 warps x 16) and a range of kw sign words of K (the host
// picks it, see wide_split in wide_grid.h). Per warp, 32-column word and 8-row block: two MMAs, A:
// the signs of the warp's 16 rows, B: x from the slab. On Hopper (sm_90a code) a warpgroup's wgmma
// takes the four warps' A fragments and all the batch rows of the slab at once (MmaForm).
//
// Measured on the H200 (tests/bench/HISTORY.md, fourteenth run; us at 4096 x 4096 / 11008 x 4096 /
// 4096 x 11008, fp16, 64 rows of one tenant):
// - the delta alone took 25.0 / 37.0 / 45.2 against the many-row kernel's 33.6 / 56.2 / 69.9, and
//   the base + delta split with it 40.8 / 67.5 / 70.3 against 48.5 / 83.2 / 92.6 (24 rows: 18.4 /
//   25.5 / 31.4 delta only against 19.3 / 26.9 / 32.7). Through the split-K workspace instead of
//   a cluster the delta took 36.7 / 67.8 / 63.4: the cluster is what made it faster at one wave.
// - A fused form (W in the ring too, 188 KB of shared memory, one CTA per SM) took 50.2 / 87.2 /
//   115.2, slower than the split at every row count from 17; it was not kept.
// - A first form for up to 4 tenants, each tenant's MMAs over x with the other tenants' rows
//   zeroed (as in decode_masked.cu), took 41.6 / 64.3 us at 64 rows of 2 / 4 tenants against the
//   many-row kernel's 36.4 / 44.9 at 4096 x 4096: with rows in batch order every block holds every
//   tenant, so the MMAs grow with the tenants, where the many-row kernel sorts the rows first. So
//   this kernel takes one tenant only.
// - The ring through mbarriers (a stage's "full" barrier fed by cp.async.mbarrier.arrive, an
//   "empty" one each warp arrives at, 4 stages prefetched 2 ahead) instead of a barrier per slab
//   ran level or slower on the H100 (tests/bench/HISTORY.md, twenty-second run: the delta alone
//   20.3 against 20.2 us at 64 rows of 4096 x 4096), though Nsight Compute had put 26 % of the
//   warp cycles at the barrier: the warps' own latency showed up there. Not kept.
// - The products as Hopper's wgmma (A, the merged fragments, from registers; x in core matrices
//   of shared memory; wgmma.cuh) ran slower in their first form (tests/bench/HISTORY.md,
//   twenty-third run: 64 rows 33.1 / 84.9 / 70.8 us against 28.3 / 60.9 / 53.4): its 4-byte
//   copies of x recomputed their indices each, 12.95 M instructions against 7.58 M. With the
//   indices computed once a slab (twenty-fourth run, one H100 build) they took 25.1 / 54.4 / 50.9
//   against 27.5 / 60.6 / 52.9 at 64 rows (the delta alone 17.3 / 31.6 / 29.4 against 19.9 /
//   38.1 / 34.5), level at 17 and 32 rows, so they are the rule where sm_90a code runs.
// - W bulk-prefetched into L2 (cp.async.bulk.prefetch.L2, a row's range per thread: the CTA's
//   whole range at the start, or 2 or 4 slabs ahead of the register loads) ran 13-28 % slower
//   at 17 to 64 rows, though at 4096 x 4096 all of W fits in L2 (tests/bench/HISTORY.md,
//   thirtieth run: 64 rows 29.8-30.3 / 65.0-69.3 / 58.9-63.6 us against 25.4-25.5 / 56.6-56.9
//   / 51.7-51.9). Not kept.
// - Profiled (Nsight Compute, that first form with the split-K workspace, 64 rows of one tenant,
//   4096 x 4096): 29.7 us, SMs active 58 % of the elapsed cycles, 0.37 instructions issued per
//   scheduler and cycle; the atomics, the fence and the finishing CTA held 40 % of the PC samples,
//   the products 31 %.
#include "cuda/cluster_plan.h"
#include "cuda/cluster_reduce.cuh"
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/knob.h"
#include "cuda/launchers.h"
#include "cuda/smem_limit.h"
#include "cuda/split_k.cuh"
#include "cuda/tenant_rows.cuh"
#include "cuda/wgmma.cuh"
#include "cuda/wide_grid.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <type_traits>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kWarps = 8;
constexpr int kThreads = kWarps * 32;
constexpr int kRowsPerCta = kWideRowsPerCta;
static_assert(kRowsPerCta == kWarps * 16, "a warp takes 16 output rows");
constexpr int kBlockRows = 8;  // batch rows per MMA block
constexpr int kMinRows = 17, kMaxRows = static_cast<int>(kDecodeMaxRows);
static_assert(kMaxRows <= kSortMaxRows, "SortedRows holds every row of a call");
constexpr int kSlabWords = kWideSlabWords;
constexpr int kSlabCols = kSlabWords * 32;
// Row pitch of a slab's x, in elements: 320 bytes, 64 (mod 128), so the two rows a
// quarter-warp reads (64 bytes each) fall into different banks.
constexpr int kStride = kSlabCols + 32;
// Slabs in flight: slab i + kAhead loads while slab i is multiplied.
constexpr int kAhead = 2;

// The two forms of the products (MmaForm): mma.sync per warp, each warp loading x from the slab
// for each block of 8 batch rows; or Hopper's wgmma per warpgroup, B read from the slab by the
// tensor cores (wgmma.cuh). The wgmma form's slab holds x in core matrices: 16 columns of them
// per slab, core matrix kg holding pair kg % 4 of each lane group's 8 columns of word kg / 4
// (the column order of expand_sign_byte's A fragments: see issue_slab), 8 batch rows each.
enum class MmaForm { Sync, Warpgroup };

// The ring's slabs: the wgmma form keeps one more, so a warp's wgmma of slab i - 1 may still run
// while slab i + kAhead loads into the stage of slab i - 2.
template <MmaForm kForm>
constexpr int stages() {
    return kForm == MmaForm::Warpgroup ? kAhead + 2 : kAhead + 1;
}
// Bytes between core-matrix columns (along K) of the wgmma form's slab: NB core matrices of 128
// bytes, 32 more so the 4-byte copies of one row's 16 pieces (4 columns of core matrices, 4
// lane groups) fall into 16 different banks.
template <int NB>
constexpr int wg_pitch() {
    return NB * 128 + 32;
}
// Byte offset of core-matrix column kg; each word's columns 16 bytes further on, so the copies of
// two words by one warp fall into different banks too.
template <int NB>
__host__ __device__ constexpr int wg_column(int kg) {
    return kg * wg_pitch<NB>() + (kg / 4) * 16;
}

struct WideHeader : SortedRows {
    int is_last;
};
// The header leads the dynamic shared memory (a static part would lower the opt-in limit that
// raise_smem_limit sets), the ring of slabs follows.
constexpr int kHeaderBytes = (static_cast<int>(sizeof(WideHeader)) + 127) / 128 * 128;

// A slab: x (8 NB rows), then the signs (128 rows x 4 words).
template <int NB, MmaForm kForm>
constexpr int slab_x_bytes() {
    if constexpr (kForm == MmaForm::Warpgroup) return (wg_column<NB>(16) + 127) / 128 * 128;
    return NB * kBlockRows * kStride * 2;
}
template <int NB, MmaForm kForm>
constexpr int slab_bytes() {
    return slab_x_bytes<NB, kForm>() + kRowsPerCta * kSlabWords * 4;
}
template <int NB, MmaForm kForm>
constexpr int smem_bytes() {
    return kHeaderBytes + stages<kForm>() * slab_bytes<NB, kForm>();
}
template <int NB, MmaForm kForm>
constexpr bool parks_in_ring() {
    return stages<kForm>() * slab_bytes<NB, kForm>() >= park_bytes(8 * NB);
}
static_assert(parks_in_ring<1, MmaForm::Sync>() && parks_in_ring<8, MmaForm::Sync>() &&
                  parks_in_ring<1, MmaForm::Warpgroup>() && parks_in_ring<8, MmaForm::Warpgroup>(),
              "the cluster reduction parks its partial tile over the ring");

// How the kernel takes a base: none (the delta alone), or merged into the A fragments, W_base +
// alpha * S rounded to T, with alpha in fp32 (Exact: as merge() rounds it, bit for bit) or alpha
// rounded to T first (InDtype: one packed FMA a pair instead of seven instructions; BITDELTA_
// WIDE_MERGE=h, benchmarks).
enum class Merge { None, Exact, InDtype };

// One merged A-fragment register: the base's pair w (two weights) plus alpha times the pair of
// +-1 signs s. alpha2: alpha rounded to T in both halves (InDtype).
template <typename T, Merge kMerge>
__device__ __forceinline__ uint32_t merged_pair(uint32_t w, uint32_t s, float alpha,
                                                uint32_t alpha2) {
    if constexpr (kMerge == Merge::InDtype) {
        using T2 = std::conditional_t<std::is_same_v<T, __half>, __half2, __nv_bfloat162>;
        const T2 r =
            __hfma2(*reinterpret_cast<const T2*>(&s), *reinterpret_cast<const T2*>(&alpha2),
                    *reinterpret_cast<const T2*>(&w));
        return *reinterpret_cast<const uint32_t*>(&r);
    } else {
        const float2 wf = Half16<T>::pair_to_float2(w), sf = Half16<T>::pair_to_float2(s);
        return static_cast<uint32_t>(from_f<T>(fmaf(sf.x, alpha, wf.x))) |
               static_cast<uint32_t>(from_f<T>(fmaf(sf.y, alpha, wf.y))) << 16;
    }
}

// NB blocks of 8 rows (p.B <= 8 NB), one tenant, K % 8 == 0 and 16-byte aligned x (and base:
// wide_fits); kw a multiple of kSlabWords. Slab i of a CTA holds x for all rows over its 128
// columns (zeros past the batch and past the CTA's K range) and the tenant's 128 sign rows of the
// slab's words (zeros past the range); rows past N read row N - 1 (their sums are never stored).
// With a base (kMerge) the product is (W_base + alpha S) x, each warp's 16 rows of W for a slab
// loaded into registers one slab ahead and merged with the signs into the A fragments, so base
// and delta take one pass over W and one MMA per fragment.
template <typename T, int NB, Merge kMerge, MmaForm kForm>
__device__ __forceinline__ void wide_product(const SplitOperands& p) {
    constexpr bool kBase = kMerge != Merge::None;
    constexpr bool kWg = kForm == MmaForm::Warpgroup;
    constexpr int kStages = stages<kForm>();
    extern __shared__ __align__(16) unsigned char smem[];
    WideHeader& h = *reinterpret_cast<WideHeader*>(smem);
    unsigned char* ring = smem + kHeaderBytes;
    constexpr int kXBytes = slab_x_bytes<NB, kForm>(), kSlabBytes = slab_bytes<NB, kForm>();
    constexpr int kXRows = NB * kBlockRows;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    const int tile = blockIdx.x, nbeg = tile * kRowsPerCta;
    const int wbeg = blockIdx.y * p.kw, wend = min(p.words, wbeg + p.kw);
    const int kend = min(p.K, wend * 32);
    const int slabs = (wend - wbeg + kSlabWords - 1) / kSlabWords;
    // The batch's tenant is row 0's; a set of one needs no read for it.
    const int t0 = p.slots == 1 ? 0 : p.tenant[0];
    const bool t0_valid = t0 >= 0 && t0 < p.slots;
    const uint32_t* signs = reinterpret_cast<const uint32_t*>(p.sign_ptrs[t0_valid ? t0 : 0]);

    auto issue_slab = [&](int i) {
        unsigned char* slab = ring + (i % kStages) * kSlabBytes;
        uint32_t* ss = reinterpret_cast<uint32_t*>(slab + kXBytes);
        const int w0 = wbeg + i * kSlabWords, col0 = w0 * 32;
        if constexpr (kWg) {
            // 4-byte pieces, a warp's 32 lanes 128 bytes of one x row: piece `piece` (columns
            // 2 piece, + 1 of the slab) of rows `row` + 4 k. The piece is pair piece % 4 of lane
            // group (piece / 4) % 4's 8 columns of word piece / 16, so it lands in core-matrix
            // column 4 (piece / 16) + piece % 4 at that lane group's 4 bytes of the row; `at`
            // is its offset in row `row` (< 4, so row + 4 k is 64 bytes on for odd k and a core
            // matrix on per two k). The index arithmetic runs once a slab: once a copy, it had
            // doubled the kernel's instructions (Nsight Compute, H100, 64 rows of 4096 x 4096).
            constexpr int kPieces = kSlabCols / 2, kRowStep = kThreads / kPieces;
            static_assert(kRowStep == 4 && kXRows % kRowStep == 0, "rows row + 4 k cover x");
            const int piece = tid % kPieces, row = tid / kPieces, col = col0 + 2 * piece;
            const int at =
                wg_column<NB>(4 * (piece / 16) + piece % 4) + 16 * row + 4 * ((piece / 4) % 4);
            const bool col_in = col < kend;  // K % 8 == 0: a pair is all in or all out
            const int64_t step = static_cast<int64_t>(kRowStep) * p.K;
            const uint16_t* src = p.x + static_cast<int64_t>(row) * p.K + col;
            unsigned char* dst = slab + at;
            // Not unrolled: unrolled, the 16 copies' addresses took registers the loop needs.
#pragma unroll 1
            for (int r = row; r < kXRows; r += 2 * kRowStep, src += 2 * step, dst += 128) {
                const bool in = col_in && r < p.B, in4 = col_in && r + kRowStep < p.B;
                cp_async4_zfill(dst, in ? src : p.x, in ? 4 : 0);
                cp_async4_zfill(dst + 64, in4 ? src + step : p.x, in4 ? 4 : 0);
            }
        } else {
            uint16_t* xs = reinterpret_cast<uint16_t*>(slab);
            constexpr int kVecs = kSlabCols / 8;  // 16-byte vectors per x row of a slab
#pragma unroll
            for (int v = tid; v < kXRows * kVecs; v += kThreads) {
                const int r = v / kVecs, col = col0 + 8 * (v % kVecs);
                const bool in = r < p.B && col < kend;  // K % 8 == 0: a vector is all in or out
                cp_async16_zfill(xs + r * kStride + (col - col0),
                                 in ? p.x + static_cast<int64_t>(r) * p.K + col : p.x, in ? 16 : 0);
            }
        }
        if (p.vec_words) {  // words % 4 == 0: a slab's 4 words are all in the range or all out
            if (tid < kRowsPerCta) {
                const bool in = w0 < wend;
                const int64_t row = min(nbeg + tid, p.N - 1);
                cp_async16_zfill(ss + tid * kSlabWords, in ? signs + row * p.words + w0 : signs,
                                 in ? 16 : 0);
            }
            return;
        }
#pragma unroll
        for (int v = tid; v < kRowsPerCta * kSlabWords; v += kThreads) {
            const int r = v / kSlabWords, u = v % kSlabWords;
            const bool in = w0 + u < wend;
            const int64_t row = min(nbeg + r, p.N - 1);
            cp_async4_zfill(ss + v, in ? signs + row * p.words + w0 + u : signs, in ? 4 : 0);
        }
    };

    // The first slabs depend on nothing the tenants say: they fly while the tenants are read.
#pragma unroll
    for (int i = 0; i < kAhead; ++i) {
        if (i < slabs) issue_slab(i);
        cp_async_commit();
    }
    const uint32_t byte_sel = 0x4440u | static_cast<uint32_t>(c);  // byte c, upper bytes zero
    // A warpgroup's wgmma takes all four of its warps, so there every warp works (rows past N
    // read row N - 1, and store_tiles skips them).
    const bool active = kWg || nbeg + warp * 16 < p.N;
    const int sign_row = warp * 16 + g;  // this lane's sign rows of a slab: sign_row, + 8

    // kBase: this lane's two rows of W (rows past N read row N - 1) and its 16-byte vector of
    // each slab word, zeros past the CTA's K range.
    const uint4* wg = nullptr;
    const uint4* wg8 = nullptr;
    if constexpr (kBase) {
        const int64_t rg = min(nbeg + sign_row, p.N - 1), rg8 = min(nbeg + sign_row + 8, p.N - 1);
        wg = reinterpret_cast<const uint4*>(p.base + rg * p.K);
        wg8 = reinterpret_cast<const uint4*>(p.base + rg8 * p.K);
    }
    // One buffer: word u of the next slab loads as soon as word u of this one is merged, so a
    // load has about a slab's time to land without a second set of registers. Each load asks L2
    // for the 256 bytes around it, a row's 4 words of the slab, so words 1 to 3 find it there:
    // H100 (tests/bench/HISTORY.md, twenty-second run), Auto us at 17 / 32 rows 22.5 / 23.3 at
    // 4096 x 4096, 46.8 / 47.6 at 11008 x 4096, 44.4 / 45.7 at 4096 x 11008 against 23.4 / 24.0,
    // 49.9 / 51.0, 48.9 / 49.9 with plain streaming loads; 64 rows level, 56.0 against 59.2 at
    // 4096 x 11008.
    uint4 w[kBase ? kSlabWords : 1][2];
    auto load_w = [&](int i, int u) {
        const int col = (wbeg + i * kSlabWords + u) * 32 + 8 * c;
        const bool in = col < kend;  // K % 8 == 0: a vector is all in or all out
        w[u][0] = in ? ldcs_l2<256>(wg + col / 8) : make_uint4(0, 0, 0, 0);
        w[u][1] = in ? ldcs_l2<256>(wg8 + col / 8) : make_uint4(0, 0, 0, 0);
    };
    if (kBase && active && slabs > 0) {
#pragma unroll
        for (int u = 0; u < kSlabWords; ++u)
            load_w(0, u);
    }

    if (tid < p.B) {
        h.perm[tid] = tid;
        // A row naming another tenant than row 0 (outside the set, or past a caller's TenantRows
        // bound of one): NaN alpha, so that row comes out NaN and only that row. With the base
        // alpha is inside the merged fragments, so a good row's sums are taken as they are.
        const bool good = t0_valid && p.tenant[tid] == t0;
        h.alpha_row[tid] = !good ? __int_as_float(0x7fc00000) : kBase ? 1.f : p.alpha[t0];
    }
    const float alpha_t0 = kBase && t0_valid ? p.alpha[t0] : 0.f;
    const uint32_t alpha2 = static_cast<uint32_t>(from_f<T>(alpha_t0)) * 0x10001u;

    float acc[NB][4];
#pragma unroll
    for (int j = 0; j < NB; ++j)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            acc[j][e] = 0.f;

    for (int i = 0; i < slabs; ++i) {
        cp_async_wait<kAhead - 1>();
        if constexpr (kWg) fence_proxy_async_shared();  // the tensor cores read x through it
        // Slab i landed for every thread. Its stage is refilled kStages - kAhead slabs later:
        // after every warp's products of slab i (mma.sync), or after every warp waited for its
        // wgmma of slab i (a word later).
        __syncthreads();
        if (i + kAhead < slabs) issue_slab(i + kAhead);
        cp_async_commit();
        if (!active) continue;
        const unsigned char* slab = ring + (i % kStages) * kSlabBytes;
        const uint16_t* xs = reinterpret_cast<const uint16_t*>(slab);
        const uint32_t* ss = reinterpret_cast<const uint32_t*>(slab + kXBytes);
#pragma unroll
        for (int u = 0; u < kSlabWords; ++u) {
            // Words of rows sign_row and + 8: the 8 rows of a quarter-warp 16 bytes apart, so in
            // 8 different banks.
            uint32_t hg[4], hg8[4];
            expand_sign_byte<T>(ss[sign_row * kSlabWords + u], ss[(sign_row + 8) * kSlabWords + u],
                                byte_sel, hg, hg8);
            if constexpr (kBase) {
                const uint32_t wr[4] = {w[u][0].x, w[u][0].y, w[u][0].z, w[u][0].w};
                const uint32_t wr8[4] = {w[u][1].x, w[u][1].y, w[u][1].z, w[u][1].w};
#pragma unroll
                for (int q = 0; q < 4; ++q) {
                    hg[q] = merged_pair<T, kMerge>(wr[q], hg[q], alpha_t0, alpha2);
                    hg8[q] = merged_pair<T, kMerge>(wr8[q], hg8[q], alpha_t0, alpha2);
                }
                if (i + 1 < slabs) load_w(i + 1, u);
            }
            if constexpr (kWg) {
                // Both k16 halves of the word, as sign_word_mma; then wait for the word before,
                // whose A registers the next word may take.
                const uint32_t a0[4] = {hg[0], hg8[0], hg[1], hg8[1]};
                const uint32_t a1[4] = {hg[2], hg8[2], hg[3], hg8[3]};
                const unsigned char* xb = slab + wg_column<NB>(4 * u);
                wgmma_fence();
                wgmma_rs<T, NB>(acc, a0, smem_desc(xb, wg_pitch<NB>(), 128));
                wgmma_rs<T, NB>(acc, a1, smem_desc(xb + 2 * wg_pitch<NB>(), wg_pitch<NB>(), 128));
                wgmma_commit();
                wgmma_wait<1>();
            } else {
#pragma unroll
                for (int j = 0; j < NB; ++j) {
                    if (kBlockRows * j >= p.B) continue;  // a padding block of the template's NB
                    const uint4 xv = *reinterpret_cast<const uint4*>(
                        xs + (kBlockRows * j + g) * kStride + 32 * u + 8 * c);
                    const uint32_t b0[2] = {xv.x, xv.y}, b1[2] = {xv.z, xv.w};
                    sign_word_mma<T>(acc[j], hg, hg8, b0, b1);
                }
            }
        }
    }
    cp_async_wait<0>();
    if constexpr (kWg) wgmma_wait<0>();

    const auto value = [&](int nb, int e, float alpha) { return alpha * acc[nb][e]; };
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (p.cluster) {
        reduce_in_cluster<T, NB>(p, h, value, reinterpret_cast<float*>(ring), p.B, nbeg);
        return;
    }
#else
    if (p.cluster) __trap();  // the host never asks this of a pre-Hopper binary (cluster_plan.h)
#endif
    if (active) {
        const int rg = nbeg + sign_row;
        store_tiles<T, NB>(p, p.ws, p.ksplit, h, p.B, rg, rg + 8, c, value);
    }
    if (p.ksplit == 1) return;
    finish_split_k<T>(p, p.ws, p.counters + tile, p.ksplit, h.perm, p.B, nbeg,
                      min(kRowsPerCta, p.N - nbeg), h.is_last);
}

// The kernel of wide_product; its wgmma form is sm_90a code only (elsewhere it traps: the host
// never launches it there, use_wgmma).
template <typename T, int NB, Merge kMerge, MmaForm kForm>
__global__ void __launch_bounds__(kThreads, 2) decode_wide_kernel(const SplitOperands p) {
    if constexpr (kForm == MmaForm::Warpgroup && !BITDELTA_WGMMA_DEVICE)
        __trap();
    else
        wide_product<T, NB, kMerge, kForm>(p);
}

// The CTAs along K at most wide_split's, whose clusters of as many CTAs all run in the grid's
// waves (ClusterRule::NoMoreWaves), or `split` where none does. Why: a cluster's CTAs must share a
// GPC, and the H100 runs only 30 clusters of 8 of this kernel at once, so 32 row tiles (4096
// rows) in clusters of 8 ran a second wave of two clusters while the other SMs idled (Nsight
// Compute, 64 rows of one tenant at 4096 x 4096: SMs active 57 % of the elapsed cycles).
template <typename Kernel>
WideSplit fitting_split(Kernel kernel, const SmemDevice& dev, int words, int tiles, int slots,
                        int bytes, WideSplit split) {
    for (int most = split.ksplit; most >= 2; --most) {
        const WideSplit fewer = wide_split(words, tiles, slots, most);
        if (cluster_along_k(kernel, dev, fewer.ksplit, tiles, bytes, kThreads,
                            ClusterRule::NoMoreWaves))
            return fewer;
    }
    return split;
}

template <typename T, int NB, Merge kMerge, MmaForm kForm>
void launch_shape(SplitOperands p, const at::Tensor& like, cudaStream_t stream, bool beside_gemm) {
    auto kernel = decode_wide_kernel<T, NB, kMerge, kForm>;
    static std::atomic<bool> raised[kMaxSmemDevices];
    const SmemDevice dev = raise_smem_limit(kernel, raised);
    constexpr int bytes = smem_bytes<NB, kForm>();
    TORCH_CHECK(bytes <= dev.optin, "wide-batch decode kernel: ", bytes,
                " bytes of shared memory do not fit this GPU's ", dev.optin);
    const int tiles = (p.N + kRowsPerCta - 1) / kRowsPerCta;
    static std::atomic<int> known_slots[kMaxSmemDevices];
    int slots = occupancy_slots(kernel, dev, kThreads, bytes, known_slots);
    // BITDELTA_WIDE_SLOTS=S sizes the grid for at most S CTAs at once (benchmarks).
    if (const char* cap = std::getenv("BITDELTA_WIDE_SLOTS"))
        slots = std::clamp(std::atoi(cap), 1, slots);
    // BITDELTA_WIDE_CLUSTER=0 takes the pre-Hopper path (the split-K workspace) on Hopper too.
    const bool may_cluster = knob("BITDELTA_WIDE_CLUSTER") != '0';
    constexpr int kUnbounded = 1 << 30;
    // With a base, the CTAs along K rounded down to what fits one wave: each CTA then streams
    // more of W and no CTA waits for a second wave. Measured on the H100 (tests/bench/HISTORY.md,
    // twenty-second run, Auto us at 17 / 32 / 64 rows of one tenant over 11008 x 4096, where
    // rounding up gave 344 CTAs for 264 slots): 47.7 / 48.7 / 60.4 against 53.0 / 54.6 / 66.8;
    // 4096 x 4096 and 4096 x 11008 (32 row tiles, 8 along K either way) unchanged.
    // BITDELTA_WIDE_WAVE=0 rounds up as without a base (the rule before).
    const bool one_wave = kMerge != Merge::None && knob("BITDELTA_WIDE_WAVE") != '0';
    const int wave_slots = one_wave ? wide_wave_slots(tiles, slots) : slots;
    WideSplit split =
        wide_split(p.words, tiles, wave_slots, may_cluster ? kMaxClusterSize : kUnbounded);
    // Alone, the most CTAs along K whose clusters fit the wave (fitting_split). Beside the base
    // GEMM (base_plus_delta_overlapped) the clusters that wait leave SMs to the GEMM, and fitting
    // them lost there. Measured on the H100 (tests/bench/HISTORY.md eighteenth run, 4096 x 4096 /
    // 4096 x 11008, 64 rows of one tenant, us): 7 CTAs along K against 8 took the delta alone
    // 20.6 / 35.4 against 26.4 / 46.7, 24 rows 14.6 / 23.6 against 19.8 / 32.9; beside the GEMM
    // (Auto) 47.4 / 87.1 against 42.2 / 79.0.
    // BITDELTA_WIDE_FIT=0 keeps wide_split's CTAs along K alone too (the rule before).
    if (may_cluster && !beside_gemm && knob("BITDELTA_WIDE_FIT") != '0')
        split = fitting_split(kernel, dev, p.words, tiles, wave_slots, bytes, split);
    // With a base and 33-64 rows (8 blocks), a fitted grid that leaves more than a quarter of the
    // slots idle takes the filled one instead (CTAs along K rounded up, in clusters if they can
    // form at all), though its clusters then run in more than one wave: those rows' products and
    // merges need every SM's warps more than they lose to the second wave. H100, eighteenth
    // session (tests/bench/HISTORY.md, thirty-second run): over 11008 x 4096 (86 row tiles) the
    // fitted grid was 2 along K, 172 CTAs for 264 slots (0.65 waves, Nsight Compute); filled, 4
    // along K in clusters of 4 (344 CTAs), one build, two rounds, Auto us at 33 / 40 / 48 / 64
    // rows 52.0-52.2 / 52.3-52.5 / 52.6-52.9 / 53.5-53.9 -> 49.2 / 49.5 / 49.9 / 50.4. 3 along K
    // in clusters of 3 (one wave of CTAs, not of clusters) took 59.1-60.2 at 48-64 rows. At 17 /
    // 32 rows (4 blocks) the filled grid lost (44.1 / 44.9 -> 48.4 / 49.6 us); over 4096 x 4096
    // and 4096 x 11008 (7 along K fitted, 224 CTAs) it does not apply.
    if constexpr (kMerge != Merge::None && NB == 8) {
        if (may_cluster && wide_fill_pays(tiles, split.ksplit, slots)) {
            const WideSplit filled = wide_split(p.words, tiles, slots, kMaxClusterSize);
            if (filled.ksplit > split.ksplit &&
                cluster_along_k(kernel, dev, filled.ksplit, tiles, bytes, kThreads,
                                ClusterRule::AnyWaves))
                split = filled;
        }
    }
    p.cluster = may_cluster && cluster_along_k(kernel, dev, split.ksplit, tiles, bytes, kThreads,
                                               ClusterRule::AnyWaves)
                    ? 1
                    : 0;
    if (may_cluster && !p.cluster) split = wide_split(p.words, tiles, wave_slots, kUnbounded);
    p.kw = split.kw;
    p.ksplit = split.ksplit;
    launch_split_along_k(kernel, p, tiles, kThreads, bytes, like, stream);
}

template <typename T, Merge kMerge, MmaForm kForm>
void launch_typed(const SplitOperands& p, const at::Tensor& like, cudaStream_t stream,
                  bool beside_gemm) {
    if constexpr (kMerge == Merge::Exact) {
        if (p.B > 16 && knob("BITDELTA_WIDE_MERGE") == 'h')
            return launch_typed<T, Merge::InDtype, kForm>(p, like, stream, beside_gemm);
        if (p.B <= 8) return launch_shape<T, 1, kMerge, kForm>(p, like, stream, beside_gemm);
        if (p.B <= 16) return launch_shape<T, 2, kMerge, kForm>(p, like, stream, beside_gemm);
    }
    if (p.B <= 32) return launch_shape<T, 4, kMerge, kForm>(p, like, stream, beside_gemm);
    return launch_shape<T, 8, kMerge, kForm>(p, like, stream, beside_gemm);
}

// Never launched: its static shared memory, 256 bytes in sm_90a code and 4 elsewhere, tells the
// host which code the driver loaded for the device. Neither the compute capability nor the build's
// architecture list says so (LibTorch's CMake replaces that list with TORCH_CUDA_ARCH_LIST's).
__global__ void wgmma_marker_kernel(int* sink) {
    constexpr int kInts = BITDELTA_WGMMA_DEVICE ? 64 : 1;
    __shared__ int marker[kInts];
    marker[threadIdx.x % kInts] = static_cast<int>(threadIdx.x);
    __syncthreads();
    sink[threadIdx.x] = marker[0];
}

// Whether the current device runs this build's sm_90a code (asked once per device).
bool wgmma_loaded() {
    static std::atomic<int> known[kMaxSmemDevices];  // 0: not asked yet, 1: no, 2: yes
    int device = 0;
    C10_CUDA_CHECK(cudaGetDevice(&device));
    if (device < kMaxSmemDevices)
        if (const int k = known[device].load(); k != 0) return k == 2;
    cudaFuncAttributes attributes{};
    C10_CUDA_CHECK(cudaFuncGetAttributes(&attributes, wgmma_marker_kernel));
    const bool loaded = attributes.sharedSizeBytes >= 64 * sizeof(int);
    if (device < kMaxSmemDevices) known[device].store(loaded ? 2 : 1);
    return loaded;
}

// Whether the products run as wgmma: where the device runs sm_90a code (wgmma_loaded), since
// there it measured faster (tests/bench/HISTORY.md, twenty-fourth run: 64 rows of one tenant 9 /
// 10 / 4 % faster, 17 and 32 rows level). BITDELTA_WIDE_MMA=s keeps mma.sync, =w is the rule, =W
// insists (the launch fails where it cannot: tests on an H100 use it to prove the form ran).
bool use_wgmma() {
    const char setting = knob("BITDELTA_WIDE_MMA");
    if (setting == 's') return false;
    if (wgmma_loaded()) return true;
    TORCH_CHECK(setting != 'W',
                "wide-batch decode kernel: BITDELTA_WIDE_MMA=W asks for the wgmma form, but the "
                "code loaded for this GPU is not sm_90a (an H100/H200 and a build for 9.0a)");
    return false;
}

template <typename T, Merge kMerge>
void launch_form(const SplitOperands& p, const at::Tensor& like, cudaStream_t stream,
                 bool beside_gemm) {
    if (use_wgmma())
        return launch_typed<T, kMerge, MmaForm::Warpgroup>(p, like, stream, beside_gemm);
    launch_typed<T, kMerge, MmaForm::Sync>(p, like, stream, beside_gemm);
}

// The fewest rows the kernel takes with a base: 17 by default (below, the small-batch kernels
// are faster), 2 with BITDELTA_WIDE_BASE=2 (benchmarks); BITDELTA_WIDE_BASE=0: none.
int min_rows_with_base() {
    const char setting = knob("BITDELTA_WIDE_BASE");
    return setting == '0' ? kMaxRows + 1 : setting == '2' ? 2 : kMinRows;
}

}  // namespace

bool wide_fits(const at::Tensor& x, const at::Tensor& base, int64_t tenants) {
    const int64_t rows = x.size(0);
    const int64_t min_rows = base.defined() ? min_rows_with_base() : kMinRows;
    return rows >= min_rows && rows <= kMaxRows && tenants == 1 &&
           vector_rows(x.size(1), x.data_ptr(), base.defined() ? base.data_ptr() : nullptr);
}

void launch_decode_wide(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                        const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                        at::Tensor& out, bool accumulate, int64_t tenants, bool beside_gemm) {
    const c10::cuda::CUDAGuard guard(x.device());
    TORCH_CHECK(wide_fits(x, base, tenants),
                "wide-batch decode kernel: 17 to 64 rows of one tenant, K % 8 == 0, 16-byte "
                "aligned x and base");
    SplitOperands p{};
    fill_operands(p, x, base, bias, signs, alpha, tenant, out, accumulate);
    if (p.N == 0) return;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const bool half = x.scalar_type() == at::kHalf;
    if (base.defined())
        half ? launch_form<__half, Merge::Exact>(p, x, stream, false)
             : launch_form<__nv_bfloat16, Merge::Exact>(p, x, stream, false);
    else
        half ? launch_form<__half, Merge::None>(p, x, stream, beside_gemm)
             : launch_form<__nv_bfloat16, Merge::None>(p, x, stream, beside_gemm);
}

}  // namespace bitdelta::kernels::cuda
