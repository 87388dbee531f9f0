# Finds every third-party dependency in one place. Each is a Debian package on CI and developer machines;
# on the GPU machine the header-only ones and Qt's test library come from a carried prefix
# (see tests/bench/README.md), and LibTorch from the Python torch wheel.

# A CUDA LibTorch's CMake picks the GPU code from TORCH_CUDA_ARCH_LIST (this variable or the
# environment's) and turns CMAKE_CUDA_ARCHITECTURES off. Left unset, it builds for the GPU it
# detects: 9.0 on an H100, without the sm_90a code of the wide-batch kernel's wgmma form. So the
# default names Hopper as 9.0a and keeps Ampere and Ada.
if(NOT DEFINED TORCH_CUDA_ARCH_LIST AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
  set(TORCH_CUDA_ARCH_LIST "8.0;8.9;9.0a")
endif()
find_package(Torch REQUIRED)
# LibTorch's config file adds its include dirs as normal includes; mark them SYSTEM so -Wall stays readable.
foreach(_torch_target torch torch_cpu c10)
  if(TARGET ${_torch_target})
    get_target_property(_inc ${_torch_target} INTERFACE_INCLUDE_DIRECTORIES)
    if(_inc)
      set_target_properties(${_torch_target} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${_inc}")
    endif()
  endif()
endforeach()
message(STATUS "LibTorch ${Torch_VERSION} at ${TORCH_INSTALL_PREFIX}")

# CUDA kernels: built when LibTorch was built with CUDA and a CUDA compiler is present.
set(BITDELTA_HAVE_CUDA OFF)
if(NOT BITDELTA_CUDA STREQUAL "OFF")
  set(_torch_has_cuda OFF)
  if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES OR CUDA_FOUND)
    set(_torch_has_cuda ON)
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(_torch_has_cuda AND CMAKE_CUDA_COMPILER)
    enable_language(CUDA)
    set(BITDELTA_HAVE_CUDA ON)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES OR CMAKE_CUDA_ARCHITECTURES STREQUAL "52")
      # Hopper first (sm_90a enables wgmma/TMA), Ampere and Ada kept working.
      set(CMAKE_CUDA_ARCHITECTURES 80 89 90a)
    endif()
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  elseif(BITDELTA_CUDA STREQUAL "ON")
    message(FATAL_ERROR "BITDELTA_CUDA=ON but LibTorch has no CUDA or no CUDA compiler was found")
  endif()
endif()
message(STATUS "BitDelta CUDA kernels: ${BITDELTA_HAVE_CUDA}")

find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
# Plain find_path/find_library rather than pkg-config: the GPU machine has no pkg-config, only a
# carried prefix on CMAKE_PREFIX_PATH.
function(bitdelta_find_library target header library)
  find_path(${target}_INCLUDE_DIR ${header} REQUIRED)
  find_library(${target}_LIBRARY ${library} REQUIRED)
  add_library(bitdelta::${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(bitdelta::${target} PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${${target}_INCLUDE_DIR}"
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${${target}_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${${target}_LIBRARY}")
  message(STATUS "${target}: ${${target}_LIBRARY}")
endfunction()
bitdelta_find_library(sentencepiece sentencepiece_processor.h sentencepiece)
bitdelta_find_library(pcre2 pcre2.h pcre2-8)
target_compile_definitions(bitdelta::pcre2 INTERFACE PCRE2_CODE_UNIT_WIDTH=8)
bitdelta_find_library(xxhash xxhash.h xxhash)
find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
find_package(Threads REQUIRED)

set(BITDELTA_QT_COMPONENTS Core)
if(BITDELTA_TESTS)
  list(APPEND BITDELTA_QT_COMPONENTS Test)
endif()
if(BITDELTA_GUI)
  list(APPEND BITDELTA_QT_COMPONENTS Gui Widgets PrintSupport Svg LinguistTools Concurrent)
endif()
if(BITDELTA_GUI OR BITDELTA_TESTS)
  find_package(Qt6 6.4 REQUIRED COMPONENTS ${BITDELTA_QT_COMPONENTS})
endif()
if(BITDELTA_GUI)
  find_package(QCustomPlotQt6 REQUIRED)
endif()

# The LibTorch inside Python torch wheels exports its own unversioned copies of some libstdc++ symbols
# (std::filesystem::remove_all among them) that crash when called from our code (a null call in
# remove_all on LibTorch 2.11). Naming the SHARED libstdc++ before every other library makes the linker
# bind those references to libstdc++'s versioned symbols. By full path: some toolchains (the GPU
# machine's g++) find only libstdc++.a for -lstdc++, which then binds nothing. Harmless with Debian's
# LibTorch.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++.so.6
                  OUTPUT_VARIABLE _bitdelta_libstdcxx OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT IS_ABSOLUTE "${_bitdelta_libstdcxx}")
    find_library(BITDELTA_SHARED_LIBSTDCXX NAMES libstdc++.so.6
                 PATHS ${CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES} /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}
                       /lib/${CMAKE_LIBRARY_ARCHITECTURE} /usr/lib64 /usr/lib NO_DEFAULT_PATH)
    set(_bitdelta_libstdcxx "${BITDELTA_SHARED_LIBSTDCXX}")
  endif()
  if(_bitdelta_libstdcxx)
    message(STATUS "libstdc++ linked first: ${_bitdelta_libstdcxx}")
    add_link_options("LINKER:--push-state,--no-as-needed" "${_bitdelta_libstdcxx}" "LINKER:--pop-state")
  else()
    message(WARNING "No shared libstdc++.so.6 found; a LibTorch that exports libstdc++ symbols may crash")
  endif()
endif()
