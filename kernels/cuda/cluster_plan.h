#pragma once
// Host side of the many-row kernel's cluster reduction (cluster_reduce.cuh): whether the CTAs
// along K of a row tile form one thread-block cluster, and the launch that gives them one.
#include "cuda/launchers.h"
#include "cuda/smem_limit.h"

#include <c10/cuda/CUDAException.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <tuple>

namespace bitdelta::kernels::cuda {

// The attributes a launch config points at: a cluster shape, and programmatic stream
// serialisation (Hopper's dependent launch).
struct LaunchAttributes {
    cudaLaunchAttribute items[2];
};

// A launch of grid with clusters of `size` CTAs along y (none for size 1). With `dependent` the
// kernel may start while the kernel before it on the stream still runs, and must wait for it
// (griddepcontrol.wait) before it reads what that kernel writes.
inline cudaLaunchConfig_t cluster_config(dim3 grid, int threads, int smem, cudaStream_t stream,
                                         int size, LaunchAttributes& attributes,
                                         bool dependent = false) {
    cudaLaunchConfig_t config{};
    config.gridDim = grid;
    config.blockDim = dim3(threads);
    config.dynamicSmemBytes = static_cast<size_t>(smem);
    config.stream = stream;
    config.attrs = attributes.items;
    config.numAttrs = 0;
    if (size > 1) {
        cudaLaunchAttribute& cluster = attributes.items[config.numAttrs++];
        cluster = cudaLaunchAttribute{};
        cluster.id = cudaLaunchAttributeClusterDimension;
        cluster.val.clusterDim.x = 1;
        cluster.val.clusterDim.y = static_cast<unsigned>(size);
        cluster.val.clusterDim.z = 1;
    }
    if (dependent) {
        cudaLaunchAttribute& early = attributes.items[config.numAttrs++];
        early = cudaLaunchAttribute{};
        early.id = cudaLaunchAttributeProgrammaticStreamSerialization;
        early.val.programmaticStreamSerializationAllowed = 1;
    }
    return config;
}

// Portable cluster size: the most CTAs along K one cluster holds.
constexpr int kMaxClusterSize = 8;

// Whether the binary of kernel that runs on the current device was built for Hopper or later. A
// build for an older GPU run through the driver's JIT has no cluster code and no griddepcontrol
// instructions (its device code sees __CUDA_ARCH__ < 900), so it must get neither a cluster nor a
// dependent launch, which it would not wait on.
template <typename Kernel>
bool binary_for_hopper(Kernel kernel) {
    cudaFuncAttributes attributes{};
    C10_CUDA_CHECK(cudaFuncGetAttributes(&attributes, kernel));
    return attributes.binaryVersion >= 90;
}

// When CTAs along K may form a cluster: only where the grid runs more than one wave (the
// many-row kernel, whose CTAs in one wave lost with it), in any grid (the wide-batch delta
// kernel, whose one-wave grids spent 40 % of their PC samples in the global epilogue), or in any
// grid whose clusters fit in as many waves as its plain CTAs (the bit-plane kernel: a cluster
// of 8 CTAs needs them on one GPC, and the H100 holds 30 such clusters of it at once, so 32 row
// tiles ran a second wave of two clusters while the other SMs idled).
enum class ClusterRule { SeveralWaves, AnyWaves, NoMoreWaves };

// The CTAs of kernel (threads, smem bytes) the device runs at once, asked of the driver once per
// device (the launch path runs for every layer of every decode step); `known` must belong to this
// one kernel and launch shape (a static next to its launch).
template <typename Kernel>
int occupancy_slots(Kernel kernel, const SmemDevice& dev, int threads, int smem,
                    std::atomic<int> (&known)[kMaxSmemDevices]) {
    if (dev.device < kMaxSmemDevices)
        if (const int slots = known[dev.device].load(); slots > 0) return slots;
    int per_sm = 0;
    C10_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, kernel, threads, smem));
    const int slots = std::max(per_sm, 1) * dev.props->multiProcessorCount;
    if (dev.device < kMaxSmemDevices) known[dev.device].store(slots);
    return slots;
}

// Whether the 2 to 8 CTAs along K of a row tile, on Hopper or later (cluster_along_k checks
// both), form one cluster. They do only when the kernel's binary was built for Hopper or later (a
// build for an older GPU run through the driver's JIT has no cluster code), the plain grid takes
// more than one wave, and the clustered grid no more waves than the plain one; otherwise the
// global split-K epilogue runs. Measured on the H200 (tests/bench/HISTORY.md, sixth run): clusters
// won only where the grid ran several waves with one cluster per tile (11008 x 4096: 64 rows of
// one tenant 76.7 -> 56.8 us, delta only) and lost in one wave (4096 x 4096: 36.7 -> 38.1 us) and
// where clusters still met in the workspace (4096 x 11008, 22 CTAs along K in 3 clusters: 78.7 ->
// 81.8 us, 4 rows 17.6 -> 22.4 us). ClusterRule::AnyWaves drops the wave conditions,
// ClusterRule::NoMoreWaves the first.
template <typename Kernel>
bool decide_cluster_along_k(Kernel kernel, const SmemDevice& dev, int ksplit, int tiles, int smem,
                            int threads, ClusterRule rule) {
    if (!binary_for_hopper(kernel)) return false;
    int per_sm = 0;
    C10_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, kernel, threads, smem));
    const long slots = static_cast<long>(per_sm) * dev.props->multiProcessorCount;
    if (per_sm == 0) return false;
    if (rule == ClusterRule::SeveralWaves && static_cast<long>(tiles) * ksplit <= slots)
        return false;
    int clusters = 0;
    LaunchAttributes shape{};
    const cudaLaunchConfig_t config =
        cluster_config(dim3(1, ksplit), threads, smem, nullptr, ksplit, shape);
    // A size the GPU cannot co-schedule is an answer (no cluster), not an error.
    if (cudaOccupancyMaxActiveClusters(&clusters, kernel, &config) != cudaSuccess) {
        (void)cudaGetLastError();
        return false;
    }
    if (clusters == 0) return false;
    if (rule == ClusterRule::AnyWaves) return true;
    const auto waves = [](long work, long at_once) { return (work + at_once - 1) / at_once; };
    return waves(tiles, clusters) <= waves(static_cast<long>(tiles) * ksplit, slots);
}

// decide_cluster_along_k, asked once per (kernel, device, CTAs along K, row tiles, shared-memory
// bytes): the launch path runs for every layer of every decode step.
template <typename Kernel>
bool cluster_along_k(Kernel kernel, const SmemDevice& dev, int ksplit, int tiles, int smem,
                     int threads, ClusterRule rule = ClusterRule::SeveralWaves) {
    // Most launches end here, before the lock: no split, a split past one cluster, or no Hopper.
    if (ksplit < 2 || ksplit > kMaxClusterSize || dev.props->major < 9) return false;
    static std::mutex mutex;
    static std::map<std::tuple<const void*, int, int, int, int, ClusterRule>, bool> known;
    const std::lock_guard<std::mutex> lock(mutex);
    // Every instantiation of a kernel template shares Kernel's type, so the key names the kernel.
    const auto key = std::make_tuple(reinterpret_cast<const void*>(kernel), dev.device, ksplit,
                                     tiles, smem, rule);
    if (const auto it = known.find(key); it != known.end()) return it->second;
    const bool cluster = decide_cluster_along_k(kernel, dev, ksplit, tiles, smem, threads, rule);
    known.emplace(key, cluster);
    return cluster;
}

// Launches kernel over grid with `size` CTAs along y per cluster (a plain launch for size 1), as
// a dependent launch (cluster_config) when asked.
template <typename Kernel, typename Params>
void launch_clustered(Kernel kernel, int size, dim3 grid, int threads, int smem,
                      cudaStream_t stream, const Params& params, bool dependent = false) {
    if (size == 1 && !dependent) {
        kernel<<<grid, threads, smem, stream>>>(params);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
        return;
    }
    LaunchAttributes attributes{};
    const cudaLaunchConfig_t config =
        cluster_config(grid, threads, smem, stream, size, attributes, dependent);
    C10_CUDA_CHECK(cudaLaunchKernelEx(&config, kernel, params));
}

// Launches kernel over tiles x p.ksplit CTAs whose CTAs along K add their partial sums inside
// one cluster per row tile (p.cluster) or, split without a cluster, through the split-K workspace
// (p.ws, p.counters: B x N sums and one ticket per row tile, split_k.cuh).
template <typename Kernel, typename Params>
void launch_split_along_k(Kernel kernel, Params& p, int tiles, int threads, int smem,
                          const at::Tensor& like, cudaStream_t stream, bool dependent = false) {
    if (p.ksplit > 1 && !p.cluster) {
        const SplitWorkspace ws = split_workspace(like, static_cast<int64_t>(p.B) * p.N, tiles);
        p.ws = ws.sums;
        p.counters = ws.counters;
    }
    launch_clustered(kernel, p.cluster ? p.ksplit : 1, dim3(tiles, p.ksplit), threads, smem, stream,
                     p, dependent);
}

}  // namespace bitdelta::kernels::cuda
