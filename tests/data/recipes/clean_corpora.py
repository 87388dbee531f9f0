#!/usr/bin/env python3
"""Turns the raw Debian corpus dumps into plain text, one paragraph (or verse) per line.

usage: clean_corpora.py kjv_raw.txt jargon_raw.txt devil_raw.txt OUTDIR
Writes OUTDIR/kjv.txt, OUTDIR/jargon.txt, OUTDIR/devil.txt (UTF-8, '\n').
"""
import re
import sys
from pathlib import Path


def paragraphs(lines):
    """Joins runs of non-blank lines into single-space paragraphs."""
    out, cur = [], []
    for line in lines:
        s = line.strip()
        if not s:
            if cur:
                out.append(" ".join(cur))
                cur = []
        else:
            cur.append(s)
    if cur:
        out.append(" ".join(cur))
    return [re.sub(r"\s+", " ", p) for p in out]


def clean_kjv(text):
    # `bible -l4000` prints "Book N" headings and "  V verse text" lines.
    out = []
    for line in text.splitlines():
        m = re.match(r"^\s+(\d+) (.*)$", line)
        if m:
            out.append(m.group(2).strip())
    return out


def clean_jargon(text):
    lines = text.splitlines()
    # Drop box-drawing tables (revision history) and lines of pure decoration.
    lines = [l for l in lines if not re.search("[\u2500-\u257f]", l)]
    # Lexicon entries start with ":headword: pronunciation, part of speech" on a line of their own.
    out = []
    for p in paragraphs(lines):
        m = re.match(r"^(:[^:]{1,60}:[^:]{0,80}?(?:n|v|adj|adv|interj|vi|vt|pref|suff|excl)\.)\s+(.*)$", p)
        if m and p.startswith(":"):
            out += [m.group(1), m.group(2)]
        else:
            out.append(p)
    return [p for p in out if len(p) >= 20 or p.startswith(":")]


def clean_devil(text):
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == "PREFACE")
    lines = lines[start:]
    # dictfmt index entries (headwords repeated on their own lines before each definition) are
    # single upper-case words; keep the definition paragraphs, which start with "WORD, n.".
    paras = paragraphs(lines)
    out = []
    for p in paras:
        if re.fullmatch(r"[A-Z][A-Z' .-]*", p):
            continue
        out.append(p.replace("{", "").replace("}", ""))
    return [p for p in out if len(p) >= 20]


def main():
    kjv, jargon, devil, outdir = sys.argv[1:5]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for name, path, fn in (("kjv", kjv, clean_kjv), ("jargon", jargon, clean_jargon),
                           ("devil", devil, clean_devil)):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        paras = fn(text)
        (outdir / f"{name}.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")
        print(name, len(paras), "paragraphs", sum(len(p) for p in paras), "chars")


if __name__ == "__main__":
    main()
