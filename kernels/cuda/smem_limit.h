#pragma once
// Host side of a kernel launch that may take the device's whole opt-in shared memory per block.
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAException.h>

#include <atomic>

namespace bitdelta::kernels::cuda {

constexpr int kMaxSmemDevices = 64;

struct SmemDevice {
    const cudaDeviceProp* props;
    int optin;  // bytes of shared memory a block may use on this device
    int device;
};

// The current device, after raising kernel's dynamic shared-memory limit to the device's opt-in
// maximum. The limit is per function and device, so it is raised once per device; `raised` must
// belong to this one kernel (a static next to its launch).
template <typename Kernel>
SmemDevice raise_smem_limit(Kernel kernel, std::atomic<bool> (&raised)[kMaxSmemDevices]) {
    int device = 0;
    C10_CUDA_CHECK(cudaGetDevice(&device));
    const cudaDeviceProp* props = at::cuda::getDeviceProperties(device);
    const int optin = static_cast<int>(props->sharedMemPerBlockOptin);
    if (device >= kMaxSmemDevices || !raised[device].load()) {
        C10_CUDA_CHECK(
            cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, optin));
        if (device < kMaxSmemDevices) raised[device].store(true);
    }
    return {props, optin, device};
}

}  // namespace bitdelta::kernels::cuda
