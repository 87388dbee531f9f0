#pragma once
// Internal (CPU backend): the 1-bit product for a few activation rows straight from the packed
// bits. Plain C++ (no torch headers) so it stays a lean compile unit.
#include <cstdint>

namespace bitdelta::kernels::cpu {

// Up to this many rows of one tenant take the direct path; more rows share one unpacked copy of
// the signs and a BLAS GEMM (measured by bench_kernels' CPU run: tests/bench/README.md).
constexpr int64_t kDirectMaxRows = 8;

// out[r * n + i] = alpha * sum_c S[i, c] * x[r * k + c] for r < rows, i < n, where S is +-1 from
// the packed layout of DESIGN section 4 (words: [n, ceil(k / 32)] uint32, bit j of word w = column
// 32 w + j). Parallel over output rows.
void sign_rows_product(const uint32_t* packed, int64_t n, int64_t k, const float* x, int64_t rows,
                       float alpha, float* out);

}  // namespace bitdelta::kernels::cpu
