// How fast are the tensor cores' single-bit products on this GPU, next to the fp16 ones the decode
// kernels use? And which bit of a .b32 fragment register is which column?
//
//   bench_mma_probe
//
// Why: with one row per tenant (16 rows of 16 tenants, the serving case) the fp16 kernels spend
// one m16n8k16 MMA per 256 sign bits, 7 of its 8 columns idle, plus about one instruction per
// sign bit to expand bits into +-1 halves. A product with x split into bit planes would take the
// packed sign words as A fragments as they are (mma m16n8k256 .b1 .and.popc: 4096 sign bits per
// MMA, 8 planes of one row as its 8 columns), if this GPU runs it at a useful rate. Hopper's
// whitepaper lists no binary tensor-core rate, so this measures it.
//
// Table: for each form, MMAs per SM and cycle over many independent chains in every warp of a
// full grid, and the sign bits per second that rate would consume at one row per tenant.
#include "cuda/common.cuh"

#include <cuda_runtime.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

using bitdelta::kernels::cuda::mma16816;

#define CHECK_CUDA(call)                                                                      \
    do {                                                                                      \
        const cudaError_t err_ = (call);                                                      \
        if (err_ != cudaSuccess) {                                                            \
            std::fprintf(stderr, "%s:%d %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); \
            std::exit(1);                                                                     \
        }                                                                                     \
    } while (0)

constexpr int kChains = 4;  // independent accumulators per warp
constexpr int kIters = 4096;

// The b1 and s8 forms timed (the fp16 one is the decode kernels' mma16816, common.cuh). Volatile,
// unlike decode_planes.cu's mma_b1: the chains of throughput_kernel have the same operands, and a
// pure asm would let the compiler merge them into one.
__device__ inline void mma_b1(int (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
    asm volatile(
        "mma.sync.aligned.m16n8k256.row.col.s32.b1.b1.s32.and.popc "
        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

__device__ inline void mma_s8(int (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
    asm volatile(
        "mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 "
        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

// kForm 0: b1 m16n8k256, 1: f16 m16n8k16, 2: s8 m16n8k32. The operands vary with the lane and the
// seed so nothing folds; the sums are stored only if they hit a value they cannot take.
template <int kForm>
__global__ void throughput_kernel(uint32_t seed, int* sink) {
    uint32_t a[4], b[2];
    for (int i = 0; i < 4; ++i)
        a[i] = seed * (threadIdx.x + 7 * i + 1);
    for (int i = 0; i < 2; ++i)
        b[i] = seed ^ (threadIdx.x * 13 + i);
    if constexpr (kForm == 1) {
        for (int i = 0; i < 4; ++i)
            a[i] &= 0x3bff3bffu;  // finite halves below 1
        for (int i = 0; i < 2; ++i)
            b[i] &= 0x3bff3bffu;
    }
    using Acc = std::conditional_t<kForm == 1, float, int>;
    Acc d[kChains][4] = {};
    for (int it = 0; it < kIters; ++it) {
#pragma unroll
        for (int c = 0; c < kChains; ++c) {
            if constexpr (kForm == 0) mma_b1(d[c], a, b);
            if constexpr (kForm == 1) mma16816<__half>(d[c], a, b);
            if constexpr (kForm == 2) mma_s8(d[c], a, b);
        }
    }
    Acc total = 0;
    for (int c = 0; c < kChains; ++c)
        for (int i = 0; i < 4; ++i)
            total += d[c][i];
    if (total == static_cast<Acc>(-12345)) sink[0] = 1;
}

// One warp, one m16n8k256 b1 product of A (16 x 256 bits, row-major words) and B (8 columns of
// 256 bits, column-major words), the fragments loaded under the layout this probe assumes: a0 / a1
// rows g / g + 8 at word t, a2 / a3 the same at word t + 4; b0 / b1 column g at words t / t + 4;
// d0, d1 row g, columns 2t, 2t + 1, d2, d3 row g + 8.
__global__ void layout_kernel(const uint32_t* a_words, const uint32_t* b_words, int* d_out) {
    const int lane = threadIdx.x, g = lane >> 2, t = lane & 3;
    const uint32_t a[4] = {a_words[g * 8 + t], a_words[(g + 8) * 8 + t], a_words[g * 8 + t + 4],
                           a_words[(g + 8) * 8 + t + 4]};
    const uint32_t b[2] = {b_words[g * 8 + t], b_words[g * 8 + t + 4]};
    int d[4] = {};
    mma_b1(d, a, b);
    d_out[g * 8 + 2 * t] = d[0];
    d_out[g * 8 + 2 * t + 1] = d[1];
    d_out[(g + 8) * 8 + 2 * t] = d[2];
    d_out[(g + 8) * 8 + 2 * t + 1] = d[3];
}

bool check_layout() {
    std::mt19937 rng(7);
    std::vector<uint32_t> a(16 * 8), b(8 * 8);
    for (auto& w : a)
        w = rng();
    for (auto& w : b)
        w = rng();
    uint32_t *da, *db;
    int* dd;
    CHECK_CUDA(cudaMalloc(&da, a.size() * 4));
    CHECK_CUDA(cudaMalloc(&db, b.size() * 4));
    CHECK_CUDA(cudaMalloc(&dd, 16 * 8 * 4));
    CHECK_CUDA(cudaMemcpy(da, a.data(), a.size() * 4, cudaMemcpyHostToDevice));
    CHECK_CUDA(cudaMemcpy(db, b.data(), b.size() * 4, cudaMemcpyHostToDevice));
    layout_kernel<<<1, 32>>>(da, db, dd);
    CHECK_CUDA(cudaGetLastError());
    std::vector<int> d(16 * 8);
    CHECK_CUDA(cudaMemcpy(d.data(), dd, d.size() * 4, cudaMemcpyDeviceToHost));
    int wrong = 0;
    for (int m = 0; m < 16; ++m)
        for (int n = 0; n < 8; ++n) {
            int want = 0;  // AND-popc is blind to the bit order inside a word if A and B share it
            for (int w = 0; w < 8; ++w)
                want += __builtin_popcount(a[m * 8 + w] & b[n * 8 + w]);
            wrong += d[m * 8 + n] != want;
        }
    std::printf("b1 fragment layout as assumed: %s (%d of 128 sums wrong)\n", wrong ? "NO" : "yes",
                wrong);
    CHECK_CUDA(cudaFree(da));
    CHECK_CUDA(cudaFree(db));
    CHECK_CUDA(cudaFree(dd));
    return wrong == 0;
}

template <int kForm>
void time_form(const char* name, int sign_bits_per_mma, int warps_per_cta, int ctas_per_sm) {
    cudaDeviceProp prop{};
    CHECK_CUDA(cudaGetDeviceProperties(&prop, 0));
    int clock_khz = 0;
    CHECK_CUDA(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrClockRate, 0));
    int* sink;
    CHECK_CUDA(cudaMalloc(&sink, 4));
    const int ctas = prop.multiProcessorCount * ctas_per_sm;
    cudaEvent_t start, stop;
    CHECK_CUDA(cudaEventCreate(&start));
    CHECK_CUDA(cudaEventCreate(&stop));
    float best_ms = 1e30f;
    for (int rep = 0; rep < 5; ++rep) {
        CHECK_CUDA(cudaEventRecord(start));
        throughput_kernel<kForm><<<ctas, warps_per_cta * 32>>>(0x9e3779b9u + rep, sink);
        CHECK_CUDA(cudaEventRecord(stop));
        CHECK_CUDA(cudaEventSynchronize(stop));
        CHECK_CUDA(cudaGetLastError());
        float ms = 0;
        CHECK_CUDA(cudaEventElapsedTime(&ms, start, stop));
        if (rep > 0 && ms < best_ms) best_ms = ms;
    }
    const double mmas = double(ctas) * warps_per_cta * kChains * kIters;
    const double per_s = mmas / (best_ms * 1e-3);
    const double per_sm_cycle = per_s / prop.multiProcessorCount / (clock_khz * 1e3);
    std::printf("| %s | %d x %d | %.3f | %.1f | %.1f |\n", name, warps_per_cta, ctas_per_sm,
                per_sm_cycle, per_s / 1e9, per_s * sign_bits_per_mma / 1e12);
    CHECK_CUDA(cudaFree(sink));
}

}  // namespace

int main() {
    cudaDeviceProp prop{};
    CHECK_CUDA(cudaGetDeviceProperties(&prop, 0));
    std::printf("%s, %d SMs\n", prop.name, prop.multiProcessorCount);
    const bool layout_ok = check_layout();
    std::printf(
        "\n| MMA | warps x CTAs per SM | MMAs per SM and cycle (boost clock) | GMMA/s | "
        "Tbit/s of signs at one row per tenant |\n|---|---|---|---|---|\n");
    // Sign bits one MMA consumes at one row per tenant: b1 with 8 planes of the row as columns
    // covers 16 x 256 bits (16 planes take two); f16 and s8 cover 16 x 16 and 16 x 32 of +-1.
    for (int warps : {4, 8}) {
        time_form<0>("b1 m16n8k256 and.popc", 16 * 256, warps, 2);
        time_form<1>("f16 m16n8k16 (f32 acc)", 16 * 16, warps, 2);
        time_form<2>("s8 m16n8k32", 16 * 32, warps, 2);
    }
    return layout_ok ? 0 : 1;
}
