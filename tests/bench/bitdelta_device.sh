#!/bin/bash
# The bitdelta area's GPU-machine run (see README.md): build the CLI, the GPU test and bench_compress,
# then: GPU test, the 7B-shaped compression benchmark, the demo pair compressed on CUDA (bf16,
# distilled, evaluated), and `bitdelta export` checked against transformers (check_export.py).
# Run from the repository root with `.device` carried; results go to $OUT.
set -o pipefail
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
source tests/bench/device_env.sh
bitdelta_configure build-dev > "$OUT/configure.log" 2>&1 || { tail -30 "$OUT/configure.log"; exit 1; }
time cmake --build build-dev -j16 --target bitdelta bench_compress gpu_test_bitdelta_cuda > "$OUT/build.log" 2>&1 \
  || { grep -E "error|FAILED" "$OUT/build.log" | head -40; exit 1; }
bin() { find build-dev -type f -name "$1" -perm -u+x | head -1; }
echo "== gpu test"
timeout 150 "$(bin gpu_test_bitdelta_cuda)" 2>&1 | tail -15
echo "== bench_compress"
timeout 240 "$(bin bench_compress)" 2>&1 | tee "$OUT/bench_compress.md"
echo "== demo: compress scripture on CUDA (bf16, 200 distillation steps, eval on held-out)"
CLI=$(bin bitdelta)
timeout 150 "$CLI" compress --base resources/demo/base --finetune resources/demo/scripture --out /tmp/s.bitdelta \
  --calib resources/demo/calib/scripture.txt --eval resources/demo/heldout/scripture.txt -q 2>&1 | tee "$OUT/demo_compress.txt"
echo "== export + transformers check"
"$CLI" export /tmp/s.bitdelta --base resources/demo/base --out /tmp/s-merged -q \
  && timeout 120 python3 tests/bench/check_export.py /tmp/s.bitdelta resources/demo/base /tmp/s-merged 2>&1 \
  | grep -v Warning | tee "$OUT/check_export.txt"
