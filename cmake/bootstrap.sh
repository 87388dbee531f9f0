#!/usr/bin/env bash
# The README's two set-up commands in one script:
#   bash cmake/bootstrap.sh run [studio args...]   install what is missing, build, start the studio
#   bash cmake/bootstrap.sh test                   install what is missing, build, run every test
# Works on a fresh Debian 12 or Ubuntu 24.04 machine; uses sudo for apt-get when not root.
# Environment: BUILD_DIR (default build), BITDELTA_CMAKE_ARGS (extra configure flags, e.g. a CUDA
# LibTorch: -DCMAKE_PREFIX_PATH=/path/to/libtorch), JOBS (default: number of cores).
set -euo pipefail
mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in run|test|build) ;; *) echo "usage: $0 run|test|build [args]" >&2; exit 2 ;; esac

here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build}
jobs=${JOBS:-$(nproc)}

# What each package is for: README.md, section "Dependencies".
packages=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev                     # LibTorch 1.13 (CPU): tensors, autograd, optimizers
  libopenblas0-pthread             # fast BLAS/LAPACK behind LibTorch (the default reference BLAS is ~20x slower)
  nlohmann-json3-dev               # JSON: safetensors headers, configs, reports, HTTP API
  libcli11-dev                     # CLI argument parsing
  libsentencepiece-dev             # tokenizer.model (Llama-2/Mistral sentencepiece tokenizers)
  libpcre2-dev                     # Unicode regex pre-tokenizers of tokenizer.json (GPT-2/Llama-3/Qwen2)
  libxxhash-dev                    # fast content hashes: base fingerprints, fixture checks
  libcpp-httplib-dev               # localhost OpenAI-compatible server (bitdelta serve)
  qt6-base-dev qt6-base-dev-tools  # Qt 6 Core/Gui/Widgets/Test
  qt6-svg-dev                      # SVG icons
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6  # translations (lupdate/lrelease)
  libqcustomplot-dev               # plots (Qt 6 build)
  libgl-dev                        # Qt6Gui's CMake config needs OpenGL headers
  qt6-qpa-plugins                  # platform plugins (xcb, offscreen)
  xvfb xauth                       # headless GUI tests and screenshots
  curl                             # HTTP client used by the server tests
  dpkg-dev fakeroot file           # CPack .deb packaging and its install test
  appstream desktop-file-utils     # metainfo and .desktop validation
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The test build also compiles the benchmarks (not run: tests/bench/README.md), so a change that
# breaks one fails here rather than on the next GPU run.
bench=""
[ "$mode" = test ] && bench="-DBITDELTA_BENCH=ON"
# shellcheck disable=SC2086
cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $bench ${BITDELTA_CMAKE_ARGS:-}
cmake --build "$build_dir" -j "$jobs"

case "$mode" in
  test)
    cd "$build_dir"
    ctest --output-on-failure -j "$jobs" --timeout 1500
    ;;
  run)
    exec "$build_dir/app/bitdelta-studio" "$@"
    ;;
esac
