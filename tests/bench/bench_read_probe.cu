// How fast can one cold call read a decode step's bytes at all? A pure read of the one-row
// product's bytes (2*N*K of fp16 base + N*K/8 of signs), against cuBLAS's fp16 GEMV (baseline (b)
// of bench_kernels at B = 1, 2*N*K bytes) and this project's one-row product (Auto), all in one
// process with the same cold-L2 timing.
//
//   bench_read_probe [--planes]
//
// A second table reads the base bytes in the orders the one-row kernels use (see access_orders).
// A third (alone with --planes) reads the signs of a batch with one row per tenant in the order of
// the bit-plane kernel, without its products (planes_reads), and a fourth in other orders
// (planes_orders).
//
// Why: the one-row product and cuBLAS both stream at about 3.3 TB/s against a 4.29 TB/s copy
// (reads + writes of 1 GiB). If no read of these sizes gets much further, the one-row kernel is at
// the read ceiling of a ~25 us call (ramp-up and tail included), and being slower than (b) at
// 11008x4096 is the 6 % more bytes it must read, not its code.
//
// The probe (read_probe.cuh, which bench_kernels' bare-read columns use too) is the plainest
// streaming read there is, run at several loads in flight and CTAs per SM; the best median is
// reported.
#include "bitdelta_kernels.h"
#include "cold_timer.h"
#include "read_probe.cuh"
#include "cuda/planes_grid.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAException.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace bk = bitdelta::kernels;
using bitdelta::bench::Timer;

namespace {

using bitdelta::bench::best_probe;
using bitdelta::bench::ProbeResult;
using bitdelta::bench::read_probe_kernel;
constexpr int kThreads = bitdelta::bench::kProbeThreads;
constexpr uint32_t kNever = bitdelta::bench::kProbeNever;

// The same read in the orders the one-row kernels read a weight of N rows of `chunks` 16-byte
// chunks, folding instead of summing: does the order cost bandwidth?
//   interleaved: persistent warps, warp g takes rows g, g + G, ... in 2 KB pieces (4 chunks per
//     lane), the next piece loaded while one is folded (the order of the streaming one-row kernel,
//     decode_gemv_stream.cu, removed after the tenth run);
//   sweep: the same warps and pieces, but piece q = i * G + g of the flattened (row, piece) list,
//     so at any moment the warps read one contiguous window, as the grid-stride probe does;
//   whole rows: 4-warp CTAs, one row per warp, 16 chunks per lane in flight (decode_gemv.cu's
//     order; it keeps 8 in flight at 8 CTAs per SM since the eleventh run).
constexpr int kPiece = 4 * 32;  // chunks per 2 KB piece

__device__ __forceinline__ void load_piece(const uint4* __restrict__ data, int64_t row, int piece,
                                           int chunks, int lane, uint4 (&v)[4]) {
#pragma unroll
    for (int u = 0; u < 4; ++u) {
        const int c = piece * kPiece + 32 * u + lane;
        v[u] = c < chunks ? __ldcs(data + row * chunks + c) : make_uint4(0, 0, 0, 0);
    }
}

template <bool kSweep>
__global__ void __launch_bounds__(kThreads)
    pieces_probe_kernel(const uint4* __restrict__ data, int n, int chunks, uint32_t* sink) {
    const int lane = threadIdx.x & 31;
    const int g = (blockIdx.x * kThreads + threadIdx.x) >> 5, warps = gridDim.x * kThreads / 32;
    const int pieces = (chunks + kPiece - 1) / kPiece;
    const int64_t items = static_cast<int64_t>(n) * pieces;
    // item i of this warp -> (row, piece)
    const auto where = [&](int64_t i, int64_t& row, int& piece) {
        if (kSweep) {
            const int64_t q = i * warps + g;
            row = q / pieces;
            piece = static_cast<int>(q % pieces);
        } else {
            row = g + (i / pieces) * warps;
            piece = static_cast<int>(i % pieces);
        }
        return row < n;
    };
    // A sweep warp has items whenever g < items, even past the N-th warp (G may exceed N).
    if (g >= (kSweep ? items : n)) return;
    const int64_t mine = kSweep ? (items - g + warps - 1) / warps
                                : ((n - 1 - g) / warps + 1) * static_cast<int64_t>(pieces);
    uint32_t fold = 0;
    uint4 cur[4], next[4];
    int64_t row;
    int piece;
    if (where(0, row, piece)) load_piece(data, row, piece, chunks, lane, cur);
    for (int64_t i = 0; i < mine; ++i) {
        if (i + 1 < mine && where(i + 1, row, piece))
            load_piece(data, row, piece, chunks, lane, next);
#pragma unroll
        for (int u = 0; u < 4; ++u) {
            fold ^= cur[u].x ^ cur[u].y ^ cur[u].z ^ cur[u].w;
            cur[u] = next[u];
        }
    }
    if (fold == kNever) sink[0] = fold;
}

constexpr int kWholeWarps = 4, kWholeLoads = 16;

__global__ void __launch_bounds__(kWholeWarps * 32)
    whole_rows_probe_kernel(const uint4* __restrict__ data, int n, int chunks, uint32_t* sink) {
    const int lane = threadIdx.x & 31;
    const int64_t row = blockIdx.x * kWholeWarps + (threadIdx.x >> 5);
    if (row >= n) return;
    uint32_t fold = 0;
    for (int r0 = 0; r0 < chunks; r0 += 32 * kWholeLoads) {
        uint4 v[kWholeLoads];
#pragma unroll
        for (int u = 0; u < kWholeLoads; ++u) {
            const int c = r0 + 32 * u + lane;
            v[u] = c < chunks ? __ldcs(data + row * chunks + c) : make_uint4(0, 0, 0, 0);
        }
#pragma unroll
        for (int u = 0; u < kWholeLoads; ++u)
            fold ^= v[u].x ^ v[u].y ^ v[u].z ^ v[u].w;
    }
    if (fold == kNever) sink[0] = fold;
}

void access_orders(Timer& timer, const at::Tensor& buf, const at::Tensor& sink, int64_t n,
                   int64_t k) {
    const int sms = at::cuda::getCurrentDeviceProperties()->multiProcessorCount;
    const int chunks = static_cast<int>(k / 8);
    const auto* data = reinterpret_cast<const uint4*>(buf.data_ptr());
    auto* out = reinterpret_cast<uint32_t*>(sink.data_ptr());
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const double bytes = 2.0 * static_cast<double>(n) * static_cast<double>(k);
    const auto report = [&](const char* order, int ctas_per_sm, double us) {
        std::printf("| %lldx%lld | %s | %d | %.1f | %.0f |\n", static_cast<long long>(n),
                    static_cast<long long>(k), order, ctas_per_sm, us, bytes / us / 1e3);
    };
    for (int ctas : {1, 2, 4}) {
        report("interleaved pieces", ctas, timer.median_us([&] {
            pieces_probe_kernel<false>
                <<<sms * ctas, kThreads, 0, stream>>>(data, static_cast<int>(n), chunks, out);
        }));
        report("sweep pieces", ctas, timer.median_us([&] {
            pieces_probe_kernel<true>
                <<<sms * ctas, kThreads, 0, stream>>>(data, static_cast<int>(n), chunks, out);
        }));
    }
    report("whole rows (all CTAs launched)", 0, timer.median_us([&] {
        whole_rows_probe_kernel<<<static_cast<int>((n + kWholeWarps - 1) / kWholeWarps),
                                  kWholeWarps * 32, 0, stream>>>(data, static_cast<int>(n), chunks,
                                                                 out);
    }));
    const int64_t n16 = static_cast<int64_t>(bytes) / 16;
    for (int ctas : {1, 2, 4}) {
        report("grid-stride, 4 loads", ctas, timer.median_us([&] {
            read_probe_kernel<4><<<sms * ctas, kThreads, 0, stream>>>(data, n16, out);
        }));
        report("grid-stride, 8 loads", ctas, timer.median_us([&] {
            read_probe_kernel<8><<<sms * ctas, kThreads, 0, stream>>>(data, n16, out);
        }));
    }
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

// The bit-plane kernel's sign reads without its products (decode_planes.cu), for T tenants of one
// batch row each: its grid (blockIdx.x = row tile + tiles x group of group_rows tenants,
// blockIdx.y = a K range of kseg 512-column segments), 8 warps of 16 sign rows per CTA, each
// warp's items (tenant of its group, segment) in the kernel's order (segments innermost; with
// kTenantsInner tenants innermost), an item a lane's 16 bytes of rows g and g + 8 (1 KB a warp),
// kAhead items in flight. Shared memory it does not use holds it to the kernel's CTAs per SM.
// Why: Nsight Compute puts the kernel at 61 % of DRAM peak and 33 % of SM throughput at 64 rows
// of 64 tenants over 4096 x 4096 (tests/bench/HISTORY.md, eighteenth run). If its reads alone take
// as long, the order of its reads sets its time, not its products.
using bitdelta::kernels::cuda::kPlanesRowsPerCta;
using bitdelta::kernels::cuda::kPlanesSegWords;
constexpr int kPlanesWarps = kPlanesRowsPerCta / 16;

// kPairs (the orders table): an item is two neighbouring segments (128 bytes of each of the 16
// rows, 4 loads a lane). kLineWide (with kPairs): the same 2 KB, but each load instruction takes 4
// whole 128-byte pieces (lane l: row l / 8 + 4 j, bytes 16 (l % 8)), as a fully coalesced read
// would; the kernel would need shuffles to put such loads into its MMA fragments.
enum class ReadMap { kKernel, kPairs, kLineWide };

template <bool kTenantsInner, int kAhead, int kWarpsK = 1, ReadMap kMap = ReadMap::kKernel>
__global__ void __launch_bounds__(kPlanesWarps * 32)
    planes_reads_kernel(const uint32_t* __restrict__ signs, int n, int words, int tenants,
                        int group_rows, int kseg, int tiles, uint32_t* sink) {
    // kWarpsK > 1 (the orders table): kWarpsK warps share 16 sign rows and take the CTA's
    // segments in turn, so a CTA holds 128 / kWarpsK rows and reads kWarpsK segments of each at
    // once.
    constexpr int kSegsPerItem = kMap == ReadMap::kKernel ? 1 : 2;
    constexpr int kLoads = 2 * kSegsPerItem;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, c = lane & 3;
    const int part = warp % kWarpsK, rows_per_cta = kPlanesRowsPerCta / kWarpsK;
    const int tile = blockIdx.x % tiles, t0 = blockIdx.x / tiles * group_rows;
    const int nt = min(group_rows, tenants - t0);
    const int segments = (words + kPlanesSegWords - 1) / kPlanesSegWords;
    const int seg0 = blockIdx.y * kseg, nseg = min(kseg, segments - seg0);
    const int mine_segs = nseg > part ? (nseg - part + kWarpsK - 1) / kWarpsK : 0;
    const int mine = (mine_segs + kSegsPerItem - 1) / kSegsPerItem;
    const int n0 = tile * rows_per_cta + warp / kWarpsK * 16;
    if (n0 >= n || nt <= 0 || mine <= 0) return;
    const int64_t matrix = static_cast<int64_t>(n) * words;
    const int items = nt * mine;
    // Load j (0 .. kLoads - 1) of item i.
    const auto at = [&](int i, int j) {
        const int t = kTenantsInner ? i % nt : i / mine;
        const int s = part + kWarpsK * (kTenantsInner ? i / nt : i % mine);
        int row, w;
        if constexpr (kMap == ReadMap::kKernel) {
            row = n0 + g + 8 * j;
            w = (seg0 + s) * kPlanesSegWords + 4 * c;
        } else if constexpr (kMap == ReadMap::kPairs) {
            row = n0 + g + 8 * (j & 1);
            w = (seg0 + min(kSegsPerItem * s + (j >> 1), nseg - 1)) * kPlanesSegWords + 4 * c;
        } else {
            row = n0 + (lane >> 3) + 4 * j;
            w = (seg0 + kSegsPerItem * s) * kPlanesSegWords + 4 * (lane & 7);
        }
        w = min(w, words - 4);  // words % 4 == 0
        return reinterpret_cast<const uint4*>(signs + (t0 + t) * matrix +
                                              static_cast<int64_t>(min(row, n - 1)) * words + w);
    };
    uint4 v[kAhead][kLoads];
#pragma unroll
    for (int d = 0; d < kAhead; ++d)
        if (d < items)
#pragma unroll
            for (int j = 0; j < kLoads; ++j)
                v[d][j] = __ldg(at(d, j));
    uint32_t fold = 0;
    for (int i0 = 0; i0 < items; i0 += kAhead) {
#pragma unroll
        for (int d = 0; d < kAhead; ++d) {
            if (i0 + d >= items) break;
#pragma unroll
            for (int j = 0; j < kLoads; ++j)
                fold ^= v[d][j].x ^ v[d][j].y ^ v[d][j].z ^ v[d][j].w;
            const int next = i0 + d + kAhead;
            if (next < items)
#pragma unroll
                for (int j = 0; j < kLoads; ++j)
                    v[d][j] = __ldg(at(next, j));
        }
    }
    if (fold == kNever) sink[0] = fold;
}

template <bool kTenantsInner, int kAhead, int kWarpsK = 1, ReadMap kMap = ReadMap::kKernel>
void launch_planes_reads(const bitdelta::kernels::cuda::PlanesGrid& grid, const at::Tensor& signs,
                         int64_t n, int64_t k, int tenants, int group_rows, const at::Tensor& sink,
                         int smem) {
    auto kernel = planes_reads_kernel<kTenantsInner, kAhead, kWarpsK, kMap>;
    C10_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
    kernel<<<dim3(grid.tile_groups, grid.ksplit), kPlanesWarps * 32, smem,
             at::cuda::getCurrentCUDAStream()>>>(
        reinterpret_cast<const uint32_t*>(signs.data_ptr()), static_cast<int>(n),
        static_cast<int>(k / 32), tenants, group_rows, grid.kseg, grid.tiles,
        reinterpret_cast<uint32_t*>(sink.data_ptr()));
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

// One case of the two sign-read tables: a weight, B = T tenants of one row each, all their signs
// (T x N x K / 8 bytes) and the bit-plane kernel's rule for it with one segment per item (its
// order before the nineteenth run).
struct PlanesCase {
    int64_t n, k;
    int b, segments;
    at::Tensor signs;
    bitdelta::kernels::cuda::PlanesShape shape;
};

// Calls `table_row` for each weight of Llama-7B and B = T = 16, 64.
template <typename Row>
void for_each_planes_case(Row table_row) {
    const int64_t shapes[][2] = {{4096, 4096}, {11008, 4096}, {4096, 11008}};
    for (const auto& sh : shapes)
        for (const int b : {16, 64}) {
            PlanesCase pc{sh[0],
                          sh[1],
                          b,
                          static_cast<int>((sh[1] / 32 + kPlanesSegWords - 1) / kPlanesSegWords),
                          at::full({b * sh[0] * sh[1] / 8}, 0x3c,
                                   at::TensorOptions().device(at::kCUDA).dtype(at::kByte)),
                          bitdelta::kernels::cuda::planes_rule(b, b, sh[0], sh[1])};
            pc.shape.lines = false;
            table_row(pc);
            std::fflush(stdout);
        }
}

// Shared memory a probe CTA asks for and does not use, so only as many fit an SM as the kernel's
// CTAs of `shape`.
int idle_smem(const bitdelta::kernels::cuda::PlanesShape& shape) {
    const cudaDeviceProp* props = at::cuda::getCurrentDeviceProperties();
    return static_cast<int>(props->sharedMemPerMultiprocessor) /
               bitdelta::kernels::cuda::planes_ctas_per_sm(shape.unit_rows, shape.lines) -
           static_cast<int>(props->reservedSharedMemPerBlock) - 1024;
}

void planes_reads(Timer& timer, const at::Tensor& sink) {
    const cudaDeviceProp* props = at::cuda::getCurrentDeviceProperties();
    const int sms = props->multiProcessorCount;
    const auto opt = at::TensorOptions().device(at::kCUDA);
    std::printf(
        "\nThe bit-plane kernel's sign reads alone (one row per tenant; its grid: row tiles x "
        "groups x CTAs along K, segments per CTA, CTAs per SM), against a grid-stride read of the "
        "same bytes and the kernel itself (delta only):\n\n"
        "| N x K | B = T | grid | its order, 3 ahead us | 6 ahead us | tenants innermost, 3 "
        "ahead us | grid-stride us | kernel us | its order GB/s | grid-stride GB/s |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n");
    namespace kc = bitdelta::kernels::cuda;
    for_each_planes_case([&](const PlanesCase& pc) {
        const int64_t n = pc.n, k = pc.k;
        const int b = pc.b;
        const at::Tensor& signs = pc.signs;
        const kc::PlanesShape& shape = pc.shape;
        const int64_t bytes = signs.numel();
        const kc::PlanesGrid grid =
            kc::planes_grid(shape, b, static_cast<int>(n), pc.segments, sms);
        const int per_sm = kc::planes_ctas_per_sm(shape.unit_rows, shape.lines);
        const int groups = grid.tile_groups / grid.tiles;
        const int smem = idle_smem(shape);
        const double ours3 = timer.median_us([&] {
            launch_planes_reads<false, 3>(grid, signs, n, k, b, shape.group_rows, sink, smem);
        });
        const double ours6 = timer.median_us([&] {
            launch_planes_reads<false, 6>(grid, signs, n, k, b, shape.group_rows, sink, smem);
        });
        const double inner = timer.median_us([&] {
            launch_planes_reads<true, 3>(grid, signs, n, k, b, shape.group_rows, sink, smem);
        });
        const double stride = best_probe(timer, signs, sink).us;

        std::vector<at::Tensor> packed;
        for (int t = 0; t < b; ++t)
            packed.push_back(bk::pack_signs(at::randn({n, k}, opt) * 0.001));
        const bk::SignSet set(packed, n, k);
        const at::Tensor x = at::randn({b, k}, opt).to(at::kHalf);
        const at::Tensor alpha = at::full({b}, 0.01f, opt);
        const bk::TenantRows rows(at::arange(b, opt.dtype(at::kInt)), b);
        const double kernel = timer.median_us([&] { (void)bk::delta_matmul(x, set, alpha, rows); });
        std::printf(
            "| %lldx%lld | %d | %d x %d x %d, %d seg, %d/SM | %.1f | %.1f | %.1f | %.1f | "
            "%.1f | %.0f | %.0f |\n",
            static_cast<long long>(n), static_cast<long long>(k), b, grid.tiles, groups,
            grid.ksplit, grid.kseg, per_sm, ours3, ours6, inner, stride, kernel,
            static_cast<double>(bytes) / ours3 / 1e3, static_cast<double>(bytes) / stride / 1e3);
    });
}

// The same reads in other orders (nineteenth run): is there an order of the bit-plane kernel's
// sign reads that reaches the grid-stride read? Each cell is us / segments per CTA. Whole rows:
// one CTA along K (kseg = every segment); k warps along K: kPlanesWarps / k row blocks of 16 per
// CTA, k warps reading k segments of the same rows at once (more tiles, so the rule's kseg
// shrinks); groups of 2: the kernel's BITDELTA_PLANES_GROUP_ROWS=2 grid.
void planes_orders(Timer& timer, const at::Tensor& sink) {
    namespace kc = bitdelta::kernels::cuda;
    const int sms = at::cuda::getCurrentDeviceProperties()->multiProcessorCount;
    std::printf(
        "\nThe same sign reads in other orders (us / segments per CTA; one row per tenant, "
        "the rule's groups unless named):\n\n"
        "| N x K | B = T | kernel order | whole rows | 2 warps along K | 4 warps along K | 8 warps "
        "along K | 8 along K, whole rows | groups of 2 | segment pairs | pairs, line-wide | "
        "grid-stride |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for_each_planes_case([&](const PlanesCase& pc) {
        const int64_t n = pc.n, k = pc.k;
        const int b = pc.b, segments = pc.segments;
        const at::Tensor& signs = pc.signs;
        const kc::PlanesShape& shape = pc.shape;
        // The last two columns take the kernel's grid with two segments per item.
        kc::PlanesShape lines = shape;
        lines.lines = true;
        const int smem = idle_smem(shape), lines_smem = idle_smem(lines);
        // The rule's grid for CTAs of 128 / warps_k rows (the tile count scales with it).
        const auto grid_for = [&](const kc::PlanesShape& sh2, int warps_k, bool whole) {
            kc::PlanesGrid grid =
                kc::planes_grid(sh2, b, static_cast<int>(n) * warps_k, segments, sms);
            if (whole) grid.ksplit = 1, grid.kseg = segments;
            return grid;
        };
        const auto cell = [&](auto launch, const kc::PlanesGrid& grid) {
            const double us = timer.median_us([&] { launch(grid); });
            std::printf(" %.1f / %d |", us, grid.kseg);
        };
        const int gr = shape.group_rows;
        std::printf("| %lldx%lld | %d |", static_cast<long long>(n), static_cast<long long>(k), b);
        const auto k1 = [&](const kc::PlanesGrid& g) {
            launch_planes_reads<false, 3, 1>(g, signs, n, k, b, gr, sink, smem);
        };
        cell(k1, grid_for(shape, 1, false));
        cell(k1, grid_for(shape, 1, true));
        cell(
            [&](const kc::PlanesGrid& g) {
                launch_planes_reads<false, 3, 2>(g, signs, n, k, b, gr, sink, smem);
            },
            grid_for(shape, 2, false));
        cell(
            [&](const kc::PlanesGrid& g) {
                launch_planes_reads<false, 3, 4>(g, signs, n, k, b, gr, sink, smem);
            },
            grid_for(shape, 4, false));
        const auto k8 = [&](const kc::PlanesGrid& g) {
            launch_planes_reads<false, 3, 8>(g, signs, n, k, b, gr, sink, smem);
        };
        cell(k8, grid_for(shape, 8, false));
        cell(k8, grid_for(shape, 8, true));
        const kc::PlanesShape pairs{shape.unit_rows, 2, false};
        cell(
            [&](const kc::PlanesGrid& g) {
                launch_planes_reads<false, 3, 1>(g, signs, n, k, b, 2, sink, smem);
            },
            grid_for(pairs, 1, false));
        cell(
            [&](const kc::PlanesGrid& g) {
                launch_planes_reads<false, 2, 1, ReadMap::kPairs>(g, signs, n, k, b, gr, sink,
                                                                  lines_smem);
            },
            grid_for(lines, 1, false));
        cell(
            [&](const kc::PlanesGrid& g) {
                launch_planes_reads<false, 2, 1, ReadMap::kLineWide>(g, signs, n, k, b, gr, sink,
                                                                     lines_smem);
            },
            grid_for(lines, 1, false));
        const double stride = best_probe(timer, signs, sink).us;
        std::printf(" %.1f |\n", stride);
    });
}

}  // namespace

int main(int argc, char** argv) {
    if (!at::hasCUDA()) {
        std::printf("no CUDA device: nothing to measure\n");
        return 0;
    }
    const bool planes_only = argc > 1 && std::strcmp(argv[1], "--planes") == 0;
    if (argc > 1 && !planes_only) {
        std::fprintf(stderr, "bench_read_probe: unknown argument %s\n", argv[1]);
        return 2;
    }
    at::NoGradGuard no_grad;
    Timer timer(41, /*dirty=*/false);
    const double copy = bitdelta::bench::copy_bandwidth(timer);
    std::printf("Device: %s; copy %.0f GB/s (reads + writes of 1 GiB)\n\n",
                at::cuda::getCurrentDeviceProperties()->name, copy / 1e9);
    const auto opt = at::TensorOptions().device(at::kCUDA);
    const at::Tensor sink = at::zeros({1}, opt.dtype(at::kInt));
    if (planes_only) {
        planes_reads(timer, sink);
        planes_orders(timer, sink);
        C10_CUDA_CHECK(cudaDeviceSynchronize());
        return 0;
    }
    std::printf(
        "| N x K | bytes (base + signs) | probe us | probe GB/s | probe config | cuBLAS GEMV "
        "us (base only) | cuBLAS GB/s | Auto one row us | Auto GB/s | Auto / probe time |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    const int64_t shapes[][2] = {{4096, 4096}, {11008, 4096}, {4096, 11008}};
    for (const auto& sh : shapes) {
        const int64_t n = sh[0], k = sh[1];
        const int64_t base_bytes = 2 * n * k, sign_bytes = n * k / 8;
        const at::Tensor buf = at::full({base_bytes + sign_bytes}, 0x3c, opt.dtype(at::kByte));
        const ProbeResult probe = best_probe(timer, buf, sink);

        const at::Tensor base = (at::randn({n, k}, opt) * 0.02).to(at::kHalf);
        const at::Tensor x = at::randn({1, k}, opt).to(at::kHalf);
        const double gemv = timer.median_us([&] { (void)at::mm(x, base.t()); });

        const bk::SignSet set({bk::pack_signs(at::randn({n, k})).cuda()}, n, k);
        const at::Tensor alpha = at::full({1}, 0.01f, opt);
        const at::Tensor tenant = at::zeros({1}, opt.dtype(at::kInt));
        const double ours = timer.median_us(
            [&] { (void)bk::bitdelta_linear(x, base, at::Tensor(), set, alpha, tenant); });

        const double all = static_cast<double>(base_bytes + sign_bytes);
        std::printf(
            "| %lldx%lld | %.1f MB | %.1f | %.0f | %d loads x %d CTAs/SM | %.1f | %.0f | "
            "%.1f | %.0f | %.2f |\n",
            static_cast<long long>(n), static_cast<long long>(k), all / 1e6, probe.us,
            all / probe.us / 1e3, probe.unroll, probe.ctas_per_sm, gemv,
            static_cast<double>(base_bytes) / gemv / 1e3, ours, all / ours / 1e3, ours / probe.us);
        std::fflush(stdout);
    }
    std::printf(
        "\nAccess orders over the base bytes alone (2*N*K), 512-thread CTAs:\n\n"
        "| N x K | order | CTAs/SM | us | GB/s |\n|---|---|---|---|---|\n");
    for (const auto& sh : shapes) {
        const at::Tensor buf = at::full({2 * sh[0] * sh[1]}, 0x3c, opt.dtype(at::kByte));
        access_orders(timer, buf, sink, sh[0], sh[1]);
        std::fflush(stdout);
    }
    planes_reads(timer, sink);
    planes_orders(timer, sink);
    C10_CUDA_CHECK(cudaDeviceSynchronize());
    return 0;
}
