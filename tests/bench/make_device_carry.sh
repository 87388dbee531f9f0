#!/usr/bin/env bash
# Run HERE (a Debian machine with apt), not on the GPU machine: downloads the Debian packages that the
# core, the CLI and the Qt Test executables need and unpacks them into .carry/ (git-ignored), which the
# device tool carries to the GPU machine (no network, no Debian packages there). See README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
pkgs=(
  nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libsentencepiece-dev libsentencepiece0 libprotobuf-lite32
  libpcre2-dev libpcre2-8-0 libpcre2-16-0 libpcre2-32-0 libpcre2-posix3
  libxxhash-dev libxxhash0
  qt6-base-dev qt6-base-dev-tools qmake6 qmake6-bin libqt6core6 libqt6test6
  libicu72 libdouble-conversion3 libb2-1 libglib2.0-0 libzstd1 libffi8
)
rm -rf .carry && mkdir -p .carry/debs
(cd .carry/debs && apt-get download "${pkgs[@]}" >/dev/null)
for deb in .carry/debs/*.deb; do dpkg-deb -x "$deb" .carry; done
rm -rf .carry/debs .carry/usr/share/doc .carry/usr/share/man .carry/usr/share/lintian
# Qt's dev package ships headers of every module; keep only what Core/Test need to stay small.
find .carry/usr/include/x86_64-linux-gnu/qt6 -maxdepth 1 -mindepth 1 -type d \
  ! -name QtCore ! -name QtTest -exec rm -rf {} +
rm -f .carry/usr/lib/x86_64-linux-gnu/*.a .carry/usr/lib/x86_64-linux-gnu/libgio* \
  .carry/usr/lib/x86_64-linux-gnu/libsentencepiece_train*
# The device tool carries at most 64 MiB in all (the tree included): ship one xz archive, unpacked there.
rm -f .carry.tar.xz
tar -C .carry -cJf .carry.tar.xz usr
mkdir -p .device && mv .carry.tar.xz .device/carry.tar.xz
du -sh .carry .device/carry.tar.xz
