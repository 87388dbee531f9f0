#!/usr/bin/env python3
"""Where a kernel's warps wait, from an Nsight Compute source page exported as CSV.

    ncu -i report.ncu-rep --page source --print-source sass --csv > kernel.csv
    python3 tests/bench/ncu_sass_hot.py kernel.csv [first last]

Prints the SASS lines holding more than 0.6 % of the warp-stall samples (with the running share,
which shows how the samples fall over the kernel's prologue, loop and epilogue) and the samples
and executed instructions per opcode, over the whole kernel or over lines first..last (a loop).
"""
import csv
import re
import sys


def opcode(sass):
    """The opcode of a SASS line without its predicate and modifiers: `@!P0 HMMA.16816.F32` -> HMMA."""
    return re.sub(r"^@!?U?P\w+\s+", "", sass.strip()).split(" ")[0].split(".")[0]


def main():
    rows = list(csv.reader(open(sys.argv[1], errors="replace")))
    head_at = next(i for i, r in enumerate(rows) if "Source" in [c.strip() for c in r])
    head = [c.strip() for c in rows[head_at]]
    body = [r for r in rows[head_at + 1:] if len(r) == len(head)]
    first, last = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (0, len(body))
    source = head.index("Source")
    samples = head.index("Warp Stall Sampling (All Samples)")
    executed = head.index("Instructions Executed")

    def number(cell):
        try:
            return float(cell.replace(",", ""))
        except ValueError:
            return 0.0

    total = sum(number(r[samples]) for r in body) or 1.0
    print(f"{len(body)} SASS lines, {total:.0f} samples")
    running = 0.0
    for i, r in enumerate(body):
        share = number(r[samples]) / total
        running += share
        if first <= i < last and share > 0.006:
            print(f"{i:5d} {100 * share:5.1f}% (to here {100 * running:5.1f}%)  {r[source].strip()[:90]}")
    by_samples, by_executed = {}, {}
    for r in body[first:last]:
        op = opcode(r[source])
        by_samples[op] = by_samples.get(op, 0.0) + number(r[samples])
        by_executed[op] = by_executed.get(op, 0.0) + number(r[executed])
    top = sorted(by_samples.items(), key=lambda kv: -kv[1])[:16]
    print("samples by opcode:", ", ".join(f"{op} {100 * v / total:.1f}%" for op, v in top))
    top = sorted(by_executed.items(), key=lambda kv: -kv[1])[:16]
    print("executed warp instructions by opcode:", ", ".join(f"{op} {v:.0f}" for op, v in top))


if __name__ == "__main__":
    main()
