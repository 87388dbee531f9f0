#pragma once
// Plans the cuBLAS calls of this thread on the current device for fewer SMs while it lives, so a
// kernel on another stream has the rest (sm_split.h). LibTorch's at::mm takes the same handle, and
// honours the target: planned for 8 SMs the base GEMM ran 1.6-2.8x slower (H100, LibTorch 2.11,
// tests/bench/README.md, thirty-eighth run).
#include <ATen/cuda/CUDAContext.h>

namespace bitdelta::kernels::cuda {

class GemmSmTarget {
  public:
    // sms <= 0 leaves the handle alone.
    explicit GemmSmTarget(int sms) {
        if (sms <= 0) return;
        handle_ = at::cuda::getCurrentCUDABlasHandle();
        TORCH_CUDABLAS_CHECK(cublasGetSmCountTarget(handle_, &previous_));
        TORCH_CUDABLAS_CHECK(cublasSetSmCountTarget(handle_, sms));
    }
    // Restored even when the GEMM threw (out of memory), since the handle outlives this call and
    // serves every later GEMM of the thread.
    ~GemmSmTarget() {
        if (handle_ != nullptr) cublasSetSmCountTarget(handle_, previous_);
    }
    GemmSmTarget(const GemmSmTarget&) = delete;
    GemmSmTarget& operator=(const GemmSmTarget&) = delete;

  private:
    cublasHandle_t handle_ = nullptr;
    int previous_ = 0;
};

}  // namespace bitdelta::kernels::cuda
