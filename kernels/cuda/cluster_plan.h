#pragma once
// Host side of the many-row kernel's cluster reduction (cluster_reduce.cuh): whether the CTAs
// along K of a row tile form one thread-block cluster, and the launch that gives them one.
#include "cuda/smem_limit.h"

#include <c10/cuda/CUDAException.h>
#include <cuda_runtime.h>

#include <map>
#include <mutex>
#include <tuple>

namespace bitdelta::kernels::cuda {

// A launch of grid with clusters of `size` CTAs along y; attribute is the storage config points at.
inline cudaLaunchConfig_t cluster_config(dim3 grid, int threads, int smem, cudaStream_t stream,
                                         int size, cudaLaunchAttribute& attribute) {
    attribute = cudaLaunchAttribute{};
    attribute.id = cudaLaunchAttributeClusterDimension;
    attribute.val.clusterDim.x = 1;
    attribute.val.clusterDim.y = static_cast<unsigned>(size);
    attribute.val.clusterDim.z = 1;
    cudaLaunchConfig_t config{};
    config.gridDim = grid;
    config.blockDim = dim3(threads);
    config.dynamicSmemBytes = static_cast<size_t>(smem);
    config.stream = stream;
    config.attrs = &attribute;
    config.numAttrs = 1;
    return config;
}

// What cached_launch_fact asks: the architecture the kernel's binary was built for (major * 10 +
// minor), CTAs per SM, or (any larger value) clusters of that many CTAs on the whole GPU.
constexpr int kBinaryVersion = 0;
constexpr int kCtasPerSm = 1;

// Launch facts per (kernel, device, question, shared-memory bytes), asked once: the launch path
// runs for every layer of every decode step.
template <typename Kernel>
int cached_launch_fact(Kernel kernel, int device, int cluster, int smem, int threads) {
    static std::mutex mutex;
    static std::map<std::tuple<const void*, int, int, int>, int> known;
    const std::lock_guard<std::mutex> lock(mutex);
    // Every instantiation of a kernel template shares Kernel's type, so the key names the kernel.
    const auto key = std::make_tuple(reinterpret_cast<const void*>(kernel), device, cluster, smem);
    if (const auto it = known.find(key); it != known.end()) return it->second;
    int answer = 0;
    if (cluster == kBinaryVersion) {
        cudaFuncAttributes attributes{};
        C10_CUDA_CHECK(cudaFuncGetAttributes(&attributes, kernel));
        answer = attributes.binaryVersion;
    } else if (cluster == kCtasPerSm) {
        C10_CUDA_CHECK(
            cudaOccupancyMaxActiveBlocksPerMultiprocessor(&answer, kernel, threads, smem));
    } else {
        cudaLaunchAttribute attribute{};
        const cudaLaunchConfig_t config =
            cluster_config(dim3(1, cluster), threads, smem, nullptr, cluster, attribute);
        // A size the GPU cannot co-schedule is an answer (0 clusters), not an error.
        if (cudaOccupancyMaxActiveClusters(&answer, kernel, &config) != cudaSuccess) {
            (void)cudaGetLastError();
            answer = 0;
        }
    }
    known.emplace(key, answer);
    return answer;
}

// CTAs per cluster along K: ksplit when the kernel was built for Hopper or later (a build for an
// older GPU run through the driver's JIT has no cluster code), the CTAs along K of a row tile fit
// one portable cluster (at most 8), the plain grid takes more than one wave, and the clustered
// grid no more waves than the plain one; otherwise 1 (no cluster, the global split-K epilogue).
// Measured on the H200 (tests/bench/README.md, sixth run): clusters won only where the grid ran
// several waves with one cluster per tile (11008 x 4096: 64 rows of one tenant 76.7 -> 56.8 us,
// delta only) and lost in one wave (4096 x 4096: 36.7 -> 38.1 us) and where clusters still met in
// the workspace (4096 x 11008, 22 CTAs along K in 3 clusters: 78.7 -> 81.8 us, 4 rows 17.6 -> 22.4
// us).
template <typename Kernel>
int cluster_size(Kernel kernel, const SmemDevice& dev, int ksplit, int tiles, int smem,
                 int threads) {
    if (ksplit < 2 || ksplit > 8 || dev.props->major < 9) return 1;
    if (cached_launch_fact(kernel, dev.device, kBinaryVersion, 0, threads) < 90) return 1;
    const int per_sm = cached_launch_fact(kernel, dev.device, kCtasPerSm, smem, threads);
    const long slots = static_cast<long>(per_sm) * dev.props->multiProcessorCount;
    if (per_sm == 0 || static_cast<long>(tiles) * ksplit <= slots) return 1;
    const int clusters = cached_launch_fact(kernel, dev.device, ksplit, smem, threads);
    if (clusters == 0) return 1;
    const auto waves = [](long work, long at_once) { return (work + at_once - 1) / at_once; };
    return waves(tiles, clusters) <= waves(static_cast<long>(tiles) * ksplit, slots) ? ksplit : 1;
}

// Launches kernel over grid with `size` CTAs along y per cluster (a plain launch for size 1).
template <typename Kernel, typename Params>
void launch_clustered(Kernel kernel, int size, dim3 grid, int threads, int smem,
                      cudaStream_t stream, const Params& params) {
    if (size == 1) {
        kernel<<<grid, threads, smem, stream>>>(params);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
        return;
    }
    cudaLaunchAttribute attribute{};
    const cudaLaunchConfig_t config = cluster_config(grid, threads, smem, stream, size, attribute);
    C10_CUDA_CHECK(cudaLaunchKernelEx(&config, kernel, params));
}

}  // namespace bitdelta::kernels::cuda
