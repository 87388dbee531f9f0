#pragma once
// The inner step of the one-row decode kernel (decode_gemv.cu): one 8-column chunk of W_base and of
// the delta's signs against x, summed in fp32.
#include "cuda/common.cuh"

#include <cstdint>

namespace bitdelta::kernels::cuda {

// Sum over one 8-column chunk: base += w . x, delta += s . x (s = +-1 from bits 0..7 of sbits).
template <typename T, bool kBase>
__device__ __forceinline__ void chunk_dot(const uint4& w, const uint4& x, uint32_t sbits,
                                          float& base, float& delta) {
    const uint32_t xw[4] = {x.x, x.y, x.z, x.w};
    const uint32_t ww[4] = {w.x, w.y, w.z, w.w};
#pragma unroll
    for (int q = 0; q < 4; ++q) {
        const float2 xf = Half16<T>::pair_to_float2(xw[q]);
        if constexpr (kBase) {
            const float2 wf = Half16<T>::pair_to_float2(ww[q]);
            base = fmaf(wf.x, xf.x, base);
            base = fmaf(wf.y, xf.y, base);
        }
        // Bit 2q (2q + 1) clear -> the sign of x is flipped: bit 31 of ~(sbits << (31 - bit)).
        const uint32_t lo = ~(sbits << (31 - 2 * q)) & 0x80000000u;
        const uint32_t hi = ~(sbits << (30 - 2 * q)) & 0x80000000u;
        delta += __uint_as_float(__float_as_uint(xf.x) ^ lo);
        delta += __uint_as_float(__float_as_uint(xf.y) ^ hi);
    }
}

}  // namespace bitdelta::kernels::cuda
