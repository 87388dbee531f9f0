#pragma once
// Shared-memory mbarriers (Ampere and later) for a ring of cp.async slabs without a CTA-wide
// barrier per slab: a stage's "full" barrier completes once every thread's copies into it have
// landed, its "empty" barrier once every warp has read it. A warp then waits only for the data it
// needs and for the slowest warp to leave a stage two slabs back, where __syncthreads made every
// warp wait for the slowest one at every slab.
#include <cstdint>

namespace bitdelta::kernels::cuda {

__device__ __forceinline__ uint32_t smem_address(const void* p) {
    return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}

// One thread initialises; the CTA synchronises before any other thread uses the barrier.
__device__ __forceinline__ void mbarrier_init(uint64_t* bar, int arrivals) {
    asm volatile("mbarrier.init.shared.b64 [%0], %1;\n" ::"r"(smem_address(bar)), "r"(arrivals));
}

__device__ __forceinline__ void mbarrier_arrive(uint64_t* bar) {
    uint64_t state;
    asm volatile("mbarrier.arrive.shared.b64 %0, [%1];\n"
                 : "=l"(state)
                 : "r"(smem_address(bar))
                 : "memory");
    (void)state;
}

// Arrives once all cp.async copies this thread issued so far have landed. Counts as one of the
// barrier's arrivals (.noinc), so a barrier fed this way is initialised with the copying threads.
__device__ __forceinline__ void cp_async_arrive(uint64_t* bar) {
    asm volatile("cp.async.mbarrier.arrive.noinc.shared.b64 [%0];\n" ::"r"(smem_address(bar))
                 : "memory");
}

// Waits until the phase of the given parity (0 for the first, then alternating) has completed.
__device__ __forceinline__ void mbarrier_wait(uint64_t* bar, uint32_t parity) {
    const uint32_t address = smem_address(bar);
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile(
        "{\n .reg .pred done;\n"
        "WAIT_%=:\n"
        " mbarrier.try_wait.parity.shared.b64 done, [%0], %1;\n"
        " @!done bra WAIT_%=;\n}\n" ::"r"(address),
        "r"(parity)
        : "memory");
#else
    asm volatile(
        "{\n .reg .pred done;\n"
        "WAIT_%=:\n"
        " mbarrier.test_wait.parity.shared.b64 done, [%0], %1;\n"
        " @!done bra WAIT_%=;\n}\n" ::"r"(address),
        "r"(parity)
        : "memory");
#endif
}

}  // namespace bitdelta::kernels::cuda
