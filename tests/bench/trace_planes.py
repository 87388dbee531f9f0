#!/usr/bin/env python3
"""Instruments the bit-plane delta kernel (kernels/cuda/decode_planes.cu, in place) with a timeline.

    python3 tests/bench/trace_planes.py        # then rebuild bench_kernels; undo with git checkout
    BITDELTA_TRACE=1 bench_kernels --no-check --ours --quick --only 4096x4096:16:8 --tenants 8

Every CTA of prepare_planes (points 0, 1: entry, exit) and of delta_planes_kernel (2 entry, 3 rows
sorted, 4 sign loads and staging issued, 5 planes and steps staged, 6 first item summed, 7 warp 0's
items done, 8 all warps' items done, 9 outputs written) stores %globaltimer into a slot of its own
(no atomics, which serialised and moved the times by microseconds). Each launch prints the previous
call's trace to stderr: per point the earliest, median, 90th percentile and latest time in ns after
the first preparation CTA started. A spin kernel holds the stream before each traced call so its
two kernels queue as they do behind the benchmark's L2 flush (the read-back synchronises).
Not for timing the call itself: the read-back and the spin kernel sit inside the timed interval.
"""
import os
import sys

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "kernels", "cuda",
                    "decode_planes.cu")
s = open(PATH).read()
if "trace_point" in s:
    sys.exit(f"{PATH} is instrumented already")


def rep(anchor, replacement):
    """Replaces the one occurrence of anchor; the kernel's code moved if it is not there once."""
    global s
    if s.count(anchor) != 1:
        sys.exit(f"{PATH}: an anchor occurs {s.count(anchor)} times, update trace_planes.py:\n{anchor}")
    s = s.replace(anchor, replacement)


rep('''constexpr int kHeaderBytes =''','''// Trace (tests/bench/trace_planes.py, BITDELTA_TRACE=1): %globaltimer at each point, one slot per CTA (no atomics).
constexpr int kTraceSlots = 4096, kTracePoints = 10;
__device__ unsigned long long g_planes_trace[kTracePoints][kTraceSlots];
__device__ __forceinline__ void trace_point(int i, int slot) {
    unsigned long long t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t)::"memory");
    if (slot < kTraceSlots) g_planes_trace[i][slot] = t;
}
__global__ void trace_spin(long long ns) {
    unsigned long long t0, t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t0)::"memory");
    do asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t)::"memory");
    while (t - t0 < static_cast<unsigned long long>(ns));
}

constexpr int kHeaderBytes =''')
rep('''    __shared__ unsigned amax_bits;  // the largest |x|: for floats >= 0 the order of their bits
    __shared__ int q_total;
''','''    __shared__ unsigned amax_bits;  // the largest |x|: for floats >= 0 the order of their bits
    __shared__ int q_total;
    const int trace_slot = blockIdx.y * gridDim.x + blockIdx.x;
    if (threadIdx.x == 0) trace_point(0, trace_slot);
''')
rep('''                          : make_float2(nan, nan);
    }
}''','''                          : make_float2(nan, nan);
        trace_point(1, trace_slot);
    }
}''')
rep('''    const bool active = n0 < p.N;

    sort_rows_by_tenant(p, h, row0, B);
    cut_units<kUnit>(h, B);
''','''    const bool active = n0 < p.N;
    const int trace_slot = blockIdx.y * gridDim.x + blockIdx.x;
    if (tid == 0) trace_point(2, trace_slot);

    sort_rows_by_tenant(p, h, row0, B);
    cut_units<kUnit>(h, B);
    if (tid == 0) trace_point(3, trace_slot);
''')
rep('''    cp_async_commit();
    cp_async_wait<0>();
''','''    cp_async_commit();
    if (tid == 0) trace_point(4, trace_slot);
    cp_async_wait<0>();
''')
rep('''        h.corr[tid] = corr;
    }
    __syncthreads();
''','''        h.corr[tid] = corr;
    }
    __syncthreads();
    if (tid == 0) trace_point(5, trace_slot);
''')
rep('''                    acc[j][1] = fmaf(static_cast<float>(vg8), step2, acc[j][1]);
                }''','''                    acc[j][1] = fmaf(static_cast<float>(vg8), step2, acc[j][1]);
                    if (i0 + d == 0 && tid == 0) {
                        asm volatile("" ::"r"(vg), "r"(vg8));
                        trace_point(6, trace_slot);
                    }
                }''')
rep('''            step = 0;
            ++unit;
        }
    }
''','''            step = 0;
            ++unit;
        }
    }
    if (tid == 0) trace_point(7, trace_slot);
    __syncthreads();
    if (tid == 0) trace_point(8, trace_slot);
''')
rep('''    if (p.cluster) {
        add_parked_in_cluster<T>(p, h.perm, park, B, nbeg);
        return;
    }''','''    if (p.cluster) {
        add_parked_in_cluster<T>(p, h.perm, park, B, nbeg);
        if (tid == 0) trace_point(9, trace_slot);
        return;
    }''')
rep('''    if (p.ksplit == 1) return;
    finish_split_k<T>(p, p.ws, p.counters + blockIdx.x, p.ksplit, h.perm, B, nbeg,
                      min(kRowsPerCta, p.N - nbeg), h.is_last);
}''','''    if (p.ksplit == 1) {
        if (tid == 0) trace_point(9, trace_slot);
        return;
    }
    finish_split_k<T>(p, p.ws, p.counters + blockIdx.x, p.ksplit, h.perm, B, nbeg,
                      min(kRowsPerCta, p.N - nbeg), h.is_last);
    if (tid == 0) trace_point(9, trace_slot);
}''')
rep('''    // The planes and steps of every row and segment, made on this stream right before the product.''','''    if (std::getenv("BITDELTA_TRACE")) {
        // The previous call's trace (this call's CTAs overwrite it), then a spin kernel that holds
        // the stream while this call's kernels queue behind it, as behind the bench's flush.
        static std::vector<unsigned long long> tr(kTracePoints * kTraceSlots);
        static int calls = 0;
        static char last[160];
        void* sym = nullptr;
        C10_CUDA_CHECK(cudaGetSymbolAddress(&sym, g_planes_trace));
        if (calls++ > 0) {
            C10_CUDA_CHECK(cudaMemcpy(tr.data(), sym, tr.size() * 8, cudaMemcpyDeviceToHost));
            unsigned long long t0 = ~0ull;
            for (int s = 0; s < kTraceSlots; ++s)
                if (tr[s]) t0 = std::min(t0, tr[s]);
            std::fprintf(stderr, "trace %s:", last);
            for (int i = 0; i < kTracePoints; ++i) {
                std::vector<long long> v;
                for (int s = 0; s < kTraceSlots; ++s)
                    if (tr[i * kTraceSlots + s]) v.push_back(tr[i * kTraceSlots + s] - t0);
                std::sort(v.begin(), v.end());
                if (v.empty())
                    std::fprintf(stderr, " %d:-", i);
                else
                    std::fprintf(stderr, " %d:%lld/%lld/%lld/%lld", i, v.front(), v[v.size() / 2],
                                 v[v.size() * 9 / 10], v.back());
            }
            std::fprintf(stderr, "\\n");
        }
        C10_CUDA_CHECK(cudaMemset(sym, 0, tr.size() * 8));
        std::snprintf(last, sizeof last, "B%d N%d K%d grid %dx%d kseg %d cl %d group %d", p.B, p.N,
                      p.K, tile_groups, p.ksplit, p.kseg, p.cluster, p.group_rows);
        trace_spin<<<1, 1, 0, stream>>>(30000);
    }
    // The planes and steps of every row and segment, made on this stream right before the product.''')
rep('''#include <cstdlib>
''','''#include <cstdio>
#include <cstdlib>
#include <vector>
''')
open(PATH, "w").write(s)
print(f"instrumented {PATH}")
