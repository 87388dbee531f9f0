#!/usr/bin/env python3
"""Writes tests/data/fuzz/safetensors/: tiny hand-made safetensors files, valid and malformed.

The expected outcome is in each file's name: ok_* must open and every tensor must read back;
bad_* must be refused with a bitdelta::Error naming the file (tests/core/test_io_safetensors.cpp).
Standard library only (struct, json), so it runs anywhere:

    python3 tests/data/recipes/make_safetensors_corpus.py [--out tests/data/fuzz/safetensors]

The output is deterministic; rerunning it rewrites the same bytes.
"""
import argparse
import json
import os
import struct


def header_bytes(header, pad=True):
    """The JSON header as the Python library writes it: compact, padded with spaces to 8 bytes."""
    text = header if isinstance(header, (bytes, str)) else json.dumps(header, separators=(",", ":"))
    if isinstance(text, str):
        text = text.encode("utf-8")
    if pad:
        text += b" " * ((8 - len(text) % 8) % 8)
    return text


def file_bytes(header, data=b"", length=None, pad=True):
    """8-byte little-endian header length, header, data. `length` overrides the length field."""
    text = header_bytes(header, pad)
    n = len(text) if length is None else length
    return struct.pack("<Q", n) + text + data


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def entry(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def corpus():
    files = {}
    w = f32(1.0, -2.0, 3.5, 0.25)  # 16 bytes: an F32 [2, 2]

    # --- valid -------------------------------------------------------------------------------
    files["ok_empty_header"] = file_bytes({})
    files["ok_single_f32"] = file_bytes({"w": entry("F32", [2, 2], 0, 16)}, w)
    files["ok_scalar"] = file_bytes({"s": entry("F32", [], 0, 4)}, f32(7.0))
    files["ok_metadata"] = file_bytes(
        {"__metadata__": {"format": "pt", "note": "caf\u00e9"}, "w": entry("F32", [4], 0, 16)}, w)
    files["ok_zero_numel"] = file_bytes(
        {"a": entry("F32", [0, 3], 0, 0), "w": entry("F32", [2, 2], 0, 16)}, w)
    # One I64, one F16 [3], one I8 [2], one BOOL [2]: laid out largest element first, as written.
    mixed = struct.pack("<q", -5) + struct.pack("<3e", 1.0, -0.5, 2.0) + struct.pack("<2b", -1, 2) + b"\x01\x00"
    files["ok_mixed_dtypes"] = file_bytes({
        "i": entry("I64", [1], 0, 8),
        "h": entry("F16", [3], 8, 14),
        "c": entry("I8", [2], 14, 16),
        "b": entry("BOOL", [2], 16, 18),
    }, mixed)
    # An F32 at an odd offset: the reader must copy it rather than hand out a misaligned pointer.
    files["ok_unaligned_f32"] = file_bytes(
        {"u": entry("U8", [1], 0, 1), "w": entry("F32", [4], 1, 17)}, b"\x09" + w)
    # The header need not be padded; the reader only needs the length field to be right.
    files["ok_unpadded_header"] = file_bytes({"s": entry("F32", [1], 0, 4)}, f32(1.5), pad=False)

    # --- framing -------------------------------------------------------------------------------
    files["bad_empty_file"] = b""
    files["bad_shorter_than_8"] = b"\x02\x00\x00"
    files["bad_header_past_eof"] = file_bytes({}, length=4096)
    files["bad_header_len_2pow63"] = file_bytes({}, length=1 << 63)
    files["bad_header_len_zero"] = file_bytes({}, length=0)
    files["bad_not_json"] = file_bytes(b'{"w": {"dtype": "F32", ')
    files["bad_json_array"] = file_bytes(b"[1,2,3]")
    files["bad_invalid_utf8"] = file_bytes(b'{"\xff\xfe": {}}')

    # --- entries -----------------------------------------------------------------------------
    files["bad_missing_dtype"] = file_bytes({"w": {"shape": [4], "data_offsets": [0, 16]}}, w)
    files["bad_missing_shape"] = file_bytes({"w": {"dtype": "F32", "data_offsets": [0, 16]}}, w)
    files["bad_missing_offsets"] = file_bytes({"w": {"dtype": "F32", "shape": [4]}}, w)
    files["bad_unknown_dtype"] = file_bytes({"w": entry("F33", [4], 0, 16)}, w)
    files["bad_negative_dim"] = file_bytes({"w": entry("F32", [-4], 0, 16)}, w)
    files["bad_fractional_dim"] = file_bytes({"w": entry("F32", [4.0], 0, 16)}, w)
    files["bad_shape_size_mismatch"] = file_bytes({"w": entry("F32", [3], 0, 16)}, w)
    files["bad_offsets_out_of_range"] = file_bytes({"w": entry("F32", [8], 0, 32)}, w)
    files["bad_begin_after_end"] = file_bytes(
        {"a": entry("F32", [2], 8, 16), "w": entry("F32", [0], 8, 0)}, w[:16])
    files["bad_overlap"] = file_bytes(
        {"a": entry("F32", [3], 0, 12), "b": entry("F32", [2], 8, 16)}, w)
    files["bad_hole"] = file_bytes({"a": entry("F32", [2], 0, 8), "b": entry("F32", [1], 12, 16)}, w)
    files["bad_trailing_bytes"] = file_bytes({"a": entry("F32", [3], 0, 12)}, w)
    files["bad_metadata_not_string"] = file_bytes(
        {"__metadata__": {"step": 3}, "w": entry("F32", [4], 0, 16)}, w)
    files["bad_duplicate_name"] = file_bytes(
        b'{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},'
        b'"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', w)
    # Every dimension fits int64 and one is zero, but the product before the zero overflows 64 bits:
    # LibTorch's own size check refuses such a shape, so the reader must too (with its own error).
    files["bad_shape_product_overflow"] = file_bytes(
        {"w": entry("F32", [1 << 62, 8, 0], 0, 0)})
    # Zero first: the product is 0, but LibTorch's contiguous strides (8 * 2^62) overflow int64.
    files["bad_shape_stride_overflow"] = file_bytes(
        {"w": entry("F32", [0, 1 << 62, 8], 0, 0)})
    return files


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "fuzz", "safetensors"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for name, content in sorted(corpus().items()):
        with open(os.path.join(args.out, name + ".safetensors"), "wb") as f:
            f.write(content)
        total += len(content)
    print("wrote %d files (%d bytes) to %s" % (len(corpus()), total, os.path.normpath(args.out)))


if __name__ == "__main__":
    main()
