#pragma once
// Hopper's warpgroup MMA (wgmma, sm_90a only) for the wide-batch kernel (decode_wide.cu): A, the
// merged weight fragments, from registers in the m16n8k16 layout of each warp's 16 rows; B, the
// batch's x, from shared memory in core matrices without swizzle; fp32 accumulators in the
// m16n8 layout per block of 8 batch rows. So one instruction a warpgroup does what took a
// shared-memory load of x and two mma.sync per 8 batch rows per warp, and it runs asynchronously.
//
// Outside sm_90a code the MMA compiles to a trap and the rest to nothing: the host launches the
// wgmma form only where the code loaded for the device is sm_90a (wgmma_loaded, decode_wide.cu).
#include "cuda/common.cuh"

#include <cstdint>

namespace bitdelta::kernels::cuda {

#if defined(__CUDA_ARCH__) && defined(__CUDA_ARCH_FEAT_SM90_ALL)
#define BITDELTA_WGMMA_DEVICE 1
#else
#define BITDELTA_WGMMA_DEVICE 0
#endif

// A shared-memory matrix descriptor without swizzle: start address, the byte distance between
// core matrices along K (leading) and along N (stride), each in 16-byte units.
__device__ __forceinline__ uint64_t smem_desc(const void* start, uint32_t k_stride,
                                              uint32_t n_stride) {
    const auto addr = static_cast<uint32_t>(__cvta_generic_to_shared(start));
    return static_cast<uint64_t>((addr >> 4) & 0x3FFFu) |
           static_cast<uint64_t>((k_stride >> 4) & 0x3FFFu) << 16 |
           static_cast<uint64_t>((n_stride >> 4) & 0x3FFFu) << 32;
}

// The registers (A fragments, accumulators) the next wgmma reads were written by this thread.
__device__ __forceinline__ void wgmma_fence() {
#if BITDELTA_WGMMA_DEVICE
    asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#endif
}
__device__ __forceinline__ void wgmma_commit() {
#if BITDELTA_WGMMA_DEVICE
    asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
#endif
}
// Waits until at most kPending committed groups of this warp are still running.
template <int kPending>
__device__ __forceinline__ void wgmma_wait() {
#if BITDELTA_WGMMA_DEVICE
    asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(kPending) : "memory");
#endif
}
// This thread's writes to shared memory through the generic proxy (stores, cp.async) become
// visible to the async proxy that wgmma reads B through.
__device__ __forceinline__ void fence_proxy_async_shared() {
#if BITDELTA_WGMMA_DEVICE
    asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
#endif
}
// d[NB][4] += A (64 x 16: this warp's 16 rows in a, as mma16816's A) . B (16 x 8 NB: desc, K-major
// core matrices), fp32 accumulators, T the 16-bit type of A and B. Accumulator d[j][e] is batch
// row 8j + 2c + e % 2 of weight row g + 8 (e / 2) of this warp's 16, as mma16816's d of block j.
template <typename T, int NB>
__device__ __forceinline__ void wgmma_rs(float (&d)[NB][4], const uint32_t (&a)[4], uint64_t desc);

#define BITDELTA_WG_D4(j) "+f"(d[j][0]), "+f"(d[j][1]), "+f"(d[j][2]), "+f"(d[j][3])
#if BITDELTA_WGMMA_DEVICE
// scale-d is a predicate operand, set from a register (1: add onto d); A and B unscaled, B K-major.
#define BITDELTA_WG_DEF(T, TY, NB, N, DREGS, AREGS, DESC, SCALE, ...)                        \
    template <>                                                                              \
    __device__ __forceinline__ void wgmma_rs<T, NB>(float(&d)[NB][4], const uint32_t(&a)[4], \
                                                    uint64_t desc) {                         \
        asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, " SCALE                               \
                     ", 0;\n"                                                                \
                     "wgmma.mma_async.sync.aligned.m64n" N "k16.f32." TY "." TY " {" DREGS   \
                     "}, {" AREGS "}, " DESC ", p, 1, 1, 0;\n}\n"                            \
                     : __VA_ARGS__                                                           \
                     : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc), "r"(1));       \
    }
#else
#define BITDELTA_WG_DEF(T, TY, NB, N, DREGS, AREGS, DESC, SCALE, ...)                      \
    template <>                                                                            \
    __device__ __forceinline__ void wgmma_rs<T, NB>(float(&)[NB][4], const uint32_t(&)[4], \
                                                    uint64_t) {                            \
        __trap();                                                                          \
    }
#endif
// Both dtypes of one width: their instructions differ only in the type's name.
#define BITDELTA_WG_DEF_BOTH(NB, N, DREGS, AREGS, DESC, SCALE, ...)               \
    BITDELTA_WG_DEF(__half, "f16", NB, N, DREGS, AREGS, DESC, SCALE, __VA_ARGS__) \
    BITDELTA_WG_DEF(__nv_bfloat16, "bf16", NB, N, DREGS, AREGS, DESC, SCALE, __VA_ARGS__)
BITDELTA_WG_DEF_BOTH(1, "8", "%0, %1, %2, %3", "%4, %5, %6, %7", "%8", "%9", BITDELTA_WG_D4(0))
BITDELTA_WG_DEF_BOTH(2, "16", "%0, %1, %2, %3, %4, %5, %6, %7", "%8, %9, %10, %11", "%12", "%13",
                     BITDELTA_WG_D4(0), BITDELTA_WG_D4(1))
BITDELTA_WG_DEF_BOTH(4, "32",
                     "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15",
                     "%16, %17, %18, %19", "%20", "%21", BITDELTA_WG_D4(0), BITDELTA_WG_D4(1),
                     BITDELTA_WG_D4(2), BITDELTA_WG_D4(3))
BITDELTA_WG_DEF_BOTH(8, "64",
                     "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, "
                     "%17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31",
                     "%32, %33, %34, %35", "%36", "%37", BITDELTA_WG_D4(0), BITDELTA_WG_D4(1),
                     BITDELTA_WG_D4(2), BITDELTA_WG_D4(3), BITDELTA_WG_D4(4), BITDELTA_WG_D4(5),
                     BITDELTA_WG_D4(6), BITDELTA_WG_D4(7))
#undef BITDELTA_WG_DEF_BOTH
#undef BITDELTA_WG_DEF
#undef BITDELTA_WG_D4

}  // namespace bitdelta::kernels::cuda
