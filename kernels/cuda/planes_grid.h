#pragma once
// The bit-plane delta kernel's launch shape (decode_planes.cu) as plain host arithmetic: the rule
// for rows per unit and per group, and the grid that follows from it. One place for the kernel's
// launch and for bench_read_probe, which replays the kernel's sign reads in this grid.
#include <algorithm>
#include <cstdint>

namespace bitdelta::kernels::cuda {

constexpr int kPlanesRowsPerCta = 128;  // 8 warps x 16 output rows
constexpr int kPlanesSegWords = 16;     // sign words per segment: 512 columns
constexpr int kPlanesUnitRows = 8;      // most rows of one tenant a warp sums at once
// Row segments of planes a CTA stages at most (1 KB each): with the parked tile of 64 rows, two
// CTAs per SM on Hopper, and 64 rows of one segment fit an sm_89 block (99 KB).
constexpr int kPlaneBudget = 64;

// The CTAs per SM the kernel's __launch_bounds__ ask for: one-row units free the registers of
// seven accumulators, so a third CTA fits, unless items of two segments (`lines`) hold those
// registers with their signs (at 80 registers they spilled).
constexpr int planes_ctas_per_sm(int unit_rows, bool lines) {
    return unit_rows == 1 && !lines ? 3 : 2;
}

// Segments of 512 columns (kPlanesSegWords sign words) over K columns.
inline int planes_segments(int64_t k) {
    const int64_t words = (k + 31) / 32;
    return static_cast<int>((words + kPlanesSegWords - 1) / kPlanesSegWords);
}

// Weights past 4096 x 4096, where the tuning changes (Llama-7B's MLP weights against its
// attention projections).
inline bool large_weight(int64_t n, int64_t k) {
    return n * k > int64_t{1} << 24;
}

// The kernel's shape for B rows of at most `tenants` distinct tenants over an N x K weight: rows
// per unit (1 or kPlanesUnitRows), sorted rows per group (a grid dimension) and segments per item.
// Smaller groups stage fewer planes per CTA and leave each CTA more segments per unit (the epilogue
// and the cluster's reduction run once per unit and CTA).
//
// One-row units (up to 16 rows, one per tenant): (B + 1) / 2 rows per group, over the larger
// weights all of them, and one segment per item. Measured on the H100 with one segment per item
// (tests/bench/HISTORY.md, seventeenth run, delta only, us at 4096 x 4096 / 11008 x 4096 / 4096 x
// 11008, against one group and units of 8): 16 of 16 26.3 / 44.7 / 49.8 against 29.4 / 57.1 /
// 52.5; one-row units lost from 32 rows at two of the three shapes (32 of 32 in groups of 8: 46.0
// / 83.1 / 108.7). With two segments per item they ran two CTAs per SM and lost over 11008 x 4096
// (nineteenth run: 16 of 16 42.6 -> 50.2 us, 4 of 4 18.3 -> 22.8).
//
// Units of 8 rows: items of two segments (`lines`: loaded in 128-byte pieces of 4 sign rows,
// decode_planes.cu) in groups of 4 rows, over the larger weights 8 where a tenant has 4 rows or
// more, and at 64 rows over N > K (nineteenth run, one build, delta only, us, one segment per item
// in the seventeenth run's groups -> now): 64 of 64 72.1 / 165.4 / 203.2 -> 58.2 / 139.5 / 154.1,
// 64 of 32 48.8 / 101.1 / 124.0 -> 38.6 / 85.1 / 99.9, 64 of 16 38.0 / 73.0 / 84.4 -> 31.6 / 64.7
// / 73.9, 32 of 32 41.3 / 99.7 / 106.3 -> 37.5 / 75.0 / 80.5, 32 of 16 29.9 / 61.2 / 67.8 -> 28.8
// / 48.9 / 52.5, 16 of 8 over 11008 x 4096 40.6 -> 32.1. Two segments in the old groups gave part
// of that (64 of 64 68.9 / 143.7 / 176.1), groups of 4 with one segment per item less (68.2 /
// 173.1 / 177.9). The seventeenth run's groups for these ((B + 1) / 2 at 4096 x 4096, 16 over the
// larger weights) had won against one group (64 of 64 70.2 / 156.3 / 194.2 against 83.2 / 201.7 /
// 214.7).
// Since the thirty-first run (H100, one build, delta only, us at 4096 x 11008): a tenant's 4 rows
// or more take groups of 8 only past 32 rows where N <= K (32 of 8 41.6 in groups of 4 against
// 49.1 in groups of 8); and beside the base GEMM (overlap_pays, 17-32 rows over N > K) groups of
// 8, fewer CTAs, leave SMs to the GEMM: 32 rows of 16 / 32 over 11008 x 4096 overlapped 79.4 /
// 107.2 against 82.8 / 110.2 in groups of 4 (alone they lose there, 55.2 / 86.4 against 48.8 /
// 74.9, so a delta alone keeps 4).
struct PlanesShape {
    int unit_rows, group_rows;
    bool lines;
};
constexpr int kPlanesMaxGroupRows = 16;  // the most rows a group takes, whatever its units
inline PlanesShape planes_rule(int B, int64_t tenants, int64_t n, int64_t k,
                               bool beside_gemm = false) {
    constexpr int kOneRowUnitsMaxRows = 16;
    const bool large = large_weight(n, k);
    if (B <= kOneRowUnitsMaxRows && B <= tenants)
        return {1, large ? std::min(B, kPlanesMaxGroupRows) : (B + 1) / 2, false};
    const int64_t t = std::max<int64_t>(tenants, 1), rows_per_tenant = (B + t - 1) / t;
    const bool eight =
        n > k ? B > 32 || rows_per_tenant >= 4 || beside_gemm : B > 32 && rows_per_tenant >= 4;
    const int group = !large ? (B <= kOneRowUnitsMaxRows ? (B + 1) / 2 : 4) : (eight ? 8 : 4);
    return {kPlanesUnitRows, std::min(group, B), true};
}

// The grid of a shape over B rows, N outputs and `segments` segments of K on `sms` SMs:
// row tiles, row tiles x groups (the grid's x), and segments per CTA and CTAs along K (its y).
// K is cut into as many CTAs along K as fit one wave with the row tiles and groups (at least one),
// each CTA's planes within kPlaneBudget row segments, the segments spread evenly.
// One wave, not a filled one: with as many CTAs along K as filled the SMs (rounding up) the grid
// ran a second wave on a few SMs. H100, thirty-first run, one build, two rounds, delta only, us
// at 4096 x 4096 / 11008 x 4096 / 4096 x 11008, filled -> one wave: 32 rows of 8 / 16 / 32 at
// 4096 x 4096 26.0 / 28.4 / 37.6 -> 18.3 / 21.8 / 32.6 (512 CTAs -> 256), 8 rows of 4 over the
// larger weights 24.7 / 29.5 -> 18.7 / 21.6, 16 of 8 over 4096 x 11008 37.2 -> 29.7 (384 -> 256);
// the rows whose grid it leaves alone ran level.
struct PlanesGrid {
    int tiles, tile_groups, kseg, ksplit;
};
inline PlanesGrid planes_grid(const PlanesShape& shape, int B, int N, int segments, int sms) {
    PlanesGrid grid{};
    grid.tiles = (N + kPlanesRowsPerCta - 1) / kPlanesRowsPerCta;
    grid.tile_groups = grid.tiles * ((B + shape.group_rows - 1) / shape.group_rows);
    const int slots = planes_ctas_per_sm(shape.unit_rows, shape.lines) * sms;
    const int want = std::max(1, std::min(slots / grid.tile_groups, segments));
    const int kseg =
        std::min((segments + want - 1) / want, std::max(1, kPlaneBudget / shape.group_rows));
    grid.ksplit = (segments + kseg - 1) / kseg;
    grid.kseg = (segments + grid.ksplit - 1) / grid.ksplit;
    return grid;
}

// A shape of 8-row units whose grid takes more than one wave, widened to larger groups (at most
// kPlanesMaxGroupRows rows) where that makes it one. Thirty-first run, as above: 16 rows of 8
// over 11008 x 4096 in groups of 8 (172 CTAs) 32.2 -> 28.8 us against 344 in groups of 4, the
// best of groups of 4, 8 or 16 over 1-6 CTAs along K (28.6-48.4); 64 rows at 4096 x 4096 in groups
// of 8 (256 CTAs, not 512) of 4 / 8 / 16 / 32 / 64 tenants 29.5 / 30.1 / 31.5 / 38.0 / 58.4 ->
// 24.5 / 25.2 / 27.0 / 35.3 / 56.6.
inline PlanesShape planes_fit_wave(PlanesShape shape, int B, int N, int segments, int sms) {
    if (shape.unit_rows == 1) return shape;
    const int slots = planes_ctas_per_sm(shape.unit_rows, shape.lines) * sms;
    const auto ctas = [&](const PlanesShape& s) {
        const PlanesGrid grid = planes_grid(s, B, N, segments, sms);
        return grid.tile_groups * grid.ksplit;
    };
    if (ctas(shape) <= slots) return shape;
    for (PlanesShape wider = shape; wider.group_rows < std::min(B, kPlanesMaxGroupRows);) {
        wider.group_rows = std::min({wider.group_rows * 2, B, kPlanesMaxGroupRows});
        if (ctas(wider) <= slots) return wider;
    }
    return shape;
}

// A shape whose CTAs along K add up partial sums, replaced by groups of one or two whole tenants'
// rows over all of K where the smallest such group makes one wave with at least as many CTAs.
// Each CTA then writes its outputs itself: no split-K workspace (atomics, a fence and a ticket)
// and no cluster barrier, which held the last CTA of each tile about 4 us past the others (a
// %globaltimer trace, tests/bench/trace_planes.py, H100: 16 rows of 8 tenants over 4096 x 4096,
// CTAs done at 14.2-14.8 us in the median and 18.8-18.9 at the latest; in groups of 2 at 12.1-12.3
// and 12.6-12.8).
// H100, thirty-fifth run, one build, two rounds, Auto / delta only us, before -> now: 16 of 8 at
// 4096 x 4096 36.7 / 20.8 -> 30.9 / 15.2, 16 of 16 there 41.5 / 24.4 -> 39.4 / 22.5, 8 of 8 over
// 11008 x 4096 63.9 / 26.9 -> 62.3 / 25.2, 16 of 8 over 4096 x 11008 67.0 / 29.5 -> 66.4 / 28.5.
// Groups of 4 tenants lost (16 of 16 over 11008 x 4096, 344 CTAs either way: 44.3 -> 44.9 delta
// only), and so did fewer CTAs (16 of 16 over 4096 x 11008 in groups of 2, 256 for 352: 48.9 ->
// 52.3).
inline PlanesShape planes_whole_k(PlanesShape shape, int B, int64_t tenants, int N, int segments,
                                  int sms) {
    const PlanesGrid now = planes_grid(shape, B, N, segments, sms);
    if (now.ksplit == 1) return shape;
    const int slots = planes_ctas_per_sm(shape.unit_rows, shape.lines) * sms;
    const int64_t t = std::max<int64_t>(tenants, 1);
    const int per_tenant = static_cast<int>((B + t - 1) / t);
    constexpr int kMostTenants = 2;  // per group
    for (int g = per_tenant; g <= std::min({B, kPlanesMaxGroupRows, kMostTenants * per_tenant});
         g += per_tenant) {
        PlanesShape whole = shape;
        whole.group_rows = g;
        const PlanesGrid grid = planes_grid(whole, B, N, segments, sms);
        if (grid.tile_groups > slots) continue;
        const bool more_ctas = grid.tile_groups >= now.tile_groups * now.ksplit;
        return grid.ksplit == 1 && more_ctas ? whole : shape;
    }
    return shape;
}

// The launch's shape from the rule's: groups widened to one wave, then whole tenants over all of K
// (unless `whole_k` is off: the benchmarks' BITDELTA_PLANES_WHOLE_K=0). The kernel's launch and
// core.test_kernels_planes_grid both take it, so the test checks what the kernel runs.
inline PlanesShape planes_fit(PlanesShape shape, int B, int64_t tenants, int N, int segments,
                              int sms, bool whole_k = true) {
    shape = planes_fit_wave(shape, B, N, segments, sms);
    return whole_k ? planes_whole_k(shape, B, tenants, N, segments, sms) : shape;
}

}  // namespace bitdelta::kernels::cuda
