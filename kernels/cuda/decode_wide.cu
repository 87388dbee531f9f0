// The wide-batch kernel: base @ x[b] + alpha * S @ x[b] (base optional) for 17 to 64 rows of a set
// of one tenant (DESIGN section 2). Without a base it is the delta half of base + delta (whose base
// product is cuBLAS's GEMM) and delta_matmul; with one, the fused product. Larger sets keep the
// many-row kernel (decode_rows.cu) and the batched kernel (decode.cu).
//
// Why a kernel of its own: at 64 rows of one tenant the many-row kernel took 34.5 us over a
// 4096 x 4096 delta (2 MB of signs; tests/bench/README.md, sixth run), more than twice cuBLAS's
// base GEMM beside it, and three quarters of its PC samples sat in fixed steps that every CTA of
// its one-wave grid runs in step with the others: the row sort, staging all of x before the first
// product, rewriting x into the sign layout, the split-K epilogue. With one tenant none of the
// first three is needed:
// - every valid row is the one tenant's, so the rows need no sort (a row naming another tenant
//   gets a NaN alpha, which scales its column at the end);
// - x keeps its natural column order: byte c of a sign word expands into the A fragments that
//   match lane c's 16-byte vector of 8 columns (expand_sign_byte), so x is copied as it is;
// - x, the signs and W stream through a ring of kStages slabs of 4 sign words (128 columns) by
//   cp.async, one barrier per slab, so the products of a slab run while the next ones load and a
//   CTA can walk a long K range;
// and the split-K sum stays inside a thread-block cluster on Hopper (cluster_reduce.cuh), else it
// goes through the split-K workspace (split_k.cuh).
//
// Work split: a CTA owns 128 output rows (8 warps x 16) and a range of kw sign words of K (the host
// picks it, see choose_split). Per warp, 32-column word and 8-row block: two MMAs of W (A: the
// warp's 16 rows of W from the slab) and two of the signs, B: x from the slab.
//
// Measured on the H200 (tests/bench/README.md, fourteenth run; us at 4096 x 4096 / 11008 x 4096 /
// 4096 x 11008, fp16, 64 rows of one tenant):
// - the delta alone took 25.0 / 37.0 / 45.2 against the many-row kernel's 33.6 / 56.2 / 69.9, and
//   the base + delta split with it 40.8 / 67.5 / 70.3 against 48.5 / 83.2 / 92.6 (24 rows: 18.4 /
//   25.5 / 31.4 delta only against 19.3 / 26.9 / 32.7). Through the split-K workspace instead of
//   a cluster the delta took 36.7 / 67.8 / 63.4: the cluster is what made it faster at one wave.
// - The fused form (W in the ring, one CTA per SM) took 50.2 / 87.2 / 115.2, faster than the
//   batched kernel (65.6 / 164.6 / 160.2) but slower than the split: LinearPath::Auto keeps the
//   split and only LinearPath::Fused runs it.
// - A first form for up to 4 tenants, each tenant's MMAs over x with the other tenants' rows
//   zeroed (as in decode_masked.cu), took 41.6 / 64.3 us at 64 rows of 2 / 4 tenants against the
//   many-row kernel's 36.4 / 44.9 at 4096 x 4096: with rows in batch order every block holds every
//   tenant, so the MMAs grow with the tenants, where the many-row kernel sorts the rows first. So
//   this kernel takes one tenant only.
// - Profiled (Nsight Compute, that first form with the split-K workspace, 64 rows of one tenant,
//   4096 x 4096): 29.7 us, SMs active 58 % of the elapsed cycles, 0.37 instructions issued per
//   scheduler and cycle; the atomics, the fence and the finishing CTA held 40 % of the PC samples,
//   the products 31 %.
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

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kWarps = 8;
constexpr int kThreads = kWarps * 32;
constexpr int kRowsPerCta = kWarps * 16;
constexpr int kBlockRows = 8;  // batch rows per MMA block
constexpr int kMinRows = 17, kMaxRows = static_cast<int>(kDecodeMaxRows);
static_assert(kMaxRows <= kSortMaxRows, "TenantRows holds every row of a call");
constexpr int kSlabWords = 4;  // sign words per ring slab: 128 columns
constexpr int kSlabCols = kSlabWords * 32;
// Row pitch of a slab's x and W, in elements: 320 bytes, 64 (mod 128), so the two rows a
// quarter-warp reads (64 bytes each) fall into different banks.
constexpr int kStride = kSlabCols + 32;
constexpr int kStages = 3;

struct WideParams : SplitOperands {  // kw: a multiple of kSlabWords
    int vec_words;  // sign rows 16-byte aligned with words % 4 == 0: 16-byte copies
};

struct WideHeader : TenantRows {
    int is_last;
};
// The header leads the dynamic shared memory (a static part would lower the opt-in limit that
// raise_smem_limit sets), the ring of slabs follows.
constexpr int kHeaderBytes = (static_cast<int>(sizeof(WideHeader)) + 127) / 128 * 128;

// A slab: x (8 NB rows), then W (128 rows, with a base), then the signs (128 rows x 4 words).
template <int NB>
constexpr int slab_x_bytes() {
    return NB * kBlockRows * kStride * 2;
}
constexpr int kSlabWBytes = kRowsPerCta * kStride * 2;
template <int NB, bool kBase>
constexpr int slab_bytes() {
    return slab_x_bytes<NB>() + (kBase ? kSlabWBytes : 0) + kRowsPerCta * kSlabWords * 4;
}
template <int NB, bool kBase>
constexpr int smem_bytes() {
    return kHeaderBytes + kStages * slab_bytes<NB, kBase>();
}
static_assert(kStages * slab_bytes<4, false>() >= park_bytes(32) &&
                  kStages * slab_bytes<8, false>() >= park_bytes(64),
              "the cluster reduction parks its partial tile over the ring");

// Copies `rows` rows of 128 columns starting at column col0 of the [*, K] matrix m into a slab
// part of pitch kStride: zeros past `valid_rows` (rows at or past it read as zeros) and past kend;
// row r reads matrix row row0 + min(r, clamp_rows - 1) when clamp_rows > 0 (rows past N).
template <int kRows>
__device__ __forceinline__ void stage_rows(uint16_t* dst, const uint16_t* m, int64_t k, int row0,
                                           int valid_rows, int clamp_rows, int col0, int kend) {
    constexpr int kVecs = kSlabCols / 8;  // 16-byte vectors per row of a slab
#pragma unroll
    for (int v = threadIdx.x; v < kRows * kVecs; v += kThreads) {
        const int r = v / kVecs, col = col0 + 8 * (v % kVecs);
        const bool in = r < valid_rows && col < kend;  // K % 8 == 0: a vector is all in or out
        const int row = row0 + (clamp_rows > 0 ? min(r, clamp_rows - 1) : r);
        cp_async16_zfill(dst + r * kStride + (col - col0), in ? m + row * k + col : m, in ? 16 : 0);
    }
}

// NB blocks of 8 rows (p.B <= 8 NB), a set of one tenant, K % 8 == 0, 16-byte aligned x and base
// (wide_fits). Slab i of a CTA holds x for all rows over its 128 columns (zeros past the batch and
// past the CTA's K range), the CTA's 128 rows of W there (kBase) and the tenant's 128 sign rows
// of the slab's words (zeros past the range); rows past N read row N - 1 (their sums are never
// stored).
template <typename T, int NB, bool kBase>
__global__ void __launch_bounds__(kThreads, kBase ? 1 : 2) decode_wide_kernel(const WideParams p) {
    extern __shared__ __align__(16) unsigned char smem[];
    WideHeader& h = *reinterpret_cast<WideHeader*>(smem);
    unsigned char* ring = smem + kHeaderBytes;
    constexpr int kXBytes = slab_x_bytes<NB>(), kSlabBytes = slab_bytes<NB, kBase>();
    constexpr int kSignOffset = kXBytes + (kBase ? kSlabWBytes : 0);
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    const int tile = blockIdx.x, nbeg = tile * kRowsPerCta;
    const int wbeg = blockIdx.y * p.kw, wend = min(p.words, wbeg + p.kw);
    const int kend = min(p.K, wend * 32);
    const int slabs = (wend - wbeg + kSlabWords - 1) / kSlabWords;
    const uint32_t* signs = reinterpret_cast<const uint32_t*>(p.sign_ptrs[0]);

    auto issue_slab = [&](int i) {
        unsigned char* slab = ring + (i % kStages) * kSlabBytes;
        uint32_t* ss = reinterpret_cast<uint32_t*>(slab + kSignOffset);
        const int w0 = wbeg + i * kSlabWords, col0 = w0 * 32;
        stage_rows<NB * kBlockRows>(reinterpret_cast<uint16_t*>(slab), p.x, p.K, 0, p.B, 0, col0,
                                    kend);
        if constexpr (kBase)
            stage_rows<kRowsPerCta>(reinterpret_cast<uint16_t*>(slab + kXBytes), p.base, p.K, nbeg,
                                    kRowsPerCta, p.N - nbeg, col0, kend);
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
    for (int i = 0; i < kStages - 1; ++i) {
        if (i < slabs) issue_slab(i);
        cp_async_commit();
    }
    if (tid < p.B) {
        h.perm[tid] = tid;
        // A tenant outside the set: NaN alpha, so that row comes out NaN and only that row.
        h.alpha_row[tid] = p.tenant[tid] == 0 ? p.alpha[0] : __int_as_float(0x7fc00000);
    }

    const uint32_t byte_sel = 0x4440u | static_cast<uint32_t>(c);  // byte c, upper bytes zero
    const bool active = nbeg + warp * 16 < p.N;
    const int wrow = warp * 16 + g;  // this lane's rows of W and the signs in a slab: wrow, + 8

    float accb[NB][4], accd[NB][4];
#pragma unroll
    for (int j = 0; j < NB; ++j)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            accb[j][e] = accd[j][e] = 0.f;

    for (int i = 0; i < slabs; ++i) {
        cp_async_wait<kStages - 2>();
        __syncthreads();  // slab i landed for every thread; slab i - 1 is read by every warp
        if (i + kStages - 1 < slabs) issue_slab(i + kStages - 1);
        cp_async_commit();
        if (!active) continue;
        const unsigned char* slab = ring + (i % kStages) * kSlabBytes;
        const uint16_t* xs = reinterpret_cast<const uint16_t*>(slab);
        const uint16_t* ws = reinterpret_cast<const uint16_t*>(slab + kXBytes);
        const uint32_t* ss = reinterpret_cast<const uint32_t*>(slab + kSignOffset);
#pragma unroll
        for (int u = 0; u < kSlabWords; ++u) {
            // Words of rows wrow and + 8: the 8 rows of a quarter-warp 16 bytes apart, so in 8
            // different banks.
            uint32_t hg[4], hg8[4];
            expand_sign_byte<T>(ss[wrow * kSlabWords + u], ss[(wrow + 8) * kSlabWords + u],
                                byte_sel, hg, hg8);
            uint32_t a0[4], a1[4];  // W's A fragments, columns in the order of x's vector
            if constexpr (kBase) {
                const uint4 wa =
                    *reinterpret_cast<const uint4*>(ws + wrow * kStride + 32 * u + 8 * c);
                const uint4 wb =
                    *reinterpret_cast<const uint4*>(ws + (wrow + 8) * kStride + 32 * u + 8 * c);
                a0[0] = wa.x, a0[1] = wb.x, a0[2] = wa.y, a0[3] = wb.y;
                a1[0] = wa.z, a1[1] = wb.z, a1[2] = wa.w, a1[3] = wb.w;
            }
#pragma unroll
            for (int j = 0; j < NB; ++j) {
                if (kBlockRows * j >= p.B) continue;  // a padding block of the template's NB
                const uint4 xv = *reinterpret_cast<const uint4*>(
                    xs + (kBlockRows * j + g) * kStride + 32 * u + 8 * c);
                const uint32_t b0[2] = {xv.x, xv.y}, b1[2] = {xv.z, xv.w};
                if constexpr (kBase) {
                    mma16816<T>(accb[j], a0, b0);
                    mma16816<T>(accb[j], a1, b1);
                }
                sign_word_mma<T>(accd[j], hg, hg8, b0, b1);
            }
        }
    }
    cp_async_wait<0>();

    const auto value = [&](int nb, int e, float alpha) {
        return (kBase ? accb[nb][e] : 0.f) + alpha * accd[nb][e];
    };
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (p.cluster) {
        reduce_in_cluster<T, NB>(p, h, value, reinterpret_cast<float*>(ring), p.B, nbeg);
        return;
    }
#else
    if (p.cluster) __trap();  // the host never asks this of a pre-Hopper binary (cluster_plan.h)
#endif
    if (active) {
        const int rg = nbeg + wrow;
        store_tiles<T, NB>(p, p.ws, p.ksplit, h, p.B, rg, rg + 8, c, value);
    }
    if (p.ksplit == 1) return;
    finish_split_k<T>(p, p.ws, p.counters + tile, p.ksplit, h.perm, p.B, nbeg,
                      min(kRowsPerCta, p.N - nbeg), h.is_last);
}

// Sign words per CTA, in whole slabs: the K range cut into as many CTAs along K as fill `slots`
// (the CTAs the GPU runs at once) with the row tiles, at most max_split. The delta alone (two
// CTAs per SM) rounds the CTAs along K up, the fused kernel (one per SM, each streaming W) down,
// so its grid stays one wave.
struct Split {
    int kw, ksplit;
};
Split choose_split(int words, int tiles, int slots, int max_split, bool round_up) {
    const int per_tile = round_up ? (slots + tiles - 1) / tiles : slots / tiles;
    const int want =
        std::max(1, std::min({per_tile, max_split, (words + kSlabWords - 1) / kSlabWords}));
    int kw = (words + want - 1) / want;
    kw = (kw + kSlabWords - 1) / kSlabWords * kSlabWords;
    return {kw, (words + kw - 1) / kw};
}

template <typename T, int NB, bool kBase>
void launch_shape(WideParams p, const at::Tensor& like, cudaStream_t stream) {
    auto kernel = decode_wide_kernel<T, NB, kBase>;
    static std::atomic<bool> raised[kMaxSmemDevices];
    const SmemDevice dev = raise_smem_limit(kernel, raised);
    constexpr int bytes = smem_bytes<NB, kBase>();
    TORCH_CHECK(bytes <= dev.optin, "wide-batch kernel: ", bytes,
                " bytes of shared memory do not fit this GPU's ", dev.optin);
    const int tiles = (p.N + kRowsPerCta - 1) / kRowsPerCta;
    const int slots = occupancy_slots(kernel, dev, kThreads, bytes);
    // BITDELTA_WIDE_CLUSTER=0 takes the pre-Hopper path (the split-K workspace) on Hopper too.
    const char* knob = std::getenv("BITDELTA_WIDE_CLUSTER");
    const bool may_cluster = !(knob && knob[0] == '0');
    constexpr int kUnbounded = 1 << 30;
    Split split =
        choose_split(p.words, tiles, slots, may_cluster ? kMaxClusterSize : kUnbounded, !kBase);
    p.cluster = may_cluster && cluster_along_k(kernel, dev, split.ksplit, tiles, bytes, kThreads,
                                               ClusterRule::AnyWaves)
                    ? 1
                    : 0;
    if (may_cluster && !p.cluster) split = choose_split(p.words, tiles, slots, kUnbounded, !kBase);
    p.kw = split.kw;
    p.ksplit = split.ksplit;
    launch_split_along_k(kernel, p, tiles, kThreads, bytes, like, stream);
}

template <typename T, bool kBase>
void launch_typed(const WideParams& p, const at::Tensor& like, cudaStream_t stream) {
    if (p.B <= 32) return launch_shape<T, 4, kBase>(p, like, stream);
    return launch_shape<T, 8, kBase>(p, like, stream);
}

}  // namespace

bool wide_fits(const at::Tensor& x, const at::Tensor& base, const SignSet& signs) {
    const int64_t rows = x.size(0);
    if (rows < kMinRows || rows > kMaxRows || signs.tenants() != 1) return false;
    if (!vector_rows(x.size(1), x.data_ptr(), base.defined() ? base.data_ptr() : nullptr))
        return false;
    // The fused form's ring (W too) takes 158 / 188 KB of shared memory at 32 / 64 rows: an
    // sm_80 GPU (163 KB per block) takes the first, sm_89 (99 KB) neither.
    const int optin =
        static_cast<int>(at::cuda::getCurrentDeviceProperties()->sharedMemPerBlockOptin);
    return !base.defined() || (rows <= 32 ? smem_bytes<4, true>() : smem_bytes<8, true>()) <= optin;
}

void launch_decode_wide(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                        const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                        at::Tensor& out, bool accumulate) {
    const c10::cuda::CUDAGuard guard(x.device());
    TORCH_CHECK(wide_fits(x, base, signs),
                "wide-batch kernel: 17 to 64 rows of a set of one tenant, K % 8 == 0, 16-byte "
                "aligned x and base");
    WideParams p{};
    fill_operands(p, x, base, bias, signs, alpha, tenant, out, accumulate);
    if (p.N == 0) return;
    p.vec_words = signs.vector_rows() ? 1 : 0;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const bool half = x.scalar_type() == at::kHalf;
    if (base.defined())
        half ? launch_typed<__half, true>(p, x, stream)
             : launch_typed<__nv_bfloat16, true>(p, x, stream);
    else
        half ? launch_typed<__half, false>(p, x, stream)
             : launch_typed<__nv_bfloat16, false>(p, x, stream);
}

}  // namespace bitdelta::kernels::cuda
