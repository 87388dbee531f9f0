#!/usr/bin/env python3
"""Checks `bitdelta export` against transformers on the GPU machine.

  check_export.py PACKAGE BASE_DIR EXPORTED_DIR [BITDELTA_CLI]

1. The exported folder loads with transformers (AutoModelForCausalLM, AutoTokenizer).
2. Its tensors equal W_base + scale * S computed here in PyTorch straight from docs/FORMAT.md
   (independently of our C++), kept tensors equal the package's.
3. Its logits equal those of the base model with the merged weights loaded into it by hand.
4. The package's base_fingerprint equals the one computed here per docs/FORMAT.md.
5. With BITDELTA_CLI: the mean NLL that transformers gives the exported folder on a short text equals
   what `bitdelta eval` gives the exported folder (our model, same weights: within 1e-4) and the
   package on its base (our 1-bit model: within the bf16 rounding of the merged weights, 5e-3).
Exits non-zero on any failure.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import torch

try:
    import xxhash
except ImportError:  # the fingerprint check is skipped, said so in the output
    xxhash = None
from safetensors import safe_open
from transformers import AutoModelForCausalLM, AutoTokenizer


def unpack(words: torch.Tensor, k: int) -> torch.Tensor:
    w = words.to(torch.int64) & 0xFFFFFFFF
    bits = (w.unsqueeze(-1) >> torch.arange(32, dtype=torch.int64)) & 1
    return bits.reshape(words.shape[0], -1)[:, :k].to(torch.float32) * 2 - 1


def load_dir(d):
    import glob, os
    out = {}
    for f in sorted(glob.glob(os.path.join(d, "*.safetensors"))):
        with safe_open(f, framework="pt") as st:
            for n in st.keys():
                out[n] = st.get_tensor(n)
    return out


def fingerprint(d):
    import glob, os
    h = xxhash.xxh3_64()
    entries = {}
    for f in sorted(glob.glob(os.path.join(d, "*.safetensors"))):
        raw = open(f, "rb").read()
        n = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8:8 + n])
        for name, info in header.items():
            if name == "__metadata__":
                continue
            b, e = info["data_offsets"]
            entries[name] = (info["dtype"], info["shape"], raw[8 + n + b:8 + n + e])
    for name in sorted(entries, key=lambda s: s.encode()):
        dtype, shape, data = entries[name]
        h.update(name.encode() + b"\0" + dtype.encode() + b"\0")
        h.update(struct.pack("<Q", len(shape)) + b"".join(struct.pack("<Q", x) for x in shape))
        h.update(struct.pack("<Q", xxhash.xxh3_64_intdigest(data)))
    return h.hexdigest()


TEXT = ("In the beginning God created the heaven and the earth. And the earth was without form, "
        "and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the "
        "face of the waters. And God said, Let there be light: and there was light.")


def check_against_cli(cli, pkg, base_dir, exported, logits, ids):
    """Step 5: one window of TEXT, every token but the first scored, as `bitdelta eval` does."""
    nll = torch.nn.functional.cross_entropy(logits[0, :-1], ids[0, 1:]).item()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "text.txt")
        with open(data, "w", encoding="utf-8") as f:
            f.write(TEXT)
        common = ["--data", data, "--context", "1024", "--device", "cpu", "--dtype", "fp32",
                  "--json", "--quiet"]
        ours_export = json.loads(subprocess.run([cli, "eval", "--model", exported] + common,
                                                check=True, capture_output=True, text=True).stdout)
        ours_pkg = json.loads(subprocess.run(
            [cli, "eval", "--package", pkg, "--base", base_dir] + common,
            check=True, capture_output=True, text=True).stdout)["compressed"]
    ok = True
    for name, r, tol in (("bitdelta eval, exported folder", ours_export, 1e-4),
                         ("bitdelta eval, package on base", ours_pkg, 5e-3)):
        d = abs(r["mean_nll"] - nll)
        same_tokens = r["tokens"] == ids.shape[1] - 1
        print(f"mean NLL: transformers {nll:.6f}, {name} {r['mean_nll']:.6f} (|diff| {d:.2e}, "
              f"tokens {r['tokens']} vs {ids.shape[1] - 1})")
        ok &= same_tokens and d < tol
    return ok


def main():
    pkg, base_dir, exported = sys.argv[1:4]
    ok = True
    with safe_open(f"{pkg}/delta.safetensors", framework="pt") as st:
        meta = st.metadata()
        delta = {n: st.get_tensor(n) for n in st.keys()}
    shapes = json.loads(meta["matrix_shapes"])
    if xxhash is None:
        print("fingerprint: SKIPPED (python xxhash not installed)")
    else:
        fp = fingerprint(base_dir)
        print(f"fingerprint: package {meta['base_fingerprint']} python {fp}")
        ok &= fp == meta["base_fingerprint"]

    base = load_dir(base_dir)
    out = load_dir(exported)
    dtype = delta["model.embed_tokens.weight"].dtype
    merged = {}
    worst = 0.0
    for name, (n, k) in shapes.items():
        m = (base[name].float() + delta[name + ".scale"].item() * unpack(delta[name + ".signs"], k)).to(dtype)
        merged[name] = m
        diff = (out[name].float() - m.float()).abs().max().item()
        worst = max(worst, diff)
    print(f"compressed matrices: {len(shapes)}, max |exported - python merge| = {worst:.3g}")
    ok &= worst <= 1e-6
    for name, t in delta.items():
        if name.endswith(".signs") or name.endswith(".scale"):
            continue
        merged[name] = t
        if not torch.equal(out[name], t):
            print(f"kept tensor {name} differs")
            ok = False
    ok &= set(out) == set(merged)

    tok = AutoTokenizer.from_pretrained(exported)
    ids = tok(TEXT, return_tensors="pt").input_ids
    model = AutoModelForCausalLM.from_pretrained(exported, dtype=torch.float32).eval()
    ref = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32).eval()
    missing = ref.load_state_dict({k: v.float() for k, v in merged.items()}, strict=False)
    with torch.no_grad():
        a = model(ids).logits
        b = ref(ids).logits
    d = (a - b).abs().max().item()
    print(f"transformers logits: exported vs hand-merged max |diff| = {d:.3g} (load: {missing})")
    ok &= d < 1e-4
    if len(sys.argv) > 4:
        ok &= check_against_cli(sys.argv[4], pkg, base_dir, exported, a, ids)
    print("check_export:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
