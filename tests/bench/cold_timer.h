#pragma once
// Timing one call with a cold L2, shared by the CUDA benchmarks: each timed call is preceded by a
// pass over a 256 MB buffer (L2 is 50-60 MB), so every operand comes from HBM, and the time is the
// median of CUDA-event intervals around the call alone. A read pass leaves L2 full of clean
// lines, as after a layer's weight reads in a real decode step; a write pass leaves it full of
// dirty lines that the timed call must first write back.
#include <ATen/ATen.h>
#include <ATen/cuda/CUDAEvent.h>

#include <algorithm>
#include <functional>
#include <vector>

namespace bitdelta::bench {

struct Timer {
    at::Tensor flush;
    int iters;
    bool dirty_flush;
    Timer(int iterations, bool dirty)
        : flush(at::zeros({256ll << 20}, at::TensorOptions().dtype(at::kByte).device(at::kCUDA))),
          iters(iterations),
          dirty_flush(dirty) {}

    void evict_l2(int i) {
        if (dirty_flush)
            flush.fill_(static_cast<uint8_t>(i));
        else
            (void)flush.amax();
    }

    // Median microseconds of fn() with a cold L2.
    double median_us(const std::function<void()>& fn) {
        for (int i = 0; i < 3; ++i)
            fn();  // warm-up: module load, handles, workspaces
        std::vector<double> t;
        for (int i = 0; i < iters; ++i) {
            evict_l2(i);
            at::cuda::CUDAEvent start(cudaEventDefault), stop(cudaEventDefault);
            start.record();
            fn();
            stop.record();
            stop.synchronize();
            t.push_back(start.elapsed_time(stop) * 1000.0);
        }
        std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
        return t[t.size() / 2];
    }
};

// Device-to-device copy of 1 GiB, bytes read + written per second: the floor's bandwidth.
inline double copy_bandwidth(Timer& timer) {
    const int64_t bytes = 1ll << 30;
    at::Tensor a = at::empty({bytes}, at::TensorOptions().dtype(at::kByte).device(at::kCUDA));
    at::Tensor b = at::empty_like(a);
    a.fill_(1);
    const double us = timer.median_us([&] { b.copy_(a); });
    return 2.0 * static_cast<double>(bytes) / (us * 1e-6);  // read + write, bytes/s
}

}  // namespace bitdelta::bench
