#!/bin/bash
# The whole GPU-machine check in one device call (see README.md): build core + CLI + tests + benches
# against the machine's LibTorch 2.11 (CUDA), run every CTest test (core on CPU and CUDA tests),
# compute-sanitizer over the kernel test, then the kernel, serving and compression benchmarks.
# Run from the repository root with `.device` carried; logs and tables go to $OUT.
# Usage: bash tests/bench/device_full_run.sh [STAGE...]
#   stages: test (all CTest tests, then sanitizer), sanitizer (the CUDA kernel tests under
#   compute-sanitizer only), bench, profile (Nsight Compute over the fused decode kernel at four
#   table rows), export, decode, or all (default).
# BUILD_TARGETS="a b" builds only those targets (a shorter call when only benches are wanted);
# CTEST_ARGS="-L gpu" passes arguments to ctest (stage test).
# One call's 600 s may not hold all of them: `test bench` in one call, `export decode` in the next.
set -o pipefail
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
what=" ${*:-all} "
want() { [[ "$what" == *" $1 "* || "$what" == *" all "* ]]; }
source tests/bench/device_env.sh
start=$(date +%s)
stamp() { echo "== [$(( $(date +%s) - start )) s] $*"; }
# Seconds left of a device call's 600 s (30 s kept for copying $OUT back); stages share it.
budget=${BITDELTA_DEVICE_BUDGET:-570}
left() { local l=$(( budget - ($(date +%s) - start) )); [ $l -gt 5 ] && echo $l || echo 5; }
cap() { local l; l=$(left); [ "$1" -lt "$l" ] && echo "$1" || echo "$l"; }

stamp configure
bitdelta_configure build-dev > "$OUT/configure.log" 2>&1 || { tail -30 "$OUT/configure.log"; exit 1; }
grep -E "CUDA kernels|Torch" "$OUT/configure.log"
stamp build
# shellcheck disable=SC2086  # BUILD_TARGETS is a list of words
cmake --build build-dev -j16 ${BUILD_TARGETS:+--target $BUILD_TARGETS} -- -k 0 > "$OUT/build.log" 2>&1 \
  || { grep -E "error|FAILED" "$OUT/build.log" | head -40; }
bin() { find build-dev -type f -name "$1" -perm -u+x | head -1; }

if want test; then
  stamp ctest
  # The demo-pair fidelity test is the CPU suite's long one (CI runs it); the rest runs here too.
  # The CUDA kernel test alone runs 150-180 s (tests/bench/HISTORY.md, twenty-eighth run); beside
  # the other tests 286 s, the whole CTest 287 s (twenty-sixth run), well inside the cap below.
  # shellcheck disable=SC2086  # CTEST_ARGS is a list of words, e.g. "-L gpu" after a kernel change
  (cd build-dev && timeout "$(cap 510)" ctest -j12 -E fidelity ${CTEST_ARGS:-} --timeout 500 --output-on-failure) > "$OUT/ctest.log" 2>&1
  grep -E "tests passed|FAILED|Failed|\*\*\*|Not Run|Skipped" "$OUT/ctest.log" | head -30
fi
if want test || want sanitizer; then
  if command -v compute-sanitizer > /dev/null; then
    stamp compute-sanitizer
    timeout "$(cap 200)" compute-sanitizer --error-exitcode 9 "$(bin gpu_test_kernels_cuda)" > "$OUT/sanitizer.log" 2>&1
    echo "compute-sanitizer exit $?"; tail -3 "$OUT/sanitizer.log"
  fi
fi

if want bench; then
  stamp bench_kernels
  timeout "$(cap 150)" "$(bin bench_kernels)" 2>&1 | tee "$OUT/bench_kernels.md"
  stamp "bench_kernels --flush write (the older tables' dirty-L2 flush)"
  timeout "$(cap 150)" "$(bin bench_kernels)" --no-check --flush write 2>&1 \
    | tee "$OUT/bench_kernels_dirty_flush.md" | grep -v "^self-check"
  stamp bench_serve
  timeout "$(cap 150)" "$(bin bench_serve)" 2>&1 | tee "$OUT/bench_serve.md"
  stamp bench_compress
  timeout "$(cap 120)" "$(bin bench_compress)" 2>&1 | tee "$OUT/bench_compress.md"
fi
if want profile; then
  # The first timed fused call of each row (after 3 warm-ups); ncu flushes caches between passes.
  for row in 4096x4096:1:1 11008x4096:1:1 11008x4096:16:16 4096x4096:64:1; do
    stamp "ncu $row"
    timeout "$(cap 100)" ncu --clock-control none -k regex:decode_kernel --launch-skip 3 --launch-count 1 \
      --section SpeedOfLight --section MemoryWorkloadAnalysis --section WarpStateStats \
      --section Occupancy --section LaunchStats --section SchedulerStats \
      --metrics dram__bytes_read.sum,dram__bytes_write.sum --print-details all \
      "$(bin bench_kernels)" --no-check --quick --only "$row" > "$OUT/ncu_${row//[:x]/_}.txt" 2>&1
    grep -E "Duration|DRAM Throughput|dram__bytes|Achieved Occupancy|Registers Per|Warp Cycles Per Issued|Stall|Issued Warp|No Eligible" \
      "$OUT/ncu_${row//[:x]/_}.txt" | head -40
  done
fi
if want export; then
  # The demo pair compressed on CUDA (bf16), exported, and checked against transformers (check_export.py).
  stamp export
  cli=$(bin bitdelta)
  rm -rf /tmp/s.bitdelta /tmp/s-merged
  timeout "$(cap 150)" "$cli" compress --base resources/demo/base --finetune resources/demo/scripture \
    --out /tmp/s.bitdelta --calib resources/demo/calib/scripture.txt --eval resources/demo/heldout/scripture.txt \
    --device cuda -q 2>&1 | tee "$OUT/demo_compress_cuda.txt" | tail -6
  "$cli" export /tmp/s.bitdelta --base resources/demo/base --out /tmp/s-merged -q \
    && timeout "$(cap 120)" python3 tests/bench/check_export.py /tmp/s.bitdelta resources/demo/base /tmp/s-merged "$cli" \
    2>&1 | grep -v Warning | tee "$OUT/check_export.txt" | tail -8
fi

if want decode; then
  stamp bench_decode
  timeout "$(cap 150)" "$(bin bench_decode)" > "$OUT/bench_decode.json" 2> "$OUT/bench_decode.log" \
    && timeout "$(cap 150)" python3 tests/bench/bench_decode_reference.py --ours "$OUT/bench_decode.json" 2>&1 \
    | tee "$OUT/bench_decode_reference.txt" | tail -5
fi
stamp done
