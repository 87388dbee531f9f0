// The streaming one-row decode kernel: base + 1-bit delta product for a batch of one (DESIGN
// section 2) over a large weight, W_base through a cp.async ring (decode_gemv.cu has the why of a
// one-row kernel; dispatch_cuda.cpp picks between the two).
//
// Why a second one-row kernel: in decode_gemv.cu each warp takes one output row and at K = 4096
// loads it in one round, so between rows it sits idle while its loads come back, the sums run and
// the next row's loads start. Here warps are persistent, each over the rows g, g + G, ... (G warps
// in the grid), K cut into steps of kU chunks per lane, and cp.async keeps kStages - 1 steps of W
// and of the sign words in flight across row ends in a per-warp shared-memory ring; registers no
// longer bound what is in flight.
//
// Measured on the H200 (tests/bench/README.md, seventh run), fp16, us at 4096x4096 / 11008x4096 /
// 4096x11008, two calls: this kernel 14.7 / 28.9-29.0 / 28.6-28.7, decode_gemv.cu 13.7-13.8 /
// 29.8-29.9 / 29.0-29.1. So it takes only weights over 2^24 elements. With a delta alone (no base,
// 16x fewer bytes per step) it was slower at every shape (16.0-17.1 against 14.2-14.8 us), so it
// always reads a base. Tried: 8 warps per CTA with 3 stages (14.9 / 29.2 / 29.2), 2 chunks per
// lane and step with 4 stages at 8 and 16 warps (up to 32.9 at 11008x4096), 4 warps with 8
// stages, 8 chunks per lane with 3 and 5 stages (all slower at two of the shapes or more).
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/gemv_chunk.cuh"
#include "cuda/launchers.h"
#include "cuda/smem_limit.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

#include <atomic>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kStreamWarps = 16;  // two CTAs per SM: 32 warps streaming
constexpr int kU = 4;             // chunks per lane per step: 2 KB of W per warp and step
constexpr int kStages = 3;        // ring slots per warp: 2 steps in flight while one is summed
constexpr int kStep = 32 * kU;    // chunks per step
constexpr int kStageBytes = kStep * 16 + kU * 8 * 4;  // a warp's W chunks and sign words
constexpr int kSmem = kStreamWarps * kStages * kStageBytes;

// Lane l copies and reads back W chunk 32u + l of a step (its own data); the step's 8 kU sign words
// are copied one per lane and read by the four lanes of each word, hence the __syncwarp after the
// wait (visibility), which also orders the reuse of a ring slot: the slot a step refills was read
// in the step before, ahead of that barrier. B = 1, K % 8 == 0, x and base 16-byte aligned
// (gemv_fits), base defined.
template <typename T>
__global__ void __launch_bounds__(kStreamWarps * 32)
    decode_gemv_stream_kernel(const DecodeOperands p) {
    extern __shared__ uint4 stream_smem[];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int g = blockIdx.x * kStreamWarps + warp;
    const int warps = gridDim.x * kStreamWarps;
    if (g >= p.N) return;  // no block-wide barrier follows
    const int chunks = p.K / 8;
    const int steps_per_row = (chunks + kStep - 1) / kStep;
    const int total = ((p.N - 1 - g) / warps + 1) * steps_per_row;
    char* ring = reinterpret_cast<char*>(stream_smem) + warp * kStages * kStageBytes;
    const auto w_slot = [&](int slot) {
        return reinterpret_cast<uint4*>(ring + slot * kStageBytes);
    };
    const auto s_slot = [&](int slot) {
        return reinterpret_cast<uint32_t*>(ring + slot * kStageBytes + kStep * 16);
    };
    const int t = p.tenant[0];
    const bool valid = t >= 0 && t < p.slots;
    const float alpha = valid ? p.alpha[t] : __int_as_float(0x7fc00000);  // NaN marks a bad row
    // A bad row reads x's first words as its "signs" (words * 4 <= K * 2 bytes); its result is
    // NaN whatever they are.
    const uint32_t* signs = valid ? reinterpret_cast<const uint32_t*>(p.sign_ptrs[t])
                                  : reinterpret_cast<const uint32_t*>(p.x);
    const int64_t sign_stride = valid ? p.words : 0;
    const uint4* xg = reinterpret_cast<const uint4*>(p.x);

    // Copies the step of row issue_row, K piece issue_piece into a ring slot; past this warp's last
    // row it commits an empty group, so the wait below always counts the same.
    int issue_row = g, issue_piece = 0;
    const auto issue = [&](int slot) {
        if (issue_row < p.N) {
            const int c0 = issue_piece * kStep;
            const uint4* wrow =
                reinterpret_cast<const uint4*>(p.base) + static_cast<int64_t>(issue_row) * chunks;
            uint4* dst = w_slot(slot);
#pragma unroll
            for (int u = 0; u < kU; ++u) {
                const int c = c0 + 32 * u + lane;
                const bool in = c < chunks;
                cp_async16_zfill(dst + 32 * u + lane, wrow + (in ? c : 0), in ? 16 : 0);
            }
            const uint32_t* srow = signs + issue_row * sign_stride;
            uint32_t* sdst = s_slot(slot);
#pragma unroll
            for (int i = lane; i < 8 * kU; i += 32) {
                const int word = c0 / 4 + i;
                const bool in = word < p.words;
                cp_async4_zfill(sdst + i, srow + (in ? word : 0), in ? 4 : 0);
            }
            if (++issue_piece == steps_per_row) {
                issue_piece = 0;
                issue_row += warps;
            }
        }
        cp_async_commit();
    };
#pragma unroll
    for (int s = 0; s < kStages - 1; ++s)
        issue(s);

    const int shift = 8 * (lane & 3);
    float accb[2] = {0.f, 0.f}, accd[2] = {0.f, 0.f};
    int row = g, piece = 0;
    for (int s = 0; s < total; ++s) {
        const int slot = s % kStages;
        const int c0 = piece * kStep;
        uint4 xv[kU];  // x sits in L1 after the first rows; loaded ahead of the wait
#pragma unroll
        for (int u = 0; u < kU; ++u) {
            const int c = c0 + 32 * u + lane;
            xv[u] = c < chunks ? __ldg(xg + c) : make_uint4(0, 0, 0, 0);
        }
        cp_async_wait<kStages - 2>();
        __syncwarp();
        issue((s + kStages - 1) % kStages);
        const uint4* w = w_slot(slot);
        const uint32_t* sw = s_slot(slot);
#pragma unroll
        for (int u = 0; u < kU; ++u)
            chunk_dot<T, true>(w[32 * u + lane], xv[u], sw[8 * u + (lane >> 2)] >> shift,
                               accb[u & 1], accd[u & 1]);
        if (++piece == steps_per_row) {
            float b = accb[0] + accb[1], d = accd[0] + accd[1];
#pragma unroll
            for (int off = 16; off > 0; off >>= 1) {
                b += __shfl_xor_sync(0xffffffffu, b, off);
                d += __shfl_xor_sync(0xffffffffu, d, off);
            }
            if (lane == 0) write_output<T>(p.out + row, p.bias, row, b + alpha * d, p.accumulate);
            accb[0] = accb[1] = accd[0] = accd[1] = 0.f;
            piece = 0;
            row += warps;
        }
    }
}

// Grid: as many warps as the GPU holds at once, then trimmed so that every warp gets the same
// number of rows (to within one), which keeps the last rows from running on a few warps alone.
template <typename T>
void launch_typed(const DecodeOperands& p, cudaStream_t stream) {
    auto kernel = decode_gemv_stream_kernel<T>;
    constexpr int kThreads = kStreamWarps * 32;
    static std::atomic<bool> raised[kMaxSmemDevices];
    const SmemDevice dev = raise_smem_limit(kernel, raised);
    static std::atomic<int> per_sm_known[kMaxSmemDevices];  // occupancy, asked once per device
    int per_sm = dev.device < kMaxSmemDevices ? per_sm_known[dev.device].load() : 0;
    if (per_sm == 0) {
        C10_CUDA_CHECK(
            cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, kernel, kThreads, kSmem));
        if (dev.device < kMaxSmemDevices) per_sm_known[dev.device].store(per_sm);
    }
    const int sms = dev.props->multiProcessorCount;
    const int64_t at_once = static_cast<int64_t>(per_sm) * sms * kStreamWarps;
    const int64_t rows_per_warp = (p.N + at_once - 1) / at_once;
    const int64_t warps = (p.N + rows_per_warp - 1) / rows_per_warp;
    const int grid = static_cast<int>((warps + kStreamWarps - 1) / kStreamWarps);
    kernel<<<grid, kThreads, kSmem, stream>>>(p);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

}  // namespace

bool gemv_stream_fits(const at::Tensor& x, const at::Tensor& base) {
    // One CTA's rings must fit a block's shared memory: 102 KB, more than sm_89's 99 KB.
    return base.defined() && gemv_fits(x, base) &&
           at::cuda::getCurrentDeviceProperties()->sharedMemPerBlockOptin >=
               static_cast<size_t>(kSmem);
}

void launch_decode_gemv_stream(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                               const SignSet& signs, const at::Tensor& alpha,
                               const at::Tensor& tenant, at::Tensor& out, bool accumulate) {
    const c10::cuda::CUDAGuard guard(x.device());
    DecodeOperands p{};
    fill_operands(p, x, base, bias, signs, alpha, tenant, out, accumulate);
    if (p.N == 0) return;
    TORCH_CHECK(gemv_stream_fits(x, base),
                "streaming one-row decode kernel: one row with a base, K % 8 == 0, 16-byte "
                "aligned x and base, and ",
                kSmem, " bytes of shared memory per block");
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (x.scalar_type() == at::kHalf)
        launch_typed<__half>(p, stream);
    else
        launch_typed<__nv_bfloat16>(p, stream);
}

}  // namespace bitdelta::kernels::cuda
