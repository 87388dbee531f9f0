# Source this ON THE GPU MACHINE from the repository root: points CMake and the loader at LibTorch from
# the Python torch wheel and at the carried Debian prefix (.carry, made by make_device_carry.sh).
[ -d .carry/usr ] || { mkdir -p .carry && tar -C .carry -xJf .device/carry.tar.xz; }
torch_prefix=$(python3 -c "import torch;print(torch.utils.cmake_prefix_path)")
# An environment list: colon-separated (a -D list would take semicolons).
export CMAKE_PREFIX_PATH="$torch_prefix:$PWD/.carry/usr:$PWD/.carry/usr/lib/x86_64-linux-gnu/cmake:$PWD/.carry/usr/share/cmake"
export LD_LIBRARY_PATH="$PWD/.carry/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export QT_QPA_PLATFORM=offscreen
# One configure line for every GPU-machine build (core + CLI + tests + benchmarks, no GUI).
# LibTorch's CMake ignores CMAKE_CUDA_ARCHITECTURES and reads this instead (H100 = 9.0a).
export TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0a}"
bitdelta_configure() {
  cmake -S . -B "${1:-build-dev}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBITDELTA_GUI=OFF \
    -DBITDELTA_TESTS=ON -DBITDELTA_BENCH=ON -DCMAKE_CUDA_ARCHITECTURES=90a "${@:2}"
}
