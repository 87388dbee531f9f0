#pragma once
// How many SMs cuBLAS plans the base GEMM for when a delta kernel runs beside it on another
// stream (base_plus_delta_overlapped, gemm_sm_target.h). Plain host arithmetic, so
// core.test_kernels_planes_grid checks it where CI has no GPU.
#include "cuda/planes_grid.h"

#include <cstdint>

namespace bitdelta::kernels::cuda {

// The GEMM's share beside a delta: a quarter of the SMs, rounded down to a multiple of 8 (32 of
// the H100's 132, as measured; a plan for 48 gained less at most rows).
inline int gemm_share_sms(int sms) {
    constexpr int kSmStep = 8, kGemmShare = 4;
    return sms / kGemmShare / kSmStep * kSmStep;
}

// For B rows of at most `tenants` tenants over an N x K weight whose delta takes the bit-plane
// kernel (`planes`, its shape as launch_delta_planes picks it beside the GEMM on all `sms` SMs,
// for sign rows of 16-byte vectors and without the benchmark knobs) or else the many-row kernel:
// the SMs to plan the GEMM for, or 0 where the GEMM takes all.
//
// Planned for all SMs, the GEMM's CTAs queue behind the delta's (enqueued first) or take the
// slots its grid needs; one after the other each leaves the other's resource idle (DRAM for the
// latency-bound delta, issue slots for the GEMM). Planned for a quarter, the GEMM runs beside a
// bit-plane grid that leaves it that many SMs' slots, and beside grids of several waves over the
// larger weights, which fill the SMs around its fewer CTAs; and beside the many-row kernel past 16
// rows of 3 tenants or more over the larger weights. It loses where a one-wave grid fills the GPU
// (32 and 64 rows at 4096 x 4096), and over 4096 x 4096 with the many-row kernel.
// H100, tests/bench/README.md, thirty-ninth run, Auto us, mean of two rounds, before -> with the
// GEMM on 32 SMs:
// - bit-plane, room for the GEMM: 16 of 8 / 12 over 11008 x 4096 64.8 / 74.3 -> 58.5 / 64.0; at
//   4096 x 4096 16 of 16 39.8 -> 33.6, 24 of 12 / 16 34.4 / 39.8 -> 29.4 / 35.4, 33 of 12 / 16 /
//   32 44.1 / 47.0 / 55.9 -> 38.2 / 41.2 / 49.7, 48 of 12 / 16 / 32 42.5 / 47.3 / 59.4 -> 33.2 /
//   40.1 / 51.7;
// - bit-plane, several waves: 64 of 8 / 16 / 32 over 11008 x 4096 95.9 / 101.9 / 124.5 -> 76.5 /
//   87.5 / 117.6, over 4096 x 11008 100.3 / 108.3 / 132.4 -> 90.3 / 105.8 / 125.8, 24 of 12 / 16
//   there 82.7 / 91.0 -> 70.1 / 79.0; losses: 32 of 16 / 32 over 4096 x 11008 86.7 / 115.5 ->
//   89.4 / 117.2, 64 of 64 over 11008 x 4096 176.5 -> 178.4;
// - many-row kernel: 24 / 32 / 48 rows of 4 over 11008 x 4096 79.5 / 75.2 / 117.6 -> 59.3 /
//   53.8 / 108.6, 33 of 8 over 4096 x 11008 137.4 -> 115.3 (at 4096 x 4096 33 / 48 of 8 60.4 /
//   62.2 -> 62.4 / 65.7: none there);
// - none: a full wave, 32 of 16 / 32 at 4096 x 4096 37.2 / 48.3 -> 41.5 / 52.3, 64 of 16 there
//   43.3 -> 49.9; 16 of 16 over 11008 x 4096 / 4096 x 11008 (one wave of 87-89 % of the slots)
//   78.0 / 85.2 -> 86.5 / 113.9.
inline int split_gemm_sms(bool planes, int B, int64_t tenants, int64_t n, int64_t k, int sms) {
    constexpr int kMinRows = 16, kMaxRows = 64, kFewTenants = 2;
    const int gemm = gemm_share_sms(sms);
    if (gemm == 0 || B < kMinRows || B > kMaxRows) return 0;
    if (!planes) return B > kMinRows && tenants > kFewTenants && large_weight(n, k) ? gemm : 0;
    const int segments = planes_segments(k);
    const int N = static_cast<int>(n);
    const PlanesShape shape =
        planes_fit(planes_rule(B, tenants, n, k, true), B, tenants, N, segments, sms);
    const PlanesGrid grid = planes_grid(shape, B, N, segments, sms);
    const int per_sm = planes_ctas_per_sm(shape.unit_rows, shape.lines);
    const int ctas = grid.tile_groups * grid.ksplit, slots = per_sm * sms;
    const bool room = ctas <= slots - per_sm * gemm;
    const bool waves = ctas > slots && large_weight(n, k);
    return room || waves ? gemm : 0;
}

}  // namespace bitdelta::kernels::cuda
