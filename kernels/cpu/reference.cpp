// CPU reference implementation of the packed 1-bit contract (bitdelta_kernels.h). It is also the
// CPU serving path: a tenant with a few rows (decoding) is multiplied straight from its bits
// (sign_rows.cpp); with more rows its signs are unpacked once per call, a block of rows at a time,
// into a float buffer that a BLAS GEMM then multiplies with all of that tenant's rows.
#include "cpu/sign_rows.h"
#include "detail/backends.h"

#include <ATen/ATen.h>
#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <type_traits>
#include <vector>

namespace bitdelta::kernels::cpu {

namespace {

// Unpacks rows [n0, n0 + rows) of packed signs into dst (rows x k floats, +1/-1).
void unpack_rows_f32(const int32_t* packed, int64_t words, int64_t k, int64_t n0, int64_t rows,
                     float* dst) {
    at::parallel_for(0, rows, 16, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const uint32_t* src = reinterpret_cast<const uint32_t*>(packed + (n0 + r) * words);
            float* out = dst + r * k;
            for (int64_t w = 0; w < words; ++w) {
                const uint32_t bits = src[w];
                const int64_t c0 = w * 32;
                const int64_t cols = std::min<int64_t>(32, k - c0);
                // Branch-free so the compiler vectorises: 2*bit - 1.
                for (int64_t j = 0; j < cols; ++j)
                    out[c0 + j] = static_cast<float>(static_cast<int>((bits >> j) & 1u) * 2 - 1);
            }
        }
    });
}

}  // namespace

at::Tensor pack_signs(const at::Tensor& delta) {
    const int64_t n = delta.size(0), k = delta.size(1), words = packed_words(k);
    at::Tensor out = at::zeros({n, words}, at::TensorOptions().dtype(at::kInt));
    if (n == 0 || k == 0) return out;
    // delta > 0 in the tensor's own dtype, so fp16/bf16 values are compared exactly.
    const at::Tensor positive = delta.gt(0).contiguous();
    const bool* src = positive.data_ptr<bool>();
    uint32_t* dst = reinterpret_cast<uint32_t*>(out.data_ptr<int32_t>());
    at::parallel_for(0, n, 16, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const bool* row = src + r * k;
            for (int64_t w = 0; w < words; ++w) {
                const int64_t c0 = w * 32;
                const int64_t cols = std::min<int64_t>(32, k - c0);
                uint32_t bits = 0;
                for (int64_t j = 0; j < cols; ++j)
                    bits |= static_cast<uint32_t>(row[c0 + j] ? 1u : 0u) << j;
                dst[r * words + w] = bits;
            }
        }
    });
    return out;
}

at::Tensor unpack_signs(const at::Tensor& packed, int64_t k, c10::ScalarType dtype) {
    const int64_t n = packed.size(0), words = packed.size(1);
    at::Tensor out = at::empty({n, k}, at::TensorOptions().dtype(dtype));
    if (n == 0 || k == 0) return out;
    const uint32_t* src = reinterpret_cast<const uint32_t*>(packed.data_ptr<int32_t>());
    AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, dtype, "unpack_signs_cpu", [&] {
        scalar_t* dst = out.data_ptr<scalar_t>();
        const scalar_t plus(1.0f), minus(-1.0f);
        at::parallel_for(0, n, 16, [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r)
                for (int64_t c = 0; c < k; ++c)
                    dst[r * k + c] = ((src[r * words + c / 32] >> (c % 32)) & 1u) ? plus : minus;
        });
    });
    return out;
}

at::Tensor merge(const at::Tensor& base, const at::Tensor& packed, double alpha) {
    const int64_t n = base.size(0), k = base.size(1), words = packed.size(1);
    at::Tensor out = at::empty_like(base);
    if (n == 0 || k == 0) return out;
    const uint32_t* src = reinterpret_cast<const uint32_t*>(packed.data_ptr<int32_t>());
    AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, base.scalar_type(), "merge_cpu", [&] {
        using acc_t = std::conditional_t<std::is_same_v<scalar_t, double>, double, float>;
        const scalar_t* b = base.data_ptr<scalar_t>();
        scalar_t* dst = out.data_ptr<scalar_t>();
        const acc_t a = static_cast<acc_t>(alpha);
        at::parallel_for(0, n, 16, [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r)
                for (int64_t c = 0; c < k; ++c) {
                    const bool plus = (src[r * words + c / 32] >> (c % 32)) & 1u;
                    dst[r * k + c] =
                        static_cast<scalar_t>(static_cast<acc_t>(b[r * k + c]) + (plus ? a : -a));
                }
        });
    });
    return out;
}

at::Tensor delta_matmul_f32(const at::Tensor& x, const SignSet& signs, const at::Tensor& alpha,
                            const at::Tensor& tenant, int64_t direct_max_rows) {
    const int64_t b = x.size(0), n = signs.rows(), k = signs.cols(), t = signs.tenants();
    const int64_t words = packed_words(k);
    at::Tensor out = at::zeros({b, n}, at::TensorOptions().dtype(at::kFloat));
    if (b == 0) return out;
    const at::Tensor xf = x.to(at::kFloat).contiguous();
    const int64_t* ten = tenant.data_ptr<int64_t>();
    const float* al = alpha.data_ptr<float>();

    // About 4 MB of unpacked signs per block: large enough for an efficient GEMM, small enough to
    // stay in the last-level cache while the GEMM reads it.
    const int64_t block = std::clamp<int64_t>((int64_t{1} << 20) / std::max<int64_t>(k, 1), 16, n);
    at::Tensor buf;  // made on the first tenant that takes the GEMM path

    std::vector<int64_t> rows;
    for (int64_t s = 0; s < t; ++s) {
        rows.clear();
        for (int64_t r = 0; r < b; ++r)
            if (ten[r] == s) rows.push_back(r);
        if (rows.empty()) continue;  // unused tenants cost nothing
        const at::Tensor idx = at::tensor(rows, at::kLong);
        const at::Tensor xs = xf.index_select(0, idx).contiguous();  // [Bs, K]
        at::Tensor ys = at::empty({static_cast<int64_t>(rows.size()), n}, xf.options());
        const int32_t* packed = signs.packed(s).data_ptr<int32_t>();
        if (static_cast<int64_t>(rows.size()) <= direct_max_rows) {
            sign_rows_product(reinterpret_cast<const uint32_t*>(packed), n, k, xs.data_ptr<float>(),
                              xs.size(0), al[s], ys.data_ptr<float>());
            out.index_copy_(0, idx, ys);
            continue;
        }
        if (!buf.defined()) buf = at::empty({block, k}, at::TensorOptions().dtype(at::kFloat));
        for (int64_t n0 = 0; n0 < n; n0 += block) {
            const int64_t nb = std::min(block, n - n0);
            at::Tensor blk = buf.narrow(0, 0, nb);
            unpack_rows_f32(packed, words, k, n0, nb, blk.data_ptr<float>());
            ys.narrow(1, n0, nb).copy_(at::mm(xs, blk.t()));
        }
        ys.mul_(al[s]);
        out.index_copy_(0, idx, ys);
    }
    return out;
}

}  // namespace bitdelta::kernels::cpu
