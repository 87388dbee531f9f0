// The bit-plane delta kernel: alpha[t_b] * S[t_b] @ x[b] for 2 to 64 rows of a set of several
// tenants, without a base (DESIGN section 2: the delta half of base + delta, whose base product is
// cuBLAS's GEMM, and delta_matmul).
//
// Why: with one or two rows per tenant (the serving case: every row a different fine-tune) the
// fp16 kernels spend one m16n8k16 MMA per 256 sign bits with 7 of its 8 columns idle, plus about
// one instruction per sign bit to expand bits into +-1 halves, so they run out of instruction
// issue long before DRAM (16 rows of 16 tenants: 53.6 / 118.8 / 124.4 us at 4096 x 4096 /
// 11008 x 4096 / 4096 x 11008 against floors of 15.7 / 42.1 / 42.1, tests/bench/HISTORY.md). The
// tensor cores also multiply single bits: mma.m16n8k256 .b1 .and.popc adds up popc(a & b) over
// 256 columns for 16 x 8 outputs, and on Hopper it issues at the rate of the fp16 MMA
// (bench_mma_probe.cu: 0.57-0.59 per SM and cycle for both on the H200, 0.58-0.60 on the H100),
// taking 16 times the sign bits.
// The packed sign words are its A fragments as they lie in memory.
//
// x in bit planes: each row's 512-column segment is written as 16-bit fixed point q with one
// power-of-two step per segment (|x| < 2^e over the segment, step 2^(e - 15), q = round(x / step)
// in two's complement), and bit p of q over 32 columns is one word of plane p (a preparation
// kernel, prepare_planes, writes them). With s = 2b - 1 for sign bit b,
//   sum_k s_k q_k = 2 sum_p w_p popc(b & plane_p) - sum_k q_k,  w_p = 2^p (p < 15), w_15 = -2^15,
// so 8 planes of one row are the 8 columns of one MMA and two MMAs take a row over 256 columns.
// The popcounts add up exactly in int32; each segment's sum is scaled by its step into fp32.
// Every element within 2^5 of its segment's largest is exact; smaller ones are rounded to the
// step, an error of at most 2^-16 of the segment's largest |x|. A +-1 product adds every |x_k| of
// the segment in, so that is about 2^-16 of the output's own size, well under fp16's rounding of
// the result (2^-11) and bf16's (2^-8). A non-finite x makes its row's outputs NaN.
//
// Work split: the batch rows, sorted by tenant (tenant_rows.cuh), fall into groups of
// `group_rows` (choose_shape). A CTA owns one group, 128 output rows (8 warps x 16) and `kseg`
// segments of K (the host picks them, see planes_grid.h); it stages the planes of its group's
// rows over its segments in shared memory once and cuts each tenant's rows into units of at most
// kUnitRows (or of one row: choose_shape). Per item (a unit and one segment, or two for units of
// kUnitRows) each lane loads its 32 bytes a segment of the warp's 16 sign rows (1 KB a segment)
// straight into registers, a few items ahead (kPrefetch, kPrefetchPairs). A cp.async ring in
// shared memory did this first; at 64 rows its 32 KB left one 8-warp CTA per SM, which Nsight
// Compute showed waiting on latency (0.38 instructions per scheduler and cycle), and without it two
// CTAs fit: 64 rows of 64 tenants 127.1 / 247.7 / 227.3 us -> 111.1 / 201.4 / 216.4 (fifteenth
// run). Then per row of the unit it runs four MMAs (two 256-column halves x two groups of 8
// planes). The CTAs along K of a row tile add up in a thread-block cluster on Hopper
// (cluster_reduce.cuh), else through the split-K workspace. On Hopper the product kernel is a
// dependent launch: it sorts the rows and starts its sign loads while the preparation kernel still
// runs.
#include "cuda/cluster_plan.h"
#include "cuda/cluster_reduce.cuh"
#include "cuda/common.cuh"
#include "cuda/decode_operands.h"
#include "cuda/knob.h"
#include "cuda/launchers.h"
#include "cuda/planes_grid.h"
#include "cuda/smem_limit.h"
#include "cuda/split_k.cuh"
#include "cuda/tenant_rows.cuh"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kWarps = 8;
constexpr int kThreads = kWarps * 32;
constexpr int kRowsPerCta = kPlanesRowsPerCta;
static_assert(kRowsPerCta == kWarps * 16, "a warp sums 16 output rows");
constexpr int kMaxRows = static_cast<int>(kDecodeMaxRows);
static_assert(kMaxRows <= kSortMaxRows, "SortedRows holds every row of a call");
constexpr int kSegWords = kPlanesSegWords;
constexpr int kSegCols = kSegWords * 32;
constexpr int kPlanes = 16;
constexpr int kSegVecs = kPlanes * kSegWords / 4;  // 16-byte vectors of one row's segment: 1 KB
constexpr int kUnitRows = kPlanesUnitRows;
constexpr int kPrefetch = 3;          // items whose signs a lane holds or awaits (one segment)
constexpr int kPrefetchPairs = 2;     // the same for items of two segments (kLines)
constexpr int kPrepWordsPerWarp = 4;  // sign words a preparation warp makes
constexpr int kPrepThreads = kSegWords / kPrepWordsPerWarp * 32;  // a preparation CTA: a segment

struct PlanesParams : SplitOperands {
    const uint4* planes;  // [B][segments][16 planes][16 words]
    const float2* meta;   // [B][segments]: {2 step, step * sum of q}
    int segments;         // ceil(words / 16)
    int kseg;             // segments per CTA (kw = 16 kseg)
    int tiles;            // row tiles of kRowsPerCta outputs; blockIdx.x = tile + tiles * group
    int group_rows;       // sorted batch rows per group (the last may hold fewer)
};

struct PlanesHeader : SortedRows {
    int ubeg[kMaxRows + 1];  // unit u holds sorted rows ubeg[u] .. ubeg[u + 1] - 1
    int units;
    float corr[kMaxRows];  // sorted row r: sum over the CTA's segments of step * sum of q
    int is_last;
};
// A lane's signs of one item (the prefetch of delta_planes_kernel): kLoads 16-byte loads.
template <int kLoads>
struct Ahead {
    uint4 v[kLoads];
};

constexpr int kHeaderBytes = (static_cast<int>(sizeof(PlanesHeader)) + 127) / 128 * 128;

// Shared memory of a CTA: header, the planes and steps of kseg segments of its group's rows, and
// (clustered) the parked partial tile.
__host__ __device__ constexpr int planes_bytes(int rows, int kseg) {
    return rows * kseg * kSegVecs * 16 + (rows * kseg * 8 + 15) / 16 * 16;
}
int smem_bytes(int rows, int kseg, bool cluster) {
    return kHeaderBytes + planes_bytes(rows, kseg) + (cluster ? park_bytes(rows) : 0);
}

// Not volatile: a pure function of its operands, which the compiler may schedule around.
__device__ __forceinline__ void mma_b1(int (&d)[4], const uint32_t (&a)[4], uint32_t b0,
                                       uint32_t b1) {
    asm("mma.sync.aligned.m16n8k256.row.col.s32.b1.b1.s32.and.popc "
        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

__device__ __forceinline__ uint4 shfl_xor_vec(uint4 v, int lane_mask) {
    return make_uint4(
        __shfl_xor_sync(0xffffffffu, v.x, lane_mask), __shfl_xor_sync(0xffffffffu, v.y, lane_mask),
        __shfl_xor_sync(0xffffffffu, v.z, lane_mask), __shfl_xor_sync(0xffffffffu, v.w, lane_mask));
}

__device__ __forceinline__ int plane_weight(int p) {
    return p < kPlanes - 1 ? 1 << p : -(1 << (kPlanes - 1));
}

// One CTA per (row, segment): the 16 planes of the segment's 512 columns and its step. Warp w holds
// words kPrepWordsPerWarp w .. + kPrepWordsPerWarp - 1 (lane l: column 32 u + l of word u), so one
// ballot per word and plane is that plane's word.
//
// Why a CTA and not one warp per (row, segment), as before: that warp ran its 256 ballots and the
// 16 conversions before them alone on its scheduler, a chain of dependent steps with nothing to
// hide their latency, and took 7.2 us whether the batch had 16 or 64 rows (Nsight Compute, H100,
// tests/bench/HISTORY.md eighteenth run), most of which the product kernel waited out at
// griddepcontrol.wait. Four warps of 4 words each take a quarter of the chain, and the segment's
// largest |x| and its sum of q meet in shared memory: 3.7 / 4.7 us at 16 / 64 rows, and the delta
// 2-4 us faster at every row the kernel takes (4096 x 4096, 16 rows of 16 tenants 26.7 -> 23.9 us,
// 64 of 64 71.6 -> 68.8, 64 of 4 37.1 -> 33.2; one build).
template <typename T>
__global__ void __launch_bounds__(kPrepThreads)
    prepare_planes(const uint16_t* __restrict__ x, int K, int segments, uint4* __restrict__ planes,
                   float2* __restrict__ meta) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;\n" ::: "memory");
#endif
    __shared__ unsigned amax_bits;  // the largest |x|: for floats >= 0 the order of their bits
    __shared__ int q_total;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int seg = blockIdx.x, b = blockIdx.y;
    const uint16_t* row = x + static_cast<int64_t>(b) * K;
    const int col0 = seg * kSegCols + 32 * kPrepWordsPerWarp * warp;
    if (threadIdx.x == 0) amax_bits = 0u, q_total = 0;
    float v[kPrepWordsPerWarp];
    float amax = 0.f;
    bool finite = true;
#pragma unroll
    for (int u = 0; u < kPrepWordsPerWarp; ++u) {
        const int col = col0 + 32 * u + lane;
        v[u] = col < K ? to_f<T>(row[col]) : 0.f;
        finite = finite && isfinite(v[u]);
        amax = fmaxf(amax, fabsf(v[u]));
    }
    const unsigned warp_amax = __reduce_max_sync(0xffffffffu, __float_as_uint(amax));
    __syncthreads();  // the shared sums are zero
    if (lane == 0) atomicMax(&amax_bits, warp_amax);
    finite = __syncthreads_and(finite);  // and every warp's maximum is in
    int e = 0;
    frexpf(__uint_as_float(amax_bits), &e);  // amax < 2^e (e = 0 for an all-zero segment)
    int q[kPrepWordsPerWarp];
    int sum = 0;
#pragma unroll
    for (int u = 0; u < kPrepWordsPerWarp; ++u) {
        // ldexpf scales without forming 2^(15 - e), which overflows fp32 for tiny bf16 segments.
        q[u] = finite ? min(__float2int_rn(ldexpf(v[u], 15 - e)), (1 << 15) - 1) : 0;
        sum += q[u];
    }
    sum = __reduce_add_sync(0xffffffffu, sum);
    if (lane == 0) atomicAdd(&q_total, sum);
    uint32_t mine[kPrepWordsPerWarp];  // lane p < 16: plane p's words of this warp
#pragma unroll
    for (int u = 0; u < kPrepWordsPerWarp; ++u)
#pragma unroll
        for (int p = 0; p < kPlanes; ++p) {
            const uint32_t word = __ballot_sync(0xffffffffu, (q[u] >> p) & 1);
            if (lane == p) mine[u] = word;
        }
    const int64_t at = static_cast<int64_t>(b) * segments + seg;
    if (lane < kPlanes) {
        static_assert(kPrepWordsPerWarp == 4, "a warp's words of one plane are one 16-byte vector");
        planes[at * kSegVecs + lane * (kSegWords / 4) + warp] =
            make_uint4(mine[0], mine[1], mine[2], mine[3]);
    }
    __syncthreads();  // every warp's sum is in
    if (threadIdx.x == 0) {
        const float step = ldexpf(1.f, e - 15), nan = __int_as_float(0x7fc00000);
        meta[at] = finite ? make_float2(2.f * step, step * static_cast<float>(q_total))
                          : make_float2(nan, nan);
    }
}

// Cuts the sorted rows (sort_rows_by_tenant) into units: runs of one tenant's rows, at most
// kUnit long. Each of warps 0 and 1 builds the 64-row masks of group and unit heads from two
// ballots, so no thread walks the rows. Every thread of the CTA must call it.
template <int kUnit>
__device__ __forceinline__ void cut_units(PlanesHeader& h, int B) {
    const int tid = threadIdx.x, l = tid & 31;
    if (tid < kSortMaxRows) {
        const auto upto = [](int r) { return (2ull << r) - 1; };  // rows 0 .. r
        const auto group_head = [&](int r) { return r < B && (r == 0 || h.ts[r] != h.ts[r - 1]); };
        const uint64_t groups =
            static_cast<uint64_t>(__ballot_sync(0xffffffffu, group_head(l))) |
            static_cast<uint64_t>(__ballot_sync(0xffffffffu, group_head(32 + l))) << 32;
        const auto unit_head = [&](int r) {
            if (r >= B) return false;
            const int start = 63 - __clzll(groups & upto(r));  // first row of r's group
            return (r - start) % kUnit == 0;
        };
        const uint64_t units = static_cast<uint64_t>(__ballot_sync(0xffffffffu, unit_head(l))) |
                               static_cast<uint64_t>(__ballot_sync(0xffffffffu, unit_head(32 + l)))
                                   << 32;
        if (unit_head(tid)) h.ubeg[__popcll(units & upto(tid)) - 1] = tid;
        if (tid == 0) {
            h.units = __popcll(units);
            h.ubeg[h.units] = B;
        }
    }
    __syncthreads();
}

// Group blockIdx.x / p.tiles of p.group_rows sorted batch rows, p.kseg segments per CTA along
// blockIdx.y, units of at most kUnit rows (1: every row a unit, so the accumulators of one row
// and a third CTA per SM). Rows past N read row N - 1 (their sums are never stored).
template <typename T, bool kVec, int kUnit, bool kLines>
__global__ void __launch_bounds__(kThreads, planes_ctas_per_sm(kUnit, kLines))
    delta_planes_kernel(const PlanesParams p) {
    extern __shared__ __align__(16) unsigned char smem[];
    PlanesHeader& h = *reinterpret_cast<PlanesHeader*>(smem);
    const int seg0 = blockIdx.y * p.kseg, nseg = min(p.kseg, p.segments - seg0);
    const int tile = blockIdx.x % p.tiles, row0 = blockIdx.x / p.tiles * p.group_rows;
    // This CTA's rows: sorted rows row0 .. row0 + B - 1 of the batch, 0 .. B - 1 in h.
    const int B = min(p.group_rows, p.B - row0);
    uint4* planes = reinterpret_cast<uint4*>(smem + kHeaderBytes);
    float2* meta = reinterpret_cast<float2*>(planes + B * nseg * kSegVecs);
    float* park =
        reinterpret_cast<float*>(smem + kHeaderBytes + planes_bytes(p.group_rows, p.kseg));
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    const int nbeg = tile * kRowsPerCta, n0 = nbeg + warp * 16;
    const bool active = n0 < p.N;

    sort_rows_by_tenant(p, h, row0, B);
    cut_units<kUnit>(h, B);
    // An item is a unit and kItemSegs segments; a unit's steps are its items, steps innermost.
    constexpr int kItemSegs = kLines ? 2 : 1, kLoads = 2 * kItemSegs;
    constexpr int kAhead = kLines ? kPrefetchPairs : kPrefetch;
    const int steps = (nseg + kItemSegs - 1) / kItemSegs;
    const int items = h.units * steps;

    // Per segment an MMA takes its rows g and g + 8 ("MMA rows") from lane group g = lane / 4 and
    // words 4c .. 4c + 3 of each from lane c (any split of the words works, as long as the planes'
    // B fragments below take the same ones). One segment per item (kLines false): a lane loads
    // just those, rows g and g + 8 of the warp's 16, so a load instruction takes 64 bytes of each
    // of 8 sign rows. Two segments per item (kLines): lane 8r + 4e + c loads words 4c .. 4c + 3 of
    // segment e of rows r, r + 4, r + 8, r + 12, so a load instruction takes 128 bytes of each of 4
    // rows, and lanes l and l ^ 4 trade half of theirs (see the item loop). Why: the kernel's time
    // is its sign reads (bench_read_probe --planes), and reads of these 128-byte pieces took 0.79-
    // 0.91x as long as the 64-byte ones (tests/bench/HISTORY.md, nineteenth run).
    // MMA row m of lane group g is warp row mma_row(g, m) (m = 0: row g, 1: row g + 8).
    const auto mma_row = [](int group, int m) {
        return kLines ? (group >> 1) + 8 * (group & 1) + 4 * m : group + 8 * m;
    };
    const int lane_seg = kLines ? (lane >> 2) & 1 : 0;  // the segment of an item this lane loads
    int64_t load_row[kLoads];                           // word offset of load j's sign row
#pragma unroll
    for (int j = 0; j < kLoads; ++j)
        load_row[j] = min(n0 + (kLines ? (lane >> 3) + 4 * j : mma_row(g, j)), p.N - 1) *
                      static_cast<int64_t>(p.words);
    // The loads are issued unconditionally, from valid addresses, never masked: a value merged
    // from branches would wait for its load at once and defeat the prefetch. Words past the row
    // end (word 0, or the last word, instead) meet planes that are zero there (prepare_planes),
    // so they add nothing; a bad tenant reads tenant 0's signs, and its alpha (NaN) makes its
    // rows NaN whatever they add up to; the second segment of an odd count reads the first, and
    // the item loop skips it; the last unit repeats past the items, unused.
    const uint32_t* any_signs = reinterpret_cast<const uint32_t*>(p.sign_ptrs[0]);
    int fetch_unit = 0, fetch_step = 0;  // the next item to fetch
    const auto fetch = [&](Ahead<kLoads>& dst) {
        const uint32_t* signs = h.sign_row[h.ubeg[min(fetch_unit, h.units - 1)]];
        signs = signs != nullptr ? signs : any_signs;
        const int seg = kItemSegs * fetch_step + lane_seg;
        const int w0 = (seg0 + (seg < nseg ? seg : 0)) * kSegWords + 4 * c;
        if (++fetch_step == steps) fetch_step = 0, ++fetch_unit;
#pragma unroll
        for (int j = 0; j < kLoads; ++j) {
            if constexpr (kVec) {  // words % 4 == 0: the 4 words are all in the row or all past it
                const int w = w0 < p.words ? w0 : 0;
                dst.v[j] = __ldg(reinterpret_cast<const uint4*>(signs + load_row[j] + w));
            } else {
                uint32_t q[4];
#pragma unroll
                for (int u = 0; u < 4; ++u)
                    q[u] = __ldg(signs + load_row[j] + min(w0 + u, p.words - 1));
                dst.v[j] = make_uint4(q[0], q[1], q[2], q[3]);
            }
        }
    };
    // The first items' signs depend only on the tenants: they fly while the planes are made.
    Ahead<kLoads> ahead[kAhead];
#pragma unroll
    for (int d = 0; d < kAhead; ++d)
        fetch(ahead[d]);

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;\n" ::: "memory");  // prepare_planes is done and visible
#endif
    // The group's rows in sorted order: sorted row r's planes and steps sit at r. The steps come
    // by cp.async too: a loop of loads into shared memory ran as a chain of L2 round trips, one
    // per segment.
    const int seg_vecs = nseg * kSegVecs;
    for (int v = tid; v < B * seg_vecs; v += kThreads) {
        const int r = v / seg_vecs;
        cp_async16(planes + v,
                   p.planes + (static_cast<int64_t>(h.perm[r]) * p.segments + seg0) * kSegVecs + v -
                       r * seg_vecs);
    }
    for (int v = tid; v < B * nseg; v += kThreads) {
        const int r = v / nseg;
        cp_async8_zfill(meta + v,
                        p.meta + static_cast<int64_t>(h.perm[r]) * p.segments + seg0 + v - r * nseg,
                        8);
    }
    cp_async_commit();
    cp_async_wait<0>();
    __syncthreads();
    if (tid < B) {
        float corr = 0.f;
        for (int s = 0; s < nseg; ++s)
            corr += meta[tid * nseg + s].y;
        h.corr[tid] = corr;
    }
    __syncthreads();

    // This lane's plane weights: d0 / d2 of an MMA are plane 2c of its group, d1 / d3 plane 2c + 1.
    const int w0 = plane_weight(2 * c), w1 = plane_weight(2 * c + 1);
    const int w2 = plane_weight(8 + 2 * c), w3 = plane_weight(9 + 2 * c);
    float acc[kUnit][2];
    int unit = 0, step = 0;
    // Item i's signs are in ahead[i % kAhead]; the loop is unrolled by kAhead so each buffer stays
    // in registers of its own while the next ones load.
    for (int i0 = 0; active && i0 < items; i0 += kAhead) {
#pragma unroll
        for (int d = 0; d < kAhead; ++d) {
            if (i0 + d >= items) break;
            // Segment e of the item: the lane's words of its MMA rows g (xs) and g + 8 (ys).
            uint4 xs[kItemSegs], ys[kItemSegs];
            if constexpr (kLines) {
                // Lane 8r + 4e + c holds segment e of rows r, r + 4 (v0, v1) and r + 8, r + 12
                // (v2, v3); its MMA rows are r + 8e and r + 8e + 4. It keeps those two of its
                // segment and trades the other two for the same rows of segment 1 - e with lane
                // l ^ 4 (lane 8r + 4 (1 - e) + c), whose MMA rows they are.
                const uint4* v = ahead[d].v;
                const bool e1 = lane_seg != 0;
                const uint4 recv0 = shfl_xor_vec(e1 ? v[0] : v[2], 4);
                const uint4 recv1 = shfl_xor_vec(e1 ? v[1] : v[3], 4);
                xs[0] = e1 ? recv0 : v[0], ys[0] = e1 ? recv1 : v[1];
                xs[1] = e1 ? v[2] : recv0, ys[1] = e1 ? v[3] : recv1;
            } else {
                xs[0] = ahead[d].v[0], ys[0] = ahead[d].v[1];
            }
            fetch(ahead[d]);  // item i0 + d + kAhead
            const int r0 = h.ubeg[unit], n = h.ubeg[unit + 1] - r0;
            if (step == 0)
#pragma unroll
                for (int j = 0; j < kUnit; ++j)
                    acc[j][0] = acc[j][1] = 0.f;
#pragma unroll
            for (int e = 0; e < kItemSegs; ++e) {
                const int s = kItemSegs * step + e;
                if (s >= nseg) break;
                // a0 / a2 are K blocks 32c and 128 + 32c of an MMA: words 4c and 4c + 1 here,
                // and the B fragments below take the same words of each plane, so both sum the
                // same columns.
                const uint32_t a_lo[4] = {xs[e].x, ys[e].x, xs[e].y, ys[e].y};
                const uint32_t a_hi[4] = {xs[e].z, ys[e].z, xs[e].w, ys[e].w};
#pragma unroll
                for (int j = 0; j < kUnit; ++j) {
                    if (j >= n) break;
                    const int at = (r0 + j) * nseg + s;
                    const uint4* pl = planes + at * kSegVecs;
                    const uint4 lo = pl[g * 4 + c], hi = pl[(8 + g) * 4 + c];  // planes g, 8 + g
                    // Four independent MMAs (no accumulator chain between them): columns 0-255
                    // and 256-511 of planes 0-7 (lo) and 8-15 (hi).
                    int d_lo[4] = {0, 0, 0, 0}, d_hi[4] = {0, 0, 0, 0};
                    int e_lo[4] = {0, 0, 0, 0}, e_hi[4] = {0, 0, 0, 0};
                    mma_b1(d_lo, a_lo, lo.x, lo.y);
                    mma_b1(d_hi, a_lo, hi.x, hi.y);
                    mma_b1(e_lo, a_hi, lo.z, lo.w);
                    mma_b1(e_hi, a_hi, hi.z, hi.w);
                    const float step2 = meta[at].x;
                    const int vg = (d_lo[0] + e_lo[0]) * w0 + (d_lo[1] + e_lo[1]) * w1 +
                                   (d_hi[0] + e_hi[0]) * w2 + (d_hi[1] + e_hi[1]) * w3;
                    const int vg8 = (d_lo[2] + e_lo[2]) * w0 + (d_lo[3] + e_lo[3]) * w1 +
                                    (d_hi[2] + e_hi[2]) * w2 + (d_hi[3] + e_hi[3]) * w3;
                    acc[j][0] = fmaf(static_cast<float>(vg), step2, acc[j][0]);
                    acc[j][1] = fmaf(static_cast<float>(vg8), step2, acc[j][1]);
                }
            }
            if (++step < steps) continue;
                // The unit's last step: its rows' sums over the CTA's K range are complete.
#pragma unroll
            for (int j = 0; j < kUnit; ++j) {
                if (j >= n) break;
                float v0 = acc[j][0], v1 = acc[j][1];
                v0 += __shfl_xor_sync(0xffffffffu, v0, 1);
                v0 += __shfl_xor_sync(0xffffffffu, v0, 2);
                v1 += __shfl_xor_sync(0xffffffffu, v1, 1);
                v1 += __shfl_xor_sync(0xffffffffu, v1, 2);
                if (c > 1) continue;  // lane c = 0 stores MMA row g, c = 1 row g + 8
                const int r = r0 + j, out_row = warp * 16 + mma_row(g, c);
                const int col = nbeg + out_row;
                const float y = h.alpha_row[r] * ((c == 0 ? v0 : v1) - h.corr[r]);
                if (p.cluster)
                    park[r * kParkPitch + out_row] = y;
                else if (col < p.N) {
                    const int64_t at = static_cast<int64_t>(h.perm[r]) * p.N + col;
                    if (p.ksplit == 1)
                        write_output<T>(p.out + at, p.bias, col, y, p.accumulate);
                    else
                        atomicAdd(p.ws + at, y);
                }
            }
            step = 0;
            ++unit;
        }
    }

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (p.cluster) {
        add_parked_in_cluster<T>(p, h.perm, park, B, nbeg);
        return;
    }
#else
    if (p.cluster) __trap();  // the host never asks this of a pre-Hopper binary (cluster_plan.h)
#endif
    if (p.ksplit == 1) return;
    finish_split_k<T>(p, p.ws, p.counters + blockIdx.x, p.ksplit, h.perm, B, nbeg,
                      min(kRowsPerCta, p.N - nbeg), h.is_last);
}

// Whether the product kernel starts beside the preparation kernel: on Hopper, from a binary built
// for it (binary_for_hopper), asked once per device. BITDELTA_PLANES_DEPENDENT=0 launches it after
// the preparation kernel ends (the plain stream order, as before Hopper).
template <typename Kernel>
bool dependent_launch(Kernel kernel, const SmemDevice& dev,
                      std::atomic<int> (&known)[kMaxSmemDevices]) {
    if (dev.props->major < 9 || knob("BITDELTA_PLANES_DEPENDENT") == '0') return false;
    if (dev.device >= kMaxSmemDevices) return binary_for_hopper(kernel);
    if (known[dev.device].load() == 0) known[dev.device].store(binary_for_hopper(kernel) ? 1 : 2);
    return known[dev.device].load() == 1;
}

template <typename T, bool kVec, int kUnit, bool kLines>
void launch_typed(PlanesParams p, const at::Tensor& x, cudaStream_t stream) {
    auto kernel = delta_planes_kernel<T, kVec, kUnit, kLines>;
    static std::atomic<bool> raised[kMaxSmemDevices];
    static std::atomic<int> hopper_binary[kMaxSmemDevices];  // 0 unknown, 1 yes, 2 no
    const SmemDevice dev = raise_smem_limit(kernel, raised);
    const PlanesGrid grid = planes_grid(PlanesShape{kUnit, p.group_rows, kLines}, p.B, p.N,
                                        p.segments, dev.props->multiProcessorCount);
    p.tiles = grid.tiles;
    // Row tiles times row groups: the grid's x, and the tiles of the split-K epilogue (a ticket
    // each) and of the cluster rule.
    const int tile_groups = grid.tile_groups;
    p.kseg = grid.kseg;
    p.ksplit = grid.ksplit;
    p.kw = p.kseg * kSegWords;
    // BITDELTA_PLANES_CLUSTER=0: the split-K workspace, as before Hopper; =1: a cluster even
    // where its grid takes more waves.
    const char clustering = knob("BITDELTA_PLANES_CLUSTER");
    p.cluster =
        clustering != '0' &&
                cluster_along_k(
                    kernel, dev, p.ksplit, tile_groups, smem_bytes(p.group_rows, p.kseg, true),
                    kThreads, clustering == '1' ? ClusterRule::AnyWaves : ClusterRule::NoMoreWaves)
            ? 1
            : 0;
    const int bytes = smem_bytes(p.group_rows, p.kseg, p.cluster != 0);
    TORCH_CHECK(bytes <= dev.optin, "bit-plane delta kernel: ", bytes,
                " bytes of shared memory do not fit this GPU's ", dev.optin);

    // The planes and steps of every row and segment, made on this stream right before the product.
    const int64_t vecs = static_cast<int64_t>(p.B) * p.segments * kSegVecs;
    const at::Tensor scratch = at::empty({vecs * 4 + static_cast<int64_t>(p.B) * p.segments * 2},
                                         x.options().dtype(at::kInt));
    uint4* planes = reinterpret_cast<uint4*>(scratch.data_ptr<int32_t>());
    float2* meta = reinterpret_cast<float2*>(scratch.data_ptr<int32_t>() + vecs * 4);
    // One CTA per row and segment; the dependent launch overlaps it with the product kernel's row
    // sort and first sign loads.
    prepare_planes<T>
        <<<dim3(p.segments, p.B), kPrepThreads, 0, stream>>>(p.x, p.K, p.segments, planes, meta);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    p.planes = planes;
    p.meta = meta;
    launch_split_along_k(kernel, p, tile_groups, kThreads, bytes, x, stream,
                         dependent_launch(kernel, dev, hopper_binary));
}

// Measured on the H100 (tests/bench/HISTORY.md, fifteenth run, call 4: delta only, us at 4096 x
// 4096 / 11008 x 4096 / 4096 x 11008, this kernel against the many-row kernel in one call): it
// wins where each tenant has few rows, the serving case, and the more so the larger the weight
// and the batch. 64 rows of 64 tenants 111.1 / 201.4 / 216.4 against 137.6 / 368.3 / 377.9, of 32
// 76.9 / 126.6 / 144.1 against 82.2 / 207.1 / 215.9; over the larger weights also 64 of 16 103.7 /
// 116.0 against 121.1 / 131.5, 16 of 16 58.6 / 71.7 against 90.2 / 94.9, 16 of 8 43.5 / 52.2
// against 52.0 / 57.1, 8 of 8 36.4 / 46.2 against 51.9 / 52.9. It loses with more rows per
// tenant, where the many-row kernel's 8-row MMAs share each sign fragment (64 of 8 95.8 / 104.3
// against 80.5 / 90.9, 8 of 2 26.6 / 29.8 against 22.8 / 23.2), and at 4096 x 4096 below 32 rows
// (16 of 16 39.9 against 37.9). Since its clusters no longer add a wave (sixteenth run) it is
// faster at 4096 rows (64 of 64 84.3 / 218.0, 16 of 16 over 4096 x 11008 54.1), and at 4096 x
// 4096 from 16 rows: 16 of 16 30.0 against 38.0, 16 of 8 25.4 against 25.8 (8 of 8 23.5 against
// 22.7, 64 of 16 51.1 against 54.7, but at Auto the many-row kernel beside cuBLAS's base GEMM
// there took 70.5 against 72.0 one after the other). `tenants` is the host's bound on the
// batch's tenants (tenant_bound).
//
// With rows in groups (seventeenth run, forced against the rule before it, delta only) it also
// wins at 64 rows of few tenants: 64 of 4 36.8 / 66.4 / 68.1 against 44.7 / 90.9 / 100.7 (the
// many-row kernel), 64 of 8 37.3 / 65.7 / 69.6 against 41.2 / 81.5 / 93.4, 64 of 16 at 4096 x 4096
// 39.8 against 55.3; and 32 of 8 at 4096 x 4096 27.5 against 31.3. It still loses at 32 of 4
// (26.1 / 41.1 / 49.1 against 25.0 / 40.0 / 46.2) and 16 of 4 over the two smaller weights.
bool planes_pay(const at::Tensor& x, const SignSet& signs, int64_t tenants) {
    constexpr int64_t kManyRows = 32, kFullRows = 64, kSmallWeightMinRows = 16;
    const int64_t rows = x.size(0);
    const bool large = large_weight(signs.rows(), signs.cols());
    const int64_t max_rows_per_tenant = rows >= kFullRows ? 16 : rows >= kManyRows ? 4 : 2;
    if (rows > max_rows_per_tenant * tenants) return false;
    return large || rows >= kSmallWeightMinRows;
}

// planes_rule (planes_grid.h; `beside_gemm`: the delta runs beside the base GEMM), groups
// widened to keep the grid in one wave (planes_fit_wave) and groups of whole tenants over all of K
// (planes_whole_k; BITDELTA_PLANES_WHOLE_K=0 leaves it out), with BITDELTA_PLANES_UNIT=1 / 8,
// BITDELTA_PLANES_GROUP_ROWS=R and BITDELTA_PLANES_LINES=0 / 1 (one or two segments per item)
// overriding it (tests, benchmarks).
// Sign rows that are not 16-byte vectors load word by word, 16 loads a lane per item of two
// segments, which spilled: they take one segment per item.
PlanesShape choose_shape(int B, int64_t tenants, int64_t n, int64_t k, bool vec_words, int segments,
                         bool beside_gemm) {
    PlanesShape shape = planes_rule(B, tenants, n, k, beside_gemm);
    const char lines = knob("BITDELTA_PLANES_LINES");
    if (lines == '0' || lines == '1') shape.lines = lines == '1';
    shape.lines = shape.lines && vec_words;
    shape = planes_fit(shape, B, tenants, static_cast<int>(n), segments,
                       at::cuda::getCurrentDeviceProperties()->multiProcessorCount,
                       knob("BITDELTA_PLANES_WHOLE_K") != '0');
    const char unit = knob("BITDELTA_PLANES_UNIT");
    if (unit == '1' || unit == '8') shape.unit_rows = unit == '1' ? 1 : kUnitRows;
    if (const char* rows = std::getenv("BITDELTA_PLANES_GROUP_ROWS"))
        shape.group_rows = std::clamp(std::atoi(rows), 1, B);
    return shape;
}

// launch_typed for units of kUnit rows, by dtype, sign-row alignment and segments per item
// (choose_shape).
template <int kUnit>
void launch_units(const PlanesParams& p, bool lines, const at::Tensor& x, cudaStream_t stream) {
    // Sign rows that are 16-byte vectors (SignSet::vector_rows) load 4 words at once.
    const bool half = x.scalar_type() == at::kHalf;
    if (!p.vec_words)
        half ? launch_typed<__half, false, kUnit, false>(p, x, stream)
             : launch_typed<__nv_bfloat16, false, kUnit, false>(p, x, stream);
    else if (lines)
        half ? launch_typed<__half, true, kUnit, true>(p, x, stream)
             : launch_typed<__nv_bfloat16, true, kUnit, true>(p, x, stream);
    else
        half ? launch_typed<__half, true, kUnit, false>(p, x, stream)
             : launch_typed<__nv_bfloat16, true, kUnit, false>(p, x, stream);
}

}  // namespace

bool planes_fits(const at::Tensor& x, const at::Tensor& base, const SignSet& signs,
                 int64_t tenants) {
    const int64_t rows = x.size(0);
    if (base.defined() || rows < 2 || rows > kMaxRows || signs.tenants() < 2) return false;
    // BITDELTA_PLANES=0: never (the many-row kernel); =1: wherever it can run; unset: planes_pay.
    const char forced = knob("BITDELTA_PLANES");
    return forced == '0' ? false : forced == '1' ? true : planes_pay(x, signs, tenants);
}

void launch_delta_planes(const at::Tensor& x, const at::Tensor& bias, const SignSet& signs,
                         const at::Tensor& alpha, const at::Tensor& tenant, at::Tensor& out,
                         bool accumulate, int64_t tenants, bool beside_gemm) {
    const c10::cuda::CUDAGuard guard(x.device());
    TORCH_CHECK(x.size(0) >= 1 && x.size(0) <= kMaxRows,
                "bit-plane delta kernel: 1 to 64 rows, got ", x.size(0));
    PlanesParams p{};
    fill_operands(p, x, at::Tensor(), bias, signs, alpha, tenant, out, accumulate);
    if (p.N == 0) return;
    p.segments = planes_segments(p.K);
    const PlanesShape shape =
        choose_shape(p.B, tenants, p.N, p.K, p.vec_words != 0, p.segments, beside_gemm);
    p.group_rows = shape.group_rows;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    shape.unit_rows == 1 ? launch_units<1>(p, shape.lines, x, stream)
                         : launch_units<kUnitRows>(p, shape.lines, x, stream);
}

}  // namespace bitdelta::kernels::cuda
