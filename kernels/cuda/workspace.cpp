// The split-K scratch of the multi-row decode kernels, one per (device, stream). Both kernels leave
// it zero, so consecutive launches on one stream share it safely.
#include "cuda/launchers.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

namespace bitdelta::kernels::cuda {

SplitWorkspace split_workspace(const at::Tensor& like, int64_t sums, int64_t counters) {
    struct Tensors {
        at::Tensor sums;      // fp32
        at::Tensor counters;  // int32
    };
    static std::mutex mutex;
    static std::map<std::pair<int, int64_t>, Tensors> spaces;
    const auto stream = at::cuda::getCurrentCUDAStream();
    const std::lock_guard<std::mutex> lock(mutex);
    Tensors& ws = spaces[{static_cast<int>(like.get_device()), static_cast<int64_t>(stream.id())}];
    if (!ws.sums.defined() || ws.sums.numel() < sums)
        ws.sums = at::zeros({std::max<int64_t>(sums, 1)}, like.options().dtype(at::kFloat));
    if (!ws.counters.defined() || ws.counters.numel() < counters)
        ws.counters = at::zeros({std::max<int64_t>(counters, 1)}, like.options().dtype(at::kInt));
    return {ws.sums.data_ptr<float>(), ws.counters.data_ptr<int>()};
}

}  // namespace bitdelta::kernels::cuda
