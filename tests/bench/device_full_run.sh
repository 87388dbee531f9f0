#!/bin/bash
# The whole GPU-machine check in one device call (see README.md): build core + CLI + tests + benches
# against the machine's LibTorch 2.11 (CUDA), run every CTest test (core on CPU and CUDA tests),
# compute-sanitizer over the kernel test, then the kernel, serving and compression benchmarks.
# Run from the repository root with `.device` carried; logs and tables go to $OUT.
# Usage: bash tests/bench/device_full_run.sh [STAGE...]
#   stages: test (all CTest tests, then sanitizer), sanitizer (the CUDA kernel tests under
#   compute-sanitizer only), bench, export, decode, or all (default).
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
cmake --build build-dev -j16 -- -k 0 > "$OUT/build.log" 2>&1 \
  || { grep -E "error|FAILED" "$OUT/build.log" | head -40; }
bin() { find build-dev -type f -name "$1" -perm -u+x | head -1; }

if want test; then
  stamp ctest
  # The demo-pair fidelity test is the CPU suite's long one (CI runs it); the rest runs here too.
  (cd build-dev && timeout "$(cap 200)" ctest -j12 -E fidelity --timeout 180 --output-on-failure) > "$OUT/ctest.log" 2>&1
  grep -E "tests passed|FAILED|Failed|\*\*\*|Not Run|Skipped" "$OUT/ctest.log" | head -30
fi
if want test || want sanitizer; then
  if command -v compute-sanitizer > /dev/null; then
    stamp compute-sanitizer
    timeout "$(cap 120)" compute-sanitizer --error-exitcode 9 "$(bin gpu_test_kernels_cuda)" > "$OUT/sanitizer.log" 2>&1
    echo "compute-sanitizer exit $?"; tail -3 "$OUT/sanitizer.log"
  fi
fi

if want bench; then
  stamp bench_kernels
  timeout "$(cap 150)" "$(bin bench_kernels)" 2>&1 | tee "$OUT/bench_kernels.md"
  stamp bench_serve
  timeout "$(cap 150)" "$(bin bench_serve)" 2>&1 | tee "$OUT/bench_serve.md"
  stamp bench_compress
  timeout "$(cap 120)" "$(bin bench_compress)" 2>&1 | tee "$OUT/bench_compress.md"
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
