#pragma once
// The operands the decode kernels take (decode.cu, decode_gemv.cu, decode_rows.cu and the two
// small-batch kernels), as the raw pointers and sizes a kernel parameter block holds, and the one
// place that takes them out of the tensors.
#include "cuda/launchers.h"
#include "detail/backends.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>

#include <cstdint>

namespace bitdelta::kernels::cuda {

struct DecodeOperands {
    const uint16_t* x;     // [B, K]
    const uint16_t* base;  // [N, K] or null
    const uint16_t* bias;  // [N] or null
    uint16_t* out;         // [B, N]
    const int64_t* sign_ptrs;
    const float* alpha;
    const int32_t* tenant;
    int B, N, K, words, slots;
    int accumulate;  // add onto what out holds
    int vec_words;   // sign rows 16-byte aligned with words % 4 == 0 (SignSet::vector_rows)
};

// Whether n output rows in tiles of tile_rows make at least 4 CTAs an SM: there the small-batch
// kernels' shapes with more CTAs an SM (and fewer warps each) win (decode_small.cu,
// decode_masked.cu).
inline bool many_row_tiles(int n, int tile_rows) {
    const int tiles = (n + tile_rows - 1) / tile_rows;
    return tiles >= 4 * at::cuda::getCurrentDeviceProperties()->multiProcessorCount;
}

inline void fill_operands(DecodeOperands& p, const at::Tensor& x, const at::Tensor& base,
                          const at::Tensor& bias, const SignSet& signs, const at::Tensor& alpha,
                          const at::Tensor& tenant, at::Tensor& out, bool accumulate) {
    p.x = reinterpret_cast<const uint16_t*>(x.data_ptr());
    p.base = base.defined() ? reinterpret_cast<const uint16_t*>(base.data_ptr()) : nullptr;
    p.bias = bias.defined() ? reinterpret_cast<const uint16_t*>(bias.data_ptr()) : nullptr;
    p.out = reinterpret_cast<uint16_t*>(out.data_ptr());
    p.sign_ptrs = signs.pointer_table().data_ptr<int64_t>();
    p.alpha = alpha.data_ptr<float>();
    p.tenant = tenant.data_ptr<int32_t>();
    p.B = static_cast<int>(x.size(0));
    p.N = static_cast<int>(signs.rows());
    p.K = static_cast<int>(signs.cols());
    p.words = static_cast<int>(packed_words(signs.cols()));
    p.slots = static_cast<int>(signs.tenants());
    p.accumulate = accumulate ? 1 : 0;
    p.vec_words = signs.vector_rows() ? 1 : 0;
}

// The operands of the kernels whose CTAs along K add their partial sums through the split-K
// workspace or inside a thread-block cluster (decode_rows.cu, decode_wide.cu; launch_split_along_k
// in cluster_plan.h).
struct SplitOperands : DecodeOperands {
    float* ws;      // [B, N] fp32, zero on entry and on exit (split without a cluster only)
    int* counters;  // [row tiles], zero on entry and on exit (likewise)
    int kw;         // sign words of K per CTA
    int ksplit;     // CTAs along K
    int cluster;    // the CTAs along K form one thread-block cluster (cluster_reduce.cuh)
};

}  // namespace bitdelta::kernels::cuda
