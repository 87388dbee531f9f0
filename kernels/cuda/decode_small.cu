// The small-batch decode kernel: base + 1-bit delta product for 2 to 8 rows (DESIGN section 2).
//
// Why a third decode kernel: a few rows are still a matrix-vector stream, and the batched kernel
// (decode.cu) pays for its generality there (19.7 us at 4 rows of one tenant x 4096 x 4096, this
// kernel 15.0): split-K partial sums through a workspace, a ticket and a last-CTA pass, a row
// sort and two staged copies of x, fixed costs that were three quarters of its samples at one
// tenant (tests/bench/HISTORY.md, fifth run). Here a CTA owns 16 output elements over the whole of
// K, its warps split K and add through shared memory once at the end: no atomics, no workspace, no
// second pass.
//
// Per warp and 32-column chunk both products are m16n8k16 MMAs with fp32 accumulators: A is 16
// rows of W (two 16-byte loads per lane, rows g and g + 8, streamed), B is x of the batch rows
// (one 16-byte load per lane, row g; L1 and L2 serve it to every warp after the first). The A
// fragments of a tenant's signs come from byte c of the chunk's sign word (columns 8c .. 8c + 7,
// the columns of lane c's x), so the delta reuses the base's x registers in natural column order.
// A quad's four lanes need the same words, each another byte of them, so each lane loads one word
// and two shuffle rounds hand the bytes round (load_sign_quad, quad_byte_transpose): a quarter of
// the registers in flight, what bounded this kernel with several tenants (four: 128 registers and
// 16 / 24 bytes spilled, now 113 and none; H100, tests/bench/HISTORY.md, twenty-seventh run: 3-8
// rows of three or four tenants 0.8-3.4 us faster, 4 rows of four 24.0 / 53.1 / 52.5 -> 23.2 / 51.6
// / 49.3 us; one or two tenants level within 0.5 us). Each distinct tenant of the batch sums into
// accumulators of its own over all eight columns; each output column keeps its own tenant's sums,
// so no x is masked.
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
constexpr int kMaxRows = 8;    // batch rows: one MMA tile of x rows
// Distinct tenants a batch may use (bounded on the host, tenant_bound in launchers.h): each
// costs registers for its accumulators and sign words, and past four the batched kernel, whose
// sign tiles go through shared memory, is faster (8 rows of 8 tenants: 33.9 / 82.4 / 81.9 us
// against 36.4 / 92.4 / 78.5 at best here, twelfth run).
constexpr int kMaxTenants = 4;

// The distinct valid tenants of the batch (first-occurrence order) and, for the two output
// columns 2c, 2c + 1 a lane holds, the slot of their tenant (-1: none) and alpha (NaN for a
// tenant outside the set or past kMaxT, so that row comes out NaN and only that row).
template <int kMaxT>
struct BatchTenants {
    int tenant[kMaxT];
    int count = 0;
    int col_slot[2];
    float col_alpha[2];
};

template <int kMaxT>
__device__ __forceinline__ BatchTenants<kMaxT> batch_tenants(const DecodeOperands& p, int c) {
    BatchTenants<kMaxT> bt;
#pragma unroll
    for (int s = 0; s < kMaxT; ++s)
        bt.tenant[s] = -1;
    bt.col_slot[0] = bt.col_slot[1] = -1;
    bt.col_alpha[0] = bt.col_alpha[1] = 0.f;
#pragma unroll
    for (int b = 0; b < kMaxRows; ++b) {
        if (b >= p.B) break;
        const int t = p.tenant[b];
        const bool valid = t >= 0 && t < p.slots;
        int slot = -1;
        if (valid) {
#pragma unroll
            for (int s = 0; s < kMaxT; ++s)
                if (s < bt.count && bt.tenant[s] == t) slot = s;
            if (slot < 0 && bt.count < kMaxT) {  // the host sizes kMaxT to the batch's tenants
#pragma unroll
                for (int s = 0; s < kMaxT; ++s)
                    if (s == bt.count) bt.tenant[s] = t;
                slot = bt.count++;
            }
        }
#pragma unroll
        for (int i = 0; i < 2; ++i) {
            if (b == 2 * c + i) {
                bt.col_slot[i] = slot;
                // No slot: a tenant outside the set, or one past the host's bound (a caller's
                // TenantRows bound below the truth); either row comes out NaN, never wrong.
                bt.col_alpha[i] = slot >= 0 ? p.alpha[t] : __int_as_float(0x7fc00000);
            }
        }
    }
    return bt;
}

// Batch of 2..8 rows with a base, K % 8 == 0, x and base 16-byte aligned (small_fits).
// Warp w takes groups of kU consecutive 32-column chunks, w, w + kWarps, ...; per group it loads
// all of the group's W, x and sign words before the MMAs. W's loads ask L2 for 128-byte lines
// (ldcs_l2<128>): H100, tests/bench/HISTORY.md, thirtieth run, fused us over 2-8 rows of 1-4
// tenants, two rounds in one build, 44 of 48 rows faster and 1 slower, 0.95 % on the geometric
// mean (4 rows of two 43.6 / 43.4 -> 42.7 / 42.6 at 4096 x 11008); 256-byte lines ran level, and
// so did the sign words' loads with 128-byte lines too (17 of 48 rows faster, 20 slower).
template <typename T, int kMaxT, int kU, int kWarps, int kCtasPerSm>
__global__ void __launch_bounds__(kWarps * 32, kCtasPerSm)
    decode_small_kernel(const DecodeOperands p) {
    __shared__ float partial[kWarps][kTileRows][kMaxRows + 1];  // +1: no bank conflicts
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, c = lane & 3;
    const int n0 = blockIdx.x * kTileRows;
    // With one tenant the lookup here lives through the loop; with several, the epilogue looks the
    // columns' slots and alphas up again (see there).
    BatchTenants<kMaxT> bt_kept;
    if constexpr (kMaxT == 1) bt_kept = batch_tenants<kMaxT>(p, c);
    int tenant_count;
    const uint32_t* sg[kMaxT];

    // Rows past N read row N - 1 (their sums are never stored); x rows past the batch read zeros.
    const int rg = min(n0 + g, p.N - 1), rg8 = min(n0 + g + 8, p.N - 1);
    const uint4* wg = reinterpret_cast<const uint4*>(p.base + static_cast<int64_t>(rg) * p.K);
    const uint4* wg8 = reinterpret_cast<const uint4*>(p.base + static_cast<int64_t>(rg8) * p.K);
    const bool x_row = g < p.B;
    const uint4* xg =
        reinterpret_cast<const uint4*>(p.x + static_cast<int64_t>(x_row ? g : 0) * p.K);
    // One pointer per tenant (row g's signs) and one offset to row g + 8 for all: registers are
    // what bounds this kernel's occupancy with several tenants.
    {
        const BatchTenants<kMaxT> bt = kMaxT == 1 ? bt_kept : batch_tenants<kMaxT>(p, c);
        tenant_count = bt.count;
#pragma unroll
        for (int s = 0; s < kMaxT; ++s)  // slots past the batch's tenants are never read
            sg[s] = s < bt.count ? reinterpret_cast<const uint32_t*>(p.sign_ptrs[bt.tenant[s]]) +
                                       static_cast<int64_t>(rg) * p.words
                                 : nullptr;
    }
    const int off8 = (rg8 - rg) * p.words;

    float accb[4] = {0.f, 0.f, 0.f, 0.f};
    float accd[kMaxT][4];
#pragma unroll
    for (int s = 0; s < kMaxT; ++s)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            accd[s][e] = 0.f;

    auto group = [&](int j0, bool checked) {
        uint4 wa[kU], wb[kU], xv[kU];
#pragma unroll
        for (int u = 0; u < kU; ++u) {
            const int v = (j0 + u) * 4 + c;  // this lane's 8-column vector
            const bool in = !checked || v * 8 < p.K;
            wa[u] = in ? ldcs_l2<128>(wg + v) : make_uint4(0, 0, 0, 0);
            wb[u] = in ? ldcs_l2<128>(wg8 + v) : make_uint4(0, 0, 0, 0);
            xv[u] = (in && x_row) ? __ldg(xg + v) : make_uint4(0, 0, 0, 0);
        }
        uint32_t qa[kMaxT], qb[kMaxT];
#pragma unroll
        for (int s = 0; s < kMaxT; ++s)
            if (s < tenant_count)
                load_sign_quad<kU>(sg[s], off8, j0, p.words, checked, c, qa[s], qb[s]);
#pragma unroll
        for (int s = 0; s < kMaxT; ++s)
            if (s < tenant_count) transpose_sign_quad<kU>(qa[s], qb[s], c);
#pragma unroll
        for (int u = 0; u < kU; ++u) {
            const uint32_t b0[2] = {xv[u].x, xv[u].y}, b1[2] = {xv[u].z, xv[u].w};
            const uint32_t a0[4] = {wa[u].x, wb[u].x, wa[u].y, wb[u].y};
            const uint32_t a1[4] = {wa[u].z, wb[u].z, wa[u].w, wb[u].w};
            mma16816<T>(accb, a0, b0);
            mma16816<T>(accb, a1, b1);
#pragma unroll
            for (int s = 0; s < kMaxT; ++s) {
                if (s < tenant_count) {
                    uint32_t hg[4], hg8[4];
                    expand_sign_quad<T, kU>(qa[s], qb[s], u, hg, hg8);
                    sign_word_mma<T>(accd[s], hg, hg8, b0, b1);
                }
            }
        }
    };
    const int groups = (p.words + kU - 1) / kU;
    for (int gi = warp; gi < groups; gi += kWarps) {
        const int j0 = gi * kU;
        if ((j0 + kU) * 32 <= p.K)
            group(j0, false);
        else
            group(j0, true);
    }

    // With several tenants the epilogue looks the columns' slots and alphas up again rather than
    // keep them through the loop: their registers made the two-tenant shapes spill (164 and 120
    // bytes at 64 registers; the four-tenant one 176 bytes at 128, then 16, since the quad's sign
    // words none). H100, one build each, tests/bench/HISTORY.md, twenty-fifth run: 3 / 4 / 8 rows
    // of two tenants 0.4-3.9 us faster (8 rows over 4096 x 4096 25.2 -> 21.3), of three or four
    // level to 2.3 us faster. With one tenant the same form ran 2-4 us slower (56 registers, fewer
    // loads in flight), so it keeps them.
    // Accumulator e holds W row g + 8 (e / 2) against batch row 2c + e % 2.
    const BatchTenants<kMaxT> bt = kMaxT == 1 ? bt_kept : batch_tenants<kMaxT>(p, c);
#pragma unroll
    for (int e = 0; e < 4; ++e) {
        const int i = e & 1;
        float d = 0.f;
#pragma unroll
        for (int s = 0; s < kMaxT; ++s)
            if (s == bt.col_slot[i]) d = accd[s][e];
        partial[warp][g + 8 * (e >> 1)][2 * c + i] = accb[e] + bt.col_alpha[i] * d;
    }
    __syncthreads();
    for (int idx = threadIdx.x; idx < kTileRows * kMaxRows; idx += kWarps * 32) {
        const int col = idx / kTileRows, row = idx - col * kTileRows, n = n0 + row;
        if (col >= p.B || n >= p.N) continue;
        float v = 0.f;
#pragma unroll
        for (int w = 0; w < kWarps; ++w)
            v += partial[w][row][col];
        write_output<T>(p.out + static_cast<int64_t>(col) * p.N + n, p.bias, n, v, p.accumulate);
    }
}

template <typename T, int kMaxT, int kU, int kWarps, int kCtasPerSm>
void launch_shape(const DecodeOperands& p, cudaStream_t stream) {
    decode_small_kernel<T, kMaxT, kU, kWarps, kCtasPerSm>
        <<<(p.N + kTileRows - 1) / kTileRows, kWarps * 32, 0, stream>>>(p);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

// The rule now (group chunks x warps per CTA x CTAs per SM): over many row tiles (at least 4 per
// SM, e.g. 11008 rows) 2 x 4 x 8 for one or two tenants and 2 x 4 x 6 for three or four; over
// fewer 2 x 16 x 2 for one or two and 4 x 8 x 2 for three or four. How each was chosen, oldest
// first:
// Shapes by tenant bound, measured on the H200 (tests/bench/HISTORY.md, twelfth run; fused us at
// 4096x4096 / 11008x4096 / 4096x11008, group chunks x warps per CTA x CTAs per SM): one or two
// tenants 2 x 16 x 2 (64 registers; the two-tenant instance spills 168 bytes), 4 rows of one
// tenant 15.0 / 31.3 / 28.8 and 2 rows of two 16.3 / 36.6 / 32.1, against 4 x 16 x 1 19.0 / 41.0
// / 37.6 and 21.6 / 47.6 / 43.5 and 2 x 8 x 2 19.7 / 37.2 / 41.6 and 17.8 / 33.5 / 36.0; up to four
// tenants 4 x 8 x 2 (128 registers, spilling 180 bytes), 4 rows of four 22.9 / 50.5 / 45.5, against
// 2 x 16 x 2 (spilling) 31.7 / 80.3 / 66.1 and 2 x 8 x 3 25.2 / 51.0 / 52.5. (Since the
// twenty-fifth run the two-tenant instances do not spill and the four-tenant one spills 16 bytes;
// there on the H100 2 x 8 x 3 still lost at four tenants, 4 rows of four 26.6 / 54.7 / 56.2
// against 24.5 / 54.4 / 56.1, 8 rows of four 27.5 / 59.2 / 64.7 against 25.2 / 57.1 / 54.8; with
// the quad's sign words, 80 registers and no spill there, it lost again in the twenty-seventh run,
// 24.5 / 50.4 / 52.1 against 23.2 / 51.6 / 49.3. An L2 prefetch of each warp's next group, W and
// signs, lost 2-13 us at every row of that run.)
// With one or two tenants over many row tiles (at least 4 per SM, e.g. 11008 rows) 2 x 4 x 8 was
// faster: 28.7 / 29.1 / 29.6 us at 2 / 4 / 8 rows of one tenant and 33.2 at 2 of two (11008 x
// 4096), against 30.2 / 31.3 / 33.1 and 36.6; over fewer tiles it was up to 1.6x slower (4096 x
// 11008: 45.9-47.3 against 28.2-29.8), each of its warps taking a quarter of K.
// Three tenants have their own instances (H100, twenty-eighth run, fused us over 3 / 4 / 8 rows,
// three rounds, one build): over many row tiles 2 x 4 x 8 (64 registers, no spill), 45.7-46.2 /
// 46.0-46.4 / 47.0-47.8 at 11008 x 4096 against 48.2-48.4 / 48.8-49.5 / 51.8-52.0 for the
// four-tenant instance; over fewer tiles 4 x 8 x 2 (106 registers), 0.1-0.4 us faster than the
// four-tenant instance at 4096 x 4096 and level at 4096 x 11008, where 2 x 16 x 2 lost 0.7-2.3.
// Over many row tiles three and four tenants then took 2 x 4 x 6 (72 / 80 registers, no spill;
// H200, twenty-ninth run, fused us over 4 / 8 rows, two rounds, one build, 11008 x 4096): three
// 38.8-39.0 / 40.4 against 2 x 4 x 8's 39.5-39.7 / 41.1-41.3, four 45.3-45.6 / 47.3-47.7 against
// 4 x 8 x 2's 46.9-47.6 / 50.1-50.4. One and two tenants ran level in it (within 0.3 us). Five
// warps a CTA for them (2 x 5 x 6: over 688 row tiles 26 warps an SM resident against 21, 64
// registers) lost (H100, thirtieth run, 11008 x 4096: 0.1-0.3 us at one tenant, 1.7-1.9 at two).
// W through a per-warp cp.async ring of 3 / 4 groups in shared memory (2 / 3 groups in flight a
// warp, not held in registers) lost too (H100, thirty-first run, 11008 x 4096, 2-8 rows: 0.9-2.1
// us at one tenant, 5.7-10.7 at two).
template <typename T>
void launch_typed(int max_tenants, bool many_tiles, const DecodeOperands& p, cudaStream_t stream) {
    if (max_tenants <= 1)
        return many_tiles ? launch_shape<T, 1, 2, 4, 8>(p, stream)
                          : launch_shape<T, 1, 2, 16, 2>(p, stream);
    if (max_tenants <= 2)
        return many_tiles ? launch_shape<T, 2, 2, 4, 8>(p, stream)
                          : launch_shape<T, 2, 2, 16, 2>(p, stream);
    if (max_tenants <= 3)
        return many_tiles ? launch_shape<T, 3, 2, 4, 6>(p, stream)
                          : launch_shape<T, 3, 4, 8, 2>(p, stream);
    return many_tiles ? launch_shape<T, kMaxTenants, 2, 4, 6>(p, stream)
                      : launch_shape<T, kMaxTenants, 4, 8, 2>(p, stream);
}

}  // namespace

bool small_fits(const at::Tensor& x, const at::Tensor& base, int64_t tenants) {
    const int64_t rows = x.size(0);
    return rows >= 2 && rows <= kMaxRows && tenants <= kMaxTenants && base.defined() &&
           vector_rows(x.size(1), x.data_ptr(), base.data_ptr());
}

void launch_decode_small(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                         const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                         at::Tensor& out, bool accumulate, int64_t tenants) {
    const c10::cuda::CUDAGuard guard(x.device());
    TORCH_CHECK(small_fits(x, base, tenants),
                "small-batch decode kernel: 2 to 8 rows of at most 4 tenants with a base, K % 8 == "
                "0, 16-byte aligned x and base");
    DecodeOperands p{};
    fill_operands(p, x, base, bias, signs, alpha, tenant, out, accumulate);
    if (p.N == 0) return;
    // The accumulators (and registers) are sized to the batch's tenant bound (tenant_bound),
    // known on the host without looking at the batch.
    const int max_tenants = static_cast<int>(tenants);
    const bool many_tiles = many_row_tiles(p.N, kTileRows);
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (x.scalar_type() == at::kHalf)
        launch_typed<__half>(max_tenants, many_tiles, p, stream);
    else
        launch_typed<__nv_bfloat16>(max_tenants, many_tiles, p, stream);
}

}  // namespace bitdelta::kernels::cuda
