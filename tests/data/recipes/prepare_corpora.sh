#!/bin/sh
# Fetches the three public-domain corpora from Debian 12 packages and writes plain UTF-8 text to
# .corpus/ (ignored; carried to the GPU machine, which has no network).
#   bible-kjv-text 4.38 (+ bible-kjv 4.38 to decode it): King James Bible, 1611, public domain
#   jargon-text 4.4.7-4.1: The Jargon File 4.4.7, public domain by its author's dedication
#   dict-devil 1.0-13.1: Ambrose Bierce, The Devil's Dictionary (1911), public domain (copyright expired)
# Usage (from the repository root): sh tests/data/recipes/prepare_corpora.sh
set -eu
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download bible-kjv bible-kjv-text jargon-text dict-devil >/dev/null
for f in *.deb; do dpkg-deb -x "$f" x; done
mkdir -p "$root/.corpus"
x/usr/bin/bible -l4000 -p x/usr/lib "Gen1:1-Rev22:21" >kjv_raw.txt
zcat x/usr/share/doc/jargon-text/jargon.txt.gz >jargon_raw.txt
zcat x/usr/share/dictd/devil.dict.dz >devil_raw.txt
python3 "$root/tests/data/recipes/clean_corpora.py" kjv_raw.txt jargon_raw.txt devil_raw.txt "$root/.corpus"
for p in bible-kjv-text jargon-text dict-devil; do
  printf '%s %s\n' "$p" "$(dpkg-deb -f "${p}"_*.deb Version)"
done >"$root/.corpus/PACKAGES"
ls -l "$root/.corpus"
