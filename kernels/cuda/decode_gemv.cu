// The one-row decode kernel: base + 1-bit delta product for a batch of one (DESIGN section 2),
// one warp per output element over the whole of K (four over rows of 8192 columns or more).
//
// Why a second decode kernel: one row is a matrix-vector stream, and the batched kernel
// (decode.cu) pays for its generality there: split-K partial sums through a workspace, a ticket
// and a last-CTA pass, a row sort and two staged copies of x, each on the critical path of a
// kernel that streams for only 8-25 us. Here a warp streams its row of W_base with 16-byte loads
// (each instruction one 512-byte contiguous run), many in flight per lane, sums in fp32 on the
// CUDA cores and reduces with shuffles: no atomics, no second pass.
//
// Lane l takes the 8-column chunks c = l, l + 32, ...; the signs of chunk c are byte c % 4 (that
// is, l % 4) of sign word c / 4, so a lane's shift is fixed. A sign bit flips the sign bit of the
// fp32 x value it multiplies (exact), and the delta sum stays apart from the base sum until alpha
// scales it once at the end, as in the CPU reference.
//
// Shape: with a base, 8 chunks per lane in flight (4 KB of W per warp) and registers capped so that
// 8 CTAs (32 warps) fit an SM; a delta alone keeps 16 chunks and one CTA's bound. Why: every
// one-row kernel waited on memory at the occupancy its registers allowed (Nsight Compute,
// tests/bench/HISTORY.md tenth run: long-scoreboard stalls, 0.3-0.6 instructions issued per
// scheduler and cycle), and more warps with less each in flight stream faster than few warps with
// much (eleventh run). Measured on the H200, fp16 with a base, us at 4096x4096 / 11008x4096 /
// 4096x11008, one process: 8 chunks x 8 CTAs per SM 13.2 / 26.5 / 27.4; 16 x 1 (the previous shape,
// 128 registers) 13.6 / 29.7 / 28.6; 4 x 8 13.6 / 27.7 / 27.1; 8 x 6 14.1 / 27.6 / 30.0; 8 x 4 14.4
// / 29.9 / 28.4; 4 x 12, 4 x 16 and 2 x 16 (spilling at 32-40 registers) 16.2-41.4; the cp.async
// streaming kernel this shape replaced 14.7 / 28.8 / 28.1; cuBLAS's fp16 GEMV of the base
// alone 14.4 / 26.9 / 27.9. Earlier forms (fourth run): x staged in shared memory 14.5-14.8
// / 29.9-30.0 / 31.5; sign words loaded four per lane and handed round by shuffles 16.6 / 34.7
// / 32.5.
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/gemv_chunk.cuh"
#include "cuda/knob.h"
#include "cuda/launchers.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kWarps = 4;  // output elements per CTA: small CTAs keep the last wave short
// Chunks per lane in flight and CTAs per SM the registers must allow (see the top).
constexpr int kBaseUnroll = 8, kBaseCtasPerSm = 8;     // 4 KB of W per warp, 64 registers
constexpr int kDeltaUnroll = 16, kDeltaCtasPerSm = 1;  // 512 bytes of signs per warp

// B = 1, K % 8 == 0; x and base 16-byte aligned (gemv_fits).
using GemvParams = DecodeOperands;

// Rows of at least this many columns take 4 warps each with a base (gemv_split).
constexpr int kLongRow = 8192;
// Chunks per lane and round, and CTAs per SM, where warps share a row: 4 warps a row take 11
// chunks a round at 5 CTAs per SM (96 registers), a whole part of an 11008-column row (Llama's
// down projection) in one round of loads; 2 warps a row (a knob's) 4 chunks at 8 CTAs (64
// registers). With 8 chunks at 64 registers they spilled 156-184 bytes and lost (4096 x 11008:
// 2 warps 44.7 us, 4 warps 52.0). H100, tests/bench/HISTORY.md thirty-first run, one build, 4096
// x 11008, us over five rounds, 4 warps a row: 11 x 5 35.2-35.5 against 4 x 8's 35.8-35.9 (cuBLAS's
// dense GEMV of the merged weight, (b), 35.3-35.8); 6 x 8 36.0, 12 x 4 38.0-38.1, 8 x 5 39.3-39.4,
// 16 x 3 42.1; 2 warps a row 8 x 5 36.7-36.8.
constexpr int kSharedUnroll = 11, kSharedCtasPerSm = 5;
constexpr int kPairUnroll = 4, kPairCtasPerSm = 8;

// One row of the batch (B = 1): out[n] = (base ? W[n] . x : 0) + alpha * S[n] . x (+ bias, + out).
// Lane l of a part sums its chunks l, l + 32, ..., kUnroll of them per round, each with its own
// W, x and sign-word loads, all issued before the sums; full rounds load unconditionally. The
// explicit CTAs-per-SM bound matters: without any, ptxas (CUDA 13) kept the 16-chunk base variant
// at 48-56 registers, too few for a round's loads in flight. A row's parts add up in shared
// memory, in part order.
template <typename T, bool kBase, int kUnroll, int kCtasPerSm, int kSplit>
__global__ void __launch_bounds__(kWarps * 32, kCtasPerSm) decode_gemv_kernel(const GemvParams p) {
    static_assert(kWarps % kSplit == 0, "a CTA holds whole rows");
    __shared__ float2 part_sums[kWarps];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, part = warp % kSplit;
    const int n = blockIdx.x * (kWarps / kSplit) + warp / kSplit;
    const bool row_ok = n < p.N;
    const int chunks = p.K / 8;
    // A part is whole 32-chunk stretches (part_chunks % 32 == 0), so its chunk c keeps sign byte
    // c % 4 == lane % 4.
    const int part_chunks = (chunks + 32 * kSplit - 1) / (32 * kSplit) * 32;
    const int cbeg = kSplit == 1 ? 0 : min(chunks, part * part_chunks);
    const int cend = kSplit == 1 ? chunks : row_ok ? min(chunks, cbeg + part_chunks) : cbeg;
    const int t = p.tenant[0];
    const bool valid = t >= 0 && t < p.slots;
    const float alpha = valid ? p.alpha[t] : __int_as_float(0x7fc00000);  // NaN marks a bad row
    const uint4* xg = reinterpret_cast<const uint4*>(p.x);
    // A bad row reads x as its "signs" (any readable words of the row's length would do): its
    // result is NaN whatever they are, and the loads stay unconditional.
    const uint32_t* srow = valid ? reinterpret_cast<const uint32_t*>(p.sign_ptrs[t]) +
                                       static_cast<int64_t>(row_ok ? n : 0) * p.words
                                 : reinterpret_cast<const uint32_t*>(p.x);
    const uint4* wrow =
        reinterpret_cast<const uint4*>(p.base + static_cast<int64_t>(row_ok ? n : 0) * p.K);
    const int shift = 8 * (lane & 3);
    if (kSplit == 1 && !row_ok) return;
    float accb[2] = {0.f, 0.f}, accd[2] = {0.f, 0.f};
    auto round = [&](int c0, bool checked) {
        uint4 w[kUnroll], xv[kUnroll];
        uint32_t sw[kUnroll];
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) {
            const int c = c0 + 32 * u + lane;
            const bool in = !checked || c < cend;
            w[u] = (kBase && in) ? __ldcs(wrow + c) : make_uint4(0, 0, 0, 0);
            xv[u] = in ? __ldg(xg + c) : make_uint4(0, 0, 0, 0);
            sw[u] = in ? __ldg(srow + c / 4) : 0u;
        }
#pragma unroll
        for (int u = 0; u < kUnroll; ++u)
            chunk_dot<T, kBase>(w[u], xv[u], sw[u] >> shift, accb[u & 1], accd[u & 1]);
    };
    int c0 = cbeg;
    for (; c0 + 32 * kUnroll <= cend; c0 += 32 * kUnroll)
        round(c0, false);
    for (; c0 < cend; c0 += 32 * kUnroll)
        round(c0, true);
    float b = accb[0] + accb[1], d = accd[0] + accd[1];
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        b += __shfl_xor_sync(0xffffffffu, b, off);
        d += __shfl_xor_sync(0xffffffffu, d, off);
    }
    if constexpr (kSplit > 1) {
        if (lane == 0) part_sums[warp] = make_float2(b, d);
        __syncthreads();
        if (part != 0) return;
        for (int q = 1; q < kSplit; ++q) {
            b += part_sums[warp + q].x;
            d += part_sums[warp + q].y;
        }
    }
    if (lane == 0 && row_ok)
        write_output<T>(p.out + n, p.bias, n, (kBase ? b : 0.f) + alpha * d, p.accumulate);
}

// Warps per row: 4 for rows of kLongRow columns or more with a base, else 1;
// BITDELTA_GEMV_SPLIT=1, 2 or 4 sets it (benchmarks, tests). Why: a row of Llama's down
// projection (11008 columns) is 5.4 rounds of one warp, and the 1024 CTAs of 4096 such rows
// fill the H100 (8 per SM) only once; 4 warps a row in 4-chunk rounds took 36.0 us there against
// 37.2-37.6 (H100, tests/bench/HISTORY.md twentieth run), but lost over 4096 columns (4096 x 4096
// 17.6 against 16.4, 11008 x 4096 39.1 against 34.7-34.9). 2 warps took 36.2 / 17.1 / 37.3.
// Prefetching W into L2 one or two rounds ahead (prefetch.global.L2, one line a lane) lost
// everywhere: 18.7-19.0 / 38.3-39.4 / 38.5-43.7. Since the thirty-first run 4 warps a row take
// 11-chunk rounds (kSharedUnroll).
int gemv_split(const GemvParams& p, bool with_base) {
    const char forced = knob("BITDELTA_GEMV_SPLIT");
    if (forced == '1' || forced == '2' || forced == '4') return forced - '0';
    return with_base && p.K >= kLongRow ? 4 : 1;
}

template <typename T, bool kBase, int kSplit>
void launch_shaped(const GemvParams& p, cudaStream_t stream) {
    constexpr int kUnroll = !kBase        ? kDeltaUnroll
                            : kSplit == 1 ? kBaseUnroll
                            : kSplit == 2 ? kPairUnroll
                                          : kSharedUnroll;
    constexpr int kCtasPerSm = !kBase        ? kDeltaCtasPerSm
                               : kSplit == 1 ? kBaseCtasPerSm
                               : kSplit == 2 ? kPairCtasPerSm
                                             : kSharedCtasPerSm;
    constexpr int kRows = kWarps / kSplit;
    decode_gemv_kernel<T, kBase, kUnroll, kCtasPerSm, kSplit>
        <<<(p.N + kRows - 1) / kRows, kWarps * 32, 0, stream>>>(p);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

template <typename T, bool kBase>
void launch_typed(const GemvParams& p, cudaStream_t stream) {
    const int split = gemv_split(p, kBase);
    if (split == 4)
        launch_shaped<T, kBase, 4>(p, stream);
    else if (split == 2)
        launch_shaped<T, kBase, 2>(p, stream);
    else
        launch_shaped<T, kBase, 1>(p, stream);
}

}  // namespace

bool gemv_fits(const at::Tensor& x, const at::Tensor& base) {
    return x.size(0) == 1 &&
           vector_rows(x.size(1), x.data_ptr(), base.defined() ? base.data_ptr() : nullptr);
}

void launch_decode_gemv(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                        const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                        at::Tensor& out, bool accumulate) {
    const c10::cuda::CUDAGuard guard(x.device());
    GemvParams p{};
    fill_operands(p, x, base, bias, signs, alpha, tenant, out, accumulate);
    if (p.N == 0) return;
    TORCH_CHECK(gemv_fits(x, base),
                "one-row decode kernel: one row, K % 8 == 0, 16-byte aligned x and base");
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const bool with_base = base.defined();
    if (x.scalar_type() == at::kHalf) {
        if (with_base)
            launch_typed<__half, true>(p, stream);
        else
            launch_typed<__half, false>(p, stream);
    } else {
        if (with_base)
            launch_typed<__nv_bfloat16, true>(p, stream);
        else
            launch_typed<__nv_bfloat16, false>(p, stream);
    }
}

}  // namespace bitdelta::kernels::cuda
