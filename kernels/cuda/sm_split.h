#pragma once
// How many SMs cuBLAS plans the base GEMM for when the bit-plane delta runs beside it on another
// stream (base_plus_delta_overlapped, gemm_sm_target.h). Plain host arithmetic, so
// core.test_kernels_planes_grid checks it where CI has no GPU.
#include "cuda/planes_grid.h"

#include <algorithm>
#include <cstdint>

namespace bitdelta::kernels::cuda {

// 33-64 rows over the larger weights: a quarter of the SMs, rounded down to a multiple of 8 (as
// measured: 32 of the H100's 132); 0 elsewhere (no split: the GEMM and the delta one after the
// other, or overlapped on every SM where overlap_pays). The delta's grid there takes several waves
// of every SM it can get (planes_grid), so the GEMM's plan decides the split: planned for all SMs,
// its CTAs and the delta's contend for the same slots; one after the other, each leaves the
// other's resource idle (DRAM for the latency-bound delta, issue slots for the GEMM).
// H100, thirty-eighth run (tests/bench/README.md), three rounds, Auto us one after the other ->
// overlapped with the GEMM on 32 SMs: 64 rows of 8 / 12 / 16 / 32 tenants over 11008 x 4096
// 96.7 / 103.7 / 102.5 / 124.8 -> 76.5 / 86.5 / 86.9 / 117.4, over 4096 x 11008 100.5 / 111 /
// 109 / 132.6 -> 90.1 / 104 / 105.4 / 125.5; 48 SMs gave less but for 64 of 32 over 11008 x 4096
// (115.1). At 4096 x 4096 it ran level at 64 rows and lost at 64 of 32 (52.5-53.2 -> 54.0-55.2),
// so that weight keeps no split. 16 rows stay out: the split (with the delta's grid sized for the
// other 100 SMs) won at 16 of 16 at 4096 x 4096 (39.2 -> 33.7) but lost at 16 of 8 there
// (28.8 -> 39.7) and at 16 of 16 over 11008 x 4096 (78 -> 112).
inline int planes_gemm_sms(int B, int64_t n, int64_t k, int sms) {
    constexpr int kMinRows = 33, kMaxRows = 64, kSmStep = 8, kGemmShare = 4;
    if (B < kMinRows || B > kMaxRows || !large_weight(n, k)) return 0;
    const int gemm = sms / kGemmShare / kSmStep * kSmStep;
    return gemm > 0 ? gemm : 0;
}

}  // namespace bitdelta::kernels::cuda
