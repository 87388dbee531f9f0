// The direct 1-bit product of sign_rows.h. Unpacking a tenant's whole sign matrix to floats for
// one decode row writes and re-reads 4 bytes per weight, several times the traffic of the base
// product itself; here each sign byte selects eight +-1 factors from a 8 KB table that stays in L1,
// so a row costs one pass over the packed bits (1/32 of the fp32 weight bytes) and the activations.
#include "cpu/sign_rows.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <array>

namespace bitdelta::kernels::cpu {
namespace {

using SignTable = std::array<float, 256 * 8>;

// Entry 8 v + j is +1 where bit j of byte v is set (column j of that byte), else -1.
const SignTable& sign_table() {
    static const SignTable table = [] {
        SignTable t{};
        for (int v = 0; v < 256; ++v)
            for (int j = 0; j < 8; ++j)
                t[static_cast<size_t>(v * 8 + j)] = ((v >> j) & 1) ? 1.f : -1.f;
        return t;
    }();
    return table;
}

// S[row] . x_r over k columns for R activation rows at once (x_r = x + r * k): each sign byte's
// eight factors are looked up once and used for every row; eight partial sums per row so the loop
// vectorises.
template <int R>
void sign_dots(const uint32_t* row, int64_t k, const float* x, const float* table, float* sums) {
    float acc[R][8] = {};
    const int64_t full_bytes = k / 8;
    for (int64_t q = 0; q < full_bytes; ++q) {
        // Byte q of the row is bits 8 (q % 4) .. of word q / 4 (arithmetic, so any byte order).
        const uint32_t byte = (row[q >> 2] >> (8 * (q & 3))) & 0xffu;
        const float* s = table + byte * 8;
        for (int r = 0; r < R; ++r) {
            const float* xv = x + r * k + q * 8;
            for (int j = 0; j < 8; ++j)
                acc[r][j] += s[j] * xv[j];
        }
    }
    for (int r = 0; r < R; ++r) {
        const float* a = acc[r];
        float sum = ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]));
        const float* xr = x + r * k;
        for (int64_t c = full_bytes * 8; c < k; ++c)
            sum += ((row[c >> 5] >> (c & 31)) & 1u) ? xr[c] : -xr[c];
        sums[r] = sum;
    }
}

}  // namespace

void sign_rows_product(const uint32_t* packed, int64_t n, int64_t k, const float* x, int64_t rows,
                       float alpha, float* out) {
    const float* table = sign_table().data();
    const int64_t words = (k + 31) / 32;
    // About 64 KB of signs per task at k = 4096: enough work to amortise the task, many tasks.
    const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 19) / std::max<int64_t>(k, 1));
    at::parallel_for(0, n, grain, [&](int64_t i0, int64_t i1) {
        float sums[4];
        for (int64_t i = i0; i < i1; ++i) {
            const uint32_t* row = packed + i * words;
            for (int64_t r0 = 0; r0 < rows; r0 += 4) {
                const float* xr = x + r0 * k;
                const int64_t m = std::min<int64_t>(4, rows - r0);
                switch (m) {
                    case 1:
                        sign_dots<1>(row, k, xr, table, sums);
                        break;
                    case 2:
                        sign_dots<2>(row, k, xr, table, sums);
                        break;
                    case 3:
                        sign_dots<3>(row, k, xr, table, sums);
                        break;
                    default:
                        sign_dots<4>(row, k, xr, table, sums);
                        break;
                }
                for (int64_t r = 0; r < m; ++r)
                    out[(r0 + r) * n + i] = alpha * sums[r];
            }
        }
    });
}

}  // namespace bitdelta::kernels::cpu
