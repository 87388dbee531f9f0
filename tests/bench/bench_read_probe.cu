// How fast can one cold call read a decode step's bytes at all? A pure read of the one-row
// product's bytes (2*N*K of fp16 base + N*K/8 of signs), against cuBLAS's fp16 GEMV (baseline (b)
// of bench_kernels at B = 1, 2*N*K bytes) and this project's one-row product (Auto), all in one
// process with the same cold-L2 timing.
//
//   bench_read_probe
//
// Why: the one-row product and cuBLAS both stream at about 3.3 TB/s against a 4.29 TB/s copy
// (reads + writes of 1 GiB). If no read of these sizes gets much further, the one-row kernel is at
// the read ceiling of a ~25 us call (ramp-up and tail included), and being slower than (b) at
// 11008x4096 is the 6 % more bytes it must read, not its code.
//
// The probe is the plainest streaming read there is: each thread issues kUnroll independent
// 16-byte loads per iteration over a grid-stride loop, folds them into one word and stores that
// word only if it equals a value it cannot take on these inputs (so the loads stay). It is run at
// several loads in flight and CTAs per SM, and the best median is reported.
#include "bitdelta_kernels.h"
#include "cold_timer.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAException.h>

#include <cstdio>
#include <vector>

namespace bk = bitdelta::kernels;
using bitdelta::bench::Timer;

namespace {

constexpr int kThreads = 512;
constexpr uint32_t kNever = 0x9e3779b9u;  // the buffer is all 0x3c3c..., whose fold is 0

template <int kUnroll>
__global__ void __launch_bounds__(kThreads)
    read_probe_kernel(const uint4* __restrict__ data, int64_t n16, uint32_t* sink) {
    uint32_t fold = 0;
    const int64_t stride = static_cast<int64_t>(gridDim.x) * kThreads * kUnroll;
    for (int64_t i = static_cast<int64_t>(blockIdx.x) * kThreads * kUnroll + threadIdx.x; i < n16;
         i += stride) {
        uint4 v[kUnroll];
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) {
            const int64_t j = i + static_cast<int64_t>(u) * kThreads;
            v[u] = j < n16 ? __ldcs(data + j) : make_uint4(0, 0, 0, 0);
        }
#pragma unroll
        for (int u = 0; u < kUnroll; ++u)
            fold ^= v[u].x ^ v[u].y ^ v[u].z ^ v[u].w;
    }
    if (fold == kNever) sink[0] = fold;
}

template <int kUnroll>
void launch_probe(const at::Tensor& buf, int ctas_per_sm, const at::Tensor& sink) {
    const int sms = at::cuda::getCurrentDeviceProperties()->multiProcessorCount;
    read_probe_kernel<kUnroll>
        <<<sms * ctas_per_sm, kThreads, 0, at::cuda::getCurrentCUDAStream()>>>(
            reinterpret_cast<const uint4*>(buf.data_ptr()), buf.numel() / 16,
            reinterpret_cast<uint32_t*>(sink.data_ptr()));
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

struct ProbeResult {
    double us;
    int unroll, ctas_per_sm;
};

ProbeResult best_probe(Timer& timer, const at::Tensor& buf, const at::Tensor& sink) {
    ProbeResult best{1e30, 0, 0};
    for (int ctas : {1, 2, 4}) {
        const auto consider = [&](int unroll, double us) {
            if (us < best.us) best = {us, unroll, ctas};
        };
        consider(2, timer.median_us([&] { launch_probe<2>(buf, ctas, sink); }));
        consider(4, timer.median_us([&] { launch_probe<4>(buf, ctas, sink); }));
        consider(8, timer.median_us([&] { launch_probe<8>(buf, ctas, sink); }));
    }
    return best;
}

}  // namespace

int main() {
    if (!at::hasCUDA()) {
        std::printf("no CUDA device: nothing to measure\n");
        return 0;
    }
    at::NoGradGuard no_grad;
    Timer timer(41, /*dirty=*/false);
    const double copy = bitdelta::bench::copy_bandwidth(timer);
    std::printf("Device: %s; copy %.0f GB/s (reads + writes of 1 GiB)\n\n",
                at::cuda::getCurrentDeviceProperties()->name, copy / 1e9);
    std::printf(
        "| N x K | bytes (base + signs) | probe us | probe GB/s | probe config | cuBLAS GEMV "
        "us (base only) | cuBLAS GB/s | Auto one row us | Auto GB/s | Auto / probe time |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    const auto opt = at::TensorOptions().device(at::kCUDA);
    const at::Tensor sink = at::zeros({1}, opt.dtype(at::kInt));
    const int64_t shapes[][2] = {{4096, 4096}, {11008, 4096}, {4096, 11008}};
    for (const auto& sh : shapes) {
        const int64_t n = sh[0], k = sh[1];
        const int64_t base_bytes = 2 * n * k, sign_bytes = n * k / 8;
        const at::Tensor buf = at::full({base_bytes + sign_bytes}, 0x3c, opt.dtype(at::kByte));
        const ProbeResult probe = best_probe(timer, buf, sink);

        const at::Tensor base = (at::randn({n, k}, opt) * 0.02).to(at::kHalf);
        const at::Tensor x = at::randn({1, k}, opt).to(at::kHalf);
        const double gemv = timer.median_us([&] { (void)at::mm(x, base.t()); });

        const bk::SignSet set({bk::pack_signs(at::randn({n, k})).cuda()}, n, k);
        const at::Tensor alpha = at::full({1}, 0.01f, opt);
        const at::Tensor tenant = at::zeros({1}, opt.dtype(at::kInt));
        const double ours = timer.median_us(
            [&] { (void)bk::bitdelta_linear(x, base, at::Tensor(), set, alpha, tenant); });

        const double all = static_cast<double>(base_bytes + sign_bytes);
        std::printf(
            "| %lldx%lld | %.1f MB | %.1f | %.0f | %d loads x %d CTAs/SM | %.1f | %.0f | "
            "%.1f | %.0f | %.2f |\n",
            static_cast<long long>(n), static_cast<long long>(k), all / 1e6, probe.us,
            all / probe.us / 1e3, probe.unroll, probe.ctas_per_sm, gemv,
            static_cast<double>(base_bytes) / gemv / 1e3, ours, all / ours / 1e3, ours / probe.us);
        std::fflush(stdout);
    }
    C10_CUDA_CHECK(cudaDeviceSynchronize());
    return 0;
}
