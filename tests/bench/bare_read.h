#pragma once
// The read ceiling of a table row (bench_kernels): how long the best plain streaming read of the
// row's floor bytes takes with the same cold-L2 timing. The floor of DESIGN section 2 divides the
// bytes by the copy bandwidth of 1 GiB; a call of tens of MB also pays the ramp-up and the tail
// of one launch, which no kernel avoids, so this says how much of the floor any kernel could
// reach at that row (on the H100 78-81 % at 4096 x 4096 below 16 rows, 94-96 % over the larger
// weights: tests/bench/HISTORY.md, thirty-second run).
#include "cold_timer.h"

#include <cstdint>

namespace bitdelta::bench {

// Microseconds of the fastest grid-stride read (read_probe.cuh) of `bytes` bytes.
double bare_read_us(Timer& timer, int64_t bytes);

}  // namespace bitdelta::bench
